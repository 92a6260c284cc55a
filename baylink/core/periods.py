"""Date-range filters shared by the contexts: 'in force on a day', 'active during a period'."""

from datetime import date

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The message of every "ends after it starts" constraint (Django's own names the constraint).
ENDS_BEFORE_START = _("The end date must not be before the start.")


def active_during(starts_on: date, ends_on: date, *, prefix: str = "") -> Q:
    """Records whose [starts_on, ends_on] (open end = ongoing) overlaps the period."""
    return Q(**{f"{prefix}starts_on__lte": ends_on}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": starts_on})
    )
