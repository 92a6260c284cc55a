"""Importing and exporting organisations.

Columns: name_en, name_zh_hant, name_zh_hans, ror_id, type, city, country, website.
A row is matched to a stored organisation by ROR id, then by any of its names (folded, so
香港理工大學 finds 香港理工大学), and updated; otherwise it is created. A blank cell leaves the
stored value as it is; a blank Chinese-script name is converted from the other script.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, snapshot
from baylink.core.countries import country_code_problem
from baylink.core.events import organisations_renamed
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.importing import Importer, Planned, RowCheck, clean_fields_of
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import set_trilingual, trilingual_columns
from baylink.directory.importers.indexes import (
    CityIndex,
    OrganisationIndex,
    UnresolvedError,
    folded,
)
from baylink.directory.models import (
    ROR_ID_PATTERN,
    City,
    Organisation,
    OrganisationType,
    normalise_ror_id,
    validate_ror_id,
)
from baylink.directory.services import organisation_search_text

COLUMNS = (
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "ror_id",
    "type",
    "city",
    "country",
    "website",
)
NAME_COLUMNS = trilingual_columns("name")
# Model field -> the column its errors are reported under.
FIELD_COLUMNS = {
    "name_en": "name_en",
    "name_zh_hant": "name_zh_hant",
    "name_zh_hans": "name_zh_hans",
    "ror_id": "ror_id",
    "country_code": "country",
    "website": "website",
}
UPDATED_FIELDS = [
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "name_zh_hant_machine",
    "name_zh_hans_machine",
    "ror_id",
    "city",
    "country_code",
    "website",
    "search_text",
    "updated_at",
]
TYPE_SEPARATORS = (";", ",", "|")
BATCH = 500
# New rows compared with the directory by the name resolver (about a millisecond each, and its
# index in memory): a file that adds more is checked without it, so that a bulk load of tens of
# thousands of organisations stays within a minute and 500 MB.
POSSIBLE_MATCH_LIMIT = 5000


def parse_types(text: str) -> list[str]:
    """'Education; Funder' -> ['education', 'funder'] (ROR organisation types)."""
    for separator in TYPE_SEPARATORS[1:]:
        text = text.replace(separator, TYPE_SEPARATORS[0])
    wanted = []
    for part in text.split(TYPE_SEPARATORS[0]):
        code = part.strip().lower().replace("-", "").replace(" ", "")
        if not code:
            continue
        if code not in OrganisationType.Code.values:
            raise UnresolvedError(
                _("“%(type)s” is not a ROR organisation type: use %(types)s.")
                % {"type": part.strip(), "types": ", ".join(OrganisationType.Code.values)}
            )
        wanted.append(code)
    return sorted(set(wanted))


def normalise_website(text: str) -> str:
    """'www.polyu.edu.hk' -> 'https://www.polyu.edu.hk': the scheme is what people leave out."""
    value = text.strip()
    if value and "://" not in value:
        value = f"https://{value}"
    return value  # full_clean() checks it is a web address


def organisation_row(
    organisation: Organisation, types: Sequence[str], cities: CityIndex
) -> list[str]:
    """An organisation as the import reads it (and the export writes it)."""
    return [
        organisation.name_en,
        organisation.name_zh_hant,
        organisation.name_zh_hans,
        organisation.ror_id or "",
        ";".join(sorted(types)),
        cities.label(organisation.city) if organisation.city else "",
        organisation.country_code,
        organisation.website,
    ]


def export_organisations(queryset: QuerySet[Organisation]) -> Iterator[list[Any]]:
    cities = CityIndex()
    records = queryset.select_related("city").prefetch_related("types")
    for organisation in records.iterator(chunk_size=2000):
        types = [t.code for t in organisation.types.all()]
        yield organisation_row(organisation, types, cities)


@dataclass
class OrganisationPlan:
    organisation: Organisation
    types: list[str] | None  # None: leave the stored types alone
    before: Snapshot = field(default_factory=dict)  # empty for a new organisation


class OrganisationImporter(Importer[OrganisationPlan]):
    kind = "organisations"
    columns = COLUMNS
    one_of_columns = NAME_COLUMNS

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.index = OrganisationIndex()
        self.cities = CityIndex()
        self.matches: dict[int, int] = {}  # row number -> organisation pk
        self.match_problems: dict[int, list[tuple[str, str]]] = {}
        seen_ror: dict[str, int] = {}
        seen_pk: dict[int, int] = {}
        seen_name: dict[str, tuple[int, str]] = {}
        for row in rows:
            problems: list[tuple[str, str]] = []
            ror_id = normalise_ror_id(row.get("ror_id"))
            ror_id = ror_id if ROR_ID_PATTERN.match(ror_id) else ""
            names = tuple(row.get(column) for column in NAME_COLUMNS)
            pk = self._match(ror_id, names, problems)
            if pk is not None:
                self.matches[row.number] = pk
                if pk in seen_pk:
                    problems.append(
                        (
                            "",
                            _("Row %(row)s is about the same organisation.") % {"row": seen_pk[pk]},
                        )
                    )
                seen_pk.setdefault(pk, row.number)
            if ror_id:
                if ror_id in seen_ror:
                    problems.append(
                        (
                            "ror_id",
                            _("Row %(row)s has the same ROR id.") % {"row": seen_ror[ror_id]},
                        )
                    )
                seen_ror.setdefault(ror_id, row.number)
            for column, name in zip(NAME_COLUMNS, names, strict=True):
                key = folded(name)
                if not key:
                    continue
                earlier = seen_name.get(key)
                if (
                    earlier
                    and earlier[0] != row.number
                    and not (earlier[1] and ror_id and earlier[1] != ror_id)
                ):
                    problems.append(
                        (column, _("Row %(row)s has the same name.") % {"row": earlier[0]})
                    )
                    break
                seen_name.setdefault(key, (row.number, ror_id))
            if problems:
                self.match_problems[row.number] = problems
        self.records: dict[int, Organisation] = {}
        self.types_of: dict[int, list[str]] = {}
        # Loaded a batch at a time as the rows come (see _record), in the order they come.
        self.load_order = list(dict.fromkeys(self.matches.values()))
        self.load_position = {pk: index for index, pk in enumerate(self.load_order)}
        self.new_rows = len(rows) - len(self.matches)
        self.notes_possible_matches = self.new_rows <= POSSIBLE_MATCH_LIMIT

    def warnings(self) -> list[str]:
        if self.notes_possible_matches:
            return []
        return [
            _(
                "This file adds %(count)s organisations: too many to compare each with the "
                "directory while checking it. After the import, look for repeats under "
                "Possible duplicates."
            )
            % {"count": f"{self.new_rows:,}"}
        ]

    def _record(self, pk: int) -> Organisation | None:
        """The stored organisation, loaded with the next few hundred the file will need.

        Not all at once: records that the file leaves unchanged are dropped once checked.
        """
        if pk not in self.records:
            start = self.load_position[pk]
            batch = self.load_order[start : start + BATCH]
            for organisation in Organisation.objects.select_related("city").filter(pk__in=batch):
                self.records[organisation.pk] = organisation
            # Types by hand, not prefetched: a prefetch cache refers back to its instance, and
            # such cycles would outlive the checked rows while the cycle collector is paused.
            through = Organisation.types.through.objects.filter(organisation_id__in=batch)
            for organisation_id, code in through.values_list(
                "organisation_id", "organisationtype_id"
            ):
                self.types_of.setdefault(organisation_id, []).append(code)
        return self.records.get(pk)  # None if someone deleted it meanwhile

    def _match(
        self, ror_id: str, names: tuple[str, ...], problems: list[tuple[str, str]]
    ) -> int | None:
        if ror_id and ror_id in self.index.by_ror:
            return self.index.by_ror[ror_id]
        candidates = self.index.named(names)
        if ror_id:
            others = {pk for pk in candidates if self.index.by_pk[pk].ror_id not in ("", ror_id)}
            if others:
                problems.append(
                    (
                        "ror_id",
                        _(
                            "An organisation with this name has another ROR id: %(names)s. "
                            "Check the ROR id."
                        )
                        % {
                            "names": ", ".join(
                                f"{self.index.describe({pk})} ({self.index.by_pk[pk].ror_id})"
                                for pk in sorted(others)
                            )
                        },
                    )
                )
                return None
        if len(candidates) > 1:
            problems.append(
                (
                    next((c for c, n in zip(NAME_COLUMNS, names, strict=True) if n), "name_en"),
                    _(
                        "The names match several organisations: %(names)s. "
                        "Add the ROR id, or make the names match one."
                    )
                    % {"names": self.index.describe(candidates)},
                )
            )
            return None
        return next(iter(candidates)) if candidates else None

    def check(self, row: RowCheck) -> Planned[OrganisationPlan]:
        for column, message in self.match_problems.get(row.number, []):
            row.problem(column, message)
        names = {column: row.cell(column) for column in NAME_COLUMNS}
        label = next((name for name in names.values() if name), "")
        ror_id = ""
        if row.cell("ror_id"):
            ror_id = normalise_ror_id(row.cell("ror_id"))
            try:
                validate_ror_id(ror_id)
            except ValidationError as error:
                row.problem("ror_id", error.messages[0])
        types: list[str] | None = None
        if row.cell("type"):
            try:
                types = parse_types(row.cell("type"))
            except UnresolvedError as error:
                row.problem("type", str(error))
        country = row.cell("country").upper()
        problem = country_code_problem(row.cell("country"))
        if problem:
            row.problem("country", problem)
            country = ""
        city: City | None = None
        if row.cell("city"):
            try:
                city = self.cities.find(row.cell("city"), country)
            except UnresolvedError as error:
                row.problem("city", str(error))
        if city and country and city.country_code != country:
            row.problem(
                "country",
                _("%(city)s is in %(city_country)s, not %(country)s.")
                % {
                    "city": city.name_en or city.code,
                    "city_country": city.country_code,
                    "country": country,
                },
            )
        website = normalise_website(row.cell("website")) if row.cell("website") else ""
        pk = self.matches.get(row.number)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        existing = self._record(pk) if pk is not None else None
        if pk is not None and existing is None:
            row.problem("", _("The organisation was deleted while the file was checked."))
            return Planned(RowPreview(row.number, ERROR, label))
        if existing is None and self.notes_possible_matches:
            self._note_possible_match(row, names, ror_id)
        organisation = existing or Organisation()
        before_types = sorted(self.types_of.pop(pk, [])) if pk is not None else []
        before_row = organisation_row(organisation, before_types, self.cities) if existing else []
        before = (
            snapshot(organisation, exclude=["search_text"]) | {"types": before_types}
            if existing
            else {}
        )
        set_trilingual(
            organisation,
            "name",
            **{column.removeprefix("name_"): (value or None) for column, value in names.items()},
        )
        if ror_id:
            organisation.ror_id = ror_id
        if city:
            organisation.city = city
        if country or city:
            organisation.country_code = country or (city.country_code if city else "")
        if website:
            organisation.website = website
        try:
            clean_fields_of(organisation, FIELD_COLUMNS)
        except ValidationError as error:
            row.validation_error(error, FIELD_COLUMNS)
            return Planned(RowPreview(row.number, ERROR, label))
        changes = []
        if existing:
            after_types = types if types is not None else before_types
            changes = self.changes(
                dict(zip(COLUMNS, before_row, strict=True)),
                dict(
                    zip(
                        COLUMNS,
                        organisation_row(organisation, after_types, self.cities),
                        strict=True,
                    )
                ),
            )
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label or organisation.name_en, changes)
        if action == UNCHANGED:
            assert pk is not None  # only a stored record can be unchanged
            del self.records[pk]  # nothing to write: no need to keep it in memory
            return Planned(preview)
        return Planned(preview, OrganisationPlan(organisation, types, before))

    def _note_possible_match(self, row: RowCheck, names: dict[str, str], ror_id: str) -> None:
        """A new row that the resolver reads as a stored organisation: said, never applied.

        Updating the resolver's pick would overwrite the wrong record whenever it is wrong, so
        only a ROR id or an exact name updates; the note tells the user how to get that.
        """
        for name in names.values():
            resolved = self.index.resolve(name) if name else None
            if resolved is None:
                continue
            entry = self.index.by_pk[resolved.pk]
            if ror_id and entry.ror_id:
                return  # two ROR ids: the registry itself keeps them apart
            values = {
                "name": self.index.describe({resolved.pk}),
                "ror_id": entry.ror_id,
                "score": f"{resolved.score:.2f}",
                "matched": resolved.matched_name,
            }
            if entry.ror_id:
                message = _(
                    "Possibly the same as %(name)s (ROR id %(ror_id)s; score %(score)s, matched "
                    "“%(matched)s”): add its ROR id to update it; otherwise a new organisation "
                    "is created."
                )
            elif ror_id:
                message = _(
                    "Possibly the same as %(name)s (score %(score)s, matched “%(matched)s”): a "
                    "new organisation is created; if they are the same, merge them under "
                    "Possible duplicates."
                )
            else:
                message = _(
                    "Possibly the same as %(name)s (score %(score)s, matched “%(matched)s”): "
                    "write its name as stored to update it; otherwise a new organisation is "
                    "created."
                )
            row.note(message % values)
            return

    def write(self, plans: Sequence[Planned[OrganisationPlan]]) -> None:
        """In batches: a few queries per few hundred rows, not several per row."""
        now = timezone.now()
        renamed: list[int] = []
        with AuditBatch(self.actor) as audit:
            for start in range(0, len(plans), BATCH):
                batch = [p.payload for p in plans[start : start + BATCH] if p.payload is not None]
                rows = [p.preview.row for p in plans[start : start + BATCH] if p.payload]
                created = [plan.organisation for plan in batch if plan.organisation.pk is None]
                updated = [plan.organisation for plan in batch if plan.organisation.pk]
                # The search text of a stored record keeps its aliases.
                prefetch_related_objects(updated, "names")
                for plan in batch:
                    plan.organisation.search_text = organisation_search_text(plan.organisation)
                    plan.organisation.updated_at = now
                Organisation.objects.bulk_create(created)
                afters = [snapshot(plan.organisation, exclude=["search_text"]) for plan in batch]
                for plan, after in zip(batch, afters, strict=True):
                    if plan.before:
                        self._update(plan, after)
                        if any(plan.before.get(f) != after.get(f) for f in NAME_COLUMNS):
                            renamed.append(plan.organisation.pk)
                self._write_types(batch)
                for plan, after, row in zip(batch, afters, rows, strict=True):
                    types = plan.types if plan.types is not None else plan.before.get("types", [])
                    audit.add(
                        plan.organisation,
                        before=plan.before,
                        after=after | {"types": types},
                        note=self.audit_note(row),
                    )
        if renamed:
            organisations_renamed.send(sender=Organisation, organisation_ids=renamed)

    @staticmethod
    def _update(plan: OrganisationPlan, after: Snapshot) -> None:
        """Only the changed columns: one UPDATE each (bulk_update's CASE grows quadratically)."""
        organisation = plan.organisation
        changed = {
            field.attname: getattr(organisation, field.attname)
            for field in Organisation._meta.concrete_fields
            if field.name in UPDATED_FIELDS and plan.before.get(field.name) != after.get(field.name)
        }
        Organisation.objects.filter(pk=organisation.pk).update(
            **changed, search_text=organisation.search_text, updated_at=organisation.updated_at
        )

    @staticmethod
    def _write_types(batch: Sequence[OrganisationPlan]) -> None:
        through = Organisation.types.through
        changed = [plan for plan in batch if plan.types is not None]
        stale = [plan.organisation.pk for plan in changed if plan.before]
        if stale:
            through.objects.filter(organisation_id__in=stale).delete()
        through.objects.bulk_create(
            [
                through(organisation_id=plan.organisation.pk, organisationtype_id=code)
                for plan in changed
                for code in plan.types or []
            ]
        )
