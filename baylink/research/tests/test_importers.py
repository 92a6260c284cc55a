"""Importing and exporting research projects with their partners, themes and investigators."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview, run_import
from baylink.core.tabular.encoding import BIG5_HKSCS, GB18030
from baylink.core.tabular.registry import KINDS
from baylink.core.tabular.writing import write_csv
from baylink.directory.models import Person
from baylink.directory.tests import factories as directory
from baylink.initiatives.models import Initiative
from baylink.initiatives.tests import factories as initiatives
from baylink.research.importers import COLUMNS, ProjectImporter, export_projects
from baylink.research.models import FundingScheme, Project, ProjectPartner
from baylink.research.services import project_search_text
from baylink.research.tests.helpers import (
    assert_export_imports_back_unchanged,
    assert_import_note_reads_in_the_readers_language,
    assert_officers_import_and_viewers_only_export,
    assert_refused,
    csv_bytes,
    problems,
    workbook_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
INVESTIGATOR = "chan.taiman@polyu.edu.hk"
SMART_PORTS = (
    "GRF-001,Smart ports,,粤港澳大湾区智慧港口,2020-01-01,2022-12-31,"
    f"{INVESTIGATOR},,grf,gba-lab,ai-robotics; health,"
    '01vy4gh70:co_funder; Sun Yat-sen University,"1,500,000",HKD'
)
HYDROGEN = "ITF-002,Green hydrogen,綠色氫能,,2021-09-01,,,COMP,,,,Shenzhen University:industry,,"


def import_projects(data: bytes, **options: Any) -> ImportPreview:
    return run_import(ProjectImporter(source="projects.csv"), data, **options)


def projects_csv(*rows: str) -> bytes:
    return csv_bytes(*rows, header=HEADER)


def partners_of(project: Project) -> list[tuple[str, str]]:
    return sorted(
        (partner.organisation.name_en, partner.role)
        for partner in project.partnerships.select_related("organisation")
    )


@pytest.fixture
def world(places: dict[str, Any]) -> dict[str, Any]:
    investigator = Person.objects.create(
        name_en="Chan Tai-man",
        email=INVESTIGATOR,
        organisation=directory.home(),
        unit=places["computing"],
    )
    FundingScheme.objects.create(slug="grf", name_en="General Research Fund")
    initiative = initiatives.initiative(name_en="GBA Joint Laboratory")
    Initiative.objects.filter(pk=initiative.pk).update(slug="gba-lab")
    initiatives.theme("ai-robotics", "AI and Robotics")
    initiatives.theme("health", "Health")
    return {**places, "investigator": investigator}


def test_projects_are_created_with_partners_themes_and_investigator(
    world: dict[str, Any],
) -> None:
    preview = import_projects(projects_csv(SMART_PORTS, HYDROGEN))
    assert preview.written, preview.all_problems
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    ports = Project.objects.get(reference="GRF-001")
    assert ports.title_zh_hant == "粵港澳大灣區智慧港口"  # the other script is converted
    assert ports.title_zh_hant_machine
    assert (ports.starts_on, ports.ends_on) == (date(2020, 1, 1), date(2022, 12, 31))
    assert ports.principal_investigator == world["investigator"]
    assert ports.unit == world["computing"]  # the investigator's, as none was given
    assert ports.scheme is not None
    assert ports.scheme.slug == "grf"
    assert ports.initiative is not None
    assert ports.initiative.slug == "gba-lab"
    assert sorted(ports.themes.values_list("slug", flat=True)) == ["ai-robotics", "health"]
    assert partners_of(ports) == [
        ("Shenzhen University", ProjectPartner.Role.CO_FUNDER),
        ("Sun Yat-sen University", ProjectPartner.Role.COLLABORATOR),
    ]
    assert (ports.amount, ports.currency) == (Decimal("1500000.00"), "HKD")
    assert ports.search_text == project_search_text(ports)
    assert "smart ports" in ports.search_text
    hydrogen = Project.objects.get(reference="ITF-002")
    assert hydrogen.title_zh_hans == "绿色氢能"
    assert hydrogen.unit == world["computing"]
    assert hydrogen.principal_investigator is None
    assert partners_of(hydrogen) == [("Shenzhen University", ProjectPartner.Role.INDUSTRY)]
    world["sysu"].refresh_from_db()
    assert world["sysu"].is_partner  # the partner flags follow
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert entries.count() == 2
    entry = entries.get(object_pk=str(ports.pk))
    assert entry.changes["themes"][1] == sorted(ports.themes.values_list("pk", flat=True))
    assert entry.changes["partners"][1] == sorted([world["szu"].pk, world["sysu"].pk])
    assert "search_text" not in entry.changes


def test_the_audit_note_reads_in_the_readers_language(world: dict[str, Any]) -> None:
    import_projects(projects_csv(SMART_PORTS))
    assert_import_note_reads_in_the_readers_language("projects.csv")


def test_a_reimport_changes_nothing_and_an_edited_file_updates(world: dict[str, Any]) -> None:
    import_projects(projects_csv(SMART_PORTS, HYDROGEN))
    again = import_projects(projects_csv(SMART_PORTS, HYDROGEN))
    assert again.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    assert not again.rows[0].changes
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 2
    # Lower-case reference, partners in another order: still the same project, unchanged.
    reordered = SMART_PORTS.replace("GRF-001", "grf-001").replace(
        "01vy4gh70:co_funder; Sun Yat-sen University",
        "Sun Yat-sen University:collaborator; Shenzhen University:co_funder",
    )
    assert import_projects(projects_csv(reordered)).counts["unchanged"] == 1
    edited = (
        SMART_PORTS.replace("Smart ports", "Smart ports and logistics")
        .replace("ai-robotics; health", "health")
        .replace("01vy4gh70:co_funder", "01vy4gh70:industry")
        .replace(",,grf", ",SD,grf")
    )
    preview = import_projects(projects_csv(edited, HYDROGEN))
    assert preview.written, preview.all_problems
    assert preview.counts == {"create": 0, "update": 1, "unchanged": 1, "error": 0}
    assert {change.column for change in preview.rows[0].changes} == {
        "title_en",
        "unit",
        "themes",
        "partners",
    }
    ports = Project.objects.get(reference="GRF-001")
    assert ports.title_en == "Smart ports and logistics"
    assert ports.unit == world["design"]
    assert list(ports.themes.values_list("slug", flat=True)) == ["health"]
    assert partners_of(ports) == [
        ("Shenzhen University", ProjectPartner.Role.INDUSTRY),
        ("Sun Yat-sen University", ProjectPartner.Role.COLLABORATOR),
    ]
    assert "logistics" in ports.search_text
    assert Project.objects.count() == 2
    entry = AuditEntry.objects.filter(object_pk=str(ports.pk)).order_by("-pk").first()
    assert entry is not None
    assert entry.action == AuditEntry.Action.IMPORT
    assert entry.changes["title_en"] == ["Smart ports", "Smart ports and logistics"]
    assert len(entry.changes["themes"][1]) == 1
    # The role change is logged on the partner's row, as the edit form's service logs it.
    role_change = AuditEntry.objects.get(
        content_type__model="projectpartner", action=AuditEntry.Action.IMPORT
    )
    assert role_change.changes["role"] == ["co_funder", "industry"]


def test_a_dropped_partner_is_removed(world: dict[str, Any]) -> None:
    import_projects(projects_csv(SMART_PORTS))
    fewer = SMART_PORTS.replace("; Sun Yat-sen University", "")
    assert import_projects(projects_csv(fewer)).counts["update"] == 1
    ports = Project.objects.get(reference="GRF-001")
    assert partners_of(ports) == [("Shenzhen University", ProjectPartner.Role.CO_FUNDER)]
    world["sysu"].refresh_from_db()
    assert not world["sysu"].is_partner


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (SMART_PORTS.replace(",grf,", ",nsfc,"), "scheme", "no funding scheme"),
        (SMART_PORTS.replace("gba-lab", "moon-base"), "initiative", "no initiative"),
        (SMART_PORTS.replace("ai-robotics", "astrology"), "themes", "no theme"),
        (
            SMART_PORTS.replace(INVESTIGATOR, "nobody@polyu.edu.hk"),
            "principal_investigator",
            "No one in the directory has the e-mail address",
        ),
        (
            SMART_PORTS.replace(INVESTIGATOR, "Chan Tai-man"),
            "principal_investigator",
            "not an e-mail address",
        ),
        (
            SMART_PORTS.replace("Sun Yat-sen University", "Nowhere University"),
            "partners",
            "No organisation is called",
        ),
        (SMART_PORTS.replace("01vy4gh70", "01abcde23"), "partners", "No organisation has the ROR"),
        (
            SMART_PORTS.replace("co_funder", "sponsor"),
            "partners",
            "“sponsor” is not a partner role",
        ),
        (
            SMART_PORTS.replace("Sun Yat-sen University", "Shenzhen University"),
            "partners",
            "listed twice",
        ),
        (SMART_PORTS.replace("2020-01-01", "next spring"), "starts_on", "not a date"),
        (SMART_PORTS.replace("2022-12-31", "2019-12-31"), "ends_on", "cannot end before it starts"),
        (SMART_PORTS.replace("2020-01-01", ""), "starts_on", "start date"),
        (
            SMART_PORTS.replace("Smart ports,,粤港澳大湾区智慧港口", ",,"),
            "title_en",
            "at least one",
        ),
        (SMART_PORTS.replace("GRF-001", ""), "reference", "needs a reference"),
        (SMART_PORTS.replace(",,grf", ",NOPE,grf"), "unit", "no unit"),
        (SMART_PORTS.replace('"1,500,000"', "lots"), "amount", "not an amount"),
        (SMART_PORTS.replace('"1,500,000"', "-5"), "amount", "cannot be negative"),
        (SMART_PORTS.replace(",HKD", ",HK$"), "currency", "not a currency code"),
    ],
)
def test_each_bad_cell_is_named_and_nothing_is_written(
    world: dict[str, Any], row: str, column: str, message: str
) -> None:
    preview = import_projects(projects_csv(HYDROGEN, row))
    assert_refused(preview, column, message, Project)


def test_a_problem_on_one_row_leaves_the_others_updates_unwritten(world: dict[str, Any]) -> None:
    import_projects(projects_csv(SMART_PORTS, HYDROGEN))
    renamed = HYDROGEN.replace("Green hydrogen", "Blue hydrogen")
    preview = import_projects(projects_csv(renamed, SMART_PORTS.replace(",grf,", ",nsfc,")))
    assert problems(preview) == [(3, "scheme")]
    assert preview.counts["update"] == 1  # what it would have done
    assert Project.objects.get(reference="ITF-002").title_en == "Green hydrogen"


def test_a_repeated_reference_is_a_problem(world: dict[str, Any]) -> None:
    preview = import_projects(projects_csv(SMART_PORTS, SMART_PORTS.replace("GRF-001", "grf-001")))
    assert_refused(preview, "reference", "Row 2 has the same reference", Project)


def test_the_reference_column_is_required(world: dict[str, Any]) -> None:
    preview = import_projects(csv_bytes("Smart ports,2020-01-01", header="title_en,starts_on"))
    assert problems(preview) == [(1, "reference")]


def test_a_dry_run_writes_nothing(world: dict[str, Any]) -> None:
    preview = import_projects(projects_csv(SMART_PORTS), dry_run=True)
    assert preview.ok
    assert preview.counts["create"] == 1
    assert not Project.objects.exists()


def test_a_workbook_is_read(world: dict[str, Any]) -> None:
    workbook = workbook_bytes(
        COLUMNS,
        [
            "GRF-001",
            "Smart ports",
            "",
            "粤港澳大湾区智慧港口",
            datetime(2020, 1, 1),  # noqa: DTZ001  # a spreadsheet's date has no time zone
            datetime(2022, 12, 31),  # noqa: DTZ001
            INVESTIGATOR,
            "",
            "grf",
            "gba-lab",
            "ai-robotics, health",
            "Shenzhen University:co_funder",
            1500000.5,
            "hkd",
        ],
    )
    preview = import_projects(workbook)
    assert preview.written, preview.all_problems
    ports = Project.objects.get()
    assert ports.ends_on == date(2022, 12, 31)
    assert (ports.amount, ports.currency) == (Decimal("1500000.50"), "HKD")
    assert ports.themes.count() == 2


@pytest.mark.parametrize(
    ("encoding", "title_column", "title", "converted"),
    [
        (BIG5_HKSCS, "title_zh_hant", "綠色氫能", "绿色氢能"),
        (GB18030, "title_zh_hans", "绿色氢能", "綠色氫能"),
    ],
)
def test_legacy_chinese_encodings_are_read_by_the_shared_reader(
    world: dict[str, Any], encoding: str, title_column: str, title: str, converted: str
) -> None:
    header = f"reference,{title_column},starts_on,partners"
    row = f"ITF-002,{title},2021-09-01,深圳大學:industry"
    preview = import_projects(csv_bytes(row, header=header, encoding=encoding))
    assert preview.encoding == encoding
    assert preview.written, preview.all_problems
    hydrogen = Project.objects.get()
    assert getattr(hydrogen, title_column) == title
    assert {hydrogen.title_zh_hant, hydrogen.title_zh_hans} == {title, converted}
    assert partners_of(hydrogen) == [("Shenzhen University", ProjectPartner.Role.INDUSTRY)]


def test_an_export_imports_back_unchanged(world: dict[str, Any]) -> None:
    import_projects(projects_csv(SMART_PORTS, HYDROGEN))
    rows = list(export_projects(Project.objects.order_by("reference")))
    assert rows[0][COLUMNS.index("principal_investigator")] == INVESTIGATOR
    assert rows[0][COLUMNS.index("themes")] == "ai-robotics, health"
    assert rows[0][COLUMNS.index("partners")] == (
        "Shenzhen University:co_funder; Sun Yat-sen University:collaborator"
    )
    assert rows[0][COLUMNS.index("amount")] == "1500000.00"
    assert_export_imports_back_unchanged(
        "research-projects", COLUMNS, rows, import_projects, records=2
    )


def test_an_investigator_without_a_unique_email_is_exported_by_number(
    world: dict[str, Any],
) -> None:
    import_projects(projects_csv(SMART_PORTS))
    twin = Person.objects.create(name_en="Chan Tai-man", email=INVESTIGATOR.upper())
    project = Project.objects.get()
    rows = list(export_projects(Project.objects.all()))
    assert rows[0][COLUMNS.index("principal_investigator")] == (
        f"Chan Tai-man #{world['investigator'].pk}"
    )
    assert import_projects(write_csv(COLUMNS, rows)).counts["unchanged"] == 1
    # By e-mail, the two people cannot be told apart.
    preview = import_projects(projects_csv(SMART_PORTS))
    assert problems(preview) == [(2, "principal_investigator")]
    assert "Several people" in preview.all_problems[0].message
    Project.objects.filter(pk=project.pk).update(principal_investigator=twin)
    moved = write_csv(COLUMNS, export_projects(Project.objects.all()))
    assert f"#{twin.pk}" in moved.decode("utf-8-sig")


def test_the_kind_is_registered_with_the_projects_permissions(world: dict[str, Any]) -> None:
    kind = KINDS["research-projects"]
    assert kind.importer_class() is ProjectImporter
    assert kind.export_columns() == COLUMNS
    assert_officers_import_and_viewers_only_export("research-projects")


def test_organisations_are_found_by_their_chinese_names(world: dict[str, Any]) -> None:
    row = SMART_PORTS.replace(
        "01vy4gh70:co_funder; Sun Yat-sen University", "深圳大学：co_funder；中山大學"
    )
    preview = import_projects(projects_csv(row))
    assert preview.written, preview.all_problems
    assert partners_of(Project.objects.get()) == [
        ("Shenzhen University", ProjectPartner.Role.CO_FUNDER),
        ("Sun Yat-sen University", ProjectPartner.Role.COLLABORATOR),
    ]
