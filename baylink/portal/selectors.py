"""Reads for the public pages, each with its joins chosen so the query count stays constant."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, QuerySet

from baylink.agreements.models import Agreement, Party
from baylink.agreements.selectors import agreements_in_force
from baylink.core.academic_year import AcademicYear
from baylink.core.content_version import cached_while_unchanged
from baylink.directory.models import City, Organisation, OrganisationRelationship
from baylink.directory.selectors import gba_cities, home_organisation_id
from baylink.initiatives.models import Initiative, InitiativePartner
from baylink.portal.models import Section, SectionInitiative
from baylink.research.models import FundingScheme, Project
from baylink.talent.selectors import placement_counts_by_city

_PARTIES = Prefetch(
    "parties",
    queryset=Party.objects.select_related("organisation__city").order_by("position", "pk"),
)
_PARTNERSHIPS = Prefetch(
    "partnerships",
    queryset=InitiativePartner.objects.select_related("organisation__city").order_by(
        "position", "pk"
    ),
)


def published_sections() -> list[Section]:
    """The home page's sections with what they show, kept until the next write (ten queries)."""
    return cached_while_unchanged("published-sections", _published_sections)


def _published_sections() -> list[Section]:
    initiatives = SectionInitiative.objects.select_related(
        "initiative__city", "initiative__parent"
    ).prefetch_related(
        "initiative__themes",
        Prefetch(
            "initiative__partnerships",
            queryset=InitiativePartner.objects.select_related("organisation").order_by("position"),
        ),
    )
    return list(
        Section.objects.filter(is_published=True).prefetch_related(
            Prefetch("initiative_links", queryset=initiatives),
            Prefetch("agreements", queryset=Agreement.objects.prefetch_related(_PARTIES)),
        )
    )


def partner_organisations() -> QuerySet[Organisation]:
    """Organisations the university has worked with at any time: the public partner directory.

    By the partner flag (reporting.partners keeps it in step with agreements, initiatives and
    projects; indexed with the names) rather than three look-ups per organisation, so that the
    list costs the same with 700 or 70,000 organisations in the registry.
    """
    # "IN (true)", not "= true": Django writes the latter as a bare boolean column, which
    # SQLite does not match against the (is_partner, name) indexes. The university is left out
    # by its id, which those indexes hold, so that counting and paging never read the table.
    home = cached_while_unchanged("home-organisation-id", home_organisation_id)
    return (
        Organisation.objects.filter(is_partner__in=[True])
        .exclude(pk=home or 0)
        .select_related("city")
    )


def partner(pk: int) -> Organisation:
    return (
        partner_organisations()
        .prefetch_related(
            "types",
            "names",
            Prefetch(
                "relationships",
                queryset=OrganisationRelationship.objects.filter(target__isnull=False)
                .select_related("target")
                .order_by("kind", "pk"),
            ),
        )
        .get(pk=pk)
    )


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Engagement:
    agreements_in_force: list[KindCount]
    public_agreements: list[Agreement]
    initiatives: list[Initiative]
    projects_by_year: list[tuple[AcademicYear, int]]
    recent_projects: list[Project]


def partner_engagement(
    organisation: Organisation, *, today: date, years: list[AcademicYear]
) -> Engagement:
    in_force = (
        agreements_in_force(on=today)
        .filter(parties__organisation=organisation)
        .values("kind")
        .annotate(count=Count("pk", distinct=True))
        .order_by("kind")
    )
    counts = [
        KindCount(row["kind"], str(Agreement.Kind(row["kind"]).label), row["count"])
        for row in in_force
    ]
    public = list(
        Agreement.objects.filter(is_public=True, parties__organisation=organisation)
        .distinct()
        .prefetch_related(_PARTIES)
        .order_by("-signed_on", "pk")
    )
    initiatives = list(
        Initiative.objects.filter(partnerships__organisation=organisation)
        .select_related("city")
        .distinct()
        .order_by("-starts_on", "pk")
    )
    projects = Project.objects.filter(partnerships__organisation=organisation)
    by_year = []
    if years:
        rows = projects.filter(starts_on__lte=years[-1].ends_on).values_list("starts_on", "ends_on")
        spans = list(rows)
        for year in years:
            active = sum(
                1
                for start, end in spans
                if start <= year.ends_on and (end is None or end >= year.starts_on)
            )
            by_year.append((year, active))
    recent = list(projects.order_by("-starts_on", "pk")[:10])
    return Engagement(counts, public, initiatives, by_year, recent)


def initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.select_related("city", "parent").prefetch_related(
        "themes", _PARTNERSHIPS
    )


def initiative(slug: str) -> Initiative:
    return (
        Initiative.objects.select_related("city", "lead_unit", "parent")
        .prefetch_related(
            "themes",
            "facilities",
            _PARTNERSHIPS,
            Prefetch("children", queryset=Initiative.objects.order_by("starts_on", "pk")),
            Prefetch("funding_schemes", queryset=FundingScheme.objects.select_related("funder")),
            Prefetch(
                "agreements",
                queryset=Agreement.objects.filter(is_public=True)
                .prefetch_related(_PARTIES)
                .order_by("-signed_on", "pk"),
            ),
        )
        .get(slug=slug)
    )


def initiative_projects(initiative: Initiative) -> QuerySet[Project]:
    return initiative.projects.select_related("principal_investigator", "scheme").order_by(
        "-starts_on", "pk"
    )


@dataclass(frozen=True)
class CityPlacements:
    city: City
    placements: int


def gba_city_placements(year: AcademicYear) -> list[CityPlacements]:
    counts = cached_while_unchanged(
        f"gba-city-placements:{year.start_year}",
        lambda: placement_counts_by_city(starts_on=year.starts_on, ends_on=year.ends_on),
    )
    cities = gba_cities()
    return [CityPlacements(city, counts.get(city.pk, 0)) for city in cities]


def partner_countries() -> list[str]:
    """Country codes that partners are in, for the filter's choices."""
    return cached_while_unchanged(
        "partner-countries",
        lambda: list(
            partner_organisations()
            .exclude(country_code="")
            .values_list("country_code", flat=True)
            .order_by("country_code")
            .distinct()
        ),
    )
