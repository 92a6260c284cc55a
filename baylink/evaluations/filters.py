"""The filter set of placement record lists (staff page and exports)."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from baylink.core.filters import AcademicYearFilter, SortedFilterSet
from baylink.core.search import search_filter
from baylink.directory.selectors import gba_cities
from baylink.evaluations.models import PlacementRecord
from baylink.evaluations.selectors import Region, region_expression

SORTS = {
    "-academic_year": _("Newest academic year first"),
    "academic_year": _("Oldest academic year first"),
    "-wie_hours": _("Most WIE hours first"),
    "host": _("Host"),
}


class PlacementRecordFilterSet(SortedFilterSet):
    """`q` searches placements and hosts; students' names and numbers only in the subclass
    for those who may see them, so that a search cannot reveal who did a placement."""

    default_sort = "-academic_year"
    search_students = False

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    academic_year = AcademicYearFilter(label=_("Academic year"), help_text=_("e.g. 2019/20"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=PlacementRecord.Status.choices)
    region = django_filters.ChoiceFilter(
        label=_("Region"), choices=Region.choices, method="in_region"
    )
    city = django_filters.ModelChoiceFilter(
        label=_("City"),
        queryset=gba_cities(),
        to_field_name="code",
        field_name="placement__city",
    )
    evaluated = django_filters.ChoiceFilter(
        label=_("Evaluations"),
        choices=[
            ("missing", _("Missing an evaluation")),
            ("complete", _("Both evaluations in")),
        ],
        method="by_evaluations",
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = PlacementRecord
        fields = ["q", "academic_year", "status", "region", "city", "evaluated", "sort"]

    def search(self, queryset: QuerySet[PlacementRecord], name: str, value: str) -> QuerySet[Any]:
        value = value.strip()
        matches = (
            Q(placement__title_en__icontains=value)
            | Q(placement__title_zh_hant__icontains=value)
            | Q(placement__title_zh_hans__icontains=value)
            | search_filter(value, "placement__host__search_text")
            | Q(student__programme__icontains=value)
        )
        if self.search_students:
            matches |= (
                Q(student__student_number__iexact=value)
                | Q(student__name_en__icontains=value)
                | Q(student__name_zh__icontains=value)
            )
        return queryset.filter(matches)

    def in_region(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if "region" not in queryset.query.annotations:  # the data page's export starts bare
            queryset = queryset.annotate(region=region_expression())
        return queryset.filter(region=value)

    def by_evaluations(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        both = Q(host_evaluation__isnull=False) & Q(student_evaluation__isnull=False)
        if value == "complete":
            return queryset.filter(both)
        return queryset.filter(status=PlacementRecord.Status.COMPLETED).exclude(both)

    def sort_by(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == "academic_year":
            return queryset.order_by("academic_year", "pk")
        if value == "-wie_hours":
            return queryset.order_by("-wie_hours", "pk")
        if value == "host":
            return queryset.order_by("placement__host__name_en", "pk")
        return queryset.order_by("-academic_year", "-pk")


class PersonalPlacementRecordFilterSet(PlacementRecordFilterSet):
    search_students = True
