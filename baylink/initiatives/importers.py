"""Importing and exporting initiatives (joint labs, institutes...) with their partners.

Columns: slug, kind, status, name_en, name_zh_hant, name_zh_hans, acronym, city, lead_unit,
parent, starts_on, ends_on, website, themes, partners, description_en, description_zh_hant,
description_zh_hans.

- `slug` names the initiative: a row whose slug is stored updates that initiative, otherwise
  it creates one. A new row may leave it blank: it is then made from the English name.
- `kind`, `status`: a code or label (`status` active when left out).
- `city`: a city's name or code; `lead_unit`: a unit's code or name at the university.
- `parent`: the slug of the initiative this one is part of, stored or on an earlier row.
- `themes`: theme slugs separated by commas (or ';').
- `partners`: 'organisation[:role]' separated by ';', in the order the initiative lists them;
  the organisation is a ROR id or a name in any script, the role co_founder, partner, member,
  host or funder (partner when left out). A partner listed again keeps its joining and leaving
  dates, which are edited on the initiative's page.
- Dates as YYYY-MM-DD.

A blank cell leaves the stored value; one Chinese script given, the other is converted.
Written as the other imports write (action "import", with the file and row in the note).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, snapshot
from baylink.core.events import initiatives_changed, organisation_links_changed
from baylink.core.periods import ENDS_BEFORE_START
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.cells import (
    as_text,
    batches,
    cell_choice,
    cell_dates,
    cell_slugs,
    choices,
    clean_cells,
    set_texts,
)
from baylink.core.tabular.importing import Importer, Planned, RowCheck
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import trilingual_columns
from baylink.directory.importers import CityIndex, OrganisationIndex, UnitIndex, UnresolvedError
from baylink.directory.importers.cells import Partners, PartnersCell, cell_unit
from baylink.directory.models import City
from baylink.initiatives.models import PART_OF_ITSELF, Initiative, InitiativePartner, Theme
from baylink.initiatives.services import initiative_search_text

NAME_COLUMNS = trilingual_columns("name")
DESCRIPTION_COLUMNS = trilingual_columns("description")
DATE_COLUMNS = ("starts_on", "ends_on")
COLUMNS = (
    "slug",
    "kind",
    "status",
    *NAME_COLUMNS,
    "acronym",
    "city",
    "lead_unit",
    "parent",
    *DATE_COLUMNS,
    "website",
    "themes",
    "partners",
    *DESCRIPTION_COLUMNS,
)
CLEANED_FIELDS = ("slug", *NAME_COLUMNS, "acronym", *DATE_COLUMNS, "website")
# Written to the audit log by the services' own fields; the search text is derived.
AUDIT_EXCLUDED = ["search_text"]


class InitiativeLabels:
    """How the cells name related records, in both directions (import reads, export writes)."""

    def __init__(self) -> None:
        self.organisations = OrganisationIndex()
        self.units = UnitIndex()
        self.cities = CityIndex()
        self.slugs: dict[int, str] = dict(Initiative.objects.values_list("pk", "slug").order_by())
        self.theme_slugs = dict(Theme.objects.values_list("pk", "slug").order_by())
        self.themes = {slug.casefold(): pk for pk, slug in self.theme_slugs.items()}

    def row(self, initiative: Initiative, themes: Sequence[int], partners: Partners) -> list[Any]:
        """An initiative as the import reads it (and the export writes it); dates stay dates."""
        organisations = self.organisations
        return [
            initiative.slug,
            initiative.kind,
            initiative.status,
            initiative.name_en,
            initiative.name_zh_hant,
            initiative.name_zh_hans,
            initiative.acronym,
            self.cities.label(initiative.city) if initiative.city else "",
            self.units.label(initiative.lead_unit_id) if initiative.lead_unit_id else "",
            self.slugs.get(initiative.parent_id, "") if initiative.parent_id else "",
            initiative.starts_on,
            initiative.ends_on,
            initiative.website,
            ", ".join(sorted(self.theme_slugs.get(pk, "") for pk in themes)),
            "; ".join(f"{organisations.label(pk)}:{role}" for pk, role in partners),
            initiative.description_en,
            initiative.description_zh_hant,
            initiative.description_zh_hans,
        ]


def _partners_of(initiative: Initiative) -> Partners:
    return [(p.organisation_id, p.role) for p in initiative.partnerships.all()]


def export_initiatives(queryset: QuerySet[Initiative]) -> Iterator[list[Any]]:
    labels = InitiativeLabels()
    records = queryset.select_related("city").prefetch_related("themes", "partnerships")
    for initiative in records.iterator(chunk_size=2000):
        themes = [theme.pk for theme in initiative.themes.all()]
        yield labels.row(initiative, themes, _partners_of(initiative))


@dataclass
class InitiativePlan:
    initiative: Initiative
    themes: list[int] | None  # None: keep the stored ones
    partners: Partners | None  # None: keep the stored ones
    parent_slug: str  # a parent created by an earlier row has no id until that row is written
    before: Snapshot = field(default_factory=dict)  # empty for a new initiative


class InitiativeImporter(Importer[InitiativePlan]):
    kind = "initiatives"
    columns = COLUMNS
    required_columns = ("slug",)

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.kinds = choices(Initiative.Kind)
        self.statuses = choices(Initiative.Status)
        self.labels = InitiativeLabels()
        self.partners = PartnersCell(
            self.labels.organisations, InitiativePartner.Role, InitiativePartner.Role.PARTNER
        )
        stored = {slug.casefold(): pk for pk, slug in self.labels.slugs.items()}
        wanted = sorted({pk for source in rows if (pk := stored.get(self._slug_of(source)))})
        self.stored: dict[str, Initiative] = {}
        self.stored_themes: dict[int, list[int]] = {}
        self.stored_partners: dict[int, Partners] = {}
        for batch in batches(wanted):
            # Locked until the import ends: nobody changes them between check and write.
            records = (
                Initiative.objects.select_for_update()
                .filter(pk__in=batch)
                .prefetch_related("themes", "partnerships")
            )
            for initiative in records:
                self.stored[initiative.slug.casefold()] = initiative
                self.stored_themes[initiative.pk] = [t.pk for t in initiative.themes.all()]
                self.stored_partners[initiative.pk] = _partners_of(initiative)
        # What each initiative is part of, as the rows checked so far leave it (cycles).
        self.parents: dict[str, str] = {
            slug.casefold(): parent.casefold()
            for slug, parent in Initiative.objects.filter(parent__isnull=False)
            .values_list("slug", "parent__slug")
            .order_by()
        }
        # Slugs a parent cell may name: stored ones and those of rows checked so far.
        self.known: dict[str, str] = {slug.casefold(): slug for slug in self.labels.slugs.values()}
        self.stored_pks = stored
        self.seen: dict[str, int] = {}

    @staticmethod
    def _slug_of(source: SourceRow) -> str:
        return (source.get("slug") or slugify(source.get("name_en"))).casefold()

    def _slug(self, row: RowCheck) -> str:
        slug = row.cell("slug") or slugify(row.cell("name_en"))
        if not slug:
            row.problem(
                "slug",
                _("Give the slug of a new initiative, or its English name to make one from."),
            )
        elif slug.casefold() in self.seen:
            row.problem(
                "slug",
                _("Row %(row)s has the same slug.") % {"row": self.seen[slug.casefold()]},
            )
        else:
            self.seen[slug.casefold()] = row.number
        return slug

    def _kind(self, row: RowCheck, new: bool) -> str:
        kind = cell_choice(
            row,
            "kind",
            Initiative.Kind,
            self.kinds,
            unknown=_("“%(value)s” is not a kind of initiative: use %(choices)s."),
            required=_("Give the kind of a new initiative: %(choices)s.") if new else "",
        )
        return kind or ""

    def _status(self, row: RowCheck) -> str:
        status = cell_choice(
            row,
            "status",
            Initiative.Status,
            self.statuses,
            unknown=_("“%(value)s” is not a status: use %(choices)s."),
        )
        return status or ""

    def _parent(self, row: RowCheck, slug: str) -> str:
        """The parent's slug (case-folded) when one is given and may be taken."""
        parent = row.cell("parent").casefold()
        if not parent:
            return ""
        if parent not in self.known:
            row.problem(
                "parent",
                _(
                    "There is no initiative with the slug “%(slug)s”: a new one must come on a "
                    "row before the initiatives that are part of it."
                )
                % {"slug": row.cell("parent")},
            )
            return ""
        ancestor, steps = parent, 0
        while ancestor and steps <= len(self.parents):
            if ancestor == slug.casefold():
                row.problem("parent", str(PART_OF_ITSELF))
                return ""
            ancestor, steps = self.parents.get(ancestor, ""), steps + 1
        return parent

    def _city(self, row: RowCheck) -> City | None:
        if not row.cell("city"):
            return None
        try:
            return self.labels.cities.find(row.cell("city"))
        except UnresolvedError as error:
            row.problem("city", str(error))
            return None

    def check(self, row: RowCheck) -> Planned[InitiativePlan]:
        slug = self._slug(row)
        label = slug or next((row.cell(c) for c in NAME_COLUMNS if row.cell(c)), "")
        existing = self.stored.get(slug.casefold()) if slug else None
        kind = self._kind(row, new=existing is None)
        status = self._status(row)
        city = self._city(row)
        unit_id = cell_unit(row, self.labels.units, self.labels.organisations.home_pk, "lead_unit")
        parent = self._parent(row, slug) if slug else ""
        dates = cell_dates(row, DATE_COLUMNS)
        themes = cell_slugs(
            row, "themes", self.labels.themes, _("There is no theme with the slug “%(slug)s”.")
        )
        partners = self.partners.read(row)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))

        initiative = existing or Initiative(slug=slug)
        stored_themes = self.stored_themes.get(initiative.pk, []) if existing else []
        stored_partners = self.stored_partners.get(initiative.pk, []) if existing else []
        before_row = (
            as_text(COLUMNS, self.labels.row(initiative, stored_themes, stored_partners))
            if existing
            else {}
        )
        before = (
            snapshot(initiative, exclude=AUDIT_EXCLUDED)
            | {"themes": sorted(stored_themes), "partners": sorted(dict(stored_partners))}
            if existing
            else {}
        )
        for column, value in (("kind", kind), ("status", status), ("acronym", row.cell("acronym"))):
            if value:
                setattr(initiative, column, value)
        set_texts(initiative, row, "name", "description")
        if city is not None:
            initiative.city = city
        if unit_id is not None:
            initiative.lead_unit_id = unit_id
        for column, date in dates.items():
            setattr(initiative, column, date)
        if row.cell("website"):
            initiative.website = row.cell("website")
        starts_on, ends_on = initiative.starts_on, initiative.ends_on
        if starts_on and ends_on and ends_on < starts_on:
            row.problem("ends_on", str(ENDS_BEFORE_START))
        clean_cells(row, initiative, CLEANED_FIELDS)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))

        if parent and parent != self.parents.get(slug.casefold()):
            self.parents[slug.casefold()] = parent
        self.known[slug.casefold()] = slug
        stored_parent = self.labels.slugs.get(initiative.parent_id or 0, "")
        parent_label = self.known[parent] if parent else stored_parent
        if themes is not None and sorted(themes) == sorted(stored_themes):
            themes = None  # listed as they are: nothing to rewrite
        if partners is not None and partners == stored_partners:
            partners = None
        changes = []
        if existing:
            after_row = self.labels.row(
                initiative,
                stored_themes if themes is None else themes,
                stored_partners if partners is None else partners,
            )
            after_row[COLUMNS.index("parent")] = parent_label
            changes = self.changes(before_row, as_text(COLUMNS, after_row))
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)  # nothing to write
        return Planned(preview, InitiativePlan(initiative, themes, partners, parent, before))

    def write(self, plans: Sequence[Planned[InitiativePlan]]) -> None:
        written: dict[str, int] = {}  # slug (case-folded) -> pk, of the rows written so far
        touched: set[int] = set()
        with AuditBatch(self.actor) as audit:
            for planned in plans:
                assert planned.payload is not None  # checked rows always carry their plan
                plan = planned.payload
                if plan.parent_slug:
                    plan.initiative.parent_id = written.get(
                        plan.parent_slug, self.stored_pks.get(plan.parent_slug)
                    )
                touched |= self._save(plan, planned.preview.row, audit)
                written[plan.initiative.slug.casefold()] = plan.initiative.pk
        # The partner flags follow, and the labs' place in the expertise finder.
        for batch in batches(sorted(touched)):
            organisation_links_changed.send(sender=Initiative, organisation_ids=batch)
        initiatives_changed.send(sender=Initiative, initiative_ids=sorted(written.values()))

    def _save(self, plan: InitiativePlan, row: int, audit: AuditBatch) -> set[int]:
        """Write one initiative as the services would; the partner organisations touched."""
        initiative = plan.initiative
        created = initiative.pk is None
        initiative.search_text = initiative_search_text(initiative)
        initiative.save()
        if plan.themes is not None:
            initiative.themes.set(plan.themes)
        themes = plan.themes
        if themes is None:
            themes = self.stored_themes.get(initiative.pk, [])
        stored = [] if created else self.stored_partners.get(initiative.pk, [])
        touched: set[int] = set()
        if plan.partners is not None:
            touched = self._replace_partners(initiative, stored, plan.partners, row, audit)
        partners = plan.partners if plan.partners is not None else stored
        audit.add(
            initiative,
            before=plan.before,
            after=snapshot(initiative, exclude=AUDIT_EXCLUDED)
            | {"themes": sorted(themes), "partners": sorted(dict(partners))},
            note=self.audit_note(row),
        )
        return touched

    def _replace_partners(
        self,
        initiative: Initiative,
        stored: Partners,
        partners: Partners,
        row: int,
        audit: AuditBatch,
    ) -> set[int]:
        """In the cell's order; a kept partner keeps its dates, and a role change is logged on
        its row, as the initiative form logs it."""
        wanted = dict(partners)
        kept = dict(stored)
        initiative.partnerships.exclude(organisation_id__in=wanted).delete()
        rows = {p.organisation_id: p for p in initiative.partnerships.all()}
        for position, (pk, role) in enumerate(partners):
            partnership = rows.get(pk)
            if partnership is None:
                InitiativePartner.objects.create(
                    initiative=initiative, organisation_id=pk, role=role, position=position
                )
                continue
            before = snapshot(partnership)
            partnership.role, partnership.position = role, position
            partnership.save(update_fields=["role", "position"])
            if kept[pk] != role:
                audit.add(
                    partnership,
                    before=before,
                    after=snapshot(partnership),
                    note=self.audit_note(row),
                )
        return set(kept) | set(wanted)
