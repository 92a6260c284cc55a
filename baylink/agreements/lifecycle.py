"""The agreement lifecycle: which status may follow which, and what each step needs."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baylink.agreements.models import Agreement

Status = Agreement.Status

# draft → under negotiation → signed → active → expiring → expired / renewed / terminated
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.DRAFT: (Status.NEGOTIATION, Status.TERMINATED),
    Status.NEGOTIATION: (Status.DRAFT, Status.SIGNED, Status.TERMINATED),
    Status.SIGNED: (Status.ACTIVE, Status.TERMINATED),
    Status.ACTIVE: (Status.EXPIRING, Status.EXPIRED, Status.RENEWED, Status.TERMINATED),
    Status.EXPIRING: (Status.ACTIVE, Status.EXPIRED, Status.RENEWED, Status.TERMINATED),
    Status.EXPIRED: (Status.RENEWED,),
    Status.RENEWED: (),
    Status.TERMINATED: (),
}

# The button a user presses to move an agreement into each status.
ACTIONS: dict[str, Promise] = {
    Status.DRAFT: _("Back to draft"),
    Status.NEGOTIATION: _("Start negotiation"),
    Status.SIGNED: _("Record signing"),
    Status.ACTIVE: _("Mark active"),
    Status.EXPIRING: _("Mark expiring"),
    Status.EXPIRED: _("Mark expired"),
    Status.RENEWED: _("Mark renewed"),
    Status.TERMINATED: _("Terminate"),
}


def next_statuses(status: str) -> tuple[str, ...]:
    return TRANSITIONS.get(status, ())


def is_allowed(from_status: str, to_status: str) -> bool:
    return to_status in next_statuses(from_status)
