"""Importing and exporting knowledge-transfer outputs (CSV or XLSX).

Columns: reference, kind, title_en, title_zh_hant, title_zh_hans, occurred_on, project, unit,
counterparty, income, currency, income_hkd.

- `kind`: the code (patent_filed, licence, spin_off...) or its label (e.g. "Patent filed").
- `project`: a research project's reference; `unit`: a unit's code or name at the university;
  `counterparty`: an organisation's ROR id or name (in any script).
- Dates as YYYY-MM-DD; `income` a number; `currency` three letters (HKD when left out);
  `income_hkd` the income's value in HKD, needed with another currency.

A row is matched to a stored output by reference and updated; otherwise it is created. Its unit
is its project's unless one is given, also for a stored output without one. A blank cell leaves the
stored value. Written as the projects' import writes (action "import", with the file and row in
the note).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, snapshot
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.cells import (
    TITLE_COLUMNS,
    References,
    as_text,
    cell_choice,
    cell_dates,
    cell_reference,
    choices,
    clean_cells,
    matched_references,
    row_label,
    set_titles,
)
from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.directory.importers import OrganisationIndex, UnitIndex
from baylink.directory.importers.cells import cell_unit, found_organisation
from baylink.research.cells import cell_amount, cell_currency
from baylink.research.models import KnowledgeTransferOutput, Project
from baylink.research.services import kt_output_search_text

KT_COLUMNS = (
    "reference",
    "kind",
    "title_en",
    "title_zh_hant",
    "title_zh_hans",
    "occurred_on",
    "project",
    "unit",
    "counterparty",
    "income",
    "currency",
    "income_hkd",
)
CLEANED_FIELDS = (
    *TITLE_COLUMNS,
    "reference",
    "kind",
    "occurred_on",
    "income",
    "currency",
    "income_hkd",
)


class OutputLabels:
    """How the cells name related records, in both directions (import reads, export writes)."""

    def __init__(self, projects: dict[int, str]) -> None:
        self.organisations = OrganisationIndex()
        self.units = UnitIndex()
        self.projects = projects  # reference by pk

    def row(self, output: KnowledgeTransferOutput) -> list[Any]:
        """An output as the import reads it (and the export writes it); dates stay dates."""
        project_id, unit_id, counterparty_id = (
            output.project_id,
            output.unit_id,
            output.counterparty_id,
        )
        return [
            output.reference,
            output.kind,
            output.title_en,
            output.title_zh_hant,
            output.title_zh_hans,
            output.occurred_on,
            self.projects.get(project_id, "") if project_id is not None else "",
            self.units.label(unit_id) if unit_id is not None else "",
            self.organisations.label(counterparty_id) if counterparty_id is not None else "",
            f"{output.income:.2f}" if output.income is not None else "",
            output.currency,
            f"{output.income_hkd:.2f}" if output.income_hkd is not None else "",
        ]


def export_kt_outputs(queryset: QuerySet[KnowledgeTransferOutput]) -> Iterator[list[Any]]:
    projects = Project.objects.filter(pk__in=queryset.order_by().values("project_id"))
    labels = OutputLabels(dict(projects.values_list("pk", "reference").order_by()))
    for output in queryset.iterator(chunk_size=2000):
        yield labels.row(output)


@dataclass
class OutputPlan:
    output: KnowledgeTransferOutput
    before: Snapshot = field(default_factory=dict)  # empty for a new output


class KnowledgeTransferOutputImporter(Importer[OutputPlan]):
    kind = "kt-outputs"
    columns = KT_COLUMNS
    required_columns = ("reference",)

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.kinds = choices(KnowledgeTransferOutput.Kind)
        self.matches = matched_references(KnowledgeTransferOutput, rows)
        # Every project: a cell may name any of them, and the stored outputs' need labels.
        projects = list(Project.objects.values_list("pk", "reference", "unit_id").order_by())
        references = {pk: reference for pk, reference, _unit_id in projects}
        self.project_units = {pk: unit_id for pk, _reference, unit_id in projects}
        self.projects = References((reference, pk) for pk, reference in references.items())
        self.labels = OutputLabels(references)
        self.seen: dict[str, int] = {}

    def _kind(self, row: RowCheck, new: bool) -> str | None:
        return cell_choice(
            row,
            "kind",
            KnowledgeTransferOutput.Kind,
            self.kinds,
            unknown=_("“%(value)s” is not a kind of KT output: use %(choices)s."),
            required=_("Give the kind of a new KT output: %(choices)s.") if new else "",
        )

    def _project(self, row: RowCheck) -> int | None:
        text = row.cell("project")
        if not text:
            return None
        pk = self.projects.find(text)
        if pk is None:
            row.problem(
                "project",
                _("There is no research project with the reference “%(reference)s”.")
                % {"reference": text},
            )
        return pk

    def _counterparty(self, row: RowCheck) -> int | None:
        text = row.cell("counterparty")
        if not text:
            return None
        return found_organisation(row, "counterparty", text, self.labels.organisations)

    def check(self, row: RowCheck) -> Planned[OutputPlan]:
        reference = cell_reference(row, self.seen, _("Every KT output needs a reference."))
        label = row_label(row, reference)
        existing = self.matches.get(row.number)
        kind = self._kind(row, existing is None)
        occurred_on = cell_dates(row, ("occurred_on",)).get("occurred_on")
        if existing is None and not row.cell("occurred_on"):
            row.problem("occurred_on", _("Give the date of a new KT output."))
        project_id = self._project(row)
        unit_id = cell_unit(row, self.labels.units, self.labels.organisations.home_pk)
        counterparty_id = self._counterparty(row)
        income = cell_amount(row, "income", negative=_("The income cannot be negative."))
        currency = cell_currency(row)
        income_hkd = cell_amount(row, "income_hkd", negative=_("The income cannot be negative."))
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        output = existing or KnowledgeTransferOutput(reference=reference)
        before_row = as_text(KT_COLUMNS, self.labels.row(output)) if existing else {}
        before = snapshot(output, exclude=["search_text"]) if existing else {}
        set_titles(output, row)
        if kind is not None:
            output.kind = kind
        if occurred_on is not None:
            output.occurred_on = occurred_on
        if project_id is not None:
            output.project_id = project_id
        if unit_id is not None:
            output.unit_id = unit_id
        elif output.unit_id is None and project_id is not None:
            # As kt_output_create() and kt_output_update() do.
            output.unit_id = self.project_units[project_id]
        if counterparty_id is not None:
            output.counterparty_id = counterparty_id
        stored_sum = (output.income, output.currency)
        if income is not None:
            output.income = income
        if currency:
            output.currency = currency
        if income_hkd is not None:
            output.income_hkd = income_hkd
        elif (output.income, output.currency) != stored_sum:
            output.income_hkd = None  # worth another sum: as kt_output_update() drops it
        clean_cells(row, output, CLEANED_FIELDS)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        changes = (
            self.changes(before_row, as_text(KT_COLUMNS, self.labels.row(output)))
            if existing
            else []
        )
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)  # nothing to write
        return Planned(preview, OutputPlan(output, before))

    def write(self, plans: Sequence[Planned[OutputPlan]]) -> None:
        with AuditBatch(self.actor) as audit:
            for planned in plans:
                assert planned.payload is not None  # checked rows always carry their plan
                output = planned.payload.output
                output.search_text = kt_output_search_text(output)
                output.save()
                audit.add(
                    output,
                    before=planned.payload.before,
                    after=snapshot(output, exclude=["search_text"]),
                    note=self.audit_note(planned.preview.row),
                )
