"""Importing and exporting WIE placements and students (CSV or XLSX).

Students: matched by student number, created otherwise; a blank cell leaves the stored value.
Placements: a row with an `id` updates that placement, a row without one creates a placement.
Lists (programmes, years, languages) are written separated by commas.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, audit_record, snapshot
from baylink.core.http import record_id
from baylink.core.models import AuditEntry
from baylink.core.tabular.cells import cell_dates
from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import set_trilingual
from baylink.directory.importers.indexes import (
    CityIndex,
    OrganisationIndex,
    UnitIndex,
    UnresolvedError,
)
from baylink.talent.models import Placement, Student

STUDENT_COLUMNS = (
    "student_number",
    "name_en",
    "name_zh",
    "email",
    "programme",
    "unit",
    "year_of_study",
    "languages",
)
PLACEMENT_COLUMNS = (
    "id",
    "title_en",
    "title_zh_hant",
    "title_zh_hans",
    "host",
    "city",
    "mode",
    "starts_on",
    "ends_on",
    "hours",
    "capacity",
    "allowance",
    "allowance_currency",
    "eligible_programmes",
    "eligible_years",
    "required_languages",
)


def _joined(values: Sequence[Any]) -> str:
    return ", ".join(str(value) for value in values or [])


def _split(text: str) -> list[str]:
    return [item.strip() for item in text.replace(";", ",").split(",") if item.strip()]


def student_row(student: Student, units: UnitIndex) -> list[str]:
    return [
        student.student_number,
        student.name_en,
        student.name_zh,
        student.email,
        student.programme,
        units.label(student.unit_id) if student.unit_id else "",
        str(student.year_of_study),
        _joined(student.languages),
    ]


def export_students(queryset: QuerySet[Student]) -> Iterator[list[Any]]:
    units = UnitIndex()
    for student in queryset.iterator(chunk_size=2000):
        yield student_row(student, units)


def placement_row(placement: Placement, organisations: OrganisationIndex) -> list[str]:
    return [
        str(placement.pk or ""),
        placement.title_en,
        placement.title_zh_hant,
        placement.title_zh_hans,
        organisations.label(placement.host_id) if placement.host_id else "",
        placement.city.code if placement.city else "",
        placement.mode,
        placement.starts_on.isoformat() if placement.starts_on else "",
        placement.ends_on.isoformat() if placement.ends_on else "",
        str(placement.hours if placement.hours is not None else ""),
        str(placement.capacity),
        str(placement.allowance if placement.allowance is not None else ""),
        placement.allowance_currency,
        _joined(placement.eligible_programmes),
        _joined(placement.eligible_years),
        _joined(placement.required_languages),
    ]


def export_placements(queryset: QuerySet[Placement]) -> Iterator[list[Any]]:
    organisations = OrganisationIndex()
    for placement in queryset.select_related("city").iterator(chunk_size=2000):
        yield placement_row(placement, organisations)


@dataclass
class Plan:
    record: Any
    before: Snapshot = field(default_factory=dict)


class _Importer(Importer[Plan]):
    def _finish(
        self,
        row: RowCheck,
        record: Any,
        existing: bool,
        before_row: list[str],
        after_row: list[str],
        label: str,
    ) -> Planned[Plan]:
        try:
            record.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            row.validation_error(error, {name: name for name in self.columns})
            return Planned(RowPreview(row.number, ERROR, label))
        changes = []
        if existing:
            changes = self.changes(
                dict(zip(self.columns, before_row, strict=True)),
                dict(zip(self.columns, after_row, strict=True)),
            )
        action = self.action(not existing, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)
        return Planned(preview, Plan(record, snapshot(record) if existing else {}))

    def write(self, plans: Sequence[Planned[Plan]]) -> None:
        for planned in plans:
            assert planned.payload is not None  # checked rows carry their plan
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


class StudentImporter(_Importer):
    kind = "students"
    columns = STUDENT_COLUMNS
    required_columns = ("student_number",)

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.units = UnitIndex()
        numbers = [row.get("student_number").strip() for row in rows]
        self.stored = {
            s.student_number: s for s in Student.objects.filter(student_number__in=numbers)
        }
        self.seen: dict[str, int] = {}

    def check(self, row: RowCheck) -> Planned[Plan]:
        number = row.cell("student_number").strip()
        if not number:
            row.problem("student_number", _("Every row needs a student number."))
            return Planned(RowPreview(row.number, ERROR, ""))
        if number in self.seen:
            row.problem(
                "student_number",
                _("Row %(row)s is about the same student.") % {"row": self.seen[number]},
            )
            return Planned(RowPreview(row.number, ERROR, number))
        self.seen[number] = row.number
        existing = self.stored.get(number)
        student = existing or Student(student_number=number)
        before_row = student_row(student, self.units) if existing else []
        for column in ("name_en", "name_zh", "email", "programme"):
            if row.cell(column):
                setattr(student, column, row.cell(column).strip())
        if row.cell("unit"):
            try:
                student.unit_id = self.units.find(row.cell("unit")).pk
            except UnresolvedError as error:
                row.problem("unit", str(error))
        if row.cell("year_of_study"):
            try:
                student.year_of_study = int(row.cell("year_of_study"))
            except ValueError:
                row.problem("year_of_study", _("Write the year of study as a whole number."))
        if row.cell("languages"):
            student.languages = _split(row.cell("languages"))
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, number))
        return self._finish(
            row, student, existing is not None, before_row, student_row(student, self.units), number
        )


class PlacementImporter(_Importer):
    kind = "placements"
    columns = PLACEMENT_COLUMNS
    one_of_columns = ("id", "title_en", "title_zh_hant", "title_zh_hans")

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.organisations = OrganisationIndex()
        self.cities = CityIndex()
        ids = [pk for row in rows if (pk := record_id(row.get("id"))) is not None]
        self.stored = {p.pk: p for p in Placement.objects.filter(pk__in=ids).select_related("city")}

    def check(self, row: RowCheck) -> Planned[Plan]:
        existing: Placement | None = None
        if row.cell("id"):
            pk = record_id(row.cell("id"))
            existing = self.stored.get(pk) if pk is not None else None
            if existing is None:
                row.problem("id", _("There is no placement %(id)s.") % {"id": row.cell("id")})
                return Planned(RowPreview(row.number, ERROR, row.cell("id")))
        placement = existing or Placement()
        before_row = placement_row(placement, self.organisations) if existing else []
        titles = {s: row.cell(f"title_{s}") or None for s in ("en", "zh_hant", "zh_hans")}
        if any(titles.values()):
            set_trilingual(placement, "title", **titles)
        if row.cell("host"):
            try:
                placement.host_id = self.organisations.find(row.cell("host"))
            except UnresolvedError as error:
                row.problem("host", str(error))
        if row.cell("city"):
            try:
                placement.city = self.cities.find(row.cell("city"))
            except UnresolvedError as error:
                row.problem("city", str(error))
        if row.cell("mode"):
            placement.mode = row.cell("mode").strip()
        for column, value in cell_dates(row, ("starts_on", "ends_on")).items():
            setattr(placement, column, value)
        for column in ("hours", "capacity"):
            if row.cell(column):
                try:
                    setattr(placement, column, int(row.cell(column)))
                except ValueError:
                    row.problem(column, _("Write a whole number."))
        if row.cell("allowance"):
            try:
                placement.allowance = Decimal(row.cell("allowance"))
            except InvalidOperation:
                row.problem("allowance", _("Write the allowance as a number."))
        if row.cell("allowance_currency"):
            placement.allowance_currency = row.cell("allowance_currency").strip().upper()
        if row.cell("eligible_programmes"):
            placement.eligible_programmes = _split(row.cell("eligible_programmes"))
        if row.cell("eligible_years"):
            try:
                placement.eligible_years = [int(y) for y in _split(row.cell("eligible_years"))]
            except ValueError:
                row.problem("eligible_years", _("Write years of study as whole numbers."))
        if row.cell("required_languages"):
            placement.required_languages = _split(row.cell("required_languages"))
        label = str(placement) if any(titles.values()) or existing else ""
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        return self._finish(
            row,
            placement,
            existing is not None,
            before_row,
            placement_row(placement, self.organisations),
            label,
        )
