"""Reads of agreements: what is in force on a day or during a period, and with whom."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from baylink.agreements.models import Agreement, Document, Party


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


def in_force_on(day: date) -> Q:
    """On Agreement: signed and started by the day, not yet ended or terminated."""
    return _in_force(day, day)


def agreements_in_force(*, on: date, kinds: Iterable[str] | None = None) -> QuerySet[Agreement]:
    """Agreements in force on the day: signed and started by then, not yet ended or terminated."""
    queryset = Agreement.objects.filter(in_force_on(on))
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


def party_in_force_during(starts_on: date, ends_on: date) -> Q:
    """On Party: its agreement was in force on at least one day of the period."""
    return _in_force(ends_on, starts_on, prefix="agreement__")


def parties_during(
    *, starts_on: date, ends_on: date, kinds: Iterable[str] | None = None
) -> QuerySet[Party]:
    """Parties (the university's own included) to agreements in force during the period."""
    queryset = Party.objects.filter(party_in_force_during(starts_on, ends_on))
    if kinds is not None:
        queryset = queryset.filter(agreement__kind__in=list(kinds))
    return queryset


def agreement_list(*, scope: Q) -> QuerySet[Agreement]:
    """The staff list: agreements the user may see, with what each row shows."""
    return (
        Agreement.objects.filter(scope)
        .select_related("owner_unit")
        .prefetch_related("parties__organisation")
    )


def agreement_detail(*, scope: Q, pk: int) -> Agreement:
    return (
        Agreement.objects.filter(scope)
        .select_related("owner_unit", "owner", "renews")
        .prefetch_related(
            "parties__organisation",
            "parties__unit",
            "initiatives",
            "mobility_specs__sending_party__organisation",
            "mobility_specs__receiving_party__organisation",
            "status_changes__actor",
        )
        .get(pk=pk)
    )


def agreement_documents(agreement: Agreement) -> list[list[Document]]:
    """Each document's versions, newest first; documents by title."""
    series: dict[Any, list[Document]] = {}
    for document in agreement.documents.select_related("uploaded_by").order_by(
        "title", "series", "-version"
    ):
        series.setdefault(document.series, []).append(document)
    return list(series.values())


def agreement_records(*, scope: Q) -> QuerySet[Agreement]:
    """Agreements the user may see with parties, exchange terms and documents (the API's rows)."""
    return (
        Agreement.objects.filter(scope)
        .select_related("owner_unit", "owner")
        .prefetch_related(
            "parties__organisation",
            "parties__unit",
            "initiatives",
            "mobility_specs",
            Prefetch(
                "documents", queryset=Document.objects.order_by("title", "series", "-version")
            ),
        )
    )
