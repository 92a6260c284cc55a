"""Reads of agreements: what is in force on a day or during a period, and with whom."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Q, QuerySet

from baylink.agreements.models import Agreement, Party


def _in_force(on_or_before: date, on_or_after: date, prefix: str = "") -> Q:
    """Signed, started on or before one day, not ended or terminated before another."""
    p = prefix
    started = Q(**{f"{p}starts_on__lte": on_or_before}) | Q(
        **{f"{p}starts_on__isnull": True, f"{p}signed_on__lte": on_or_before}
    )
    not_ended = Q(**{f"{p}ends_on__isnull": True}) | Q(**{f"{p}ends_on__gte": on_or_after})
    not_terminated = Q(**{f"{p}terminated_on__isnull": True}) | Q(
        **{f"{p}terminated_on__gt": on_or_after}
    )
    return Q(**{f"{p}signed_on__lte": on_or_before}) & started & not_ended & not_terminated


def agreements_in_force(*, on: date, kinds: Iterable[str] | None = None) -> QuerySet[Agreement]:
    """Agreements in force on the day: signed and started by then, not yet ended or terminated."""
    queryset = Agreement.objects.filter(_in_force(on, on))
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    return queryset


def agreements_in_force_during(
    *, starts_on: date, ends_on: date, kinds: Iterable[str] | None = None
) -> QuerySet[Agreement]:
    """Agreements in force on at least one day of the period."""
    queryset = Agreement.objects.filter(_in_force(ends_on, starts_on))
    if kinds is not None:
        queryset = queryset.filter(kind__in=list(kinds))
    return queryset


def parties_during(
    *, starts_on: date, ends_on: date, kinds: Iterable[str] | None = None
) -> QuerySet[Party]:
    """Parties (the university's own included) to agreements in force during the period."""
    queryset = Party.objects.filter(_in_force(ends_on, starts_on, prefix="agreement__"))
    if kinds is not None:
        queryset = queryset.filter(agreement__kind__in=list(kinds))
    return queryset
