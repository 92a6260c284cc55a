"""The filter set of research project lists (staff page, exports, API)."""

from typing import Any

import django_filters
from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from baylink.core.academic_year import AcademicYear
from baylink.core.choices import NameChoiceFilter
from baylink.core.filters import AcademicYearFilter, SortedFilterSet
from baylink.core.periods import active_during
from baylink.core.search import search_filter
from baylink.core.trilingual import localized_order
from baylink.directory.selectors import home_units
from baylink.initiatives.models import Initiative, Theme
from baylink.research.models import FundingScheme, KnowledgeTransferOutput, Project

SORTS = {
    "-starts_on": _("Newest first"),
    "starts_on": _("Oldest first"),
    "reference": _("Reference"),
    "title": _("Title"),
    "-amount": _("Largest funding first"),
}


class ProjectFilterSet(SortedFilterSet):
    default_sort = "-starts_on"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    academic_year = AcademicYearFilter(
        label=_("Active in academic year"), help_text=_("e.g. 2018/19"), method="active_in"
    )
    scheme = NameChoiceFilter(
        label=_("Funding scheme"), queryset=FundingScheme.objects.all(), to_field_name="slug"
    )
    theme = NameChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.all(), to_field_name="slug", field_name="themes"
    )
    unit = NameChoiceFilter(label=_("Unit"), queryset=home_units())
    initiative = NameChoiceFilter(
        label=_("Initiative"), queryset=Initiative.objects.all(), to_field_name="slug"
    )
    # By number: a list of every organisation in the directory would be tens of thousands of
    # choices. An organisation's page links here with its number filled in.
    partner = django_filters.NumberFilter(
        label=_("Partner (directory number)"), field_name="partners", min_value=1
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Project
        fields = ["q", "academic_year", "scheme", "theme", "unit", "initiative", "partner", "sort"]

    def search(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def active_in(self, queryset: QuerySet[Project], name: str, value: int | None) -> QuerySet[Any]:
        if value is None:
            return queryset
        year = AcademicYear(value)
        return queryset.filter(active_during(year.starts_on, year.ends_on))

    def sort_by(self, queryset: QuerySet[Project], name: str, value: str) -> QuerySet[Any]:
        if value == "starts_on":
            return queryset.order_by("starts_on", "pk")
        if value == "reference":
            return queryset.order_by("reference")
        if value == "title":
            return queryset.order_by(localized_order("title"), "pk")
        if value == "-amount":
            return queryset.order_by(F("amount").desc(nulls_last=True), "pk")
        return queryset.order_by("-starts_on", "-pk")


KT_SORTS = {
    "-occurred_on": _("Newest first"),
    "occurred_on": _("Oldest first"),
    "reference": _("Reference"),
    "-income": _("Largest income first"),
}


class KnowledgeTransferOutputFilterSet(SortedFilterSet):
    default_sort = "-occurred_on"

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=KnowledgeTransferOutput.Kind.choices
    )
    academic_year = AcademicYearFilter(
        label=_("Academic year"), help_text=_("e.g. 2018/19"), method="in_year"
    )
    unit = NameChoiceFilter(label=_("Unit"), queryset=home_units())
    # By number, as for projects' partners: the directory is too long for a list.
    counterparty = django_filters.NumberFilter(
        label=_("Counterparty (directory number)"), field_name="counterparty", min_value=1
    )
    project = django_filters.CharFilter(
        label=_("Project reference"), field_name="project__reference", max_length=40
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(KT_SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = KnowledgeTransferOutput
        fields = ["q", "kind", "academic_year", "unit", "counterparty", "project", "sort"]

    def search(
        self, queryset: QuerySet[KnowledgeTransferOutput], name: str, value: str
    ) -> QuerySet[Any]:
        return queryset.filter(search_filter(value))

    def in_year(
        self, queryset: QuerySet[KnowledgeTransferOutput], name: str, value: int | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        year = AcademicYear(value)
        return queryset.filter(occurred_on__gte=year.starts_on, occurred_on__lte=year.ends_on)

    def sort_by(
        self, queryset: QuerySet[KnowledgeTransferOutput], name: str, value: str
    ) -> QuerySet[Any]:
        if value == "occurred_on":
            return queryset.order_by("occurred_on", "pk")
        if value == "reference":
            return queryset.order_by("reference")
        if value == "-income":
            return queryset.order_by(F("income").desc(nulls_last=True), "pk")
        return queryset.order_by("-occurred_on", "-pk")
