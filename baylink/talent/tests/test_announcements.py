"""Publishing a run tells each placed student: a notification, and an e-mail after commit."""

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django.utils.translation import override

from baylink.accounts import services as accounts_services
from baylink.accounts.models import Notification, Role
from baylink.accounts.notifications import notification_link, notification_text
from baylink.accounts.tests.factories import staff_user
from baylink.core import mail as sent_after_commit
from baylink.talent import services
from baylink.talent.models import AllocationRound, Offer
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db


def _allocated_round() -> tuple[AllocationRound, list[Any]]:
    popular = factories.placement(title_en="Robotics internship", city_code="SZ")
    popular.title_zh_hant = "機械人實習"
    popular.save()
    other = factories.placement(title_en="Data internship", city_code="HK")
    allocation_round = factories.allocation_round([popular, other])
    signed_in_user, signed_in = factories.student_user()
    by_email = factories.student()
    _unplaced_user, unplaced = factories.student_user()  # signs in too, yet has no offer
    for student in (signed_in, by_email, unplaced):
        factories.apply(allocation_round, student, [popular, other])
    allocation_round.status = AllocationRound.Status.CLOSED
    allocation_round.save()
    return allocation_round, [signed_in_user, signed_in, by_email, unplaced]


def test_placed_students_are_notified_and_emailed_once_the_publication_commits(
    django_capture_on_commit_callbacks: Any,
) -> None:
    allocation_round, (user, signed_in, by_email, unplaced) = _allocated_round()
    officer = staff_user(Role.CAREERS_OFFICER)
    run = services.run_create(actor=officer, allocation_round=allocation_round, mode="stable")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.run_publish(
            actor=officer, run=run, offer_deadline=timezone.now() + timedelta(days=3)
        )
    assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    placed = set(Offer.objects.values_list("student_id", flat=True))
    assert placed == {signed_in.pk, by_email.pk}
    assert sorted(m.to[0] for m in mail.outbox) == sorted([signed_in.email, by_email.email])
    message = next(m for m in mail.outbox if m.to == [signed_in.email])
    assert "answer by" in message.subject
    assert "/en/wie/" in message.body
    assert signed_in.name_en in message.body
    # Only the student with an account gets a notification; it reads in the reader's language.
    notification = Notification.objects.get()
    assert notification.user == user
    assert notification.kind == Notification.Kind.OFFER_MADE
    with override("en"):
        assert "Robotics internship" in notification_text(notification)
        assert notification_link(notification) == "/en/wie/"
    with override("zh-hant"):
        assert "機械人實習" in notification_text(notification)
        assert notification_link(notification) == "/zh-hant/wie/"
    assert not Notification.objects.filter(user=unplaced.user).exists()
    client = Client()
    client.force_login(user)
    page = client.get("/en/accounts/notifications/").content.decode()
    assert "Robotics internship" in page


def test_a_mail_server_that_is_down_does_not_undo_the_publication(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Refusing:
        def send_messages(self, messages: list[Any]) -> int:
            raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(sent_after_commit, "get_connection", Refusing)
    allocation_round, _people = _allocated_round()
    officer = staff_user(Role.CAREERS_OFFICER)
    run = services.run_create(actor=officer, allocation_round=allocation_round, mode="stable")
    with django_capture_on_commit_callbacks(execute=True):
        offers = services.run_publish(
            actor=officer, run=run, offer_deadline=timezone.now() + timedelta(days=3)
        )
    assert len(offers) == 2
    allocation_round.refresh_from_db()
    assert allocation_round.status == AllocationRound.Status.PUBLISHED
    assert Notification.objects.count() == 1


def test_the_offer_email_is_in_the_language_the_student_reads_baylink_in(
    django_capture_on_commit_callbacks: Any,
) -> None:
    allocation_round, (user, signed_in, by_email, _unplaced) = _allocated_round()
    signed_in.name_zh = "陳小文"
    signed_in.save()
    accounts_services.preferences_update(user=user, email_language="zh-hant")
    officer = staff_user(Role.CAREERS_OFFICER)
    run = services.run_create(actor=officer, allocation_round=allocation_round, mode="stable")
    with django_capture_on_commit_callbacks(execute=True):
        services.run_publish(
            actor=officer, run=run, offer_deadline=timezone.now() + timedelta(days=3)
        )
    chinese = next(m for m in mail.outbox if m.to == [signed_in.email])
    assert "answer by" not in chinese.subject
    assert "/zh-hant/wie/" in chinese.body
    assert "陳小文" in chinese.body
    # A student without an account has no preference: English.
    english = next(m for m in mail.outbox if m.to == [by_email.email])
    assert "answer by" in english.subject
    assert "/en/wie/" in english.body
