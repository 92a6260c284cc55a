"""Importing and exporting agreements with their parties."""

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.importers import (
    COLUMNS,
    AgreementImporter,
    export_agreements,
    importer_options,
    status_path,
)
from baylink.agreements.models import Agreement, Party, StatusChange
from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview, run_import
from baylink.core.tabular.encoding import GB18030
from baylink.core.tabular.writing import write_csv, write_xlsx
from baylink.directory.models import Organisation, Unit
from baylink.directory.tests import factories as directory

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def csv_bytes(*rows: str, header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return "\n".join([header, *rows, ""]).encode(encoding)


def import_agreements(data: bytes, **options: Any) -> ImportPreview:
    allowed = options.pop("allowed_units", None)
    importer = AgreementImporter(allowed_units=allowed, source="agreements.csv")
    return run_import(importer, data, **options)


def problems(preview: ImportPreview) -> list[tuple[int | None, str]]:
    return [(problem.row, problem.column) for problem in preview.all_problems]


@pytest.fixture
def partners() -> dict[str, Organisation]:
    directory.home()
    directory.unit("Department of Computing", code="COMP")
    return {
        "szu": directory.organisation(
            "Shenzhen University", name_zh_hant="深圳大學", city_code="SZ", ror_id="01vy4gh70"
        ),
        "sysu": directory.organisation(
            "Sun Yat-sen University", name_zh_hant="中山大學", city_code="GZ"
        ),
    }


MOU = "PU-001,MoU,Framework MoU,,框架协议,active,2020-01-15,15/01/2020,2025-01-14,COMP,深圳大学"
EXCHANGE = (
    "PU-002,student exchange,Student exchange,,,draft,,,,Department of Computing,"
    "01vy4gh70:lead; Sun Yat-sen University"
)


def test_agreements_are_created_with_their_parties(partners: dict[str, Organisation]) -> None:
    preview = import_agreements(csv_bytes(MOU, EXCHANGE))
    assert preview.written, preview.all_problems
    mou = Agreement.objects.get(reference="PU-001")
    assert mou.kind == Agreement.Kind.MOU
    assert mou.status == Agreement.Status.ACTIVE
    assert (mou.signed_on, mou.starts_on, mou.ends_on) == (
        date(2020, 1, 15),
        date(2020, 1, 15),
        date(2025, 1, 14),
    )
    assert mou.title_zh_hant == "框架協議"
    assert mou.title_zh_hant_machine
    assert mou.owner_unit is not None
    assert mou.owner_unit.code == "COMP"
    # The university is added as the home party.
    assert [(p.organisation.name_en, p.role) for p in mou.parties.all()] == [
        ("The Hong Kong Polytechnic University", Party.Role.HOME),
        ("Shenzhen University", Party.Role.PARTNER),
    ]
    exchange = Agreement.objects.get(reference="PU-002")
    assert [p.role for p in exchange.parties.all()] == ["home", "lead", "partner"]
    partners["szu"].refresh_from_db()
    assert partners["szu"].is_partner  # the partner flags follow the signed agreement
    assert "shenzhen university" in mou.search_text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 2


def test_a_gb18030_file_is_read(partners: dict[str, Organisation]) -> None:
    preview = import_agreements(csv_bytes(MOU, encoding=GB18030))
    assert preview.encoding == GB18030
    assert preview.written


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (MOU.replace("MoU", "treaty"), "kind", "not a type of agreement"),
        (MOU.replace("active", "dormant"), "status", "not a status"),
        (MOU.replace("2025-01-14", "next year"), "ends_on", "not a date"),
        (MOU.replace("2025-01-14", "2019-01-01"), "ends_on", "cannot end before it starts"),
        (MOU.replace("深圳大学", "Nowhere University"), "parties", "No organisation is called"),
        (MOU.replace("深圳大学", "01abcde23"), "parties", "No organisation has the ROR id"),
        (MOU.replace("深圳大学", ""), "parties", "List the parties"),
        (MOU.replace("深圳大学", "The Hong Kong Polytechnic University"), "parties", "two"),
        (MOU.replace(",COMP,", ",NOPE,"), "owner_unit", "no unit"),
        (MOU.replace("PU-001", ""), "reference", "reference number"),
        (MOU.replace("Framework MoU,,框架协议", ",,"), "title_en", "at least one language"),
    ],
)
def test_each_bad_cell_is_named(
    partners: dict[str, Organisation], row: str, column: str, message: str
) -> None:
    preview = import_agreements(csv_bytes(EXCHANGE, row))
    assert problems(preview) == [(3, column)], preview.all_problems
    assert message in preview.all_problems[0].message
    assert not Agreement.objects.exists()


def test_the_reference_column_is_required(partners: dict[str, Organisation]) -> None:
    preview = import_agreements(csv_bytes("mou,x", header="kind,title_en"))
    assert problems(preview) == [(1, "reference")]


def test_a_repeated_reference_is_a_problem(partners: dict[str, Organisation]) -> None:
    preview = import_agreements(csv_bytes(MOU, MOU))
    assert problems(preview) == [(3, "reference")]
    assert not Agreement.objects.exists()


def test_reimporting_updates_by_reference(partners: dict[str, Organisation]) -> None:
    import_agreements(csv_bytes(MOU, EXCHANGE))
    unchanged = import_agreements(csv_bytes(MOU, EXCHANGE))
    assert unchanged.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}
    changed = MOU.replace("Framework MoU", "Framework agreement").replace(
        "深圳大学", "深圳大学; 中山大學:witness"
    )
    preview = import_agreements(csv_bytes(changed))
    assert preview.counts["update"] == 1
    assert {change.column for change in preview.rows[0].changes} == {"title_en", "parties"}
    mou = Agreement.objects.get(reference="PU-001")
    assert mou.title_en == "Framework agreement"
    assert mou.version == 2
    assert [p.role for p in mou.parties.all()] == ["home", "partner", "witness"]
    assert Agreement.objects.count() == 2
    entry = AuditEntry.objects.filter(object_pk=str(mou.pk)).first()
    assert entry is not None
    assert entry.action == AuditEntry.Action.IMPORT
    assert entry.changes["title_en"] == ["Framework MoU", "Framework agreement"]


def test_a_status_moves_only_along_the_lifecycle(partners: dict[str, Organisation]) -> None:
    import_agreements(csv_bytes(MOU))
    backwards = import_agreements(csv_bytes(MOU.replace("active", "draft")))
    assert problems(backwards) == [(2, "status")]
    expired = import_agreements(csv_bytes(MOU.replace("active", "expired")))
    assert expired.written
    mou = Agreement.objects.get(reference="PU-001")
    assert mou.status == Agreement.Status.EXPIRED
    step = StatusChange.objects.get(agreement=mou)
    assert (step.from_status, step.to_status) == ("active", "expired")
    # The import note is kept as a message with values and read in the reader's language.
    assert step.note_values["row"] == 2
    with translation.override("zh-hant"):
        assert "第 2 行匯入" in step.shown_note
    with translation.override("en"):
        assert ", row 2" in step.shown_note


def test_status_paths() -> None:
    assert status_path("draft", "active") == ["negotiation", "signed", "active"]
    assert status_path("active", "draft") is None
    assert status_path("active", "active") == []


def test_a_dry_run_writes_nothing(partners: dict[str, Organisation]) -> None:
    preview = import_agreements(csv_bytes(MOU), dry_run=True)
    assert preview.ok
    assert preview.counts["create"] == 1
    assert not Agreement.objects.exists()


def test_a_unit_coordinator_imports_only_their_units_agreements(
    partners: dict[str, Organisation],
) -> None:
    computing = Unit.objects.get(code="COMP")
    design = directory.unit("School of Design", code="SD")
    coordinator = staff_user(Role.UNIT_COORDINATOR, unit=computing)
    options = importer_options(coordinator)
    assert options["allowed_units"] == [computing.pk]
    own = import_agreements(csv_bytes(MOU), **options)
    assert own.written
    elsewhere = EXCHANGE.replace("Department of Computing", "SD")
    other = import_agreements(csv_bytes(elsewhere), **options)
    assert problems(other) == [(2, "owner_unit")]
    Agreement.objects.filter(reference="PU-001").update(owner_unit=design)
    foreign = import_agreements(csv_bytes(MOU.replace("Framework MoU", "Changed")), **options)
    assert problems(foreign) == [(2, "reference")]


def test_an_export_imports_back_unchanged(partners: dict[str, Organisation]) -> None:
    import_agreements(csv_bytes(MOU, EXCHANGE))
    rows = list(export_agreements(Agreement.objects.order_by("reference")))
    assert rows[0][10] == "The Hong Kong Polytechnic University:home; Shenzhen University:partner"
    for data in (write_csv(COLUMNS, rows), write_xlsx(COLUMNS, rows)):
        preview = import_agreements(data)
        assert preview.counts == {"create": 0, "update": 0, "unchanged": 2, "error": 0}


def test_an_export_neutralises_formulas(partners: dict[str, Organisation]) -> None:
    import_agreements(csv_bytes(MOU.replace("Framework MoU", "'=1+2")))
    assert Agreement.objects.get().title_en == "=1+2"  # the import took the mark off
    text = write_csv(COLUMNS, export_agreements(Agreement.objects.all())).decode("utf-8-sig")
    assert ",'=1+2," in text.splitlines()[1]
