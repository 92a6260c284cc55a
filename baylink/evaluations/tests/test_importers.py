"""Recording WIE hours from a file: the same rules as the form, all rows or none."""

from datetime import date

import pytest

from baylink.accounts.models import Role
from baylink.core.models import AuditEntry
from baylink.core.tabular import run_import
from baylink.evaluations.importers import PlacementRecordImporter
from baylink.evaluations.models import PlacementRecord
from baylink.evaluations.tests import factories

pytestmark = pytest.mark.django_db

HEADER = "student_number,placement,academic_year,status,wie_hours,completed_on,notes\n"


def run(text: str, *, dry_run: bool = False):  # type: ignore[no-untyped-def]
    importer = PlacementRecordImporter(actor=factories.user(Role.CAREERS_OFFICER), source="x.csv")
    return run_import(importer, (HEADER + text).encode(), filename="x.csv", dry_run=dry_run)


def test_new_and_known_pairs_create_and_update() -> None:
    student, other = factories.student(), factories.student()
    placement = factories.placement(starts_on=date(2019, 6, 3), hours=400, capacity=2)
    existing = factories.record(
        student_=other, placement_=placement, status="in_progress", wie_hours=0
    )
    preview = run(
        f"{student.student_number},{placement.pk},,completed,400,12/08/2019,\n"
        f"{other.student_number},{placement.pk},2019/20,In progress,120,,week 3\n"
    )
    assert preview.written, preview.all_problems
    assert (preview.counts["create"], preview.counts["update"]) == (1, 1)
    created = PlacementRecord.objects.get(student=student)
    assert (created.academic_year, created.wie_hours) == (2018, 400)
    assert created.completed_on == date(2019, 8, 12)  # day first, as written in Hong Kong
    existing.refresh_from_db()
    assert (existing.academic_year, existing.wie_hours, existing.notes) == (2019, 120, "week 3")
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 2


def test_a_row_breaking_a_rule_stops_the_whole_file() -> None:
    student, other, third = factories.student(), factories.student(), factories.student()
    placement = factories.placement(hours=400, capacity=1)
    second_placement = factories.placement(hours=400)
    preview = run(
        f"{student.student_number},{placement.pk},,completed,400,2019-08-12,\n"
        f"{other.student_number},{placement.pk},,in_progress,0,,\n"
        f"{third.student_number},{second_placement.pk},,completed,500,2019-08-12,\n"
        f"NOBODY,{placement.pk},,in_progress,0,,\n"
        f"{student.student_number},999999,,in_progress,0,,\n"
        f"{student.student_number},{placement.pk},,completed,400,2019-08-12,\n"
    )
    assert not preview.written
    problems = {(p.row, p.column): p.message for p in preview.all_problems}
    assert "All 1 places" in problems[(3, "placement")]  # row 2 took the only place
    assert "At most 400 WIE hours" in problems[(4, "wie_hours")]
    assert "NOBODY" in problems[(5, "student_number")]
    assert "999999" in problems[(6, "placement")]
    assert "Row 2 is about the same" in problems[(7, "placement")]
    assert len(problems) == 5
    assert not PlacementRecord.objects.exists()


def test_bad_cells_are_named() -> None:
    student = factories.student()
    placement = factories.placement()
    preview = run(f"{student.student_number},{placement.pk},2019/21,done,many,12 Aug,\n")
    columns = {p.column for p in preview.all_problems}
    assert columns == {"academic_year", "status", "wie_hours", "completed_on"}
    assert not PlacementRecord.objects.exists()
