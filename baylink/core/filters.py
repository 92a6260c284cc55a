"""The base of Baylink's filter sets: a `sort` choice whose absence means the default order."""

from typing import Any

import django_filters
from django.db.models import QuerySet


class SortedFilterSet(django_filters.FilterSet):
    """Subclasses define a `sort` filter whose method is `sort_by`, and their `default_sort`."""

    default_sort = ""

    def sort_by(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        raise NotImplementedError

    @property
    def qs(self) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = self.sort_by(queryset, "sort", self.default_sort)
        return queryset
