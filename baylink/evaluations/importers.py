"""Placement records to and from CSV/XLSX files: officers record WIE hours in bulk.

A row is keyed by `student_number` and `placement` (the placement's number): a new pair creates
a record, a known pair updates it. The columns after `notes` (student's name, programme, host,
city, scores) are exported for reading and ignored on import. Every row is checked by the same
rules as the staff form (`services.check_record`), including the places the placement has.
"""

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Snapshot, audit_record, snapshot
from baylink.core.http import record_id
from baylink.core.models import AuditEntry
from baylink.core.tabular.cells import cell_date
from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.selectors import record_list
from baylink.evaluations.services import check_record
from baylink.talent.models import Placement, Student

WRITTEN_COLUMNS = (
    "student_number",
    "placement",
    "academic_year",
    "status",
    "wie_hours",
    "completed_on",
    "notes",
)
READ_ONLY_COLUMNS = (
    "student_name",
    "programme",
    "placement_title",
    "host",
    "city",
    "host_score",
    "student_score",
)
COLUMNS = WRITTEN_COLUMNS + READ_ONLY_COLUMNS
# ASCII digits ("²" is a digit to str.isdigit, not to int), few enough for the column.
WHOLE_HOURS = re.compile(r"[0-9]{1,6}")
FIELD_COLUMNS = {
    "student": "student_number",
    "placement": "placement",
    "academic_year": "academic_year",
    "status": "status",
    "wie_hours": "wie_hours",
    "completed_on": "completed_on",
    "notes": "notes",
}
Status = PlacementRecord.Status


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def record_row(record: PlacementRecord) -> list[Any]:
    """A record as a row of COLUMNS (the record comes from `selectors.record_list`)."""
    placement = record.placement
    return [
        record.student.student_number,
        placement.pk,
        record.academic_year_label,
        record.status,
        record.wie_hours,
        record.completed_on,
        record.notes,
        record.student.name_en,
        record.student.programme,
        placement.title,
        placement.host.name,
        placement.city.name if placement.city else "",
        _score(getattr(record, "host_score", None)),
        _score(getattr(record, "student_score", None)),
    ]


def export_placement_records(queryset: QuerySet[PlacementRecord]) -> Iterator[list[Any]]:
    records = record_list().filter(pk__in=queryset.values("pk")).order_by("-academic_year", "pk")
    for record in records.iterator(chunk_size=2000):
        yield record_row(record)


def _written(record: PlacementRecord) -> dict[str, str]:
    values = [
        record.student.student_number,
        str(record.placement_id),
        record.academic_year_label,
        record.status,
        str(record.wie_hours),
        record.completed_on.isoformat() if record.completed_on else "",
        record.notes,
    ]
    return dict(zip(WRITTEN_COLUMNS, values, strict=True))


@dataclass
class RecordPlan:
    record: PlacementRecord
    before: Snapshot


class PlacementRecordImporter(Importer[RecordPlan]):
    kind = "placement-records"
    columns = COLUMNS
    required_columns = ("student_number", "placement")

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        numbers = {row.get("student_number").casefold() for row in rows} - {""}
        placement_ids = {n for row in rows if (n := record_id(row.get("placement"))) is not None}
        self.students = {
            student.student_number.casefold(): student
            for student in Student.objects.filter(student_number__in=_variants(numbers))
        }
        self.placements = Placement.objects.in_bulk(placement_ids)
        stored = PlacementRecord.objects.filter(placement_id__in=placement_ids).select_related(
            "student", "placement"
        )
        self.records = {(r.student_id, r.placement_id): r for r in stored}
        # Places taken per placement, kept up to date as the file's rows take or free them.
        self.taken = Counter(
            r.placement_id for r in self.records.values() if r.status != Status.WITHDRAWN
        )
        self.evaluated = set(
            HostEvaluation.objects.filter(record__in=stored).values_list("record_id", flat=True)
        ) | set(
            StudentEvaluation.objects.filter(record__in=stored).values_list("record_id", flat=True)
        )
        self.seen: dict[tuple[int, int], int] = {}
        self.today = timezone.localdate()

    def _references(self, row: RowCheck) -> tuple[Student | None, Placement | None]:
        number = row.cell("student_number")
        student = self.students.get(number.casefold())
        if student is None:
            row.problem(
                "student_number",
                _("There is no student with the number “%(number)s”.") % {"number": number}
                if number
                else _("Give the student's number."),
            )
        raw = row.cell("placement")
        placement_id = record_id(raw)
        placement = self.placements.get(placement_id) if placement_id is not None else None
        if placement is None:
            row.problem(
                "placement",
                _("There is no placement number %(number)s.") % {"number": raw}
                if raw
                else _("Give the placement's number."),
            )
        return student, placement

    def _apply(self, row: RowCheck, record: PlacementRecord) -> None:
        if row.cell("academic_year"):
            try:
                record.academic_year = AcademicYear.parse(row.cell("academic_year")).start_year
            except ValidationError as error:
                row.problem("academic_year", error.messages[0])
        if row.cell("status"):
            status = _status(row.cell("status"))
            if status is None:
                row.problem(
                    "status",
                    _("“%(value)s” is not a status: write one of %(statuses)s.")
                    % {"value": row.cell("status"), "statuses": ", ".join(Status.values)},
                )
            else:
                record.status = status
        if row.cell("wie_hours"):
            hours = row.cell("wie_hours").replace(",", "")
            if WHOLE_HOURS.fullmatch(hours):
                record.wie_hours = int(hours)
            else:
                row.problem("wie_hours", _("WIE hours are a whole number, e.g. 320."))
        if "completed_on" in row.row.cells:
            record.completed_on = cell_date(row, "completed_on")  # a blank cell clears it
        if row.cell("notes"):
            record.notes = row.cell("notes")

    def check(self, row: RowCheck) -> Planned[RecordPlan]:
        label = " · ".join(v for v in (row.cell("student_number"), row.cell("placement")) if v)
        student, placement = self._references(row)
        if student is None or placement is None:
            return Planned(RowPreview(row.number, ERROR, label))
        key = (student.pk, placement.pk)
        if key in self.seen:
            row.problem(
                "placement",
                _("Row %(row)s is about the same student and placement.") % {"row": self.seen[key]},
            )
            return Planned(RowPreview(row.number, ERROR, label))
        self.seen[key] = row.number
        existing = self.records.get(key)
        if existing is not None:
            record = _copy(existing)
            record.student, record.placement = student, placement
            before_row, before = _written(existing), snapshot(existing)
        else:
            record = PlacementRecord(
                student=student,
                placement=placement,
                academic_year=AcademicYear.containing(placement.starts_on).start_year,
            )
            before_row, before = {}, {}
        self._apply(row, record)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        try:
            check_record(record, today=self.today)
            record.full_clean(exclude=["student", "placement"], validate_unique=False)
        except ValidationError as error:
            row.validation_error(error, FIELD_COLUMNS)
            return Planned(RowPreview(row.number, ERROR, label))
        was_active = existing is not None and existing.status != Status.WITHDRAWN
        active = record.status != Status.WITHDRAWN
        if active and not was_active and self.taken[placement.pk] >= placement.capacity:
            row.problem(
                "placement",
                _("All %(places)s places of this placement are taken.")
                % {"places": placement.capacity},
            )
            return Planned(RowPreview(row.number, ERROR, label))
        if record.pk in self.evaluated and record.status != Status.COMPLETED:
            row.problem(
                "status",
                _("This placement has evaluations, so it stays completed."),
            )
            return Planned(RowPreview(row.number, ERROR, label))
        self.taken[placement.pk] += int(active) - int(was_active)
        changes = self.changes(before_row, _written(record))
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)
        return Planned(preview, RecordPlan(record, before))

    def write(self, plans: Sequence[Planned[RecordPlan]]) -> None:
        for planned in plans:
            assert planned.payload is not None  # checked rows always carry their plan
            record = planned.payload.record
            record.save()
            audit_record(
                actor=self.actor,
                instance=record,
                action=AuditEntry.Action.IMPORT,
                before=planned.payload.before,
                after=snapshot(record),
                note=self.audit_note(planned.preview.row),
            )


def _copy(record: PlacementRecord) -> PlacementRecord:
    """A detached copy to change, so that a row with problems leaves the loaded one as it is."""
    fields = {
        field.attname: getattr(record, field.attname) for field in record._meta.concrete_fields
    }
    copy = PlacementRecord(**fields)
    copy._state.adding = False
    return copy


def _variants(numbers: set[str]) -> set[str]:
    """Student numbers as written and upper-cased (they are stored as the registry issues
    them, usually in capitals, and matched without regard to case)."""
    return numbers | {number.upper() for number in numbers}


def _status(text: str) -> str | None:
    wanted = text.strip().casefold()
    for value, label in Status.choices:
        if wanted in (value, str(label).casefold(), value.replace("_", " ")):
            return str(value)
    return None
