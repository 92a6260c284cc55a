"""Telling the knowledge-transfer staff that a company has sent a challenge."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _

from baylink.accounts.models import Notification
from baylink.expertise.models import Challenge

# Who is told: whoever may shortlist for challenges.
SHORTLISTING = "expertise.change_challenge"


def challenge_sent_data(challenge: Challenge) -> dict[str, Any]:
    return {
        "challenge": challenge.pk,
        "title": challenge.title,
        "company": challenge.contact_organisation,
    }


def challenge_sent_text(data: Mapping[str, Any]) -> str:
    """The notification line, in the active language."""
    return _("%(company)s sent an industry challenge: “%(title)s”.") % {
        "company": data.get("company", ""),
        "title": data.get("title", ""),
    }


def challenge_sent_link(data: Mapping[str, Any]) -> str:
    return reverse("expertise:challenge-detail", args=[data["challenge"]])


def challenge_sent_announce(challenge: Challenge) -> int:
    """A notification for each active account that may shortlist; how many were made."""
    recipients = User.objects.with_perm(SHORTLISTING, is_active=True, include_superusers=True)
    data = challenge_sent_data(challenge)
    created = Notification.objects.bulk_create(
        Notification(user=user, kind=Notification.Kind.CHALLENGE_SENT, data=data)
        for user in recipients.order_by("pk")
    )
    return len(created)
