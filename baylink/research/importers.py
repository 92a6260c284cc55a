"""Importing and exporting research projects with their partners (CSV or XLSX).

Columns: reference, title_en, title_zh_hant, title_zh_hans, starts_on, ends_on,
principal_investigator, unit, scheme, initiative, themes, partners, amount, currency.

- `principal_investigator`: the person's e-mail address (an export writes "Name #12" for
  someone without a unique one); `unit`: a unit's code or name at the university.
- `scheme`, `initiative`: slugs; `themes`: theme slugs separated by commas (or ';').
- `partners`: 'organisation[:role]' separated by ';', as in the agreements' parties column;
  the organisation is a ROR id or a name, the role collaborator, co_funder or industry
  (collaborator when left out).
- Dates as YYYY-MM-DD; `amount` a number; `currency` three letters (HKD when left out).

A row is matched to a stored project by reference and updated; otherwise it is created (its
unit is the principal investigator's unless one is given, as is a stored project's without a
unit when the row names its investigator). A blank cell leaves the stored value.
Written as the other imports write (action "import", with the file and row in the note), not
through the one-record services, whose audit entries carry no note.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, snapshot
from baylink.core.events import organisation_links_changed
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.cells import (
    TITLE_COLUMNS,
    as_text,
    batches,
    cell_dates,
    cell_reference,
    cell_slugs,
    clean_cells,
    matched_references,
    row_label,
    set_titles,
)
from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.directory.importers import OrganisationIndex, UnitIndex, UnresolvedError
from baylink.directory.importers.cells import Partners, PartnersCell, cell_unit
from baylink.directory.importers.indexes import PeopleIndex, PersonEntry, numbered_id
from baylink.initiatives.models import Initiative, Theme
from baylink.research.cells import cell_amount, cell_currency
from baylink.research.models import FundingScheme, Project, ProjectPartner
from baylink.research.services import project_search_text

COLUMNS = (
    "reference",
    "title_en",
    "title_zh_hant",
    "title_zh_hans",
    "starts_on",
    "ends_on",
    "principal_investigator",
    "unit",
    "scheme",
    "initiative",
    "themes",
    "partners",
    "amount",
    "currency",
)
DATE_COLUMNS = ("starts_on", "ends_on")
CLEANED_FIELDS = (*TITLE_COLUMNS, "reference", *DATE_COLUMNS, "amount", "currency")


class ProjectLabels:
    """How the cells name related records, in both directions (import reads, export writes)."""

    def __init__(self, people: PeopleIndex) -> None:
        self.people = people
        self.organisations = OrganisationIndex()
        self.units = UnitIndex()
        self.scheme_slugs = dict(FundingScheme.objects.values_list("pk", "slug").order_by())
        self.initiative_slugs = dict(Initiative.objects.values_list("pk", "slug").order_by())
        self.theme_slugs = dict(Theme.objects.values_list("pk", "slug").order_by())
        # By folded slug: a cell's 'AI-Robotics' finds 'ai-robotics'.
        self.schemes = {slug.casefold(): pk for pk, slug in self.scheme_slugs.items()}
        self.initiatives = {slug.casefold(): pk for pk, slug in self.initiative_slugs.items()}
        self.themes = {slug.casefold(): pk for pk, slug in self.theme_slugs.items()}

    def partners_text(self, partners: Iterable[tuple[int, str]]) -> str:
        # Sorted: partners have no order of their own, and exports and previews stay stable.
        named = sorted((self.organisations.label(pk), role) for pk, role in partners)
        return "; ".join(f"{label}:{role}" for label, role in named)

    def row(self, project: Project, themes: Iterable[int], partners: Partners) -> list[Any]:
        """A project as the import reads it (and the export writes it); dates stay dates."""
        pi_id, unit_id = project.principal_investigator_id, project.unit_id
        scheme_id, initiative_id = project.scheme_id, project.initiative_id
        return [
            project.reference,
            project.title_en,
            project.title_zh_hant,
            project.title_zh_hans,
            project.starts_on,
            project.ends_on,
            self.people.label(pi_id) if pi_id is not None else "",
            self.units.label(unit_id) if unit_id is not None else "",
            self.scheme_slugs.get(scheme_id, "") if scheme_id is not None else "",
            self.initiative_slugs.get(initiative_id, "") if initiative_id is not None else "",
            ", ".join(sorted(self.theme_slugs.get(pk, "") for pk in themes)),
            self.partners_text(partners),
            f"{project.amount:.2f}" if project.amount is not None else "",
            project.currency,
        ]


def export_projects(queryset: QuerySet[Project]) -> Iterator[list[Any]]:
    investigators = (
        queryset.exclude(principal_investigator=None)
        .order_by()
        .values_list("principal_investigator_id", flat=True)
        .distinct()
    )
    labels = ProjectLabels(PeopleIndex(pks=[pk for pk in investigators if pk is not None]))
    records = queryset.prefetch_related("themes", "partnerships")
    for project in records.iterator(chunk_size=2000):
        themes = [theme.pk for theme in project.themes.all()]
        partners = [(p.organisation_id, p.role) for p in project.partnerships.all()]
        yield labels.row(project, themes, partners)


@dataclass
class ProjectPlan:
    project: Project
    themes: list[int] | None  # None: keep the stored ones
    partners: Partners | None  # None: keep the stored ones
    before: Snapshot = field(default_factory=dict)  # empty for a new project


class ProjectImporter(Importer[ProjectPlan]):
    kind = "research-projects"
    columns = COLUMNS
    required_columns = ("reference",)

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.matches = matched_references(Project, rows)
        records = {project.pk: project for project in self.matches.values()}
        self.stored_themes: dict[int, list[int]] = defaultdict(list)
        self.stored_partners: dict[int, Partners] = defaultdict(list)
        for batch in batches(sorted(records)):
            through = Project.themes.through._default_manager.filter(project_id__in=batch)
            for project_id, theme_id in through.values_list("project_id", "theme_id"):
                self.stored_themes[project_id].append(theme_id)
            partnerships = ProjectPartner.objects.filter(project_id__in=batch).order_by("pk")
            for project_id, organisation_id, role in partnerships.values_list(
                "project_id", "organisation_id", "role"
            ):
                self.stored_partners[project_id].append((organisation_id, role))
        cells = [source.get("principal_investigator") for source in rows]
        numbered = [number for cell in cells if (number := numbered_id(cell)) is not None]
        investigators = [p.principal_investigator_id for p in records.values()]
        people = PeopleIndex(
            emails=[cell for cell in cells if "@" in cell],
            pks=[*numbered, *(i for i in investigators if i is not None)],
        )
        self.labels = ProjectLabels(people)
        self.partners = PartnersCell(
            self.labels.organisations, ProjectPartner.Role, ProjectPartner.Role.COLLABORATOR
        )
        self.seen: dict[str, int] = {}

    def _investigator(self, row: RowCheck) -> PersonEntry | None:
        text = row.cell("principal_investigator")
        if not text:
            return None
        try:
            return self.labels.people.by_pk[self.labels.people.find(text)]
        except UnresolvedError as error:
            row.problem("principal_investigator", str(error))
            return None

    def _slug(self, row: RowCheck, column: str, known: dict[str, int]) -> int | None:
        slug = row.cell(column).casefold()
        if not slug:
            return None
        if slug in known:
            return known[slug]
        if column == "scheme":
            message = _("There is no funding scheme with the slug “%(slug)s”.")
        else:
            message = _("There is no initiative with the slug “%(slug)s”.")
        row.problem(column, message % {"slug": row.cell(column)})
        return None

    def check(self, row: RowCheck) -> Planned[ProjectPlan]:
        reference = cell_reference(row, self.seen, _("Every project needs a reference."))
        label = row_label(row, reference)
        existing = self.matches.get(row.number)
        dates = cell_dates(row, DATE_COLUMNS)
        if existing is None and not row.cell("starts_on"):
            row.problem("starts_on", _("Give the start date of a new project."))
        investigator = self._investigator(row)
        unit_id = cell_unit(row, self.labels.units, self.labels.organisations.home_pk)
        scheme_id = self._slug(row, "scheme", self.labels.schemes)
        initiative_id = self._slug(row, "initiative", self.labels.initiatives)
        themes = cell_slugs(
            row, "themes", self.labels.themes, _("There is no theme with the slug “%(slug)s”.")
        )
        partners = self.partners.read(row)
        amount = cell_amount(row, "amount", negative=_("The amount cannot be negative."))
        currency = cell_currency(row)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        project = existing or Project(reference=reference)
        stored_themes = self.stored_themes.get(project.pk, []) if existing else []
        stored_partners = self.stored_partners.get(project.pk, []) if existing else []
        before_row = (
            as_text(COLUMNS, self.labels.row(project, stored_themes, stored_partners))
            if existing
            else {}
        )
        before = (
            snapshot(project, exclude=["search_text"])
            | {
                "themes": sorted(stored_themes),
                "partners": sorted(pk for pk, _role in stored_partners),
            }
            if existing
            else {}
        )
        set_titles(project, row)
        for column, value in dates.items():
            setattr(project, column, value)
        if investigator is not None:
            project.principal_investigator_id = investigator.pk
        if unit_id is not None:
            project.unit_id = unit_id
        elif project.unit_id is None and investigator is not None:
            project.unit_id = investigator.unit_id  # as project_create() and _update() do
        if scheme_id is not None:
            project.scheme_id = scheme_id
        if initiative_id is not None:
            project.initiative_id = initiative_id
        if amount is not None:
            project.amount = amount
        if currency:
            project.currency = currency
        if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
            row.problem("ends_on", _("The project cannot end before it starts."))
        clean_cells(row, project, CLEANED_FIELDS)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        if themes is not None and sorted(themes) == sorted(stored_themes):
            themes = None  # listed as they are: nothing to rewrite
        if partners is not None and dict(partners) == dict(stored_partners):
            partners = None
        changes = []
        if existing:
            after_row = self.labels.row(
                project,
                stored_themes if themes is None else themes,
                stored_partners if partners is None else partners,
            )
            changes = self.changes(before_row, as_text(COLUMNS, after_row))
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)  # nothing to write
        return Planned(preview, ProjectPlan(project, themes, partners, before))

    def write(self, plans: Sequence[Planned[ProjectPlan]]) -> None:
        touched: set[int] = set()
        with AuditBatch(self.actor) as audit:
            for planned in plans:
                assert planned.payload is not None  # checked rows always carry their plan
                touched |= self._save(planned.payload, planned.preview.row, audit)
        # The partner flags follow; in batches, as the database limits a query's parameters.
        for batch in batches(sorted(touched)):
            organisation_links_changed.send(sender=Project, organisation_ids=batch)

    def _save(self, plan: ProjectPlan, row: int, audit: AuditBatch) -> set[int]:
        """Write one project as project_create()/project_update() would; the partners touched."""
        project = plan.project
        created = project.pk is None
        project.search_text = project_search_text(project)
        project.save()
        stored_partners = [] if created else self.stored_partners.get(project.pk, [])
        themes = plan.themes
        if themes is not None:
            project.themes.set(themes)
        elif not created:
            themes = self.stored_themes.get(project.pk, [])
        touched: set[int] = set()
        if plan.partners is not None:
            touched = self._replace_partners(project, stored_partners, plan.partners, row, audit)
        partners = plan.partners if plan.partners is not None else stored_partners
        audit.add(
            project,
            before=plan.before,
            after=snapshot(project, exclude=["search_text"])
            | {"themes": sorted(themes or []), "partners": sorted(pk for pk, _role in partners)},
            note=self.audit_note(row),
        )
        return touched

    def _replace_partners(
        self, project: Project, stored: Partners, partners: Partners, row: int, audit: AuditBatch
    ) -> set[int]:
        """A role change is logged on the partner's row, as project_update() logs it."""
        wanted = dict(partners)
        kept = dict(stored)
        removed = [pk for pk in kept if pk not in wanted]
        if removed:
            project.partnerships.filter(organisation_id__in=removed).delete()
        changed = {pk for pk, role in wanted.items() if pk in kept and kept[pk] != role}
        for partnership in project.partnerships.filter(organisation_id__in=changed):
            before = snapshot(partnership)
            partnership.role = wanted[partnership.organisation_id]
            partnership.save(update_fields=["role"])
            audit.add(
                partnership, before=before, after=snapshot(partnership), note=self.audit_note(row)
            )
        ProjectPartner.objects.bulk_create(
            [
                ProjectPartner(project=project, organisation_id=pk, role=role)
                for pk, role in partners
                if pk not in kept
            ]
        )
        return set(kept) | set(wanted)
