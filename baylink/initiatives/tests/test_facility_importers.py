"""Importing and exporting the facilities of labs and institutes."""

from typing import Any

import pytest
from django.utils import translation

from baylink.core.events import initiatives_changed
from baylink.core.history import readable_history
from baylink.core.models import AuditEntry
from baylink.core.tabular import ImportPreview, run_import
from baylink.initiatives.facility_importers import COLUMNS, FacilityImporter, export_facilities
from baylink.initiatives.models import Facility, Initiative
from baylink.initiatives.services import facility_create
from baylink.initiatives.tests import factories as initiatives
from baylink.research.tests.helpers import (
    assert_export_imports_back_unchanged,
    assert_officers_import_and_viewers_only_export,
    assert_refused,
    csv_bytes,
    problems,
    with_cell,
)

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def import_facilities(data: bytes) -> ImportPreview:
    return run_import(FacilityImporter(source="facilities.csv"), data)


def facilities_csv(*rows: str) -> bytes:
    return csv_bytes(*rows, header=HEADER)


@pytest.fixture
def lab() -> Initiative:
    record = initiatives.initiative(name_en="Cold Chain Joint Laboratory")
    Initiative.objects.filter(pk=record.pk).update(slug="cold-chain-lab")
    record.refresh_from_db()
    return record


def rows_for(lab: Initiative) -> tuple[str, str]:
    cleanroom = f",{lab.slug},Cleanroom,潔淨室,,,,,yes,https://lab.example.org/book"
    test_bed = f",{lab.slug},,冷鏈測試平台,,Temperature-controlled logistics tests.,,,否,"
    return cleanroom, test_bed


def test_facilities_are_added_in_order_and_the_lab_history_lists_them(lab: Initiative) -> None:
    sent: list[list[int]] = []

    def receiver(sender: object, initiative_ids: list[int], **kwargs: Any) -> None:
        sent.append(list(initiative_ids))

    initiatives_changed.connect(receiver, dispatch_uid="test-facility-import")
    try:
        preview = import_facilities(facilities_csv(*rows_for(lab)))
    finally:
        initiatives_changed.disconnect(dispatch_uid="test-facility-import")
    assert preview.counts == {"create": 2, "update": 0, "unchanged": 0, "error": 0}
    cleanroom, test_bed = Facility.objects.order_by("position")
    assert (cleanroom.name_en, cleanroom.name_zh_hant) == ("Cleanroom", "潔淨室")
    assert cleanroom.name_zh_hans_machine  # converted from 潔淨室
    assert cleanroom.open_to_industry
    assert cleanroom.booking_url == "https://lab.example.org/book"
    assert test_bed.name_zh_hans == "冷链测试平台"
    assert not test_bed.open_to_industry  # 否
    assert [f.position for f in (cleanroom, test_bed)] == [0, 1]
    assert sent == [[lab.pk]]  # reindexed once for the finder
    entry = AuditEntry.objects.get(object_pk=str(lab.pk), content_type__model="initiative")
    assert entry.changes == {"facilities": [[], ["Cleanroom", "冷鏈測試平台"]]}
    with translation.override("zh-hant"):
        assert readable_history([entry])[0].note == "從 facilities.csv 第 2 行匯入"


def test_a_row_finds_its_facility_by_name_or_id_and_changes_only_it(lab: Initiative) -> None:
    facility_create(actor=None, initiative=lab, values={"name_en": "Cleanroom"})
    kept = facility_create(actor=None, initiative=lab, values={"name_zh_hant": "冷鏈測試平台"})
    # The same sheet again, by Simplified name this time: no third facility.
    row = f",{lab.slug},,,冷链测试平台,,,,yes,"
    preview = import_facilities(facilities_csv(row))
    assert preview.counts["update"] == 1, preview.all_problems
    assert Facility.objects.count() == 2
    kept.refresh_from_db()
    assert kept.open_to_industry
    assert kept.name_zh_hant == "冷鏈測試平台"  # human-written: not replaced by conversion
    by_id = f"{kept.pk},{lab.slug},Cold-chain test bed,,,,,,,"
    assert import_facilities(facilities_csv(by_id)).counts["update"] == 1
    kept.refresh_from_db()
    assert kept.name_en == "Cold-chain test bed"
    history = AuditEntry.objects.filter(object_pk=str(lab.pk), content_type__model="initiative")
    assert history.latest("pk").changes == {
        "facilities": [["Cleanroom", "冷鏈測試平台"], ["Cleanroom", "Cold-chain test bed"]]
    }


def test_export_imports_back_unchanged(lab: Initiative) -> None:
    assert import_facilities(facilities_csv(*rows_for(lab))).written
    exported = list(export_facilities(Facility.objects.all()))
    assert [row[COLUMNS.index("open_to_industry")] for row in exported] == ["yes", "no"]
    assert_export_imports_back_unchanged(
        "facilities", COLUMNS, exported, import_facilities, records=2
    )
    assert_officers_import_and_viewers_only_export("facilities")


@pytest.mark.parametrize(
    ("column", "bad", "message"),
    [
        ("initiative", "no-such-lab", "no-such-lab"),
        ("initiative", "", "Give the slug"),
        ("open_to_industry", "perhaps", "perhaps"),
        ("booking_url", "not a web address", ""),
        ("id", "9999", "There is no facility 9999"),
    ],
)
def test_a_bad_cell_is_refused_and_nothing_is_written(
    lab: Initiative, column: str, bad: str, message: str
) -> None:
    good, second = rows_for(lab)
    bad_row = with_cell(second, COLUMNS, column, bad)
    assert_refused(import_facilities(facilities_csv(good, bad_row)), column, message, Facility)


def test_a_facility_stays_with_its_initiative_and_is_changed_once(lab: Initiative) -> None:
    other = initiatives.initiative(name_en="Other Lab")
    facility = facility_create(actor=None, initiative=lab, values={"name_en": "Cleanroom"})
    preview = import_facilities(facilities_csv(f"{facility.pk},{other.slug},Cleanroom,,,,,,,"))
    assert problems(preview) == [(2, "initiative")]
    assert "cannot be moved" in preview.all_problems[0].message
    twice = (f"{facility.pk},{lab.slug},,,,,,,yes,", f",{lab.slug},Cleanroom,,,,,,no,")
    preview = import_facilities(facilities_csv(*twice))
    assert problems(preview) == [(3, "name_en")]
    assert not Facility.objects.get().open_to_industry
    # Nor is one new facility added twice (the second by its other script's name).
    added_twice = (f",{lab.slug},Test bed,冷鏈測試平台,,,,,,", f",{lab.slug},,,冷链测试平台,,,,,")
    preview = import_facilities(facilities_csv(*added_twice))
    assert problems(preview) == [(3, "name_en")]
    assert "Row 2 adds the same facility" in preview.all_problems[0].message
    assert Facility.objects.count() == 1
