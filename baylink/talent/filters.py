"""Filter sets of the WIE staff lists (and their exports)."""

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.core.choices import NameChoiceFilter
from baylink.core.filters import SortedFilterSet
from baylink.directory.models import HONG_KONG_CITY
from baylink.directory.selectors import gba_cities, home_units
from baylink.talent.models import AllocationRound, Placement, Student

REGIONS = [
    ("gba", _("GBA (mainland and Macao)")),
    ("local", _("Hong Kong")),
    ("overseas", _("Overseas")),
]

PLACEMENT_SORTS = {
    "-starts_on": _("Starting latest"),
    "starts_on": _("Starting earliest"),
    "title": _("Title"),
    "host": _("Host"),
    "-capacity": _("Most places"),
}


class PlacementFilterSet(SortedFilterSet):
    default_sort = "-starts_on"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    region = django_filters.ChoiceFilter(label=_("Region"), choices=REGIONS, method="in_region")
    city = django_filters.ModelChoiceFilter(
        label=_("City"), queryset=gba_cities(), to_field_name="code"
    )
    mode = django_filters.ChoiceFilter(label=_("Mode"), choices=Placement.Mode.choices)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=list(PLACEMENT_SORTS.items()),
        method="sort_by",
        empty_label=None,
    )

    class Meta:
        model = Placement
        fields = ["q", "region", "city", "mode", "sort"]

    def search(self, queryset: QuerySet[Placement], name: str, value: str) -> QuerySet[Any]:
        text = value.strip()
        return queryset.filter(
            Q(title_en__icontains=text)
            | Q(title_zh_hant__icontains=text)
            | Q(title_zh_hans__icontains=text)
            | Q(host__name_en__icontains=text)
            | Q(host__name_zh_hant__icontains=text)
            | Q(host__name_zh_hans__icontains=text)
        )

    def in_region(self, queryset: QuerySet[Placement], name: str, value: str) -> QuerySet[Any]:
        local = Q(city__isnull=True) | Q(city__code=HONG_KONG_CITY)
        if value == "local":
            return queryset.filter(local)
        if value == "gba":
            return queryset.filter(city__is_gba=True).exclude(local)
        return queryset.filter(city__is_gba=False)

    def sort_by(self, queryset: QuerySet[Placement], name: str, value: str) -> QuerySet[Any]:
        order = {
            "-starts_on": ["-starts_on", "title_en", "pk"],
            "starts_on": ["starts_on", "title_en", "pk"],
            "title": ["title_en", "pk"],
            "host": ["host__name_en", "title_en", "pk"],
            "-capacity": ["-capacity", "title_en", "pk"],
        }[value or self.default_sort]
        return queryset.order_by(*order)


STUDENT_SORTS = {
    "name": pgettext_lazy("person", "Name"),
    "number": _("Student number"),
    "programme": _("Programme"),
    "year": _("Year of study"),
}


class StudentFilterSet(SortedFilterSet):
    """For roles that see personal data: search by name, number or e-mail too."""

    default_sort = "name"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    programme = django_filters.CharFilter(
        label=_("Programme"), lookup_expr="icontains", max_length=200
    )
    # The blank first choice: without it the list showed "1", and applying any other filter
    # also filtered to first-year students.
    year_of_study = django_filters.TypedChoiceFilter(
        label=_("Year of study"),
        choices=[("", "---------"), *((year, str(year)) for year in range(1, 8))],
        coerce=int,
        empty_value=None,
    )
    unit = NameChoiceFilter(label=_("Faculty or department"), queryset=home_units())
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(STUDENT_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Student
        fields = ["q", "programme", "year_of_study", "unit", "sort"]

    def search(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Any]:
        text = value.strip()
        return queryset.filter(
            Q(name_en__icontains=text)
            | Q(name_zh__icontains=text)
            | Q(student_number__icontains=text)
            | Q(email__icontains=text)
            | Q(programme__icontains=text)
        )

    def sort_by(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Any]:
        order = {
            "name": ["name_en", "student_number"],
            "number": ["student_number"],
            "programme": ["programme", "year_of_study", "pk"],
            "year": ["year_of_study", "programme", "pk"],
        }[value or self.default_sort]
        return queryset.order_by(*order)


MASKED_SORTS = {k: v for k, v in STUDENT_SORTS.items() if k in ("programme", "year")}


class MaskedStudentFilterSet(StudentFilterSet):
    """For roles without personal data: no search or sort by anything they may not see."""

    default_sort = "programme"

    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(MASKED_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta(StudentFilterSet.Meta):
        fields = ["programme", "year_of_study", "unit", "sort"]

    def search(self, queryset: QuerySet[Student], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(programme__icontains=value.strip())


ROUND_SORTS = {
    "-deadline": _("Latest deadline"),
    "deadline": _("Earliest deadline"),
    "name": _("Name"),
}


class RoundFilterSet(SortedFilterSet):
    default_sort = "-deadline"

    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    status = django_filters.ChoiceFilter(label=_("Status"), choices=AllocationRound.Status.choices)
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(ROUND_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = AllocationRound
        fields = ["q", "status", "sort"]

    def sort_by(self, queryset: QuerySet[AllocationRound], name: str, value: str) -> QuerySet[Any]:
        order = {
            "-deadline": ["-application_deadline", "pk"],
            "deadline": ["application_deadline", "pk"],
            "name": ["name", "pk"],
        }[value or self.default_sort]
        return queryset.order_by(*order)
