"""Placements and students from a file: created or updated, all rows or none, and named errors."""

from datetime import date
from typing import Any

import pytest

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.models import AuditEntry
from baylink.core.tabular import run_import
from baylink.core.tabular.importing import Importer
from baylink.directory.tests import factories as directory
from baylink.talent.importers import (
    PLACEMENT_COLUMNS,
    STUDENT_COLUMNS,
    PlacementImporter,
    StudentImporter,
    export_placements,
    export_students,
)
from baylink.talent.models import Placement, Student
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db


def run(importer: type[Importer[Any]], columns: tuple[str, ...], *rows: str, **options: Any) -> Any:
    actor = staff_user(Role.CAREERS_OFFICER)
    text = ",".join(columns) + "\n" + "".join(f"{row}\n" for row in rows)
    return run_import(
        importer(actor=actor, source="wie.csv"), text.encode(), filename="wie.csv", **options
    )


def placement_row(**cells: str) -> str:
    return ",".join(cells.get(column, "") for column in PLACEMENT_COLUMNS)


def test_placements_are_created_with_dates_as_hong_kong_staff_write_them() -> None:
    host = directory.organisation("Peng Cheng Robotics", types=("company",))
    preview = run(
        PlacementImporter,
        PLACEMENT_COLUMNS,
        placement_row(
            title_en="Robotics Intern",
            title_zh_hant="機械人實習生",
            host="Peng Cheng Robotics",
            city="SZ",
            starts_on="2026-06-01",
            ends_on="31/07/2026",  # day first, as written in Hong Kong
            hours="320",
            capacity="2",
            eligible_years="3; 4",
        ),
    )
    assert preview.written, preview.all_problems
    placement = Placement.objects.get(title_en="Robotics Intern")
    assert (placement.host_id, placement.city.code if placement.city else None) == (host.pk, "SZ")
    assert (placement.starts_on, placement.ends_on) == (date(2026, 6, 1), date(2026, 7, 31))
    assert (placement.hours, placement.capacity, placement.eligible_years) == (320, 2, [3, 4])
    assert placement.title_zh_hans == "机器人实习生"  # the other script, as the form fills it
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORT).count() == 1


def test_a_placement_row_with_an_id_updates_only_the_cells_given() -> None:
    placement = factories.placement(title_en="Data Intern")
    preview = run(
        PlacementImporter,
        PLACEMENT_COLUMNS,
        placement_row(id=str(placement.pk), ends_on="2019-08-30", capacity="3"),
    )
    assert preview.written, preview.all_problems
    assert preview.counts["update"] == 1
    placement.refresh_from_db()
    assert (placement.title_en, placement.hours) == ("Data Intern", 400)
    assert (placement.ends_on, placement.capacity) == (date(2019, 8, 30), 3)


def test_bad_placement_cells_are_named_and_nothing_is_written() -> None:
    factories.placement(title_en="Kept Intern")
    preview = run(
        PlacementImporter,
        PLACEMENT_COLUMNS,
        placement_row(title_en="Fine Intern", starts_on="2026-06-01", ends_on="2026-07-31"),
        placement_row(
            title_en="Broken Intern",
            host="Nowhere Holdings Unlimited",
            starts_on="next summer",
            ends_on="2026-07-31",
            hours="many",
        ),
        placement_row(id="999999", title_en="Missing"),
        placement_row(
            title_en="Odd Intern",
            starts_on="2026-06-01",
            ends_on="2026-07-31",
            eligible_years='"2, 9"',
            required_languages='"en, english!"',
        ),
    )
    assert not preview.written
    problems = {(p.row, p.column): p.message for p in preview.all_problems}
    assert "“next summer” is not a date" in problems[(3, "starts_on")]
    assert "whole number" in problems[(3, "hours")]
    assert (3, "host") in problems
    assert "There is no placement 999999." in problems[(4, "id")]
    assert problems[(5, "eligible_years")] == "Years of study run from 1 to 7."
    assert problems[(5, "required_languages")] == "Not a language code: english!."
    assert list(Placement.objects.values_list("title_en", flat=True)) == ["Kept Intern"]


def test_placements_export_and_import_back_unchanged() -> None:
    factories.placement(title_en="Port Intern", eligible_programmes=["BEng Civil"])
    factories.placement(title_en="Lab Intern", city_code=None, allowance="4500.00")
    rows = [
        ",".join(f'"{cell}"' for cell in row) for row in export_placements(Placement.objects.all())
    ]
    preview = run(PlacementImporter, PLACEMENT_COLUMNS, *rows)
    assert preview.written, preview.all_problems
    assert (preview.counts["unchanged"], preview.counts["create"], preview.counts["update"]) == (
        2,
        0,
        0,
    )


def test_students_are_matched_by_number_and_a_repeat_is_refused() -> None:
    unit = directory.unit("Department of Computing", code="COMP")
    stored = factories.student(name_en="Chan Tai-man", year_of_study=2)
    preview = run(
        StudentImporter,
        STUDENT_COLUMNS,
        f"{stored.student_number},,,,,COMP,3,",
        "29990001,Lee Siu-ling,李小玲,siuling@example.edu.hk,BEng Computing,COMP,1,en; yue",
    )
    assert preview.written, preview.all_problems
    assert (preview.counts["update"], preview.counts["create"]) == (1, 1)
    stored.refresh_from_db()
    assert (stored.name_en, stored.year_of_study, stored.unit_id) == ("Chan Tai-man", 3, unit.pk)
    created = Student.objects.get(student_number="29990001")
    assert (created.name_zh, created.languages) == ("李小玲", ["en", "yue"])

    refused = run(
        StudentImporter,
        STUDENT_COLUMNS,
        "29990002,Ho Ka-yan,,,,,first,",
        "29990002,Ho Ka-yan,,,,,1,",
    )
    assert not refused.written
    problems = {(p.row, p.column): p.message for p in refused.all_problems}
    assert "whole number" in problems[(2, "year_of_study")]
    assert "Row 2 is about the same student." in problems[(3, "student_number")]
    assert not Student.objects.filter(student_number="29990002").exists()


def test_students_export_and_import_back_unchanged() -> None:
    factories.student(name_en="Wong Ka-ho", languages=("en", "yue", "cmn"))
    rows = [",".join(f'"{cell}"' for cell in row) for row in export_students(Student.objects.all())]
    preview = run(StudentImporter, STUDENT_COLUMNS, *rows)
    assert preview.written, preview.all_problems
    assert (preview.counts["unchanged"], preview.counts["create"], preview.counts["update"]) == (
        1,
        0,
        0,
    )
