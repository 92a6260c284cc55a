"""Which organisations are partners: ever (the public directory) or in an academic year (figures).

A partner is an organisation other than the university that is a party to a signed agreement,
a partner of an initiative or a partner of a research project.

The figures page asks for ten years after each write: one query per kind of link flags, per
organisation, the years it was a partner in (instead of one UNION per year), and each year's
counts are kept until the next write.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.db.models import Case, Max, Q, QuerySet, Value, When

from baylink.agreements.models import Party
from baylink.agreements.selectors import party_in_force_during
from baylink.core.academic_year import AcademicYear
from baylink.core.content_version import cached_many_while_unchanged
from baylink.directory.models import Organisation
from baylink.directory.selectors import home_organisation_id
from baylink.directory.services import organisation_set_partner_flags
from baylink.initiatives.models import InitiativePartner
from baylink.initiatives.selectors import partnership_running_during
from baylink.research.models import ProjectPartner
from baylink.research.selectors import project_partnership_during


def _links_ever() -> list[QuerySet[Any]]:
    return [
        Party.objects.filter(agreement__signed_on__isnull=False),
        InitiativePartner.objects.all(),
        ProjectPartner.objects.all(),
    ]


def _union(links: list[QuerySet[Any]], *fields: str) -> QuerySet[Any]:
    """One query: UNION (so each organisation once) of the link tables' organisation columns."""
    # By id rather than a join on is_home: one lookup instead of one per link row.
    home = home_organisation_id()
    first, *others = (
        link.exclude(organisation_id=home).values_list(*fields).order_by() for link in links
    )
    return first.union(*others)


def partner_count(year: AcademicYear) -> int:
    return partner_summaries([year])[year.start_year][0]


def partner_counts(years: Sequence[AcademicYear]) -> dict[int, int]:
    """Start year -> partners, the years not in the cache counted together."""
    return {start: count for start, (count, _) in partner_summaries(years).items()}


def partner_cities(year: AcademicYear) -> Counter[int]:
    """Partners in the year per GBA city id."""
    return Counter(partner_summaries([year])[year.start_year][1])


# Per kind of link: all its rows, and the condition that a row counts in a period.
LinkKinds = Sequence[tuple[Callable[[], QuerySet[Any]], Callable[[date, date], Q]]]
_LINK_KINDS: LinkKinds = (
    (Party.objects.all, party_in_force_during),
    (InitiativePartner.objects.all, partnership_running_during),
    (ProjectPartner.objects.all, project_partnership_during),
)


def partner_years(
    years: Sequence[AcademicYear], link_kinds: LinkKinds = _LINK_KINDS
) -> dict[int, int]:
    """Organisation id -> bit i set if it was a partner in years[i] (no entry: in none)."""
    home = home_organisation_id()
    flags = {f"y{i}": i for i in range(len(years))}
    years_of: dict[int, int] = {}
    for links, during in link_kinds:
        rows = (
            links()
            .exclude(organisation_id=home)
            .values("organisation_id")
            .annotate(
                **{
                    name: Max(
                        Case(
                            When(during(years[i].starts_on, years[i].ends_on), then=Value(1)),
                            default=Value(0),
                        )
                    )
                    for name, i in flags.items()
                }
            )
            .order_by()
        )
        for row in rows:
            bits = sum(1 << i for name, i in flags.items() if row[name])
            if bits:
                organisation = row["organisation_id"]
                years_of[organisation] = years_of.get(organisation, 0) | bits
    return years_of


def organisations_per_year(years: Sequence[AcademicYear], link_kinds: LinkKinds) -> dict[int, int]:
    """Start year -> how many organisations (the university left out) had a link that year."""
    years_of = partner_years(years, link_kinds)
    return {
        year.start_year: sum(1 for bits in years_of.values() if bits >> i & 1)
        for i, year in enumerate(years)
    }


def _summaries(years: Sequence[AcademicYear]) -> dict[int, tuple[int, dict[int, int]]]:
    """Start year -> (partners, {GBA city id: partners}) for each of the years."""
    years_of = partner_years(years)
    # Every organisation in a GBA city (a small share), rather than an IN list of all partners.
    gba_city = dict(
        Organisation.objects.filter(city__is_gba=True).values_list("pk", "city_id").order_by()
    )
    result = {}
    for i, year in enumerate(years):
        members = [organisation for organisation, bits in years_of.items() if bits >> i & 1]
        cities = Counter(gba_city[o] for o in members if o in gba_city)
        result[year.start_year] = (len(members), dict(cities))
    return result


def partner_summaries(years: Sequence[AcademicYear]) -> dict[int, tuple[int, dict[int, int]]]:
    """Per year (start year): partners and partners per GBA city; kept until the next write,
    the years not kept counted together."""
    by_key = {f"partner-summary:{year.start_year}": year for year in years}

    def compute(keys: list[str]) -> dict[str, tuple[int, dict[int, int]]]:
        counted = _summaries([by_key[key] for key in keys])
        return {key: counted[by_key[key].start_year] for key in keys}

    found = cached_many_while_unchanged(list(by_key), compute)
    return {year.start_year: found[key] for key, year in by_key.items()}


def partner_flags_refresh(*, organisation_ids: Iterable[int] | None = None) -> int:
    """Bring Organisation.is_partner up to date, for some organisations or for all."""
    links = _links_ever()
    wanted = None if organisation_ids is None else sorted(set(organisation_ids))
    if wanted is not None:
        links = [link.filter(organisation_id__in=wanted) for link in links]
    partners = {organisation_id for (organisation_id,) in _union(links, "organisation_id")}
    if wanted is None:
        current = set(Organisation.objects.filter(is_partner=True).values_list("pk", flat=True))
        others = current - partners
    else:
        others = set(wanted) - partners
    return organisation_set_partner_flags(partners=partners, others=others)


def on_organisation_links_changed(
    sender: object, organisation_ids: Iterable[int], **kwargs: Any
) -> None:
    partner_flags_refresh(organisation_ids=organisation_ids)
