"""A student's consent before nominating them to a partner outside Hong Kong (PDPO, PIPL)."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreements
from baylink.core.editing import edit_token
from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.exchange.models import Nomination
from baylink.exchange.selectors import transfer_consent_missing
from baylink.exchange.services import nomination_transition, nomination_update
from baylink.exchange.tests import factories

pytestmark = pytest.mark.django_db

N = Nomination.Status
NOMINATIONS = "/zh-hant/staff/exchange/nominations/"


def draft_to(partner: Organisation, **extra: object) -> Nomination:
    agreement = factories.exchange_agreement(partner)
    factories.spec(agreement, outbound=True)
    return factories.nomination(agreement, 2023, N.DRAFT, **extra)  # type: ignore[arg-type]


def nominate(nomination: Nomination) -> Nomination:
    return nomination_transition(
        actor=None, nomination=nomination, to_status=N.NOMINATED, edit_token=edit_token(nomination)
    )


def officer() -> Client:
    client = Client()
    client.force_login(staff_user(Role.EXCHANGE_OFFICER))
    return client


@pytest.mark.parametrize(
    ("city_code", "country_code", "outside"),
    [
        ("SZ", "", True),  # a mainland GBA city
        ("MO", "", True),  # Macao has its own data law
        ("HK", "", False),
        (None, "DE", True),
        (None, "HK", False),
    ],
)
def test_where_an_organisation_is_decides_whether_data_sent_there_leaves_hong_kong(
    city_code: str | None, country_code: str, outside: bool
) -> None:
    partner = directory.organisation(city_code=city_code, country_code=country_code)
    assert partner.outside_hong_kong is outside
    nomination = draft_to(partner)
    assert nomination.partner_outside_hong_kong is outside
    # The lists' and the overview's database rule decides alike.
    in_list = Nomination.objects.filter(transfer_consent_missing(), pk=nomination.pk).exists()
    assert in_list is outside


def test_a_partner_of_unknown_place_counts_as_outside_hong_kong() -> None:
    partner = directory.organisation(city_code=None)
    Organisation.objects.filter(pk=partner.pk).update(country_code="")
    partner.refresh_from_db()
    assert partner.outside_hong_kong is None
    nomination = draft_to(partner)
    assert nomination.partner_outside_hong_kong is True
    assert Nomination.objects.filter(transfer_consent_missing(), pk=nomination.pk).exists()


def test_nominating_to_a_partner_outside_hong_kong_without_consent_is_refused() -> None:
    nomination = draft_to(directory.organisation("深圳大學", city_code="SZ"))
    with translation.override("zh-hant"), pytest.raises(ValidationError) as refused:
        nominate(nomination)
    assert refused.value.message_dict["transfer_agreed_on"] == [
        "深圳大學位於香港以外：提名前請記錄學生同意把個人資料送往該處的日期。"
    ]
    nomination.refresh_from_db()
    assert (nomination.status, nomination.version) == (N.DRAFT, 1)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).exists()


def test_with_consent_recorded_the_nomination_goes_ahead() -> None:
    nomination = draft_to(
        directory.organisation(city_code=None, country_code="DE"),
        transfer_agreed_on=date(2023, 1, 15),
    )
    assert nominate(nomination).status == N.NOMINATED


def test_a_partner_in_hong_kong_needs_no_consent() -> None:
    nomination = draft_to(directory.organisation(city_code="HK"))
    assert nominate(nomination).status == N.NOMINATED


def test_the_officer_records_consent_on_the_form_and_then_nominates() -> None:
    nomination = draft_to(directory.organisation("Universität Wien", city_code=None))
    client = officer()
    detail = f"{NOMINATIONS}{nomination.pk}/"
    assert "未有記錄：提名前必須取得" in client.get(detail).content.decode()

    refused = client.post(
        f"{detail}status/",
        {"to_status": N.NOMINATED, "edit_token": edit_token(nomination)},
        follow=True,
    )
    assert "Universität Wien位於香港以外" in refused.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == N.DRAFT

    form = {
        "edit_token": edit_token(nomination),
        "student": nomination.student.student_number,
        "agreement": nomination.agreement.reference,
        "partner": "",
        "academic_year": "2023/24",
        "term": nomination.term,
        "months": str(nomination.months),
        "notes": "",
    }
    tomorrow = timezone.localdate() + timedelta(days=1)
    future = client.post(f"{detail}edit/", {**form, "transfer_agreed_on": tomorrow.isoformat()})
    assert future.status_code == 200
    assert "同意日期不能在未來。" in future.content.decode()
    nomination.refresh_from_db()
    assert nomination.transfer_agreed_on is None

    saved = client.post(f"{detail}edit/", {**form, "transfer_agreed_on": "2023-01-15"})
    assert saved.status_code == 302, saved.content.decode()[:2000]
    nomination.refresh_from_db()
    assert nomination.transfer_agreed_on == date(2023, 1, 15)
    client.post(
        f"{detail}status/", {"to_status": N.NOMINATED, "edit_token": edit_token(nomination)}
    )
    nomination.refresh_from_db()
    assert nomination.status == N.NOMINATED
    page = client.get(detail).content.decode()
    assert '同意把個人資料送往香港以外</dt><dd class="col-sm-8">2023年1月15日<' in page


def test_the_export_carries_the_date_of_consent() -> None:
    nomination = draft_to(
        directory.organisation(city_code="SZ"), transfer_agreed_on=date(2023, 2, 1)
    )
    export = officer().get("/en/staff/exchange/nominations/?export=csv&academic_year=2023/24")
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    column = rows[0].index("transfer_agreed_on")
    assert [row[column] for row in rows[1:]] == ["2023-02-01"]
    assert rows[1][0] == str(nomination.pk)


def test_the_list_shows_and_filters_by_consent() -> None:
    waiting = draft_to(directory.organisation("Universität Wien", city_code=None))
    agreed = draft_to(
        directory.organisation("Université de Lyon", city_code=None, country_code="FR"),
        transfer_agreed_on=date(2023, 1, 20),
    )
    local = draft_to(directory.organisation("Lingnan University", city_code="HK"))
    client = officer()
    listing = client.get(f"{NOMINATIONS}?academic_year=2023/24").content.decode()
    assert "未有記錄：提名前必須取得" in listing
    assert "2023年1月20日" in listing
    assert "毋須同意：合作院校位於香港" in listing

    def shown(consent: str) -> set[int]:
        page = client.get(f"{NOMINATIONS}?consent={consent}").content.decode()
        return {n.pk for n in (waiting, agreed, local) if f"{NOMINATIONS}{n.pk}/" in page}

    assert shown("recorded") == {agreed.pk}
    assert shown("missing") == {waiting.pk}  # a partner in Hong Kong needs none
    refused = client.get(f"{NOMINATIONS}?consent=maybe")
    assert refused.status_code == 400
    assert shown("") == {waiting.pk, agreed.pk, local.pk}


def test_a_new_partner_clears_the_consent_given_for_the_old_one() -> None:
    vienna = directory.organisation("Universität Wien", city_code=None, country_code="AT")
    lyon = directory.organisation("Université de Lyon", city_code=None, country_code="FR")
    agreement = agreements.agreement(
        vienna,
        lyon,
        kind=Agreement.Kind.STUDENT_EXCHANGE,
        starts_on=date(2022, 9, 1),
        ends_on=date(2026, 8, 31),
    )
    nomination = factories.nomination(agreement, 2023, transfer_agreed_on=date(2023, 1, 15))
    assert nomination.partner == vienna
    kept = nomination_update(
        actor=None,
        nomination=nomination,
        edit_token=edit_token(nomination),
        values={"partner": vienna, "transfer_agreed_on": date(2023, 1, 15), "notes": "x"},
    )
    assert kept.transfer_agreed_on == date(2023, 1, 15)
    moved = nomination_update(
        actor=None,
        nomination=kept,
        edit_token=edit_token(kept),
        values={"partner": lyon, "transfer_agreed_on": date(2023, 1, 15)},
    )
    assert (moved.partner, moved.transfer_agreed_on) == (lyon, None)
    with pytest.raises(ValidationError):
        nominate(moved)
    agreed_anew = nomination_update(
        actor=None,
        nomination=moved,
        edit_token=edit_token(moved),
        values={"partner": vienna, "transfer_agreed_on": date(2023, 2, 1)},
    )
    assert agreed_anew.transfer_agreed_on == date(2023, 2, 1)


def test_the_overview_counts_the_drafts_waiting_for_consent() -> None:
    draft_to(directory.organisation("Universität Wien", city_code=None))
    draft_to(directory.organisation("Université de Lyon", city_code=None, country_code="FR"))
    draft_to(directory.organisation("Lingnan University", city_code="HK"))
    draft_to(directory.organisation(city_code="SZ"), transfer_agreed_on=date(2023, 1, 20))
    page = officer().get("/zh-hant/accounts/").content.decode()
    assert "2 份草擬提名的合作院校位於香港以外，正等待學生同意" in page
    assert "?status=draft&amp;consent=missing" in page
    partnership = Client()
    partnership.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    assert "等待學生同意" not in partnership.get("/zh-hant/accounts/").content.decode()
