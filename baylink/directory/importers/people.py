"""Importing and exporting people.

Columns: name_en, name_zh_hant, name_zh_hans, honorific, email, orcid, organisation, unit.
`organisation` is a ROR id or a name; `unit` a unit's code or name (in that organisation, when
one is given). A row is matched to a stored person by e-mail, then ORCID iD, then name within the
same organisation, and updated; otherwise it is created. A blank cell leaves the stored value.
"""

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, audit_record, snapshot
from baylink.core.models import AuditEntry
from baylink.core.tabular.importing import Importer, Planned, RowCheck, clean_fields_of
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.core.trilingual import set_trilingual, trilingual_columns
from baylink.directory.importers.indexes import (
    OrganisationIndex,
    UnitIndex,
    UnresolvedError,
    folded,
)
from baylink.directory.models import Person
from baylink.directory.services import person_search_text

COLUMNS = (
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "honorific",
    "email",
    "orcid",
    "organisation",
    "unit",
)
NAME_COLUMNS = trilingual_columns("name")
CLEANED_FIELDS = (*NAME_COLUMNS, "honorific", "email", "orcid")
FIELD_COLUMNS = {
    "name_en": "name_en",
    "name_zh_hant": "name_zh_hant",
    "name_zh_hans": "name_zh_hans",
    "honorific": "honorific",
    "email": "email",
    "orcid": "orcid",
    "organisation": "organisation",
    "unit": "unit",
}
ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
BATCH = 500


def normalise_orcid(text: str) -> str:
    """'https://orcid.org/0000-0002-1825-0097' or '0000000218250097' -> '0000-0002-1825-0097'."""
    value = text.strip().upper().removeprefix("HTTPS://").removeprefix("HTTP://")
    value = value.removeprefix("ORCID.ORG/").replace(" ", "")
    digits = value.replace("-", "")
    if len(digits) == 16 and "-" not in value:
        value = "-".join(digits[i : i + 4] for i in range(0, 16, 4))
    return value


def orcid_is_valid(orcid: str) -> bool:
    """The pattern and the ISO 7064 11,2 check character that every ORCID iD carries."""
    if not ORCID_PATTERN.match(orcid):
        return False
    digits = orcid.replace("-", "")
    total = 0
    for digit in digits[:-1]:
        total = (total + int(digit)) * 2
    check = (12 - total % 11) % 11
    return digits[-1] == ("X" if check == 10 else str(check))


def person_row(person: Person, organisations: OrganisationIndex, units: UnitIndex) -> list[str]:
    """A person as the import reads it (and the export writes it)."""
    organisation = ""
    if person.organisation_id is not None:
        organisation = organisations.label(person.organisation_id)
    unit = ""
    if person.unit_id is not None:
        unit = units.label(person.unit_id)
    return [
        person.name_en,
        person.name_zh_hant,
        person.name_zh_hans,
        person.honorific,
        person.email,
        person.orcid,
        organisation,
        unit,
    ]


def export_people(queryset: QuerySet[Person]) -> Iterator[list[Any]]:
    organisations = OrganisationIndex()
    units = UnitIndex()
    for person in queryset.iterator(chunk_size=2000):
        yield person_row(person, organisations, units)


@dataclass
class PersonPlan:
    person: Person
    before: Snapshot = field(default_factory=dict)


class PersonImporter(Importer[PersonPlan]):
    kind = "people"
    columns = COLUMNS
    one_of_columns = NAME_COLUMNS

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.organisations = OrganisationIndex()
        self.units = UnitIndex()
        self.by_email: dict[str, set[int]] = defaultdict(set)
        self.by_orcid: dict[str, set[int]] = defaultdict(set)
        self.by_name: dict[tuple[str, int | None], set[int]] = defaultdict(set)
        stored = Person.objects.values_list(
            "pk", "email", "orcid", "organisation_id", "name_en", "name_zh_hant", "name_zh_hans"
        ).order_by()
        for pk, email, orcid, organisation_id, *names in stored.iterator(5000):
            if email:
                self.by_email[email.casefold()].add(pk)
            if orcid:
                self.by_orcid[orcid.upper()].add(pk)
            for name in names:
                if name:
                    self.by_name[(folded(name), organisation_id)].add(pk)
        self.seen: dict[tuple[str, str], int] = {}
        self.matched_rows: dict[int, int] = {}
        self.records: dict[int, Person] = {}

    def _load(self, pk: int) -> Person:
        if pk not in self.records:
            self.records[pk] = Person.objects.get(pk=pk)
        return self.records[pk]

    def _references(self, row: RowCheck) -> tuple[int | None, int | None]:
        """The organisation's and unit's ids the row names (problems reported on the row)."""
        organisation_id: int | None = None
        if row.cell("organisation"):
            try:
                organisation_id, note = self.organisations.find_or_resolve(row.cell("organisation"))
            except UnresolvedError as error:
                row.problem("organisation", str(error))
                return None, None
            if note:
                row.note(note)
        unit_id: int | None = None
        if row.cell("unit"):
            try:
                entry = self.units.find(row.cell("unit"), organisation_id)
            except UnresolvedError as error:
                row.problem("unit", str(error))
                return None, None
            unit_id = entry.pk
            organisation_id = organisation_id or entry.organisation_id
        return organisation_id, unit_id

    def _match(
        self, row: RowCheck, email: str, orcid: str, organisation_id: int | None
    ) -> int | None:
        by_email = self.by_email.get(email.casefold(), set()) if email else set()
        if len(by_email) > 1:
            row.problem("email", _("Several people have this e-mail address; merge them first."))
            return None
        by_orcid = self.by_orcid.get(orcid, set()) if orcid else set()
        if len(by_orcid) > 1:
            row.problem("orcid", _("Several people have this ORCID iD; merge them first."))
            return None
        if by_email and by_orcid and by_email != by_orcid:
            row.problem(
                "orcid",
                _("The e-mail address and the ORCID iD belong to two different people."),
            )
            return None
        if by_email or by_orcid:
            return next(iter(by_email or by_orcid))
        by_name: set[int] = set()
        for column in NAME_COLUMNS:
            if row.cell(column):
                by_name |= self.by_name.get((folded(row.cell(column)), organisation_id), set())
        if len(by_name) > 1:
            row.problem(
                "name_en",
                _(
                    "Several people of this organisation have this name: "
                    "add their e-mail or ORCID iD."
                ),
            )
            return None
        return next(iter(by_name)) if by_name else None

    def _seen(self, row: RowCheck, keys: list[tuple[str, str]]) -> None:
        for column, key in keys:
            earlier = self.seen.get((column, key))
            if earlier is not None:
                row.problem(column, _("Row %(row)s is about the same person.") % {"row": earlier})
                return
        for column, key in keys:
            self.seen.setdefault((column, key), row.number)

    def check(self, row: RowCheck) -> Planned[PersonPlan]:
        names = {column: row.cell(column) for column in NAME_COLUMNS}
        label = next((name for name in names.values() if name), row.cell("email"))
        email = row.cell("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                row.problem("email", _("“%(email)s” is not an e-mail address.") % {"email": email})
        orcid = normalise_orcid(row.cell("orcid")) if row.cell("orcid") else ""
        if orcid and not orcid_is_valid(orcid):
            row.problem(
                "orcid",
                _("“%(orcid)s” is not an ORCID iD (e.g. 0000-0002-1825-0097).")
                % {"orcid": row.cell("orcid")},
            )
        organisation_id, unit_id = self._references(row)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        pk = self._match(row, email, orcid, organisation_id)
        keys = [("email", email.casefold())] if email else []
        keys += [("orcid", orcid)] if orcid else []
        keys += [("name_en", f"{folded(n)}|{organisation_id}") for n in names.values() if n][:1]
        if pk is not None:
            keys.append(("", f"#{pk}"))
        self._seen(row, keys)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        existing = self._load(pk) if pk is not None else None
        person = existing or Person()
        before_row = person_row(person, self.organisations, self.units) if existing else []
        before = snapshot(person, exclude=["search_text"]) if existing else {}
        set_trilingual(
            person,
            "name",
            en=names["name_en"] or None,
            zh_hant=names["name_zh_hant"] or None,
            zh_hans=names["name_zh_hans"] or None,
        )
        if row.cell("honorific"):
            person.honorific = row.cell("honorific")
        if email:
            person.email = email
        if orcid:
            person.orcid = orcid
        if organisation_id is not None:
            person.organisation_id = organisation_id
            if unit_id is None and person.unit_id is not None:
                stored_unit = self.units.by_pk.get(person.unit_id)
                if stored_unit is not None and stored_unit.organisation_id != organisation_id:
                    person.unit_id = None  # the stored unit belongs to the old organisation
        if unit_id is not None:
            person.unit_id = unit_id
        try:
            clean_fields_of(person, CLEANED_FIELDS)
        except ValidationError as error:
            row.validation_error(error, FIELD_COLUMNS)
            return Planned(RowPreview(row.number, ERROR, label))
        changes = []
        if existing:
            changes = self.changes(
                dict(zip(COLUMNS, before_row, strict=True)),
                dict(zip(COLUMNS, person_row(person, self.organisations, self.units), strict=True)),
            )
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label or person.name_en, changes)
        if action == UNCHANGED:
            return Planned(preview)  # nothing to write
        return Planned(preview, PersonPlan(person, before))

    def write(self, plans: Sequence[Planned[PersonPlan]]) -> None:
        for planned in plans:
            assert planned.payload is not None  # checked rows always carry their plan
            person = planned.payload.person
            person.search_text = person_search_text(person)
            person.save()
            audit_record(
                actor=self.actor,
                instance=person,
                action=AuditEntry.Action.IMPORT,
                before=planned.payload.before,
                after=snapshot(person, exclude=["search_text"]),
                note=self.audit_note(planned.preview.row),
            )
