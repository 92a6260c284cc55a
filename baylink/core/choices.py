"""Lists to choose a record from, in the order of the names the reader sees.

A list sorted by English names reads as no order at all in Chinese, so these fields sort when
the list is drawn (in the request's language), not when the form class is defined.
"""

from collections.abc import Sequence
from typing import Any

import django_filters
from django import forms
from django.db.models import OrderBy
from django.db.models.expressions import Combinable

from baylink.core.trilingual import reader_order

Lead = Sequence[str | Combinable | OrderBy]


class _InReaderOrder:
    """A choice iterator mixin: the field's `lead` orderings first, then the name shown."""

    queryset: Any

    def __init__(self, field: Any) -> None:
        super().__init__(field)  # type: ignore[call-arg]  # the iterator it is mixed into takes it
        self.queryset = self.queryset.order_by(*field.lead, reader_order(), "pk")


class _FormIterator(_InReaderOrder, forms.models.ModelChoiceIterator):
    pass


class _FilterIterator(_InReaderOrder, django_filters.fields.ModelChoiceIterator):
    pass


class NameChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs' generic is optional
    """A ModelChoiceField over trilingually named records, listed in the reader's order."""

    iterator = _FormIterator

    def __init__(self, *args: Any, lead: Lead = (), **kwargs: Any) -> None:
        self.lead = lead
        super().__init__(*args, **kwargs)


class _NameChoiceFilterField(django_filters.fields.ModelChoiceField):
    iterator = _FilterIterator

    def __init__(self, *args: Any, lead: Lead = (), **kwargs: Any) -> None:
        self.lead = lead
        super().__init__(*args, **kwargs)


class NameChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's ModelChoiceFilter, listing its records in the reader's order."""

    field_class = _NameChoiceFilterField
