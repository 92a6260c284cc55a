"""Reading query strings safely: a bad value is a 400 with a message a reader can act on."""

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import EmptyPage, Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django_filters import FilterSet

from baylink.core.academic_year import AcademicYear

T = TypeVar("T")

# A record's id as sent in a form, a query string or a file's cell: ASCII digits ("²".isdigit()
# is true, int("²") fails), and few enough that the database takes the number.
_RECORD_ID = re.compile(r"[0-9]{1,18}")


def record_id(text: str) -> int | None:
    """The id the text is, else None (blank, a word, another script's digits, too big)."""
    return int(text) if _RECORD_ID.fullmatch(text.strip()) else None


def academic_year_param(request: HttpRequest, default: AcademicYear) -> AcademicYear:
    raw = request.GET.get("academic_year", "").strip()
    if not raw:
        return default
    try:
        return AcademicYear.parse(raw)
    except ValidationError as error:
        raise BadRequest(error.messages[0]) from error


def filtered(filterset: FilterSet) -> QuerySet[Any]:
    """The filterset's queryset, or a 400 naming the first invalid parameter."""
    if not filterset.is_valid():
        field, messages = next(iter(filterset.errors.items()))
        label = filterset.form.fields[field].label or field
        raise BadRequest(_("%(field)s: %(message)s") % {"field": label, "message": messages[0]})
    queryset: QuerySet[Any] = filterset.qs
    return queryset


def paginate(request: HttpRequest, items: Sequence[T] | QuerySet[Any, T], per_page: int) -> Page[T]:
    """The page the address asks for, of a queryset or of rows already computed."""
    raw = request.GET.get("page", "1").strip() or "1"
    number = record_id(raw)
    if number is None or number < 1:
        raise BadRequest(_("The page number must be a whole number from 1 up."))
    paginator: Paginator[T] = Paginator(items, per_page)
    try:
        return paginator.page(number)
    except EmptyPage as error:
        raise Http404(_("There is no page %(number)s.") % {"number": raw}) from error
