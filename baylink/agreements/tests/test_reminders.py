"""Renewal reminders: sent at each threshold exactly once, to the owner and unit coordinators."""

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django.utils import timezone, translation
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from baylink.accounts.models import Notification, Role
from baylink.accounts.notifications import notification_text
from baylink.accounts.services import preferences_update
from baylink.accounts.tests.factories import staff_user
from baylink.agreements import reminders
from baylink.agreements.management.commands import worker
from baylink.agreements.models import Agreement, RenewalReminder
from baylink.agreements.reminders import SKIPPED, reminders_due, reminders_send_due
from baylink.agreements.tasks import send_renewal_reminders
from baylink.agreements.tests import factories
from baylink.directory.models import Person, Unit
from baylink.directory.tests import factories as directory

ENDS = date(2026, 6, 30)


@dataclass
class Setting:
    agreement: Agreement
    owner: Person
    coordinator: User
    unit: Unit


@pytest.fixture(autouse=True)
def _thresholds(settings: Settings) -> None:
    settings.BAYLINK_REMINDER_DAYS = [180, 90, 30]
    settings.BAYLINK_SITE_URL = "https://baylink.example.edu.hk/"


def _setting(ends_on: date = ENDS) -> Setting:
    unit = directory.unit("Department of Computing")
    owner = directory.person("Chan Tai-man")
    owner.email = "tm.chan@example.edu.hk"
    owner.save()
    agreement = factories.agreement(ends_on=ends_on, title_en="Joint lab in robotics")
    agreement.title_zh_hant = "機械人聯合實驗室"
    agreement.owner, agreement.owner_unit = owner, unit
    agreement.save()
    coordinator = staff_user(Role.UNIT_COORDINATOR, unit=unit)
    return Setting(agreement, owner, coordinator, unit)


@pytest.fixture
def setting() -> Setting:
    return _setting()


def recipients(message: mail.EmailMessage) -> list[str]:
    return list(message.to)


def addresses() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


@pytest.mark.django_db
def test_sent_at_180_90_and_30_days_and_not_between(setting: Setting) -> None:
    sent_on: dict[int, int] = {}
    for days_left in range(200, -1, -1):
        run = reminders_send_due(today=ENDS - timedelta(days=days_left))
        if run.sent:
            sent_on[days_left] = run.sent
    assert sent_on == {180: 1, 90: 1, 30: 1}
    assert sorted(
        RenewalReminder.objects.filter(agreement=setting.agreement).values_list(
            "days_before", flat=True
        )
    ) == [30, 90, 180]
    # Owner and coordinator, three times each.
    assert len(mail.outbox) == 6
    assert addresses() == {"tm.chan@example.edu.hk", setting.coordinator.email}
    assert Notification.objects.filter(user=setting.coordinator).count() == 3


@pytest.mark.django_db
def test_running_twice_sends_once(setting: Setting) -> None:
    today = ENDS - timedelta(days=90)
    first = reminders_send_due(today=today)
    second = reminders_send_due(today=today)
    assert (first.sent, second.sent) == (1, 0)
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_run_that_read_before_another_sent_does_nothing(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two runs in separate transactions: both see the reminder as due, the second inserts it."""
    today = ENDS - timedelta(days=30)
    stale = reminders_due(today=today)
    assert [due.send for due in stale] == [30]
    assert reminders_send_due(today=today).sent == 1  # the other worker, first to commit
    monkeypatch.setattr(reminders, "reminders_due", lambda *, today: stale)
    late = reminders_send_due(today=today)
    assert (late.sent, late.already_sent, late.failed) == (0, 1, 0)
    assert len(mail.outbox) == 2
    assert RenewalReminder.objects.filter(days_before=30).count() == 1
    assert Notification.objects.count() == 1


SHARED_DATABASE = connection.vendor != "sqlite"


@pytest.mark.skipif(
    not SHARED_DATABASE,
    reason="an in-memory SQLite test database cannot be shared by two threads' writers",
)
# Committed data, so that each thread's own connection sees it; the reference data that the
# flush afterwards removes is restored (only where the test runs, as serialising costs time).
@pytest.mark.django_db(transaction=True, serialized_rollback=SHARED_DATABASE)
def test_two_workers_racing_send_once() -> None:
    _setting()
    today = ENDS - timedelta(days=30)
    start = threading.Barrier(2)
    runs: list[Any] = []

    def work() -> None:
        try:
            start.wait()
            runs.append(reminders_send_due(today=today))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(run.sent for run in runs) == [0, 1]
    assert len(mail.outbox) == 2
    assert RenewalReminder.objects.filter(days_before=30).count() == 1


@pytest.mark.django_db
def test_only_the_most_urgent_passed_threshold_is_sent(setting: Setting) -> None:
    # First run 20 days before the end: 180 and 90 were missed (worker down, or a new agreement).
    run = reminders_send_due(today=ENDS - timedelta(days=20))
    assert (run.sent, run.skipped) == (1, 2)
    rows = dict(
        RenewalReminder.objects.filter(agreement=setting.agreement).values_list(
            "days_before", "recipients"
        )
    )
    assert rows[180] == rows[90] == SKIPPED
    assert "tm.chan@example.edu.hk" in rows[30]
    assert len(mail.outbox) == 2
    assert "in 20 days" in mail.outbox[0].subject
    # Nothing is sent later for the skipped ones.
    for days_left in range(19, -1, -1):
        assert reminders_send_due(today=ENDS - timedelta(days=days_left)).sent == 0
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_threshold_added_later_is_not_sent_after_a_more_urgent_one(
    setting: Setting, settings: Settings
) -> None:
    reminders_send_due(today=ENDS - timedelta(days=30))
    settings.BAYLINK_REMINDER_DAYS = [180, 90, 60, 30]
    run = reminders_send_due(today=ENDS - timedelta(days=29))
    assert (run.sent, run.skipped) == (0, 1)  # 60, recorded as skipped
    assert RenewalReminder.objects.get(days_before=60).recipients == SKIPPED
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_closed_open_ended_and_ended_agreements_get_no_reminder(setting: Setting) -> None:
    today = ENDS - timedelta(days=30)
    for status in (Agreement.Status.TERMINATED, Agreement.Status.RENEWED, Agreement.Status.EXPIRED):
        Agreement.objects.filter(pk=setting.agreement.pk).update(status=status)
        assert reminders_send_due(today=today).sent == 0
    Agreement.objects.filter(pk=setting.agreement.pk).update(status=Agreement.Status.ACTIVE)
    factories.agreement(ends_on=None)
    factories.agreement(ends_on=today - timedelta(days=1))
    run = reminders_send_due(today=today)
    assert run.sent == 1
    assert run.references == [setting.agreement.reference]


@pytest.mark.django_db
def test_a_new_end_date_gets_its_own_reminders(setting: Setting) -> None:
    reminders_send_due(today=ENDS - timedelta(days=30))
    extended = ENDS + timedelta(days=365)
    Agreement.objects.filter(pk=setting.agreement.pk).update(ends_on=extended)
    assert reminders_send_due(today=ENDS - timedelta(days=29)).sent == 0
    assert reminders_send_due(today=extended - timedelta(days=180)).sent == 1


@pytest.mark.django_db
def test_recipients_are_the_owner_and_this_units_coordinators_only(setting: Setting) -> None:
    other_unit = directory.unit("School of Design")
    staff_user(Role.UNIT_COORDINATOR, unit=other_unit)
    staff_user(Role.PARTNERSHIP_OFFICER)
    inactive = staff_user(Role.UNIT_COORDINATOR, unit=setting.unit)
    inactive.is_active = False
    inactive.save()
    # The owner also has an account (same e-mail, any case): one e-mail, one notification.
    owner_account = staff_user(Role.VIEWER)
    owner_account.email = "TM.Chan@example.edu.hk"
    owner_account.save()
    run = reminders_send_due(today=ENDS - timedelta(days=180))
    assert (run.emails, run.notifications) == (2, 2)
    assert sorted(addresses()) == sorted(["tm.chan@example.edu.hk", setting.coordinator.email])
    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        setting.coordinator.pk,
        owner_account.pk,
    }


@pytest.mark.django_db
def test_an_agreement_without_anyone_to_tell_is_recorded_once(setting: Setting) -> None:
    Agreement.objects.filter(pk=setting.agreement.pk).update(owner=None, owner_unit=None)
    assert reminders_send_due(today=ENDS - timedelta(days=30)).sent == 1
    assert not mail.outbox
    assert RenewalReminder.objects.get(days_before=30).recipients == ""


@pytest.mark.django_db
def test_the_email_says_what_ends_when_and_links_to_the_agreement(setting: Setting) -> None:
    reminders_send_due(today=ENDS - timedelta(days=90))
    message = next(m for m in mail.outbox if m.to == [setting.coordinator.email])
    reference = setting.agreement.reference
    assert message.subject == f"Renewal due: {reference} ends in 90 days"
    assert f"Agreement {reference} “Joint lab in robotics” ends on 30 June 2026" in message.body
    assert "Department of Computing" in message.body
    link = f"https://baylink.example.edu.hk/en/staff/agreements/{setting.agreement.pk}/"
    assert link in message.body
    assert "&" not in message.body.replace("&", "")  # plain text, not HTML-escaped
    assert message.from_email


@pytest.mark.django_db
def test_the_notification_reads_in_the_readers_language(setting: Setting) -> None:
    reminders_send_due(today=ENDS - timedelta(days=30))
    notification = Notification.objects.get(user=setting.coordinator)
    assert notification.kind == Notification.Kind.RENEWAL_DUE
    assert notification.data["reference"] == setting.agreement.reference
    assert notification.data["days_before"] == 30
    assert notification.data["ends_on"] == "2026-06-30"
    assert notification.url == f"/en/staff/agreements/{setting.agreement.pk}/"
    with translation.override("en"):
        assert notification_text(notification) == (
            f"Agreement {setting.agreement.reference} “Joint lab in robotics” ends on "
            "30 June 2026, in 30 days."
        )
    with translation.override("zh-hant"):
        text = notification_text(notification)
        assert "機械人聯合實驗室" in text
        assert "30" in text
        assert "Agreement" not in text
    with translation.override("zh-hans"):
        assert "机器人联合实验室" in notification_text(notification)


@pytest.mark.django_db
def test_each_recipient_is_emailed_in_their_own_language(setting: Setting) -> None:
    preferences_update(user=setting.coordinator, email_language="zh-hant")
    reminders_send_due(today=ENDS - timedelta(days=30))
    by_address = {message.to[0]: message for message in mail.outbox}
    chinese = by_address[setting.coordinator.email]
    assert "Renewal due" not in chinese.subject
    assert "機械人聯合實驗室" in chinese.body
    assert f"/zh-hant/staff/agreements/{setting.agreement.pk}/" in chinese.body
    # The owner has no account, so no preference: English.
    assert by_address[setting.owner.email].subject.startswith("Renewal due")


@pytest.mark.django_db
def test_a_refused_email_is_retried_by_the_next_run(
    setting: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down:
        def send_messages(self, messages: list[Any]) -> int:
            raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(reminders, "get_connection", Down)
    today = ENDS - timedelta(days=30)
    run = reminders_send_due(today=today)
    assert (run.sent, run.failed) == (0, 1)
    assert not RenewalReminder.objects.filter(days_before=30).exists()
    assert not Notification.objects.exists()
    monkeypatch.undo()
    assert reminders_send_due(today=today).sent == 1
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_task_sends_what_is_due_today(setting: Setting) -> None:
    Agreement.objects.filter(pk=setting.agreement.pk).update(
        ends_on=timezone.localdate() + timedelta(days=30)
    )
    result = send_renewal_reminders.call()
    assert result["sent"] == 1
    assert result["emails"] == 2


# The worker ----------------------------------------------------------------------------------


@pytest.fixture
def due_today(monkeypatch: pytest.MonkeyPatch) -> Setting:
    # The worker drops "obsolete" connections between tasks, which would end the test's
    # transaction; in production it runs in autocommit mode, where that is harmless.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    monkeypatch.setattr(worker, "close_old_connections", lambda: None)
    return _setting(ends_on=timezone.localdate() + timedelta(days=90))


@pytest.mark.django_db
def test_worker_once_sends_reminders_and_runs_queued_tasks(
    due_today: Setting, capsys: pytest.CaptureFixture[str]
) -> None:
    queued = send_renewal_reminders.enqueue()
    call_command("worker", "--once")
    out = capsys.readouterr().out
    assert "Renewal reminders: 1 sent (2 e-mails, 1 notifications)" in out
    assert "Ran 1 queued task(s)." in out
    assert DBTaskResult.objects.get(id=queued.id).status == "SUCCESSFUL"
    assert len(mail.outbox) == 2  # the queued run found it already sent
    call_command("worker", "--once")
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_worker_once_exits_non_zero_when_a_reminder_fails(
    due_today: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Down:
        def send_messages(self, messages: list[Any]) -> int:
            raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(reminders, "get_connection", Down)
    with translation.override("en"), pytest.raises(CommandError, match="1 reminder could not"):
        call_command("worker", "--once")


@pytest.mark.django_db
def test_the_worker_enqueues_the_reminders_on_schedule_and_runs_them(
    due_today: Setting, monkeypatch: pytest.MonkeyPatch
) -> None:
    class StopError(Exception):
        pass

    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise StopError

    monkeypatch.setattr(worker, "sleep", sleep)
    # Pytest keeps its own signal handlers.
    monkeypatch.setattr(worker._BatchWorker, "configure_signals", lambda self: None)
    with pytest.raises(StopError):
        call_command("worker", "--reminder-interval", "5", "--interval", "0.5")
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1
    assert len(mail.outbox) == 2
    assert naps == [0.5, 0.5]


@pytest.mark.parametrize(
    "arguments",
    [["--reminder-interval", "-1"], ["--reminder-interval", "soon"], ["--interval", "0"]],
)
def test_worker_refuses_bad_intervals(arguments: list[str]) -> None:
    with translation.override("en"), pytest.raises(CommandError, match="give a number of"):
        call_command("worker", "--once", *arguments)
