"""A company sends its problem from the public finder; the knowledge-transfer staff hear of it."""

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse

from baylink.accounts.models import Notification, Preferences
from baylink.core.selectors import audit_history
from baylink.core.tabular.registry import KINDS, export_table
from baylink.directory.models import Organisation
from baylink.expertise.announcements import challenge_sent_announce
from baylink.expertise.models import Challenge
from baylink.expertise.tests import factories
from baylink.expertise.views import REQUESTS_PER_HOUR, _sent_too_often

pytestmark = pytest.mark.django_db

ASK = "/zh-hant/expertise/ask/"
SENT = {
    "text": "我們的貨櫃碼頭吊機在颱風時搖晃，想找監測方案。",
    "company": "南灣港口服務有限公司",
    "contact_name": "陳大文",
    "contact_email": "tm.chan@example.com",
    "contact_phone": "+852 2345 6789",
    "consent": "on",
}


@pytest.fixture(autouse=True)
def _fresh_counts() -> None:
    cache.clear()  # the hourly count per address


def test_a_company_sends_its_problem_and_the_shortlisting_staff_are_told() -> None:
    shortlister = factories.staff()
    reader = factories.user(permissions=("view_challenge",))
    form = Client().get(ASK, {"q": "吊機搖晃"})
    assert form.status_code == 200
    assert "吊機搖晃" in form.content.decode()
    sent = Client().post(ASK, SENT)
    assert sent["Location"] == "/zh-hant/expertise/ask/sent/"
    challenge = Challenge.objects.get()
    assert challenge.source == Challenge.Source.PUBLIC
    assert challenge.status == Challenge.Status.OPEN
    assert challenge.partner is None  # staff link the company to the directory
    assert challenge.contact_organisation == "南灣港口服務有限公司"
    assert challenge.consented_at is not None
    assert challenge.title.startswith("我們的貨櫃碼頭吊機")
    told = Notification.objects.get(kind=Notification.Kind.CHALLENGE_SENT)
    assert told.user == shortlister
    assert not Notification.objects.filter(user=reader).exists()

    staff = Client()
    staff.force_login(shortlister)
    overview = staff.get("/en/accounts/").content.decode()
    assert "南灣港口服務有限公司 sent an industry challenge" in overview
    assert reverse("expertise:challenge-detail", args=[challenge.pk]) in overview
    detail = staff.get(reverse("expertise:challenge-detail", args=[challenge.pk]))
    page = detail.content.decode()
    assert "tm.chan@example.com" in page
    assert detail.context["form"]["partner_name"].value() == ""  # staff link it when they will
    listed = staff.get("/en/expertise/challenges/", {"source": "public"}).context["rows"]
    assert [row["object"] for row in listed] == [challenge]


def test_the_shortlisting_staff_are_emailed_in_their_language_once_it_is_stored(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    hong_kong, mainland, no_address = factories.staff(), factories.staff(), factories.staff()
    for user, address, language in (
        (hong_kong, "kt@example.edu", "zh-hant"),
        (mainland, "gba@example.edu", "zh-hans"),
    ):
        user.email = address
        user.save()
        Preferences.objects.create(user=user, email_language=language)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(ASK, SENT).status_code == 302
    challenge = Challenge.objects.get()
    assert sorted(message.to[0] for message in mail.outbox) == ["gba@example.edu", "kt@example.edu"]
    by_address = {message.to[0]: message for message in mail.outbox}
    traditional = by_address["kt@example.edu"]
    assert traditional.subject.startswith("收到業界難題")
    assert "/zh-hant/expertise/challenges/" in traditional.body
    assert SENT["text"] in traditional.body
    assert by_address["gba@example.edu"].subject.startswith("收到行业难题")
    assert f"/zh-hans/expertise/challenges/{challenge.pk}/" in by_address["gba@example.edu"].body
    for message in mail.outbox:  # the contact's details stay in Baylink
        assert SENT["contact_email"] not in message.body
    assert Notification.objects.filter(user=no_address).exists()


def test_a_problem_written_on_several_lines_gets_a_one_line_title_and_subject(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    shortlister = factories.staff()
    shortlister.email = "kt@example.edu"
    shortlister.save()
    with django_capture_on_commit_callbacks(execute=True):
        sent = Client().post(ASK, {**SENT, "text": "Cranes sway\r\nin typhoons.\n\nHelp?"})
    assert sent.status_code == 302
    assert Challenge.objects.get().title == "Cranes sway in typhoons. Help?"
    assert mail.outbox[0].subject.endswith("Cranes sway in typhoons. Help?")


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ValueError("an address the server cannot read")


@override_settings(EMAIL_BACKEND="baylink.expertise.tests.test_challenge_requests.RefusingBackend")
def test_a_refused_email_gives_the_company_no_error_and_one_mailbox_one_email(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    for address in ("Ada@Example.edu", "ada@example.edu"):
        user = factories.staff()
        user.email = address
        user.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(ASK, SENT)["Location"].endswith("/ask/sent/")
    assert Challenge.objects.count() == 1
    assert Notification.objects.count() == 2
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        notified, mailed = challenge_sent_announce(Challenge.objects.get())
    assert (notified, mailed) == (2, 1)


def test_contact_details_stay_out_of_exports_and_the_api() -> None:
    Client().post(ASK, SENT)
    personal = (SENT["contact_name"], SENT["contact_email"], SENT["contact_phone"])
    kind = KINDS["challenges"]
    exported = export_table(kind, Challenge.objects.all(), "csv").body.decode("utf-8-sig")
    staff = Client()
    staff.force_login(factories.staff())
    challenge = Challenge.objects.get()
    detail = staff.get(f"/api/challenges/{challenge.pk}").json()
    assert detail["source"] == "public"
    listed = str(staff.get("/api/challenges").json())
    shortlist = staff.get(
        reverse("expertise:shortlist-export", args=[challenge.pk]), {"format": "csv"}
    ).content.decode("utf-8-sig")
    shared = (
        Client()
        .get(reverse("expertise:shared-shortlist", args=[challenge.share_token]))
        .content.decode()
    )
    for place in (exported, str(detail), listed, shortlist, shared):
        for detail_value in personal:
            assert detail_value not in place


@pytest.mark.parametrize(
    ("field", "value"),
    [("consent", None), ("contact_email", "not an address"), ("text", ""), ("company", "")],
)
def test_a_request_without_what_it_needs_is_refused_and_nothing_kept(
    field: str, value: str | None
) -> None:
    sent = {**SENT}
    if value is None:
        del sent[field]
    else:
        sent[field] = value
    refused = Client().post(ASK, sent)
    assert refused.status_code == 400
    assert refused.context["form"].errors[field]
    assert not Challenge.objects.exists()
    assert not Notification.objects.exists()


def test_a_robot_filling_every_box_is_thanked_and_ignored() -> None:
    factories.staff()
    answer = Client().post(ASK, {**SENT, "website": "http://spam.example"})
    assert answer.status_code == 302
    assert not Challenge.objects.exists()
    assert not Notification.objects.exists()


def test_one_address_sends_only_so_many_an_hour() -> None:
    client = Client()
    for _number in range(REQUESTS_PER_HOUR):
        assert client.post(ASK, SENT).status_code == 302
    refused = client.post(ASK, SENT)
    assert refused.status_code == 400
    assert "Too many" in refused.content.decode() or "太多" in refused.content.decode()
    assert Challenge.objects.count() == REQUESTS_PER_HOUR


def test_the_hour_lasts_an_hour_with_the_file_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    clock = [time.time()]
    monkeypatch.setattr(time, "time", lambda: clock[0])
    with override_settings(CACHES=file_cache):
        client = Client()
        for _number in range(REQUESTS_PER_HOUR):
            assert client.post(ASK, SENT).status_code == 302
        clock[0] += 400  # past the file cache's default expiry of five minutes
        assert client.post(ASK, SENT).status_code == 400
        clock[0] += 3300  # past the hour
        assert client.post(ASK, SENT).status_code == 302


def test_requests_sent_all_at_once_are_counted_one_by_one(tmp_path: Path) -> None:
    file_cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    with override_settings(CACHES=file_cache):
        request = RequestFactory().post(ASK, REMOTE_ADDR="198.51.100.7")
        with ThreadPoolExecutor(max_workers=8) as pool:
            refused = list(pool.map(lambda _n: _sent_too_often(request), range(30)))
    assert refused.count(False) == REQUESTS_PER_HOUR


@override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_the_proxy_each_sender_is_counted_apart() -> None:
    for number in range(REQUESTS_PER_HOUR + 2):
        # Every request comes from the proxy; the last forwarded address is the sender's.
        sent = Client().post(ASK, SENT, HTTP_X_FORWARDED_FOR=f"203.0.113.1, 198.51.100.{number}")
        assert sent.status_code == 302
    claimed = Client()
    for _number in range(REQUESTS_PER_HOUR):
        claimed.post(ASK, SENT, HTTP_X_FORWARDED_FOR="198.51.100.99")
    # A first address the client made up does not make a new sender.
    again = claimed.post(ASK, SENT, HTTP_X_FORWARDED_FOR="10.0.0.1, 198.51.100.99")
    assert again.status_code == 400


def test_the_finder_offers_the_form_to_visitors_not_to_staff() -> None:
    visitor = Client().get("/en/expertise/", {"q": "cranes sway in typhoons"})
    assert visitor.status_code == 200
    page = visitor.content.decode()
    assert 'data-testid="ask-office"' in page
    assert "/en/expertise/ask/?q=cranes" in page
    staff = Client()
    staff.force_login(factories.staff())
    assert (
        'data-testid="ask-office"'
        not in staff.get("/en/expertise/", {"q": "cranes sway in typhoons"}).content.decode()
    )


def test_the_contact_details_can_be_erased_and_the_audit_log_never_held_them() -> None:
    Client().post(ASK, SENT)
    challenge = Challenge.objects.get()
    history = audit_history(challenge)
    assert "tm.chan@example.com" not in str([entry.changes for entry in history])
    staff = Client()
    staff.force_login(factories.staff())
    erase = reverse("expertise:challenge-forget-contact", args=[challenge.pk])
    assert staff.post(erase).status_code == 302
    challenge.refresh_from_db()
    assert (challenge.contact_name, challenge.contact_email, challenge.contact_phone) == (
        "",
        "",
        "",
    )
    assert challenge.contact_organisation == "南灣港口服務有限公司"
    assert "陳大文" not in str([entry.changes for entry in audit_history(challenge)])
    viewer = Client()
    viewer.force_login(factories.user(permissions=("view_challenge",)))
    assert viewer.post(erase).status_code == 403


def test_saving_a_sent_challenge_adds_no_organisation_and_readers_see_no_contact() -> None:
    Client().post(ASK, SENT)
    challenge = Challenge.objects.get()
    staff = Client()
    staff.force_login(factories.staff())
    url = reverse("expertise:challenge-detail", args=[challenge.pk])
    form = staff.get(url).context["form"]
    closed = {name: form[name].value() or "" for name in form.fields}
    closed["status"] = "closed"
    assert staff.post(url, closed).status_code == 302
    challenge.refresh_from_db()
    assert challenge.status == "closed"
    assert challenge.partner is None
    assert not Organisation.objects.exists()
    reader = Client()
    reader.force_login(factories.user(permissions=("view_challenge",)))
    page = reader.get(url).content.decode()
    assert "南灣港口服務有限公司" in page
    for detail in ("tm.chan@example.com", "陳大文", "2345 6789"):
        assert detail not in page
