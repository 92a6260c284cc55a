"""Headline figures: what each one counts, computed from the records, never typed in.

Every figure is defined for an academic year (1 July - 30 June). A figure counted "as at" a day
uses the last day of that academic year, as the public page does ("416 academic agreements, as at
June 2019").
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.db.models import Aggregate, Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baylink.agreements.models import Agreement, Party
from baylink.agreements.selectors import (
    agreements_in_force,
    in_force_on,
    parties_during,
    party_in_force_during,
)
from baylink.core.academic_year import AcademicYear
from baylink.core.content_version import cached_many_while_unchanged, cached_while_unchanged
from baylink.core.money import whole_dollars
from baylink.directory.models import City, Organisation
from baylink.expertise.filters import (
    challenges_with_outcomes,
    counted_challenges,
    outputs_from_challenges,
    received_during,
)
from baylink.initiatives.models import Initiative
from baylink.reporting.partners import (
    organisations_per_year,
    partner_count,
    partner_counts,
    partner_summaries,
)
from baylink.research.models import KnowledgeTransferOutput
from baylink.research.selectors import (
    kt_income_hkd,
    kt_output_dated_during,
    projects_active_during,
)
from baylink.talent.models import Placement
from baylink.talent.selectors import placement_starting_during, placements_starting_during
from baylink.ventures.selectors import (
    funding_dated_during,
    funding_raised_hkd,
    funding_rounds,
    programme_participants,
    startups_incubated_in_gba,
)

# Agreements the university counts as academic collaboration: everything but internship-host and
# other (commercial or administrative) agreements.
ACADEMIC_KINDS = (
    Agreement.Kind.MOU,
    Agreement.Kind.ACADEMIC,
    Agreement.Kind.STUDENT_EXCHANGE,
    Agreement.Kind.RESEARCH,
    Agreement.Kind.JOINT_LAB,
    Agreement.Kind.DUAL_DEGREE,
)


def exchange_partner_organisations(year: AcademicYear) -> QuerySet[Organisation]:
    parties = parties_during(
        starts_on=year.starts_on, ends_on=year.ends_on, kinds=[Agreement.Kind.STUDENT_EXCHANGE]
    )
    return Organisation.objects.filter(pk__in=parties.values("organisation_id")).exclude(
        is_home=True
    )


def _research_projects(year: AcademicYear) -> int:
    return projects_active_during(starts_on=year.starts_on, ends_on=year.ends_on).count()


def _gba_partners(year: AcademicYear) -> int:
    return _gba_partners_per_year([year])[year.start_year]


def _gba_partners_per_year(years: Sequence[AcademicYear]) -> dict[int, int]:
    hong_kong = City.objects.filter(code="HK").values_list("pk", flat=True).first()
    return {
        start: sum(count for city_id, count in cities.items() if city_id != hong_kong)
        for start, (_, cities) in partner_summaries(years).items()
    }


def _exchange_partners(year: AcademicYear) -> int:
    return exchange_partner_organisations(year).count()


def _academic_agreements(year: AcademicYear) -> int:
    return agreements_in_force(on=year.ends_on, kinds=ACADEMIC_KINDS).count()


def _placements(year: AcademicYear, *, gba_only: bool) -> int:
    placements = placements_starting_during(starts_on=year.starts_on, ends_on=year.ends_on)
    if gba_only:
        placements = _gba_placements_only(placements)
    return placements.count()


def _initiatives(year: AcademicYear) -> int:
    return (
        Initiative.objects.exclude(status=Initiative.Status.PLANNED)
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=year.ends_on))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=year.starts_on))
        .count()
    )


YearCounts = Callable[[Sequence[AcademicYear]], dict[int, int]]


def _per_year(
    queryset: QuerySet[Any],
    during: Callable[[AcademicYear], Q],
    aggregate: Callable[[Q], Aggregate],
    value: Callable[[Any], int],
) -> YearCounts:
    """Several years' figures in one pass over the table (one filtered aggregate per year)."""

    def per_year(years: Sequence[AcademicYear]) -> dict[int, int]:
        totals = queryset.aggregate(
            **{f"y{year.start_year}": aggregate(during(year)) for year in years}
        )
        return {year.start_year: value(totals[f"y{year.start_year}"]) for year in years}

    return per_year


def counted_per_year(queryset: QuerySet[Any], during: Callable[[AcademicYear], Q]) -> YearCounts:
    """Several years' counts in one pass over the table (a filtered COUNT per year)."""
    return _per_year(
        queryset, during, lambda within: Count("pk", filter=within), lambda total: int(total or 0)
    )


def summed_per_year(
    queryset: QuerySet[Any], field: str, during: Callable[[AcademicYear], Q]
) -> YearCounts:
    """Several years' sums of money in one pass over the table, each to the dollar."""
    return _per_year(queryset, during, lambda within: Sum(field, filter=within), whole_dollars)


def _kt_dated_in(year: AcademicYear) -> Q:
    return kt_output_dated_during(year.starts_on, year.ends_on)


def _dated_in_year(
    code: str,
    label: Promise,
    definition: Promise,
    records: QuerySet[Any],
    during: Callable[[AcademicYear], Q],
) -> "Figure":
    """A count of the records dated in the academic year (`during` says by which date)."""
    return Figure(
        code,
        label,
        definition,
        "academic_year",
        "exact",
        lambda year: records.filter(during(year)).count(),
        counted_per_year(records, during),
    )


def _kt_outputs(code: str, label: Promise, definition: Promise, kind: str) -> "Figure":
    """A count of one kind of KT output dated in the academic year."""
    outputs = KnowledgeTransferOutput.objects.filter(kind=kind)
    return _dated_in_year(code, label, definition, outputs, _kt_dated_in)


def _exchange_partners_per_year(years: Sequence[AcademicYear]) -> dict[int, int]:
    exchange = Party.objects.filter(agreement__kind=Agreement.Kind.STUDENT_EXCHANGE)
    return organisations_per_year(years, [(lambda: exchange, party_in_force_during)])


def _gba_placements_only(queryset: QuerySet[Placement]) -> QuerySet[Placement]:
    return queryset.filter(city__is_gba=True).exclude(city__code="HK")


@dataclass(frozen=True)
class Figure:
    code: str
    label: Promise
    definition: Promise
    basis: Literal["academic_year", "as_at"]
    # 'at_least' figures are shown rounded down with a plus sign, as on the public page.
    display: Literal["at_least", "exact"]
    count: Callable[[AcademicYear], int]
    # Counts several years at once (the figures page's series after a write); None: year by year.
    count_years: YearCounts | None = None
    # What one unit is: a thing counted, or a Hong Kong dollar (charted on an axis of its own).
    unit: Literal["count", "hkd"] = "count"

    def value(self, year: AcademicYear) -> int:
        return cached_while_unchanged(self._key(year), lambda: self.count(year))

    def values(self, years: Sequence[AcademicYear]) -> list[int]:
        """The figure for each year, the ones not in the cache counted together."""
        by_key = {self._key(year): year for year in years}

        def compute(keys: list[str]) -> dict[str, int]:
            missing = [by_key[key] for key in keys]
            if self.count_years is None or len(missing) == 1:
                return {self._key(year): self.count(year) for year in missing}
            counts = self.count_years(missing)
            return {self._key(year): counts[year.start_year] for year in missing}

        found = cached_many_while_unchanged(list(by_key), compute)
        return [found[self._key(year)] for year in years]

    def _key(self, year: AcademicYear) -> str:
        return f"figure:{self.code}:{year.start_year}"

    def as_at(self, year: AcademicYear) -> date | None:
        return year.ends_on if self.basis == "as_at" else None


FIGURES: tuple[Figure, ...] = (
    Figure(
        "research_projects",
        _("research projects"),
        _("Research projects that ran on at least one day of the academic year."),
        "academic_year",
        "at_least",
        # Year by year: each count is a range scan of the starts_on index, faster than one
        # pass over the whole table with a filter per year (measured at 100x the demo).
        _research_projects,
    ),
    Figure(
        "partners",
        _("partners and institutions"),
        _(
            "Organisations other than the university that were a party to an agreement in force, "
            "a partner of a running initiative, or a partner of a running research project, on at "
            "least one day of the academic year."
        ),
        "academic_year",
        "at_least",
        partner_count,
        partner_counts,
    ),
    Figure(
        "exchange_partners",
        _("student exchange partners"),
        _(
            "Partner organisations of student exchange agreements in force on at least one day of "
            "the academic year."
        ),
        "academic_year",
        "at_least",
        _exchange_partners,
        _exchange_partners_per_year,
    ),
    Figure(
        "academic_agreements",
        _("academic agreements"),
        _(
            "Memoranda of understanding, academic cooperation, student exchange, research "
            "collaboration, joint laboratory and joint or dual degree agreements in force on the "
            "last day of the academic year (30 June): signed and started by then, not yet ended "
            "or terminated."
        ),
        "as_at",
        "exact",
        _academic_agreements,
        counted_per_year(
            Agreement.objects.filter(kind__in=ACADEMIC_KINDS),
            lambda year: in_force_on(year.ends_on),
        ),
    ),
    Figure(
        "gba_partners",
        _("partners in other GBA cities"),
        _("Partners (as counted above) located in a Greater Bay Area city other than Hong Kong."),
        "academic_year",
        "exact",
        _gba_partners,
        _gba_partners_per_year,
    ),
    Figure(
        "wie_placements",
        _("internship placements"),
        _("Work-Integrated Education placements starting in the academic year."),
        "academic_year",
        "exact",
        lambda year: _placements(year, gba_only=False),  # year by year, as research projects
    ),
    Figure(
        "gba_placements",
        _("placements in other GBA cities"),
        _(
            "Work-Integrated Education placements starting in the academic year in a Greater Bay "
            "Area city other than Hong Kong."
        ),
        "academic_year",
        "exact",
        lambda year: _placements(year, gba_only=True),
        counted_per_year(
            _gba_placements_only(Placement.objects.all()),
            lambda year: placement_starting_during(year.starts_on, year.ends_on),
        ),
    ),
    Figure(
        "initiatives",
        _("institutes, labs and other initiatives"),
        _("Initiatives (not merely planned) that ran on at least one day of the academic year."),
        "academic_year",
        "exact",
        _initiatives,
    ),
    # Entrepreneurship (ventures app): counted by its selectors.
    Figure(
        "startup_programme_participants",
        _("students in start-up programmes"),
        _(
            "Students admitted to, or having completed, a cohort of a start-up programme that "
            "started in the academic year; a student in two cohorts counts once."
        ),
        "academic_year",
        "exact",
        programme_participants,
    ),
    Figure(
        "gba_startups",
        _("start-ups incubated in GBA cities"),
        _(
            "Start-ups with an incubating initiative, located in a Greater Bay Area city (Hong "
            "Kong included), founded by the end of the academic year and not closed before it "
            "began."
        ),
        "academic_year",
        "exact",
        startups_incubated_in_gba,
    ),
    Figure(
        "startup_funding_hkd",
        _("Hong Kong dollars raised by start-ups"),
        _(
            "The sum of start-ups' funding rounds dated in the academic year, in Hong Kong "
            "dollars (other currencies at the value recorded with each round)."
        ),
        "academic_year",
        "exact",
        funding_raised_hkd,
        summed_per_year(funding_rounds(), "amount_hkd", funding_dated_during),
        unit="hkd",
    ),
    # Knowledge transfer (research app), as the UGC's KT indicators count them.
    _kt_outputs(
        "patents_filed",
        _("patent applications filed"),
        _("Patent applications filed in the academic year (each filing counts once)."),
        KnowledgeTransferOutput.Kind.PATENT_FILED,
    ),
    _kt_outputs(
        "patents_granted",
        _("patents granted"),
        _("Patents granted in the academic year."),
        KnowledgeTransferOutput.Kind.PATENT_GRANTED,
    ),
    _kt_outputs(
        "licences",
        _("licences"),
        _("Licences of the university's intellectual property signed in the academic year."),
        KnowledgeTransferOutput.Kind.LICENCE,
    ),
    _kt_outputs(
        "spin_off_companies",
        _("spin-off companies"),
        _("Spin-off companies founded in the academic year."),
        KnowledgeTransferOutput.Kind.SPIN_OFF,
    ),
    Figure(
        "kt_income_hkd",
        _("Hong Kong dollars of knowledge-transfer income"),
        _(
            "The income of KT outputs dated in the academic year (licences, collaborative and "
            "contract research, consultancy, courses), in Hong Kong dollars (other currencies "
            "at the value recorded with each output)."
        ),
        "academic_year",
        "exact",
        lambda year: kt_income_hkd(year.starts_on, year.ends_on),
        summed_per_year(KnowledgeTransferOutput.objects.all(), "income_hkd", _kt_dated_in),
        unit="hkd",
    ),
    _dated_in_year(
        "industry_challenges",
        _("industry challenges brought to the university"),
        _(
            "Problems that companies and other organisations brought to the university in the "
            "academic year, sent through the expertise finder or recorded by knowledge-transfer "
            "staff, counted by the day received; challenges closed with nobody shortlisted and "
            "nothing recorded as what they led to (spam, repeats, enquiries withdrawn) are not "
            "counted."
        ),
        counted_challenges(),
        received_during,
    ),
    _dated_in_year(
        "industry_challenges_with_outcomes",
        _("industry challenges that led to KT outputs"),
        _(
            "Of the industry challenges received in the academic year, those for which a "
            "knowledge-transfer output (contract or collaborative research, consultancy, "
            "licence...) is recorded as what the introduction led to, whenever it was signed."
        ),
        challenges_with_outcomes(),
        received_during,
    ),
    Figure(
        "challenge_kt_income_hkd",
        _("Hong Kong dollars of KT income from industry challenges"),
        _(
            "The income of KT outputs dated in the academic year that are recorded as what an "
            "industry challenge led to, in Hong Kong dollars (part of the KT income above)."
        ),
        "academic_year",
        "exact",
        lambda year: kt_income_hkd(year.starts_on, year.ends_on, outputs_from_challenges()),
        summed_per_year(outputs_from_challenges(), "income_hkd", _kt_dated_in),
        unit="hkd",
    ),
)

FIGURES_BY_CODE = {figure.code: figure for figure in FIGURES}
HEADLINE_CODES = ("research_projects", "partners", "exchange_partners", "academic_agreements")


def rounded_down(value: int) -> int:
    """The public page's style: 3,127 -> 3,000; 368 -> 350; 262 -> 250; 47 -> 40."""
    if value >= 1000:
        step = 1000
    elif value >= 100:
        step = 50
    elif value >= 10:
        step = 10
    else:
        return value
    return value - value % step
