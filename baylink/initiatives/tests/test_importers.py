"""Importing and exporting initiatives with their partners, themes, city, unit and parent."""

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview, run_import
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.initiatives.importers import COLUMNS, InitiativeImporter, export_initiatives
from baylink.initiatives.models import Initiative, InitiativePartner
from baylink.initiatives.tests import factories as initiatives
from baylink.research.tests.helpers import (
    assert_export_imports_back_unchanged,
    assert_import_note_reads_in_the_readers_language,
    assert_officers_import_and_viewers_only_export,
    assert_refused,
    csv_bytes,
    problems,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
# slug,kind,status,names x3,acronym,city,lead_unit,parent,starts_on,ends_on,website,themes,
# partners,descriptions x3
INSTITUTE = (
    "gba-institute,institute,,GBA Institute,,粤港澳大湾区研究院,GBAI,Shenzhen,COMP,,"
    "2019-03-01,,https://gbai.example.org,ai-robotics,"
    "深圳大學:co_founder; Sun Yat-sen University:member,Research on the Bay Area.,,"
)
LAB = (
    ",Joint laboratory,planned,Smart Ports Lab,智慧港口實驗室,,,GZ,,gba-institute,,,,"
    "ai-robotics; health,Sun Yat-sen University,,,"
)


def import_initiatives(data: bytes) -> ImportPreview:
    return run_import(InitiativeImporter(source="initiatives.csv"), data)


def initiatives_csv(*rows: str) -> bytes:
    return csv_bytes(*rows, header=HEADER)


def partners_of(initiative: Initiative) -> list[tuple[str, str]]:
    """In the initiative's own order."""
    return [
        (partner.organisation.name_en, partner.role)
        for partner in initiative.partnerships.select_related("organisation")
    ]


@pytest.fixture
def places() -> dict[str, Any]:
    directory.home()
    initiatives.theme("ai-robotics", "AI and Robotics")
    initiatives.theme("health", "Health")
    return {
        "computing": directory.unit("Department of Computing", code="COMP"),
        "szu": directory.organisation(
            "Shenzhen University", name_zh_hant="深圳大學", city_code="SZ", ror_id="01vy4gh70"
        ),
        "sysu": directory.organisation(
            "Sun Yat-sen University", name_zh_hant="中山大學", city_code="GZ"
        ),
    }


def test_initiatives_are_created_with_partners_themes_and_parent(places: dict[str, Any]) -> None:
    preview = import_initiatives(initiatives_csv(INSTITUTE, LAB))
    assert preview.written, preview.all_problems
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    institute = Initiative.objects.get(slug="gba-institute")
    assert (institute.kind, institute.status) == (Initiative.Kind.INSTITUTE, "active")
    assert institute.name_zh_hant == "粵港澳大灣區研究院"  # the other script is converted
    assert institute.name_zh_hant_machine
    assert institute.city is not None
    assert institute.city.code == "SZ"
    assert institute.lead_unit == places["computing"]
    assert institute.starts_on == date(2019, 3, 1)
    assert partners_of(institute) == [
        ("Shenzhen University", "co_founder"),
        ("Sun Yat-sen University", "member"),
    ]
    lab = Initiative.objects.get(slug="smart-ports-lab")  # made from the English name
    assert lab.parent == institute  # a parent created on an earlier row of the same file
    assert (lab.kind, lab.status) == (Initiative.Kind.JOINT_LAB, Initiative.Status.PLANNED)
    assert lab.name_zh_hans == "智慧港口实验室"
    assert sorted(lab.themes.values_list("slug", flat=True)) == ["ai-robotics", "health"]
    assert partners_of(lab) == [("Sun Yat-sen University", "partner")]  # the default role
    # The partner flags follow, as they do when the form saves partners.
    assert Organisation.objects.get(pk=places["sysu"].pk).is_partner
    assert "gbai" in institute.search_text


def test_the_same_organisation_twice_is_refused(places: dict[str, Any]) -> None:
    # 深圳大學 and its ROR id name one organisation.
    twice = INSTITUTE.replace("Sun Yat-sen University:member", "01vy4gh70:host")
    preview = import_initiatives(initiatives_csv(LAB.replace(",gba-institute,", ",,"), twice))
    assert problems(preview) == [(3, "partners")]
    assert "listed twice" in preview.all_problems[0].message
    assert not Initiative.objects.exists()


def test_partners_keep_their_order_and_dates_and_role_changes_are_audited(
    places: dict[str, Any],
) -> None:
    institute = initiatives.initiative(places["szu"], places["sysu"], name_en="GBA Institute")
    InitiativePartner.objects.filter(organisation=places["szu"]).update(joined_on=date(2019, 3, 1))
    row = f"{institute.slug},,,,,,,,,,,,,,Sun Yat-sen University:funder; Shenzhen University,,,"
    preview = import_initiatives(initiatives_csv(row))
    assert preview.counts["update"] == 1, preview.all_problems
    assert [change.column for change in preview.rows[0].changes] == ["partners"]
    assert partners_of(institute) == [
        ("Sun Yat-sen University", "funder"),
        ("Shenzhen University", "partner"),
    ]
    kept = InitiativePartner.objects.get(organisation=places["szu"])
    assert kept.joined_on == date(2019, 3, 1)  # dates are edited on the page, not lost here
    changed = AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT)
    assert {entry.object_repr for entry in changed} == {
        "GBA Institute",  # its partners: the same set, so no change logged there...
        "GBA Institute – Sun Yat-sen University",  # ...but the role change, on the partner
    }
    # Dropping a partner removes it and clears its flag when nothing else links it.
    preview = import_initiatives(initiatives_csv(row.replace("; Shenzhen University", "")))
    assert preview.written, preview.all_problems
    assert partners_of(institute) == [("Sun Yat-sen University", "funder")]
    assert not Organisation.objects.get(pk=places["szu"].pk).is_partner


def test_export_imports_back_unchanged(places: dict[str, Any]) -> None:
    assert import_initiatives(initiatives_csv(INSTITUTE, LAB))
    exported = list(export_initiatives(Initiative.objects.order_by("pk")))
    assert exported[0][COLUMNS.index("partners")] == (
        "Shenzhen University:co_founder; Sun Yat-sen University:member"
    )
    assert exported[1][COLUMNS.index("parent")] == "gba-institute"
    assert exported[1][COLUMNS.index("city")] == "Guangzhou"
    assert_export_imports_back_unchanged(
        "initiatives", COLUMNS, exported, import_initiatives, records=2
    )
    assert_officers_import_and_viewers_only_export("initiatives")


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    [
        (LAB.replace(",Joint laboratory,", ",spaceport,"), "kind", "not a kind of initiative"),
        (LAB.replace(",Joint laboratory,", ",,"), "kind", "Give the kind of a new initiative"),
        (LAB.replace(",planned,", ",paused,"), "status", "not a status"),
        (LAB.replace(",GZ,", ",Atlantis,"), "city", "Atlantis"),
        (LAB.replace(",gba-institute,", ",no-such-lab,"), "parent", "no-such-lab"),
        (LAB.replace("; health", "; space"), "themes", "space"),
        (LAB.replace("Sun Yat-sen University", "中山大學:sponsor"), "partners", "sponsor"),
        (LAB.replace(",,,,ai-robotics", ",2024-01-01,2023-01-01,,ai-robotics"), "ends_on", ""),
        (LAB.replace(",,,ai-robotics", ",,not a web address,ai-robotics"), "website", ""),
        (LAB.replace(",Smart Ports Lab,智慧港口實驗室,", ",,,").replace(",gba", ",x,gba"), "", ""),
    ],
)
def test_a_bad_cell_is_refused_and_nothing_is_written(
    places: dict[str, Any], bad: str, column: str, message: str
) -> None:
    preview = import_initiatives(initiatives_csv(INSTITUTE, bad))
    if column:
        assert_refused(preview, column, message, Initiative)
    else:  # no slug and no English name to make one from
        assert (3, "slug") in problems(preview)
        assert not Initiative.objects.exists()


def test_a_parent_later_in_the_file_or_the_same_slug_twice_is_refused(
    places: dict[str, Any],
) -> None:
    preview = import_initiatives(initiatives_csv(LAB, INSTITUTE))
    assert (2, "parent") in problems(preview)
    assert "must come on a row before" in preview.all_problems[0].message
    preview = import_initiatives(initiatives_csv(INSTITUTE, INSTITUTE))
    assert problems(preview) == [(3, "slug")]
    assert not Initiative.objects.exists()


def test_no_initiative_becomes_part_of_itself(places: dict[str, Any]) -> None:
    outer = initiatives.initiative(name_en="Outer")
    inner = initiatives.initiative(name_en="Inner")
    inner.parent = outer
    inner.save()
    # Within one file: outer made part of inner, which is part of outer.
    row = f"{outer.slug},,,,,,,,,{inner.slug},,,,,,,,"
    preview = import_initiatives(initiatives_csv(row))
    assert problems(preview) == [(2, "parent")]
    assert "part of itself" in preview.all_problems[0].message
    # And two rows that would only close the loop together.
    swap = f"{inner.slug},,,,,,,,,,,,,,,,,"  # keeps inner's parent
    preview = import_initiatives(
        initiatives_csv(swap, f"{outer.slug},,,,,,,,,{inner.slug},,,,,,,,")
    )
    assert (3, "parent") in problems(preview)
    assert Initiative.objects.get(pk=outer.pk).parent is None
    # The model refuses it too, for the form and the API.
    outer.parent = inner
    with pytest.raises(ValidationError) as refused:
        outer.full_clean()
    assert "parent" in refused.value.error_dict


def test_written_initiatives_are_reindexed(
    places: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    from baylink.core.events import initiatives_changed

    sent: list[list[int]] = []

    def receiver(sender: object, initiative_ids: list[int], **kwargs: Any) -> None:
        sent.append(list(initiative_ids))

    initiatives_changed.connect(receiver, dispatch_uid="test-import-reindex")
    try:
        assert import_initiatives(initiatives_csv(INSTITUTE))
    finally:
        initiatives_changed.disconnect(dispatch_uid="test-import-reindex")
    assert sent == [[Initiative.objects.get().pk]]
    assert_import_note_reads_in_the_readers_language("initiatives.csv")


def test_kinds_and_roles_may_be_written_in_chinese_whatever_the_readers_language(
    places: dict[str, Any],
) -> None:
    rows = (
        ",聯合實驗室,生效中,Lab A,,,,,,,,,,,深圳大學:共同創辦方,,,",
        ",联合实验室,,Lab B,,,,,,,,,,,中山大學:资助机构,,,",
    )
    with translation.override("en"):  # as the command line runs
        preview = import_initiatives(initiatives_csv(*rows))
    assert preview.written, preview.all_problems
    lab_a, lab_b = Initiative.objects.order_by("slug")
    assert (lab_a.kind, lab_b.kind) == (Initiative.Kind.JOINT_LAB, Initiative.Kind.JOINT_LAB)
    assert partners_of(lab_a) == [("Shenzhen University", "co_founder")]
    assert partners_of(lab_b) == [("Sun Yat-sen University", "funder")]
