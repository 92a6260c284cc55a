"""Reads of initiatives and their partners."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from baylink.initiatives.models import Initiative, Theme


def partnership_running_during(starts_on: date, ends_on: date) -> Q:
    """On InitiativePartner: a member of a running initiative on at least one day of the period."""
    running = (
        ~Q(initiative__status=Initiative.Status.PLANNED)
        & (Q(initiative__starts_on__isnull=True) | Q(initiative__starts_on__lte=ends_on))
        & (Q(initiative__ends_on__isnull=True) | Q(initiative__ends_on__gte=starts_on))
    )
    membership = (Q(joined_on__isnull=True) | Q(joined_on__lte=ends_on)) & (
        Q(left_on__isnull=True) | Q(left_on__gte=starts_on)
    )
    return running & membership


def initiative_list() -> QuerySet[Initiative]:
    """Initiatives with what an API row shows (city, lead unit, themes, partners, facilities)."""
    return Initiative.objects.select_related("city", "lead_unit").prefetch_related(
        "themes", "partnerships__organisation", "facilities"
    )


def themes_by_slug(slugs: list[str]) -> list[Theme]:
    """The themes named, or a ValidationError on `themes` naming the unknown slugs."""
    found = list(Theme.objects.filter(slug__in=slugs))
    unknown = sorted(set(slugs) - {theme.slug for theme in found})
    if unknown:
        raise ValidationError(
            {"themes": _("There is no theme %(slugs)s.") % {"slugs": ", ".join(unknown)}}
        )
    return found
