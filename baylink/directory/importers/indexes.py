"""In-memory look-ups for imports: organisations, cities, units and people by id, code, folded
name or e-mail address.

Loaded once per import (a few queries), so that checking a 50,000-row file does not cost a
query per row. Names are folded (case, width, script, regional wording) before comparison.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from baylink.core.chinese import fold
from baylink.core.http import record_id
from baylink.core.search import SEPARATOR
from baylink.directory.cities import Location, gba_city_code
from baylink.directory.models import (
    ROR_ID_PATTERN,
    City,
    Organisation,
    Person,
    Unit,
    normalise_ror_id,
)

if TYPE_CHECKING:
    from baylink.resolution.engine import Resolver

MAX_NAMED = 5


def folded(text: str) -> str:
    """fold(), faster: ASCII needs no script conversion, and names recur within an import."""
    if text.isascii():
        return " ".join(text.casefold().split())
    return _folded(text)


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    return fold(text)


class UnresolvedError(ValueError):
    """The text names nothing, or several things; the message says what to write instead."""


class UnknownNameError(UnresolvedError):
    """No organisation has this name, alias or acronym (the resolver may still recognise it)."""


@dataclass(frozen=True)
class ResolvedName:
    """A stored organisation that the resolver, not an exact name, found for a text."""

    pk: int
    score: float
    matched_name: str


@dataclass(frozen=True)
class OrganisationEntry:
    pk: int
    ror_id: str
    names: tuple[str, ...]  # English, Traditional and Simplified Chinese

    @property
    def name(self) -> str:
        """English, else Chinese: for messages and exports."""
        return next((name for name in self.names if name), "")


def _label(entry_name: str, pk: int) -> str:
    return f"{entry_name} #{pk}"


def search_parts(search_text: str, names: tuple[str, ...]) -> set[str]:
    """The folded values a record's search text holds (names, aliases...), without folding.

    The stored search text is the folded values joined by SEPARATOR; names that contain the
    separator themselves, or a record whose search text is empty, are folded here instead.
    """
    if search_text and not any(SEPARATOR.strip() in name for name in names):
        return set(search_text.split(SEPARATOR))
    return {folded(name) for name in names if name}


class OrganisationIndex:
    """Every organisation by ROR id, and by its names and aliases (folded).

    Built from the stored search text, so that indexing a large directory folds no name: only
    the few records a name might match have their names folded, to confirm the match.
    """

    def __init__(self) -> None:
        self.by_pk: dict[int, OrganisationEntry] = {}
        self.by_ror: dict[str, int] = {}
        self.by_part: dict[str, list[int]] = defaultdict(list)
        self.home_pk: int | None = None
        self._folded_names: dict[int, set[str]] = {}
        # The resolver's answer per distinct text, so a name repeated on many rows costs once.
        self._resolved: dict[str, ResolvedName | None] = {}
        self._guesses: dict[str, str] = {}  # text -> the organisation the resolver half-believes
        self._resolver: Resolver | None = None
        rows = Organisation.objects.values_list(
            "pk", "ror_id", "name_en", "name_zh_hant", "name_zh_hans", "is_home", "search_text"
        ).order_by()
        for pk, ror_id, name_en, name_zh_hant, name_zh_hans, is_home, text in rows.iterator(5000):
            self.add(pk, ror_id or "", (name_en, name_zh_hant, name_zh_hans), text)
            if is_home:
                self.home_pk = pk

    def add(self, pk: int, ror_id: str, names: tuple[str, ...], search_text: str = "") -> None:
        self.by_pk[pk] = OrganisationEntry(pk, ror_id, names)
        if ror_id:
            self.by_ror[ror_id] = pk
        for part in search_parts(search_text, names):
            self.by_part[part].append(pk)

    def folded_names(self, pk: int) -> set[str]:
        if pk not in self._folded_names:
            self._folded_names[pk] = {folded(name) for name in self.by_pk[pk].names if name}
        return self._folded_names[pk]

    def named(self, names: tuple[str, ...]) -> set[int]:
        """Organisations with one of these names (English or Chinese, in either script)."""
        found: set[int] = set()
        for key in {folded(name) for name in names if name}:
            found |= {pk for pk in self.by_part.get(key, ()) if key in self.folded_names(pk)}
        return found

    def known_as(self, text: str) -> set[int]:
        """Organisations with this name, alias or acronym."""
        return set(self.by_part.get(folded(text), ()))

    def describe(self, pks: set[int]) -> str:
        shown = sorted(pks)[:MAX_NAMED]
        return "; ".join(_label(self.by_pk[pk].name, pk) for pk in shown)

    def label(self, pk: int) -> str:
        """How an export names an organisation so that `find` finds it again (and people read it).

        Its name when that is unique, else its ROR id, else the name with the record's number.
        """
        entry = self.by_pk.get(pk)
        if entry is None:
            return ""
        # ; and : separate parties and roles in the agreements' parties column.
        plain = not any(mark in entry.name for mark in ";:#")
        if entry.name and plain and len(self.named((entry.name,))) == 1:
            return entry.name
        if entry.ror_id:
            return entry.ror_id
        return _label(entry.name, pk) if plain else f"#{pk}"

    def find(self, text: str) -> int:
        """The organisation a cell names: 'Name #12', a ROR id (or URL), or a unique name."""
        value = text.strip()
        numbered = numbered_id(value)
        if numbered is not None and numbered in self.by_pk:
            return numbered
        ror_id = normalise_ror_id(value)
        if ROR_ID_PATTERN.match(ror_id):
            if ror_id in self.by_ror:
                return self.by_ror[ror_id]
            raise UnresolvedError(
                _("No organisation has the ROR id %(ror_id)s. Import the organisation first.")
                % {"ror_id": ror_id}
            )
        found = self.named((value,)) or self.known_as(value)
        if len(found) == 1:
            return next(iter(found))
        if not found:
            raise UnknownNameError(
                _("No organisation is called “%(name)s”. Check the spelling or import it first.")
                % {"name": value}
            )
        raise UnresolvedError(
            _("“%(name)s” could be several organisations: %(names)s. Use the ROR id instead.")
            % {"name": value, "names": self.describe(found)}
        )

    def resolve(self, text: str) -> ResolvedName | None:
        """The stored organisation the name resolver finds for a text, unless it abstains.

        Only for texts that no exact name matches: resolving costs far more than a look-up.
        """
        value = " ".join(text.split())
        if value in self._resolved:
            return self._resolved[value]
        if value and self._resolver is None:
            # Imported here: the resolution context reads the directory, not the other way
            # round. Fetched once per import, not once per text.
            from baylink.resolution.registry import current_resolver

            self._resolver = current_resolver()
        # A party or an employer named with its parent ("Shenzhen Institutes of Advanced
        # Technology, Chinese Academy of Sciences") is the unit that signs or employs.
        found = (
            self._resolver.resolve(value, most_specific=True) if value and self._resolver else None
        )
        answer = None
        if found is not None and not found.abstained:
            pk = found.organisation_id
            if pk is None and found.ror_id:
                pk = self.by_ror.get(found.ror_id)
            if pk is not None and pk in self.by_pk:
                answer = ResolvedName(pk, found.score, found.matched_name)
        elif found is not None and found.explanation.get("reason") == "below_threshold":
            # Not sure enough to read it so, but worth telling whoever fixes the cell.
            key = str(found.explanation.get("key") or "")
            guessed = self.by_ror.get(key)
            self._guesses[value] = (
                self.by_pk[guessed].name
                if guessed in self.by_pk
                else str(found.explanation.get("organisation") or "")
            )
        self._resolved[value] = answer
        return answer

    def find_or_resolve(self, text: str) -> tuple[int, str]:
        """find(), else the resolver's answer with a note saying how the text was read.

        The note is empty when the text names the organisation exactly.
        """
        try:
            return self.find(text), ""
        except UnknownNameError:
            resolved = self.resolve(text)
            if resolved is None:
                guess = self._guesses.get(" ".join(text.split()))
                if guess:
                    raise UnknownNameError(
                        _(
                            "No organisation is called “%(name)s”. It may be %(guess)s, but "
                            "not surely: write the name as the directory has it, or its ROR id."
                        )
                        % {"name": text.strip(), "guess": guess}
                    ) from None
                raise
        note = _("“%(text)s” read as %(name)s (score %(score)s, matched “%(matched)s”)") % {
            "text": text.strip(),
            "name": self.by_pk[resolved.pk].name,
            "score": f"{resolved.score:.2f}",
            "matched": resolved.matched_name,
        }
        return resolved.pk, note


class CityIndex:
    """Every city by code and by each of its names (folded)."""

    def __init__(self) -> None:
        self.by_code: dict[str, City] = {}
        self.by_name: dict[str, list[City]] = defaultdict(list)
        for city in City.objects.order_by("pk"):
            self.by_code[city.code.casefold()] = city
            for name in {
                folded(city.name_en),
                folded(city.name_zh_hant),
                folded(city.name_zh_hans),
            }:
                if name:
                    self.by_name[name].append(city)

    def find(self, text: str, country: str = "") -> City:
        value = text.strip()
        by_code = self.by_code.get(value.casefold())
        if by_code is not None:
            return by_code
        found = self.by_name.get(folded(value), [])
        if len(found) > 1 and country:
            found = [city for city in found if city.country_code == country]
        if len(found) == 1:
            return found[0]
        if not found:
            # A district or town that belongs to a Greater Bay Area city (Kowloon, Nanshan...).
            code = gba_city_code(Location(None, value, "CN"))
            if code and code.casefold() in self.by_code:
                return self.by_code[code.casefold()]
            raise UnresolvedError(
                _(
                    "Baylink knows no city called “%(city)s”. Write the city's name as in the "
                    "directory (e.g. Shenzhen, 深圳) or its code (e.g. SZ)."
                )
                % {"city": value}
            )
        codes = ", ".join(f"{city.code} ({city.country_code})" for city in found[:MAX_NAMED])
        raise UnresolvedError(
            _("Several cities are called “%(city)s”: write one of the codes %(codes)s.")
            % {"city": value, "codes": codes}
        )

    def label(self, city: City) -> str:
        """How an export writes the city: its English name if that finds it again, else code."""
        name = city.name_en or city.name_zh_hant or city.name_zh_hans
        try:
            if name and self.find(name, city.country_code) == city:
                return name
        except UnresolvedError:
            pass
        return city.code


@dataclass(frozen=True)
class UnitEntry:
    pk: int
    organisation_id: int
    code: str
    name: str


class UnitIndex:
    """Every unit by code and by each of its names (folded), with its organisation."""

    def __init__(self) -> None:
        self.by_pk: dict[int, UnitEntry] = {}
        self.by_key: dict[str, list[UnitEntry]] = defaultdict(list)
        rows = Unit.objects.values_list(
            "pk", "organisation_id", "code", "name_en", "name_zh_hant", "name_zh_hans"
        ).order_by("pk")
        for pk, organisation_id, code, *names in rows:
            entry = UnitEntry(pk, organisation_id, code, next((n for n in names if n), code))
            self.by_pk[pk] = entry
            keys = {code.casefold()} | {folded(name) for name in names}
            for key in keys - {""}:
                self.by_key[key].append(entry)

    def find(self, text: str, organisation_id: int | None = None) -> UnitEntry:
        """The unit a cell names (code or name), within the organisation when one is given."""
        value = text.strip()
        number = numbered_id(value)
        if number is not None and number in self.by_pk:
            numbered = self.by_pk[number]
            if organisation_id is None or numbered.organisation_id == organisation_id:
                return numbered
        found = {
            entry.pk: entry
            for key in (value.casefold(), folded(value))
            for entry in self.by_key.get(key, [])
            if organisation_id is None or entry.organisation_id == organisation_id
        }
        if len(found) == 1:
            return next(iter(found.values()))
        if not found:
            if organisation_id is not None:
                raise UnresolvedError(
                    _("That organisation has no unit with the code or name “%(unit)s”.")
                    % {"unit": value}
                )
            raise UnresolvedError(_("No unit has the code or name “%(unit)s”.") % {"unit": value})
        names = "; ".join(
            f"{entry.name} ({entry.code})" if entry.code else f"{entry.name} #{entry.pk}"
            for entry in list(found.values())[:MAX_NAMED]
        )
        raise UnresolvedError(
            _("“%(unit)s” could be several units: %(names)s. Use the unit's code.")
            % {"unit": value, "names": names}
        )

    def label(self, pk: int) -> str:
        """How an export names a unit: its code, else its name (with its number if shared)."""
        entry = self.by_pk.get(pk)
        if entry is None:
            return ""
        if entry.code and len(self.by_key.get(entry.code.casefold(), [])) == 1:
            return entry.code
        if len(self.by_key.get(folded(entry.name), [])) == 1:
            return entry.name
        return f"{entry.name} #{entry.pk}"


def numbered_id(text: str) -> int | None:
    """12 for 'Chan Tai-man #12' (how an export names a person without a unique e-mail)."""
    return record_id(text.rsplit("#", 1)[-1]) if "#" in text else None


@dataclass(frozen=True)
class PersonEntry:
    pk: int
    email: str
    name: str
    unit_id: int | None


# Ids per query: the database limits a query's parameters.
PEOPLE_BATCH = 500


class PeopleIndex:
    """People by e-mail address (any case) or by 'Name #12': only those a file or export needs."""

    def __init__(self, *, emails: Iterable[str] = (), pks: Iterable[int] = ()) -> None:
        self.by_pk: dict[int, PersonEntry] = {}
        self.by_email: dict[str, set[int]] = defaultdict(set)
        self._load("pk__in", sorted(set(pks)))
        # Everyone sharing a loaded address too: an export names a person by a unique one only.
        wanted = {email.lower() for email in emails if email}
        wanted |= {entry.email.lower() for entry in self.by_pk.values() if entry.email}
        self._load("lowered_email__in", sorted(wanted))

    def _load(self, lookup: str, values: Sequence[Any]) -> None:
        people = Person.objects.annotate(lowered_email=Lower("email")).order_by()
        for start in range(0, len(values), PEOPLE_BATCH):
            rows = people.filter(**{lookup: values[start : start + PEOPLE_BATCH]}).values_list(
                "pk", "email", "name_en", "name_zh_hant", "name_zh_hans", "unit_id"
            )
            for pk, email, *names, unit_id in rows:
                name = next((n for n in names if n), "")
                self.by_pk[pk] = PersonEntry(pk, email, name, unit_id)
                if email:
                    self.by_email[email.lower()].add(pk)

    def label(self, pk: int) -> str:
        """How an export names a person so that `find` finds them again."""
        entry = self.by_pk.get(pk)
        if entry is None:
            return ""
        if entry.email and len(self.by_email[entry.email.lower()]) == 1:
            return entry.email
        return f"{entry.name} #{pk}"

    def find(self, text: str) -> int:
        value = text.strip()
        numbered = numbered_id(value)
        if numbered is not None and numbered in self.by_pk:
            return numbered
        try:
            validate_email(value)
        except ValidationError as error:
            raise UnresolvedError(
                _("“%(email)s” is not an e-mail address.") % {"email": value}
            ) from error
        found = self.by_email.get(value.lower(), set())
        if len(found) > 1:
            raise UnresolvedError(_("Several people have this e-mail address; merge them first."))
        if not found:
            raise UnresolvedError(
                _(
                    "No one in the directory has the e-mail address “%(email)s”. "
                    "Import the person first."
                )
                % {"email": value}
            )
        return next(iter(found))
