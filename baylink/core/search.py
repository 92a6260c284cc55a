"""Script-folded text search: one filter for every list, whatever script the reader types in."""

from collections.abc import Iterable

from django.db.models import Q

from baylink.core.chinese import fold

SEPARATOR = " | "


def search_text(values: Iterable[str]) -> str:
    """The folded text a record is found by: each distinct value once."""
    folded = dict.fromkeys(fold(value) for value in values if value)
    return SEPARATOR.join(value for value in folded if value)


def search_filter(query: str, field: str = "search_text") -> Q:
    """Every word of the query must occur (folded) in the field."""
    condition = Q()
    for word in fold(query).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition
