"""Telling students their offers are out: a notification for those who sign in, an e-mail to all.

Notifications are written in the publishing transaction. E-mails go after it commits, one per
student, so that a mail server that is down never undoes a publication; a failed e-mail is
logged and the offer still shows on the student's WIE page and in their notifications.
"""

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import gettext as _

from baylink.accounts.models import Notification
from baylink.accounts.selectors import DEFAULT_EMAIL_LANGUAGE, email_language
from baylink.core.mail import send_after_commit, site_address
from baylink.core.trilingual import localized_text, texts_by_language
from baylink.talent.models import Offer


def offer_data(offer: Offer) -> dict[str, Any]:
    placement = offer.placement
    return {
        "offer": offer.pk,
        "titles": texts_by_language(placement, "title"),
        "host": placement.host.name,
        "deadline": offer.deadline.isoformat(),
    }


def offer_made_text(data: Mapping[str, Any]) -> str:
    """The notification line, in the active language."""
    title = localized_text(data.get("titles"))
    try:
        deadline = formats.date_format(
            datetime.fromisoformat(str(data.get("deadline"))), "DATETIME_FORMAT"
        )
    except ValueError:
        deadline = str(data.get("deadline", ""))
    line = _("You have an offer: “%(title)s” at %(host)s. Accept or decline it by %(deadline)s.")
    return line % {"title": title, "host": data.get("host", ""), "deadline": deadline}


def _email(offer: Offer, address: str, language: str, data: Mapping[str, Any]) -> EmailMessage:
    """In the student's language (their account's preference; English without an account)."""
    with translation.override(language):
        context = {
            "line": offer_made_text(data),
            "student": (language != "en" and offer.student.name_zh) or offer.student.name_en,
            "url": site_address(reverse("wie:home")),
        }
        subject = _("Your WIE placement offer: answer by %(date)s") % {
            "date": formats.date_format(offer.deadline)
        }
        body = render_to_string("talent/email/offer_made.txt", context).strip() + "\n"
    return EmailMessage(subject=subject, body=body, to=[address])


def offers_announce(offers: Sequence[Offer]) -> tuple[int, int]:
    """Notify (now) and e-mail (after commit) each offer's student; (notifications, e-mails)."""
    offers = list(
        Offer.objects.filter(pk__in=[o.pk for o in offers])
        .select_related("student__user__preferences", "placement__host")
        .order_by("pk")
    )
    data = {offer.pk: offer_data(offer) for offer in offers}
    with translation.override(DEFAULT_EMAIL_LANGUAGE):
        url = reverse("wie:home")  # shown in the reader's language (notification_link)
    notifications = Notification.objects.bulk_create(
        Notification(
            user_id=offer.student.user_id,
            kind=Notification.Kind.OFFER_MADE,
            data=data[offer.pk],
            url=url,
        )
        for offer in offers
        if offer.student.user_id is not None
    )
    messages = []
    for offer in offers:
        user = offer.student.user
        address = offer.student.email.strip() or (user.email.strip() if user else "")
        if address:
            messages.append(_email(offer, address, email_language(user), data[offer.pk]))
    send_after_commit(messages, what="placement offer(s)")
    return len(notifications), len(messages)
