"""The base of Baylink's filter sets: a `sort` choice whose absence means the default order."""

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from baylink.core.staff_forms import AcademicYearField, style_fields


class AcademicYearFilter(django_filters.Filter):
    field_class = AcademicYearField


class SortedFilterSet(django_filters.FilterSet):
    """Subclasses define a `sort` filter whose method is `sort_by`, and their `default_sort`."""

    default_sort = ""
    # Sorts a list once had, by the one that replaced them: saved links and API callers that
    # still send them get the list they meant, not an error.
    sort_aliases: dict[str, str] = {}

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        # Without a sort in the address, the default is filled in as if chosen: the list is
        # sorted by the one `sort_by`, and the "Sort by" list shows the order the list is in,
        # not its first choice ("Reference" over a list sorted by signing date).
        if data is not None and not data.get("sort") and self.default_sort:
            data = data.copy()
            data["sort"] = self.default_sort
        elif data is not None and data.get("sort") in self.sort_aliases:
            data = data.copy()
            data["sort"] = self.sort_aliases[data["sort"]]
        super().__init__(data, *args, **kwargs)

    @property
    def form(self) -> forms.Form:
        form: forms.Form = super().form
        if not getattr(form, "styled", False):  # built once per filter set, styled once
            style_fields(form)
            form.styled = True  # type: ignore[attr-defined]
        return form

    def sort_by(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        raise NotImplementedError
