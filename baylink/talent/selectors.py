"""Reads of internship placements."""

from datetime import date

from django.db.models import Count, QuerySet

from baylink.talent.models import Placement


def placements_starting_during(*, starts_on: date, ends_on: date) -> QuerySet[Placement]:
    """Placements that start within the period (a placement counts in the year it begins)."""
    return Placement.objects.filter(starts_on__gte=starts_on, starts_on__lte=ends_on)


def placement_counts_by_city(*, starts_on: date, ends_on: date) -> dict[int, int]:
    """Placements starting in the period, per GBA city id."""
    rows = (
        placements_starting_during(starts_on=starts_on, ends_on=ends_on)
        .filter(city__is_gba=True)
        .values("city_id")
        .annotate(placements=Count("pk"))
        .order_by()
    )
    return {row["city_id"]: row["placements"] for row in rows}
