"""Lists in the API: the staff pages' filter sets, and pages by limit/offset or page number."""

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django_filters import FilterSet
from ninja import Field, Schema

M = TypeVar("M", bound=Model)

MAX_LIMIT = 100
# Far beyond any list; bounded so that an offset always fits the database's integers.
MAX_OFFSET = 2**31 - 1


class PageQuery(Schema):
    limit: int = Field(25, ge=1, le=MAX_LIMIT, description="Records per page (at most 100).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Records to skip.")
    page: int | None = Field(
        None, ge=1, le=MAX_OFFSET // MAX_LIMIT, description="Page number from 1; replaces offset."
    )


PAGE_FIELDS = frozenset(PageQuery.model_fields)


def _query_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def filtered(
    filterset_class: type[FilterSet],
    query: Schema,
    queryset: QuerySet[M],
    request: HttpRequest | None = None,
) -> QuerySet[M]:
    """The records the filter set keeps, or a ValidationError naming each bad parameter (400);
    with the request, a filter set may refuse a filter the caller may not use (403)."""
    data = {
        name: _query_value(value)
        for name, value in query.model_dump(exclude_none=True).items()
        if name not in PAGE_FIELDS
    }
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        raise ValidationError(
            {
                field: [str(message) for message in messages]
                for field, messages in filterset.errors.items()
            }
        )
    result: QuerySet[M] = filterset.qs
    return result


def paginated(queryset: QuerySet[M], query: PageQuery) -> dict[str, Any]:
    """One page of the records and the total, in two queries whatever the list's length."""
    offset = (query.page - 1) * query.limit if query.page else query.offset
    return {
        "count": queryset.count(),
        "limit": query.limit,
        "offset": offset,
        "items": list(queryset[offset : offset + query.limit]),
    }


class PageOut(Schema):
    count: int = Field(description="Records matching the filters, on every page.")
    limit: int
    offset: int
