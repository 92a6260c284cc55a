"""The public trilingual site: thin views over the portal, reporting and directory selectors."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from baylink.core.academic_year import AcademicYear
from baylink.core.countries import partner_country_choices
from baylink.core.htmx import wants_fragment
from baylink.core.http import academic_year_param, filtered, paginate
from baylink.core.page_cache import cached_public_page
from baylink.core.trilingual import localized
from baylink.directory.filters import OrganisationFilterSet
from baylink.directory.models import Organisation, OrganisationType
from baylink.directory.selectors import gba_cities
from baylink.initiatives.filters import InitiativeFilterSet
from baylink.initiatives.models import Initiative, Theme
from baylink.portal import selectors
from baylink.portal.models import Section
from baylink.reporting.figures import FIGURES
from baylink.reporting.selectors import (
    current_year,
    figure_series,
    figure_values,
    gba_city_partners,
    headline_figures,
    reporting_years,
)

PARTNERS_PER_PAGE = 30
INITIATIVES_PER_PAGE = 18
PROJECTS_PER_PAGE = 20


def _map_data(year: AcademicYear) -> dict[str, Any]:
    """Points for the GBA map chart, with names in the reader's script."""
    cities = gba_city_partners(year)
    return {
        "year": year.label,
        "cities": [
            {
                "code": item.city.code,
                "name": localized(item.city, "name"),
                "lon": item.city.longitude,
                "lat": item.city.latitude,
                "partners": item.partners,
            }
            for item in cities
        ],
    }


@cached_public_page(params=frozenset({"academic_year"}))
def home(request: HttpRequest) -> HttpResponse:
    year = academic_year_param(request, default=current_year())
    sections = selectors.published_sections()
    blocks = {section.block for section in sections}
    context: dict[str, Any] = {"year": year, "sections": sections}
    if Section.Block.FIGURES in blocks:
        context["headline"] = headline_figures(year)
    if Section.Block.GBA_MAP in blocks:
        context["map_data"] = _map_data(year)
    if Section.Block.PLACEMENTS in blocks:
        values = {
            item.figure.code: item
            for item in figure_values(year, ("wie_placements", "gba_placements"))
        }
        context["placements"] = values
        context["city_placements"] = selectors.gba_city_placements(year)
    return render(request, "portal/home.html", context)


@cached_public_page(params=frozenset({"page", "sort", "kind", "status", "city", "theme"}))
def initiative_list(request: HttpRequest) -> HttpResponse:
    filterset = InitiativeFilterSet(request.GET, queryset=selectors.initiatives())
    page = paginate(request, filtered(filterset), INITIATIVES_PER_PAGE)
    context = {
        "filterset": filterset,
        "page": page,
        "kinds": Initiative.Kind.choices,
        "statuses": Initiative.Status.choices,
        "cities": gba_cities(),
        "themes": Theme.objects.order_by("slug"),
    }
    template = (
        "portal/partials/initiative_results.html"
        if wants_fragment(request)
        else "portal/initiative_list.html"
    )
    return render(request, template, context)


@cached_public_page(params=frozenset({"page"}))
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        initiative = selectors.initiative(slug)
    except Initiative.DoesNotExist as error:
        raise Http404 from error
    projects = paginate(request, selectors.initiative_projects(initiative), PROJECTS_PER_PAGE)
    return render(
        request, "portal/initiative_detail.html", {"initiative": initiative, "projects": projects}
    )


@cached_public_page(params=frozenset({"page", "sort", "city", "type", "country"}))
def partner_list(request: HttpRequest) -> HttpResponse:
    filterset = OrganisationFilterSet(request.GET, queryset=selectors.partner_organisations())
    page = paginate(request, filtered(filterset), PARTNERS_PER_PAGE)
    context = {
        "filterset": filterset,
        "page": page,
        "cities": gba_cities(),
        "types": OrganisationType.Code.choices,
        "countries": partner_country_choices(selectors.partner_countries()),
    }
    template = (
        "portal/partials/partner_results.html"
        if wants_fragment(request)
        else "portal/partner_list.html"
    )
    return render(request, template, context)


@cached_public_page()
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = selectors.partner(pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error
    today = timezone.localdate()
    years = reporting_years(today)[-6:]
    engagement = selectors.partner_engagement(organisation, today=today, years=years)
    return render(
        request,
        "portal/partner_detail.html",
        {"organisation": organisation, "engagement": engagement, "today": today},
    )


@cached_public_page(params=frozenset({"academic_year"}))
def figures(request: HttpRequest) -> HttpResponse:
    years = reporting_years()
    year = academic_year_param(request, default=current_year())
    series = figure_series(years)
    chart = {
        "years": [y.label for y in years],
        # Dollars on an axis of their own: on the counts' axis they flattened every count to 0.
        "money_axis": str(_("HK$")),
        "series": [
            {
                "code": figure.code,
                "label": str(figure.label),
                "values": series[figure.code],
                "axis": 1 if figure.unit == "hkd" else 0,
            }
            for figure in FIGURES
        ],
    }
    rows = [
        {"year": y, "values": [series[figure.code][index] for figure in FIGURES]}
        for index, y in enumerate(years)
    ]
    return render(
        request,
        "portal/figures.html",
        {
            "year": year,
            "years": years,
            "values": figure_values(year),
            "figures": FIGURES,
            "chart": chart,
            "rows": rows,
            "current": AcademicYear.containing(timezone.localdate()),
        },
    )
