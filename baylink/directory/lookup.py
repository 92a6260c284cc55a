"""Finding the record a user typed into a form: 'Name #id', a ROR id, or a name in any script;
and the record an API request names by id, with the same messages in every app's API.

Organisations and people are typed rather than picked from a list: a registry holds tens of
thousands of organisations and a university thousands of people, too many for a <select>.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from baylink.core.chinese import fold
from baylink.core.http import record_id
from baylink.directory.models import (
    ROR_ID_PATTERN,
    City,
    Organisation,
    Person,
    Unit,
    normalise_ror_id,
)

MAX_SUGGESTIONS = 5

Record = TypeVar("Record", bound=Model)


def organisation_label(organisation: Organisation) -> str:
    """How a chosen organisation is written back into a form, so it resolves to itself."""
    return f"{organisation.name} #{organisation.pk}"


def person_label(person: Person) -> str:
    """How a chosen person is written back into a form, so it resolves to itself; with their
    unit or organisation, since namesakes are common (the demo has three Lee Chun-hei)."""
    place = person.unit or person.organisation
    return f"{person.name} · {place} #{person.pk}" if place else f"{person.name} #{person.pk}"


def _named(value: str) -> Q:
    """Named exactly so in one of the three languages (English regardless of case)."""
    return Q(name_en__iexact=value) | Q(name_zh_hant=value) | Q(name_zh_hans=value)


def _numbered(records: QuerySet[Record], value: str) -> Record | None:
    """The record a label's '#id' ending names, if it exists."""
    tail = value.rsplit("#", 1)[-1].strip() if "#" in value else ""
    number = record_id(tail)
    return records.filter(pk=number).first() if number is not None else None


def _the_one(
    value: str,
    exact: QuerySet[Record],
    records: QuerySet[Record],
    label: Callable[[Record], str],
    none: str,
    several: str,
) -> Record:
    """The one record named exactly, else the one whose names hold the text; else say what to
    type. The text as a whole, not word by word: a form's "University of X" must not also
    match "X Normal University"."""
    candidates = list(exact.distinct()[:2]) or list(
        records.filter(search_text__contains=fold(value))[: MAX_SUGGESTIONS + 1]
    )
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(none % {"name": value})
    names = "; ".join(label(record) for record in candidates[:MAX_SUGGESTIONS])
    raise ValidationError(several % {"name": value, "names": names})


def organisation_lookup(text: str) -> Organisation:
    """The one organisation the text names, or a ValidationError saying what to type."""
    value = text.strip()
    if not value:
        raise ValidationError(_("Enter an organisation."))
    found = _numbered(Organisation.objects.all(), value)
    if found:
        return found
    ror_id = normalise_ror_id(value)
    if ROR_ID_PATTERN.match(ror_id):
        found = Organisation.objects.filter(ror_id=ror_id).first()
        if found:
            return found
        raise ValidationError(_("No organisation has the ROR id %(ror_id)s.") % {"ror_id": ror_id})
    exact = Organisation.objects.filter(_named(value) | Q(names__value__iexact=value))
    return _the_one(
        value,
        exact,
        Organisation.objects.all(),
        organisation_label,
        _("No organisation is called “%(name)s”. Check the spelling or add it first."),
        _(
            "“%(name)s” could be several organisations: %(names)s. "
            "Add the #number of the one you mean."
        ),
    )


def person_lookup(text: str) -> Person:
    """The one person the text names (a name in any script, or an e-mail address)."""
    value = text.strip()
    if not value:
        raise ValidationError(_("Enter a person."))
    found = _numbered(Person.objects.all(), value)
    if found:
        return found
    exact = Person.objects.filter(_named(value) | Q(email__iexact=value))
    return _the_one(
        value,
        exact,
        Person.objects.all(),
        person_label,
        _("No one in the directory is called “%(name)s”. Check the spelling or add them first."),
        _("“%(name)s” could be several people: %(names)s. Add the #number of the one you mean."),
    )


def sent_organisation(value: int | str, field: str) -> Organisation:
    """The organisation an API request names: by id, or by text as a form's field reads it."""
    if isinstance(value, str):
        try:
            return organisation_lookup(value)
        except ValidationError as error:
            raise ValidationError({field: error.messages}) from error
    found = Organisation.objects.filter(pk=value).first()
    if found is None:
        raise ValidationError(
            {field: _("There is no organisation %(number)s.") % {"number": value}}
        )
    return found


def sent_person(person_id: int, field: str) -> Person:
    """The person an API request names by id."""
    found = Person.objects.filter(pk=person_id).first()
    if found is None:
        raise ValidationError({field: _("There is no person %(number)s.") % {"number": person_id}})
    return found


def sent_unit(unit_id: int, field: str, *, home_only: bool = False) -> Unit:
    """The unit an API request names by id; `home_only` where the staff form offers only the
    university's own units."""
    found = Unit.objects.filter(pk=unit_id).select_related("organisation").first()
    if found is None:
        raise ValidationError({field: _("There is no unit %(number)s.") % {"number": unit_id}})
    if home_only and not found.organisation.is_home:
        raise ValidationError(
            {field: _("Unit %(number)s is not one you can choose.") % {"number": unit_id}}
        )
    return found


def sent_city(code: str | None) -> City | None:
    """The city an API request names by its code (SZ, HK, ...); none for an empty code."""
    if not code:
        return None
    city = City.objects.filter(code=code).first()
    if city is None:
        raise ValidationError({"city": _("No city has the code “%(code)s”.") % {"code": code}})
    return city
