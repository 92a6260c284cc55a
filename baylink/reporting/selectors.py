"""Figures for pages and the API, cached by content version."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Min
from django.utils import timezone
from django.utils.formats import number_format

from baylink.agreements.models import Agreement
from baylink.core.academic_year import AcademicYear
from baylink.core.content_version import cached_while_unchanged
from baylink.directory.models import City
from baylink.directory.selectors import gba_cities
from baylink.reporting.figures import (
    FIGURES,
    FIGURES_BY_CODE,
    HEADLINE_CODES,
    Figure,
    rounded_down,
)
from baylink.reporting.partners import partner_cities
from baylink.research.models import Project

REPORTING_WINDOW = 10


@dataclass(frozen=True)
class FigureValue:
    figure: Figure
    year: AcademicYear
    value: int

    @property
    def as_at(self) -> date | None:
        return self.figure.as_at(self.year)

    @property
    def is_rounded(self) -> bool:
        return self.figure.display == "at_least" and rounded_down(self.value) < self.value

    @property
    def display(self) -> str:
        """'3,000+' for figures shown as 'at least', the exact count otherwise."""
        if self.is_rounded:
            return f"{number_format(rounded_down(self.value), force_grouping=True)}+"
        return number_format(self.value, force_grouping=True)


def current_year(today: date | None = None) -> AcademicYear:
    """The most recent complete academic year: the one headline figures describe by default."""
    return AcademicYear.last_completed(today or timezone.localdate())


def reporting_years(today: date | None = None) -> list[AcademicYear]:
    """Academic years from the first record to the current one, for series and year pickers."""
    current = AcademicYear.containing(today or timezone.localdate())

    def first_record_day() -> date:
        starts = [
            Project.objects.aggregate(first=Min("starts_on"))["first"],
            Agreement.objects.aggregate(first=Min("starts_on"))["first"],
        ]
        known = [day for day in starts if day is not None]
        return min(known) if known else current.starts_on

    first = AcademicYear.containing(cached_while_unchanged("first-record-day", first_record_day))
    # Ten complete years and the current one: older years stay reachable by ?academic_year=.
    first = max(first, AcademicYear(current.start_year - REPORTING_WINDOW))
    return AcademicYear.span(first, max(first, current))


def figure_values(year: AcademicYear, codes: tuple[str, ...] | None = None) -> list[FigureValue]:
    figures = [FIGURES_BY_CODE[code] for code in codes] if codes else list(FIGURES)
    return [FigureValue(figure, year, figure.value(year)) for figure in figures]


def headline_figures(year: AcademicYear) -> list[FigureValue]:
    return figure_values(year, HEADLINE_CODES)


def figure_series(years: list[AcademicYear]) -> dict[str, list[int]]:
    return {figure.code: figure.values(years) for figure in FIGURES}


@dataclass(frozen=True)
class CityPartners:
    city: City
    partners: int


def gba_city_partners(year: AcademicYear) -> list[CityPartners]:
    """Every GBA city with the number of partners located there in the year (zero included)."""
    counts = partner_cities(year)  # kept until the next write (partners.partner_summaries)
    cities = gba_cities()
    rows = [CityPartners(city, counts.get(city.pk, 0)) for city in cities]
    return sorted(rows, key=lambda row: -row.partners)
