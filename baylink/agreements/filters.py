"""One filter set for agreement lists: the staff list, its exports and the API."""

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from baylink.agreements.models import Agreement
from baylink.core.choices import NameChoiceFilter
from baylink.core.filters import SortedFilterSet
from baylink.core.search import search_filter
from baylink.core.trilingual import localized_order
from baylink.directory.selectors import home_units

SORTS = {
    "reference": _("Reference"),
    "-reference": _("Reference, Z to A"),
    "title": _("Title"),
    "-title": _("Title, Z to A"),
    "ends_on": _("End date, soonest first"),
    "-ends_on": _("End date, latest first"),
    "signed_on": _("Signed, oldest first"),
    "-signed_on": _("Signed, newest first"),
    "status": _("Status"),
    "-status": _("Status, reversed"),
}


class AgreementFilterSet(SortedFilterSet):
    default_sort = "-signed_on"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Agreement.Kind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Agreement.Status.choices)
    owner_unit = NameChoiceFilter(label=_("Owner unit"), queryset=home_units())
    ends_before = django_filters.DateFilter(
        label=_("Ends before"), field_name="ends_on", lookup_expr="lt"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Agreement
        fields = ["q", "kind", "status", "owner_unit", "ends_before", "sort"]

    def search(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def sort_by(self, queryset: QuerySet[Agreement], name: str, value: str) -> QuerySet[Any]:
        value = value or "-signed_on"
        descending = value.startswith("-")
        key = value.lstrip("-")
        column = F(localized_order("title") if key == "title" else key)
        # Open-ended (empty) dates sort last on every database.
        if descending:
            return queryset.order_by(column.desc(nulls_last=True), "-pk")
        return queryset.order_by(column.asc(nulls_last=True), "pk")
