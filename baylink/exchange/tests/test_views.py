"""The exchange pages: roles, masking of personal data, forms, status steps, exports, queries."""

import csv
import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baylink.accounts.models import PersonalDataExport, Role
from baylink.accounts.personal_data import MASK
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreements
from baylink.core.editing import edit_token
from baylink.core.models import AuditEntry
from baylink.directory.tests import factories as directory
from baylink.exchange.models import InboundApplication, Nomination
from baylink.exchange.tests import factories

pytestmark = pytest.mark.django_db

N = Nomination.Status
DASHBOARD = "/en/staff/exchange/"


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(staff_user(role))
    return client


@pytest.fixture
def nomination() -> Nomination:
    agreement = factories.exchange_agreement(
        directory.organisation("Universität Wien", city_code=None, country_code="AT")
    )
    factories.spec(agreement, outbound=True)
    return factories.nomination(agreement, 2023, N.NOMINATED)


@pytest.mark.parametrize("path", ["", "nominations/", "inbound/"])
def test_signed_out_users_are_sent_to_sign_in(client: Client, path: str) -> None:
    response = client.get(f"{DASHBOARD}{path}")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_viewer_reads_without_personal_data_and_cannot_edit(nomination: Nomination) -> None:
    viewer = client_for(Role.VIEWER)
    listing = viewer.get(f"{DASHBOARD}nominations/").content.decode()
    assert "Universität Wien" in listing
    assert nomination.student.name_en not in listing
    assert MASK in listing
    assert viewer.get(f"{DASHBOARD}nominations/{nomination.pk}/").status_code == 200
    assert viewer.get(f"{DASHBOARD}nominations/new/").status_code == 403
    assert viewer.get(f"{DASHBOARD}nominations/{nomination.pk}/edit/").status_code == 403
    response = viewer.post(
        f"{DASHBOARD}nominations/{nomination.pk}/status/",
        {"to_status": N.ACCEPTED, "edit_token": edit_token(nomination)},
    )
    assert response.status_code == 403
    nomination.refresh_from_db()
    assert nomination.status == N.NOMINATED


def test_a_partnership_officer_sees_quotas_but_no_personal_fields(
    nomination: Nomination,
) -> None:
    officer = client_for(Role.PARTNERSHIP_OFFICER)
    detail = officer.get(f"{DASHBOARD}nominations/{nomination.pk}/").content.decode()
    student = nomination.student
    for personal in (student.name_en, student.student_number, student.email):
        assert personal not in detail
    assert student.programme in detail  # not personal
    page = officer.get(f"{DASHBOARD}agreements/{nomination.agreement_id}/").content.decode()
    assert "Universität Wien" in page
    assert student.student_number not in page
    # The list offers no export it would refuse.
    listed = officer.get(f"{DASHBOARD}nominations/").content.decode()
    assert "Export CSV" not in listed
    assert officer.get(f"{DASHBOARD}nominations/?export=csv").status_code == 403
    assert not PersonalDataExport.objects.exists()
    exchange_list = client_for(Role.EXCHANGE_OFFICER).get(f"{DASHBOARD}nominations/")
    assert "Export CSV" in exchange_list.content.decode()
    assert officer.get(f"{DASHBOARD}nominations/{nomination.pk}/edit/").status_code == 403


def test_an_exchange_officer_sees_the_student(nomination: Nomination) -> None:
    officer = client_for(Role.EXCHANGE_OFFICER)
    detail = officer.get(f"{DASHBOARD}nominations/{nomination.pk}/").content.decode()
    assert nomination.student.student_number in detail
    assert nomination.student.email in detail


def test_an_exchange_officer_nominates_through_the_form() -> None:
    agreement = factories.exchange_agreement()
    student = factories.student()
    officer = client_for(Role.EXCHANGE_OFFICER)
    response = officer.post(
        f"{DASHBOARD}nominations/new/",
        {
            "student": student.student_number,
            "agreement": agreement.reference,
            "partner": "",  # the agreement's only partner
            "academic_year": "2024/25",
            "term": "spring",
            "months": "4.5",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = Nomination.objects.get()
    assert (created.student, created.academic_year, created.partner) == (
        student,
        2024,
        factories.partner_of(agreement),
    )
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CREATE).count() == 1


def test_the_form_explains_an_agreement_that_cannot_be_used() -> None:
    mou = agreements.agreement(kind=Agreement.Kind.MOU, ends_on=date(2026, 8, 31))
    officer = client_for(Role.EXCHANGE_OFFICER)
    response = officer.post(
        f"{DASHBOARD}inbound/new/",
        {
            "name": "Anna Schmidt",
            "agreement": mou.reference,
            "academic_year": "2024/25",
            "term": "autumn",
            "months": "4.5",
        },
    )
    assert response.status_code == 200
    assert "only student exchange agreements can be used" in response.content.decode()
    bad_year = officer.post(
        f"{DASHBOARD}inbound/new/",
        {"name": "A", "agreement": mou.reference, "academic_year": "2024/26", "months": "4"},
    )
    assert "the second year must follow the first" in bad_year.content.decode()
    assert not InboundApplication.objects.exists()


def test_status_steps_through_the_page(nomination: Nomination) -> None:
    officer = client_for(Role.EXCHANGE_OFFICER)
    url = f"{DASHBOARD}nominations/{nomination.pk}/status/"
    refused = officer.post(
        url, {"to_status": N.COMPLETED, "edit_token": edit_token(nomination)}, follow=True
    )
    assert "cannot become" in refused.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == N.NOMINATED
    officer.post(url, {"to_status": N.ACCEPTED, "edit_token": edit_token(nomination)})
    nomination.refresh_from_db()
    assert nomination.status == N.ACCEPTED
    stale = officer.post(url, {"to_status": N.COMPLETED, "edit_token": "v1"})
    assert stale.status_code == 409
    nomination.refresh_from_db()
    assert nomination.status == N.ACCEPTED


def test_taking_a_place_past_the_quota_warns(nomination: Nomination) -> None:
    for _ in range(2):
        factories.nomination(nomination.agreement, 2023, N.NOMINATED)
    draft = factories.nomination(
        nomination.agreement, 2023, N.DRAFT, transfer_agreed_on=date(2023, 1, 15)
    )
    officer = client_for(Role.EXCHANGE_OFFICER)
    response = officer.post(
        f"{DASHBOARD}nominations/{draft.pk}/status/",
        {"to_status": N.NOMINATED, "edit_token": edit_token(draft)},
        follow=True,
    )
    assert "4 places are now taken of the 2 agreed" in response.content.decode()


def test_exporting_nominations_is_logged(nomination: Nomination) -> None:
    officer = client_for(Role.EXCHANGE_OFFICER)
    response = officer.get(f"{DASHBOARD}nominations/?export=csv&academic_year=2023/24")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["id", "agreement", "partner"]
    assert rows[1][8] == nomination.student.student_number
    (logged,) = PersonalDataExport.objects.all()
    assert (logged.kind, logged.rows, logged.file_format) == ("exchange-nominations", 1, "csv")
    assert "academic_year" in logged.query


def test_the_dashboard_filters_sorts_and_exports() -> None:
    wien = factories.exchange_agreement(
        directory.organisation("Wien U", city_code=None, country_code="AT")
    )
    lyon = factories.exchange_agreement(
        directory.organisation("Lyon U", city_code=None, country_code="FR")
    )
    factories.nomination(wien, 2023, N.NOMINATED)  # no quota: a warning
    factories.spec(lyon, outbound=True)
    officer = client_for(Role.VIEWER)
    page = officer.get(DASHBOARD, {"academic_year": "2023/24"}).content.decode()
    assert page.index("Wien U") < page.index("Lyon U")  # warnings first
    only = officer.get(DASHBOARD, {"academic_year": "2023/24", "warnings": "on"}).content.decode()
    assert "Wien U" in only
    assert "Lyon U" not in only
    france = officer.get(DASHBOARD, {"academic_year": "2023/24", "country": "FR"}).content.decode()
    assert "Lyon U" in france
    assert "Wien U" not in france
    by_name = officer.get(
        DASHBOARD, {"academic_year": "2023/24", "sort": "partner"}
    ).content.decode()
    assert by_name.index("Lyon U") < by_name.index("Wien U")
    assert officer.get(DASHBOARD, {"academic_year": "2023-2025"}).status_code == 400
    assert officer.get(DASHBOARD, {"academic_year": "2023/24", "page": "9"}).status_code == 404
    export = officer.get(DASHBOARD, {"academic_year": "2023/24", "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == [wien.reference, lyon.reference]
    assert rows[2][5] == "2"  # Lyon's outbound quota


def _dashboard_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD, {"academic_year": "2023/24"}).status_code == 200
    return len(queries)


def test_the_dashboard_needs_the_same_queries_for_more_partners() -> None:
    def partner_with_records() -> None:
        agreement = factories.exchange_agreement()
        factories.spec(agreement, outbound=True)
        factories.spec(agreement, outbound=False)
        factories.nomination(agreement, 2023, N.ACCEPTED)
        factories.inbound(agreement, 2023, InboundApplication.Status.ARRIVED)

    officer = client_for(Role.EXCHANGE_OFFICER)
    partner_with_records()
    _dashboard_queries(officer)  # warm the per-process caches (content types, session)
    few = _dashboard_queries(officer)
    for _ in range(5):
        partner_with_records()
    assert _dashboard_queries(officer) == few


def test_the_nomination_list_needs_the_same_queries_for_more_rows() -> None:
    officer = client_for(Role.EXCHANGE_OFFICER)
    agreement = factories.exchange_agreement()
    factories.nomination(agreement, 2023)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            officer.get(f"{DASHBOARD}nominations/")
        return len(queries)

    count()  # warm the per-process caches (content types, session)
    few = count()
    for _ in range(5):
        factories.nomination(factories.exchange_agreement(), 2024)
    assert count() == few


def test_the_agreement_page_shows_the_balance_history(nomination: Nomination) -> None:
    factories.nomination(nomination.agreement, 2022, N.COMPLETED, "9.0")
    officer = client_for(Role.EXCHANGE_OFFICER)
    page = officer.get(f"{DASHBOARD}agreements/{nomination.agreement_id}/").content.decode()
    assert "2022/23" in page
    assert "2025/26" in page
    assert nomination.student.name_en in page
    assert 'id="exchange-charts"' in page
    mou = agreements.agreement(kind=Agreement.Kind.MOU)
    assert officer.get(f"{DASHBOARD}agreements/{mou.pk}/").status_code == 404


def test_a_stale_edit_shows_what_changed(nomination: Nomination) -> None:
    officer = client_for(Role.EXCHANGE_OFFICER)
    url = f"{DASHBOARD}nominations/{nomination.pk}/edit/"
    data = {
        "student": nomination.student.student_number,
        "agreement": nomination.agreement.reference,
        "academic_year": "2023/24",
        "term": "autumn",
        "months": "5",
        "edit_token": edit_token(nomination),
    }
    assert officer.post(url, data).status_code == 302
    response = officer.post(url, {**data, "months": "6"})
    assert "someone else changed this record" in response.content.decode()
    nomination.refresh_from_db()
    assert str(nomination.months) == "5.0"
