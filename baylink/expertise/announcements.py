"""Telling the knowledge-transfer staff that a company has sent a challenge: a notification in
Baylink and an e-mail, each in the colleague's language."""

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from baylink.accounts.models import Notification
from baylink.accounts.selectors import email_language
from baylink.core.mail import send_after_commit, site_address
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


def _email(user: User, data: Mapping[str, Any], text: str) -> EmailMessage:
    """In the colleague's language (their preference, else that of their last sign-in)."""
    with translation.override(email_language(user)):
        context = {
            "line": challenge_sent_text(data),
            "text": text,
            "url": site_address(challenge_sent_link(data)),
        }
        # One line: a title stored before titles were, or imported, may hold a line break.
        title = " ".join(str(data["title"]).split())
        subject = _("Industry challenge received: %(title)s") % {"title": title}
        body = render_to_string("expertise/email/challenge_sent.txt", context).strip() + "\n"
    return EmailMessage(subject=subject, body=body, to=[user.email])


def challenge_sent_announce(challenge: Challenge) -> tuple[int, int]:
    """Each active account that may shortlist is notified, and e-mailed once the challenge is
    stored (a company's enquiry must not wait for someone to sign in); (notified, e-mailed)."""
    recipients = list(
        User.objects.with_perm(SHORTLISTING, is_active=True, include_superusers=True)
        .select_related("preferences")
        .order_by("pk")
    )
    data = challenge_sent_data(challenge)
    created = Notification.objects.bulk_create(
        Notification(user=user, kind=Notification.Kind.CHALLENGE_SENT, data=data)
        for user in recipients
    )
    # One e-mail per mailbox: a colleague may hold two accounts with one address.
    mailboxes = {user.email.strip().casefold(): user for user in reversed(recipients)}
    messages = [_email(user, data, challenge.text) for box, user in mailboxes.items() if box]
    send_after_commit(messages, what="industry challenge notice(s)")
    return len(created), len(messages)
