"""The filter set for initiative lists (public portal, staff pages, API)."""

from typing import Any

import django_filters
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from baylink.core.choices import NameChoiceFilter
from baylink.core.filters import SortedFilterSet
from baylink.core.search import search_filter
from baylink.core.trilingual import localized_order, trilingual_columns
from baylink.directory.models import City
from baylink.directory.selectors import CITY_LEAD
from baylink.initiatives.models import Facility, Initiative, Theme

SORTS = {"name": _("Name"), "-starts_on": _("Newest first"), "starts_on": _("Oldest first")}


class InitiativeFilterSet(SortedFilterSet):
    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Initiative.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Initiative.Status.choices)
    city = NameChoiceFilter(
        label=_("City"), queryset=City.objects.all(), to_field_name="code", lead=CITY_LEAD
    )
    theme = NameChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", field_name="themes"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Initiative
        fields = ["q", "kind", "status", "city", "theme", "sort"]

    def search(self, queryset: QuerySet[Initiative], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def sort_by(self, queryset: QuerySet[Initiative], name: str, value: str) -> QuerySet[Any]:
        if value == "starts_on":
            return queryset.order_by(F("starts_on").asc(nulls_last=True), "pk")
        if value == "-starts_on":
            return queryset.order_by(F("starts_on").desc(nulls_last=True), "pk")
        return queryset.order_by(localized_order("name"), "pk")


FACILITY_TEXT = trilingual_columns("name", "description")
FACILITY_SORTS = {"name": _("Name"), "initiative": _("Initiative")}


class FacilityFilterSet(SortedFilterSet):
    """The staff list of facilities, and which of them an export takes."""

    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    initiative = NameChoiceFilter(
        label=_("Initiative"), queryset=Initiative.objects.all(), to_field_name="slug"
    )
    open_to_industry = django_filters.ChoiceFilter(
        label=_("Open to companies and partners"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        method="open_or_not",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(FACILITY_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Facility
        fields = ["q", "initiative", "open_to_industry", "sort"]

    def search(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Any]:
        # Every word in the facility's names or descriptions (both Chinese scripts are stored,
        # one converted, so either script finds them) or in its initiative's name.
        condition = Q()
        for word in value.split():
            found = search_filter(word, "initiative__search_text")
            for column in FACILITY_TEXT:
                found |= Q(**{f"{column}__icontains": word})
            condition &= found
        return queryset.filter(condition)

    def open_or_not(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(open_to_industry=value == "yes")

    def sort_by(self, queryset: QuerySet[Facility], name: str, value: str) -> QuerySet[Any]:
        if value == "initiative":
            return queryset.order_by(localized_order("initiative__name"), "position", "pk")
        return queryset.order_by(localized_order("name"), "pk")
