"""Importing and exporting the facilities of labs and institutes (CSV or XLSX).

Columns: id, initiative, name_en, name_zh_hant, name_zh_hans, description_en,
description_zh_hant, description_zh_hans, open_to_industry, booking_url.

- `id`: a stored facility's number (as exported) updates it. A row without one updates the
  facility of that initiative with the same name in any script, else adds one after its others,
  so that a list kept in a spreadsheet can be imported again without doubling it.
- `initiative`: the initiative's slug (a facility stays with its initiative).
- `open_to_industry`: yes or no (是 / 否); no when a new facility leaves it blank.

A blank cell leaves the stored value; one Chinese script given, the other is converted. Every
initiative whose facilities change gets the entry its History tab shows, as the staff pages
write it, and is reindexed for the expertise finder.
"""

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, snapshot
from baylink.core.events import initiatives_changed
from baylink.core.http import record_id
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.cells import as_text, batches, cell_yes_no, clean_cells, set_texts
from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import trilingual_columns, trilingual_values
from baylink.directory.importers.indexes import folded
from baylink.initiatives.models import Facility, Initiative
from baylink.initiatives.services import facility_names

NAME_COLUMNS = trilingual_columns("name")
DESCRIPTION_COLUMNS = trilingual_columns("description")
COLUMNS = (
    "id",
    "initiative",
    *NAME_COLUMNS,
    *DESCRIPTION_COLUMNS,
    "open_to_industry",
    "booking_url",
)
CLEANED_FIELDS = (*NAME_COLUMNS, "booking_url")


def facility_row(facility: Facility, initiative_slug: str) -> list[Any]:
    return [
        facility.pk or "",
        initiative_slug,
        facility.name_en,
        facility.name_zh_hant,
        facility.name_zh_hans,
        facility.description_en,
        facility.description_zh_hant,
        facility.description_zh_hans,
        "yes" if facility.open_to_industry else "no",
        facility.booking_url,
    ]


def export_facilities(queryset: QuerySet[Facility]) -> Iterator[list[Any]]:
    records = queryset.select_related("initiative").order_by("initiative__slug", "position", "pk")
    for facility in records.iterator(chunk_size=2000):
        yield facility_row(facility, facility.initiative.slug)


def _names(facility: Facility) -> set[str]:
    return {folded(name) for name in trilingual_values(facility, "name")}


def _row_names(row: RowCheck) -> set[str]:
    return {folded(row.cell(column)) for column in NAME_COLUMNS if row.cell(column)}


@dataclass
class FacilityPlan:
    facility: Facility
    before: Snapshot = field(default_factory=dict)  # empty for a new facility


class FacilityImporter(Importer[FacilityPlan]):
    kind = "facilities"
    columns = COLUMNS
    required_columns = ("initiative",)

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.initiatives = {
            initiative.slug.casefold(): initiative
            for initiative in Initiative.objects.order_by("pk")
        }
        named = {
            self.initiatives[s].pk
            for row in rows
            if (s := row.get("initiative").casefold()) in self.initiatives
        }
        ids = [number for row in rows if (number := record_id(row.get("id"))) is not None]
        self.by_id: dict[int, Facility] = {}
        self.by_initiative: dict[int, list[Facility]] = defaultdict(list)
        for batch in batches(sorted(named)):
            # Locked until the import ends, with the initiatives' other facilities (positions).
            for facility in Facility.objects.select_for_update().filter(initiative_id__in=batch):
                self.by_initiative[facility.initiative_id].append(facility)
                self.by_id[facility.pk] = facility
        for batch in batches(sorted(set(ids) - set(self.by_id))):
            for facility in Facility.objects.select_for_update().filter(pk__in=batch):
                self.by_id[facility.pk] = facility
        self.claimed: dict[int, int] = {}  # facility pk -> the row that updates it
        self.added: dict[int, int] = defaultdict(int)  # new facilities per initiative so far
        # The names of the facilities added so far, per initiative: (name, row).
        self.added_names: dict[int, dict[str, int]] = defaultdict(dict)

    def _initiative(self, row: RowCheck) -> Initiative | None:
        slug = row.cell("initiative")
        if not slug:
            row.problem("initiative", _("Give the slug of the facility's initiative."))
            return None
        initiative = self.initiatives.get(slug.casefold())
        if initiative is None:
            row.problem(
                "initiative",
                _("There is no initiative with the slug “%(slug)s”.") % {"slug": slug},
            )
        return initiative

    def _existing(self, row: RowCheck, initiative: Initiative) -> Facility | None:
        if row.cell("id"):
            number = record_id(row.cell("id"))
            found = self.by_id.get(number) if number is not None else None
            if found is None:
                row.problem("id", _("There is no facility %(id)s.") % {"id": row.cell("id")})
            elif found.initiative_id != initiative.pk:
                row.problem(
                    "initiative",
                    _("Facility %(id)s belongs to another initiative; it cannot be moved.")
                    % {"id": found.pk},
                )
                return None
            return found
        names = _row_names(row)
        return next((f for f in self.by_initiative[initiative.pk] if _names(f) & names), None)

    def check(self, row: RowCheck) -> Planned[FacilityPlan]:
        label = next((row.cell(column) for column in NAME_COLUMNS if row.cell(column)), "")
        initiative = self._initiative(row)
        existing = self._existing(row, initiative) if initiative is not None else None
        open_to_industry = cell_yes_no(row, "open_to_industry")
        if existing is not None and existing.pk in self.claimed:
            row.problem(
                "id" if row.cell("id") else "name_en",
                _("Row %(row)s changes the same facility.") % {"row": self.claimed[existing.pk]},
            )
        if existing is None and initiative is not None:
            added = self.added_names[initiative.pk]
            repeated = sorted(added[name] for name in _row_names(row) if name in added)
            if repeated:
                row.problem(
                    "name_en",
                    _("Row %(row)s adds the same facility.") % {"row": repeated[0]},
                )
        if row.has_problems() or initiative is None:
            return Planned(RowPreview(row.number, ERROR, label))
        facility = existing or Facility(
            initiative=initiative,
            position=len(self.by_initiative[initiative.pk]) + self.added[initiative.pk],
        )
        before_row = as_text(COLUMNS, facility_row(facility, initiative.slug)) if existing else {}
        before = snapshot(facility) if existing else {}
        set_texts(facility, row, "name", "description")
        if open_to_industry is not None:
            facility.open_to_industry = open_to_industry
        if row.cell("booking_url"):
            facility.booking_url = row.cell("booking_url")
        clean_cells(row, facility, CLEANED_FIELDS)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        label = label or str(facility)
        changes = []
        if existing is not None:
            self.claimed[existing.pk] = row.number
            after_row = as_text(COLUMNS, facility_row(facility, initiative.slug))
            changes = self.changes(before_row, after_row)
        else:
            self.added[initiative.pk] += 1
            for name in _row_names(row):
                self.added_names[initiative.pk][name] = row.number
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)
        return Planned(preview, FacilityPlan(facility, before))

    def write(self, plans: Sequence[Planned[FacilityPlan]]) -> None:
        payloads = [(planned.preview.row, planned.payload) for planned in plans if planned.payload]
        first_rows: dict[int, int] = {}  # initiative pk -> the first row that changes it
        for row, plan in payloads:
            first_rows.setdefault(plan.facility.initiative_id, row)
        initiatives = Initiative.objects.in_bulk(sorted(first_rows))
        listed_before = {pk: facility_names(initiative) for pk, initiative in initiatives.items()}
        with AuditBatch(self.actor) as audit:
            for row, plan in payloads:
                plan.facility.save()
                audit.add(
                    plan.facility,
                    before=plan.before,
                    after=snapshot(plan.facility),
                    note=self.audit_note(row),
                )
            # The History tab of each initiative lists its facilities before and after.
            for pk, initiative in initiatives.items():
                listed = facility_names(initiative)
                if listed != listed_before[pk]:
                    audit.add(
                        initiative,
                        before={"facilities": listed_before[pk]},
                        after={"facilities": listed},
                        note=self.audit_note(first_rows[pk]),
                    )
        initiatives_changed.send(sender=Initiative, initiative_ids=sorted(initiatives))
