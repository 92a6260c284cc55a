"""Filter sets of the entrepreneurship lists and exports."""

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.choices import NameChoiceFilter
from baylink.core.filters import AcademicYearFilter, SortedFilterSet
from baylink.core.search import search_filter
from baylink.core.trilingual import localized_order
from baylink.directory.models import City
from baylink.directory.selectors import CITY_LEAD
from baylink.initiatives.models import Initiative
from baylink.ventures.models import Cohort, Participant, Programme, Startup

PROGRAMME_SORTS = {"name": _("Name"), "kind": _("Kind")}
STARTUP_SORTS = {
    "name": _("Name"),
    "-founded_on": _("Newest first"),
    "founded_on": _("Oldest first"),
    "-funding": _("Most funding first"),
}
REGIONS = [
    ("gba", _("In the Greater Bay Area")),
    ("gba_other", _("In GBA cities other than Hong Kong")),
    ("outside", _("Outside the Greater Bay Area")),
]


class ProgrammeFilterSet(SortedFilterSet):
    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Programme.Kind.choices)
    organiser = NameChoiceFilter(
        label=_("Organised by"), queryset=Initiative.objects.all(), to_field_name="slug"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=list(PROGRAMME_SORTS.items()),
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Programme
        fields = ["q", "kind", "organiser", "sort"]

    def search(self, queryset: QuerySet[Programme], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def sort_by(self, queryset: QuerySet[Programme], name: str, value: str) -> QuerySet[Any]:
        if value == "kind":
            return queryset.order_by("kind", localized_order("name"), "pk")
        return queryset.order_by(localized_order("name"), "pk")


class StartupFilterSet(SortedFilterSet):
    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    stage = django_filters.ChoiceFilter(label=_("Stage"), choices=Startup.Stage.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Startup.Status.choices)
    city = NameChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="code", lead=CITY_LEAD
    )
    region = django_filters.ChoiceFilter(label=_("Region"), choices=REGIONS, method="in_region")
    incubator = NameChoiceFilter(
        label=_("Incubating initiative"),
        queryset=Initiative.objects.all(),
        to_field_name="slug",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(STARTUP_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Startup
        fields = ["q", "stage", "status", "city", "region", "incubator", "sort"]

    def search(self, queryset: QuerySet[Startup], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def in_region(self, queryset: QuerySet[Startup], name: str, value: str) -> QuerySet[Any]:
        if value == "gba":
            return queryset.filter(city__is_gba=True)
        if value == "gba_other":
            return queryset.filter(city__is_gba=True).exclude(city__code="HK")
        return queryset.filter(Q(city__isnull=True) | Q(city__is_gba=False))

    def sort_by(self, queryset: QuerySet[Startup], name: str, value: str) -> QuerySet[Any]:
        if value == "founded_on":
            return queryset.order_by(F("founded_on").asc(nulls_last=True), "pk")
        if value == "-founded_on":
            return queryset.order_by(F("founded_on").desc(nulls_last=True), "pk")
        if value == "-funding":
            return queryset.order_by("-funding_raised", localized_order("name"), "pk")
        return queryset.order_by(localized_order("name"), "pk")


class ParticipantFilterSet(django_filters.FilterSet):
    """The participants export: by programme, cohort, academic year and status."""

    programme = NameChoiceFilter(
        label=pgettext_lazy("start-up", "Programme"),
        queryset=Programme.objects.all(),
        to_field_name="slug",
        field_name="cohort__programme",
    )
    cohort = django_filters.ModelChoiceFilter(label=_("Cohort"), queryset=Cohort.objects.all())
    academic_year = AcademicYearFilter(label=_("Academic year"), field_name="cohort__academic_year")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Participant.Status.choices)

    class Meta:
        model = Participant
        fields = ["programme", "cohort", "academic_year", "status"]
