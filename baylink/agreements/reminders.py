"""Renewal reminders: e-mail and notify an agreement's owner and unit coordinators before it ends.

Each (agreement, end date, threshold) is a `RenewalReminder` row inserted *before* anything is
sent, in the same transaction as the sending: the unique constraint turns a repeated or concurrent
run into a no-op, and a failed send rolls the row back so that the next run tries again.
"""

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.utils.translation import ngettext

from baylink.accounts.models import Notification, Role
from baylink.accounts.selectors import email_language
from baylink.agreements.models import Agreement, RenewalReminder
from baylink.core.mail import site_address
from baylink.core.trilingual import localized, localized_text, texts_by_language

logger = logging.getLogger(__name__)

CLOSED_STATUSES = (
    Agreement.Status.EXPIRED,
    Agreement.Status.RENEWED,
    Agreement.Status.TERMINATED,
)
# `recipients` of a threshold that was passed while a more urgent one was due: never sent.
SKIPPED = "(skipped: a more urgent reminder was due)"


def reminder_days() -> list[int]:
    """The configured thresholds in days, largest first."""
    return sorted(
        {int(days) for days in settings.BAYLINK_REMINDER_DAYS if int(days) > 0}, reverse=True
    )


@dataclass(frozen=True)
class DueReminder:
    agreement: Agreement
    ends_on: date
    days_left: int
    send: int | None  # the most urgent threshold passed, unless it was already handled
    skip: tuple[int, ...]  # less urgent thresholds passed and never sent: recorded, not sent


@dataclass
class ReminderRun:
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    emails: int = 0
    notifications: int = 0
    already_sent: int = 0
    references: list[str] = field(default_factory=list)


def reminders_due(*, today: date) -> list[DueReminder]:
    """Open agreements ending within the largest threshold, with what is still to send or skip."""
    days = reminder_days()
    if not days:
        return []
    agreements = (
        Agreement.objects.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=days[0]))
        .exclude(status__in=CLOSED_STATUSES)
        .select_related("owner", "owner_unit")
        .prefetch_related(
            Prefetch(
                "renewal_reminders",
                queryset=RenewalReminder.objects.only("agreement_id", "ends_on", "days_before"),
            )
        )
        .order_by("ends_on", "pk")
    )
    due: list[DueReminder] = []
    for agreement in agreements:
        assert agreement.ends_on is not None  # filtered above
        days_left = (agreement.ends_on - today).days
        passed = [threshold for threshold in days if days_left <= threshold]
        done = {
            reminder.days_before
            for reminder in agreement.renewal_reminders.all()
            if reminder.ends_on == agreement.ends_on
        }
        most_urgent = passed[-1]
        send = most_urgent if most_urgent not in done else None
        skip = tuple(t for t in passed if t != most_urgent and t not in done)
        if send is not None or skip:
            due.append(DueReminder(agreement, agreement.ends_on, days_left, send, skip))
    return due


def reminders_send_due(*, today: date) -> ReminderRun:
    """Send every reminder due on `today`; safe to run again or from two workers at once."""
    run = ReminderRun()
    for due in reminders_due(today=today):
        for threshold in due.skip:
            if _record(due, threshold, recipients=SKIPPED):
                run.skipped += 1
        if due.send is None:
            continue
        try:
            sent = _send(due, due.send)
        except IntegrityError:
            # Another run inserted the same reminder first: it sends, we do nothing.
            run.already_sent += 1
            continue
        except Exception:
            # One failing reminder (mail server down, bad address) must not stop the others;
            # its row was rolled back, so the next run retries it.
            logger.exception("Renewal reminder for %s failed", due.agreement.reference)
            run.failed += 1
            continue
        run.sent += 1
        run.emails += sent[0]
        run.notifications += sent[1]
        run.references.append(due.agreement.reference)
    return run


def _record(due: DueReminder, threshold: int, *, recipients: str) -> bool:
    try:
        with transaction.atomic():
            RenewalReminder.objects.create(
                agreement=due.agreement,
                ends_on=due.ends_on,
                days_before=threshold,
                recipients=recipients,
            )
    except IntegrityError:
        return False
    return True


@dataclass(frozen=True)
class Recipient:
    email: str
    user: User | None
    language: str


def recipients_for(agreement: Agreement) -> list[Recipient]:
    """The owner (by e-mail, and their account if they have one) and the unit's coordinators."""
    found: list[Recipient] = []
    owner_email = agreement.owner.email.strip() if agreement.owner else ""
    users = User.objects.none()
    if agreement.owner_unit_id is not None:
        users = User.objects.filter(
            is_active=True,
            staff_profile__role=Role.UNIT_COORDINATOR,
            staff_profile__unit_id=agreement.owner_unit_id,
        )
    if owner_email:
        users = users | User.objects.filter(is_active=True, email__iexact=owner_email)
    accounts = list(users.select_related("preferences").distinct().order_by("pk"))
    owner_account = next((u for u in accounts if u.email.lower() == owner_email.lower()), None)
    if owner_email:
        found.append(Recipient(owner_email, owner_account, email_language(owner_account)))
    for user in accounts:
        if user is not owner_account:
            found.append(Recipient(user.email.strip(), user, email_language(user)))
    return found


def _unique_emails(recipients: list[Recipient]) -> Iterator[Recipient]:
    seen: set[str] = set()
    for recipient in recipients:
        key = recipient.email.lower()
        if key and key not in seen:
            seen.add(key)
            yield recipient


def agreement_path(agreement: Agreement, language: str) -> str:
    with translation.override(language):
        try:
            return reverse("agreements:detail", args=[agreement.pk])
        except NoReverseMatch:  # the staff pages are not mounted (a bare API deployment)
            return f"/{language}/staff/agreements/{agreement.pk}/"


def reminder_data(agreement: Agreement, *, days_before: int, days_left: int) -> dict[str, Any]:
    """What a notification keeps, so that it can be shown in any language later."""
    assert agreement.ends_on is not None
    return {
        "agreement": agreement.pk,
        "reference": agreement.reference,
        "title": localized(agreement, "title", "en"),
        "titles": texts_by_language(agreement, "title"),
        "days_before": days_before,
        "days_left": days_left,
        "ends_on": agreement.ends_on.isoformat(),
    }


def renewal_due_text(data: Mapping[str, Any]) -> str:
    """The notification line, in the active language."""
    title = localized_text(data.get("titles"))
    days = int(data.get("days_left", data.get("days_before", 0)))
    try:
        ends_on = formats.date_format(date.fromisoformat(str(data.get("ends_on"))))
    except ValueError:
        ends_on = str(data.get("ends_on", ""))
    return ngettext(
        "Agreement %(reference)s “%(title)s” ends on %(date)s, in %(days)s day.",
        "Agreement %(reference)s “%(title)s” ends on %(date)s, in %(days)s days.",
        days,
    ) % {
        "reference": data.get("reference", ""),
        "title": title or data.get("title", ""),
        "date": ends_on,
        "days": days,
    }


def _email(due: DueReminder, recipient: Recipient, data: dict[str, Any]) -> EmailMessage:
    agreement = due.agreement
    with translation.override(recipient.language):
        context = {
            "line": renewal_due_text(data),
            "agreement": agreement,
            "title": localized(agreement, "title"),
            "status": agreement.get_status_display(),
            "unit": localized(agreement.owner_unit, "name") if agreement.owner_unit else "",
            "url": site_address(agreement_path(agreement, recipient.language)),
        }
        subject = ngettext(
            "Renewal due: %(reference)s ends in %(days)s day",
            "Renewal due: %(reference)s ends in %(days)s days",
            due.days_left,
        ) % {"reference": agreement.reference, "days": due.days_left}
        body = render_to_string("agreements/reminders/renewal_due.txt", context).strip() + "\n"
    return EmailMessage(subject=subject, body=body, to=[recipient.email])


def _send(due: DueReminder, threshold: int) -> tuple[int, int]:
    """Record, notify and e-mail one reminder; returns (e-mails, notifications)."""
    agreement = due.agreement
    data = reminder_data(agreement, days_before=threshold, days_left=due.days_left)
    with transaction.atomic():
        reminder = RenewalReminder.objects.create(
            agreement=agreement, ends_on=due.ends_on, days_before=threshold
        )
        recipients = recipients_for(agreement)
        mailed = list(_unique_emails(recipients))
        reminder.recipients = "\n".join(r.email for r in mailed)
        reminder.save(update_fields=["recipients"])
        users = {r.user.pk: r for r in recipients if r.user is not None}
        Notification.objects.bulk_create(
            Notification(
                user_id=user_id,
                kind=Notification.Kind.RENEWAL_DUE,
                data=data,
                url=agreement_path(agreement, recipient.language),
            )
            for user_id, recipient in users.items()
        )
        # Last, so that a refused e-mail rolls the reminder back and the next run retries it.
        messages = [_email(due, recipient, data) for recipient in mailed]
        if messages:
            get_connection().send_messages(messages)
    return len(messages), len(users)
