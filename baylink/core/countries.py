"""Countries and regions by ISO 3166-1 code, named in the reader's language."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django_countries import countries


def country_choices() -> list[tuple[str, str]]:
    """A callable, not a list: a list made at import names every country in English for good."""
    return [(code, str(name)) for code, name in countries]


def partner_country_choices(codes: Iterable[str]) -> list[tuple[str, str]]:
    """These countries by name, in the order of the full list (by name, not by code: Austria
    before Australia was the order of AT and AU)."""
    wanted = set(codes)
    return [(code, name) for code, name in country_choices() if code in wanted]


def blank_and_country_choices() -> list[tuple[str, str]]:
    return [("", "---------"), *country_choices()]


class CountryField(forms.ChoiceField):
    """A country chosen by name; a code typed in lower case (an API or a test) is accepted."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=blank_and_country_choices, **kwargs)

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).upper()

    def keep(self, code: str) -> None:
        """Offer a code the list lacks, so that editing a record does not drop its country
        (ISO 3166-1 leaves some codes to its users; an older import may hold one)."""
        if code and code not in countries:
            self.choices = [*blank_and_country_choices(), (code, code)]


def country_name(code: str) -> str:
    """The name of the country or region with this code; the code itself if it has none."""
    return (str(countries.name(code)) or code) if code else ""


def country_code_problem(code: str) -> str | None:
    """What is wrong with a country code as typed (any case), or None if it names one."""
    if not code or code.upper() in countries:
        return None
    return _(
        "“%(country)s” is not a country code: use two letters as in ISO 3166-1 (e.g. HK, CN, GB)."
    ) % {"country": code}
