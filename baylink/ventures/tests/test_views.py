"""Staff pages: who may do what, masking of students' personal data, filters, query counts."""

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baylink.accounts.models import PersonalDataExport, Role
from baylink.accounts.personal_data import MASK
from baylink.accounts.tests.factories import staff_user
from baylink.directory.tests.factories import city, person, unit
from baylink.ventures.models import Founder, Outcome, Participant, Programme, Startup
from baylink.ventures.tests import factories

pytestmark = pytest.mark.django_db

BASE = "/en/staff/ventures/"


def _client(role: str | None) -> Client:
    client = Client()
    if role is not None:
        scope = unit() if role == Role.UNIT_COORDINATOR else None
        client.force_login(staff_user(role, unit=scope))
    return client


@pytest.mark.parametrize(
    ("role", "view", "create"),
    [
        (Role.ADMINISTRATOR, 200, 200),
        (Role.PARTNERSHIP_OFFICER, 200, 200),
        (Role.CAREERS_OFFICER, 200, 403),
        (Role.EXCHANGE_OFFICER, 200, 403),
        (Role.UNIT_COORDINATOR, 200, 403),
        (Role.VIEWER, 200, 403),
    ],
)
def test_who_sees_and_who_edits(role: str, view: int, create: int) -> None:
    client = _client(role)
    startup = factories.startup()
    for url in (BASE, f"{BASE}startups/", f"{BASE}startups/{startup.pk}/"):
        assert client.get(url).status_code == view
    assert client.get(f"{BASE}programmes/new/").status_code == create
    response = client.post(
        f"{BASE}programmes/new/", {"slug": "sprint", "kind": "workshop", "name_en": "Sprint"}
    )
    assert response.status_code == (302 if create == 200 else 403)
    assert Programme.objects.filter(slug="sprint").exists() == (create == 200)


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(BASE)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_programme_pages_create_edit_and_delete() -> None:
    client = _client(Role.PARTNERSHIP_OFFICER)
    client.post(
        f"{BASE}programmes/new/",
        {"slug": "immersion", "kind": "immersive", "name_zh_hant": "浸沉式創業活動"},
    )
    programme = Programme.objects.get(slug="immersion")
    assert programme.name_zh_hans == "浸沉式创业活动"
    page = client.get(f"{BASE}programmes/{programme.pk}/edit/").text
    token = page.split('name="edit_token" value="')[1].split('"')[0]
    client.post(
        f"{BASE}programmes/{programme.pk}/edit/",
        {"slug": "immersion", "kind": "incubation", "name_en": "Immersion", "edit_token": token},
    )
    programme.refresh_from_db()
    assert (programme.kind, programme.name_en) == ("incubation", "Immersion")
    stale = client.post(
        f"{BASE}programmes/{programme.pk}/edit/",
        {"slug": "immersion", "kind": "workshop", "name_en": "Immersion", "edit_token": token},
    )
    assert stale.status_code == 200  # the form again, with what changed meanwhile
    programme.refresh_from_db()
    assert programme.kind == "incubation"
    factories.cohort(programme)
    refused = client.post(f"{BASE}programmes/{programme.pk}/delete/")
    assert refused.status_code == 302
    assert Programme.objects.filter(pk=programme.pk).exists()


def test_bad_input_gets_a_translated_error_and_changes_nothing() -> None:
    client = _client(Role.PARTNERSHIP_OFFICER)
    cohort = factories.cohort(capacity=1)
    known = factories.student()
    response = client.post(
        f"/zh-hant/staff/ventures/cohorts/{cohort.pk}/participants/",
        {"student_numbers": f"{known.student_number}\nZZ999", "status": "admitted"},
    )
    assert response.status_code == 400
    assert "ZZ999" in response.text
    assert "找不到學號" in response.text
    assert not cohort.participants.exists()
    response = client.post(
        "/zh-hans/staff/ventures/startups/new/",
        {
            "name_en": "Tram Pay",
            "stage": "seed",
            "status": "closed",
            "funding_raised": "0",
            "funding_currency": "HKD",
        },
    )
    assert response.status_code == 200
    assert "关闭" in response.text
    assert not Startup.objects.exists()


def test_participants_are_added_changed_and_removed() -> None:
    client = _client(Role.PARTNERSHIP_OFFICER)
    cohort = factories.cohort(capacity=5)
    students = [factories.student() for _ in range(3)]
    numbers = ", ".join(s.student_number.lower() for s in students)  # any case, commas
    response = client.post(
        f"{BASE}cohorts/{cohort.pk}/participants/",
        {"student_numbers": numbers, "status": "applied", "team": "Blue"},
    )
    assert response.status_code == 302
    assert cohort.participants.filter(team="Blue", status="applied").count() == 3
    first = cohort.participants.first()
    assert first is not None
    client.post(f"{BASE}participants/{first.pk}/status/", {"status": "admitted"})
    first.refresh_from_db()
    assert first.status == "admitted"
    client.post(f"{BASE}participants/{first.pk}/status/", {"status": "nonsense"})
    first.refresh_from_db()
    assert first.status == "admitted"
    client.post(f"{BASE}participants/{first.pk}/remove/")
    assert cohort.participants.count() == 2
    viewer = _client(Role.VIEWER)
    second = cohort.participants.first()
    assert second is not None
    assert viewer.post(f"{BASE}participants/{second.pk}/remove/").status_code == 403
    assert viewer.post(f"{BASE}participants/{second.pk}/status/").status_code == 403


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.CAREERS_OFFICER, True),
        (Role.PARTNERSHIP_OFFICER, False),
        (Role.VIEWER, False),
    ],
)
def test_students_personal_data_is_masked_for_roles_without_it(role: str, shown: bool) -> None:
    cohort = factories.cohort()
    student = factories.student("Chan Tai-man", number="A1234567")
    factories.participant(cohort, student)
    startup = factories.startup()
    factories.student_founder(startup, student)
    Founder.objects.create(startup=startup, person=person("Prof. Wong Ka-ming"))
    client = _client(role)
    cohort_page = client.get(f"{BASE}cohorts/{cohort.pk}/").text
    startup_page = client.get(f"{BASE}startups/{startup.pk}/").text
    for page in (cohort_page, startup_page):
        assert ("Chan Tai-man" in page) == shown
        assert (MASK in page) == (not shown)
    assert ("A1234567" in cohort_page) == shown
    assert "BSc (Hons) in Computing" in cohort_page  # not personal: always shown
    assert "Prof. Wong Ka-ming" in startup_page  # a directory person, not a student


def test_participant_export_needs_the_personal_data_permission_and_is_logged() -> None:
    cohort = factories.cohort()
    factories.participant(cohort, factories.student("Chan Tai-man"))
    factories.participant(factories.cohort(), factories.student("Lee Siu-ming"))
    url = f"/en/staff/data/venture-participants/export/?format=csv&cohort={cohort.pk}"
    assert _client(Role.PARTNERSHIP_OFFICER).get(url).status_code == 403
    assert (
        "Export participants"
        not in _client(Role.PARTNERSHIP_OFFICER).get(f"{BASE}cohorts/{cohort.pk}/").text
    )
    response = _client(Role.ADMINISTRATOR).get(url)
    assert response.status_code == 200
    body = response.content.decode("utf-8-sig")
    assert "Chan Tai-man" in body
    assert "Lee Siu-ming" not in body
    assert PersonalDataExport.objects.get().rows == 1


def test_startup_export_names_no_student() -> None:
    startup = factories.startup(name_en="Bay Robotics")
    factories.student_founder(startup, factories.student("Chan Tai-man"))
    response = _client(Role.PARTNERSHIP_OFFICER).get(f"{BASE}startups/?export=csv")
    body = response.content.decode("utf-8-sig")
    assert "Bay Robotics" in body
    assert "Chan Tai-man" not in body
    assert not PersonalDataExport.objects.exists()
    importing = _client(Role.ADMINISTRATOR).get("/en/staff/data/venture-startups/import/")
    assert importing.status_code == 403  # entered on the pages, never imported


def test_startup_list_filters() -> None:
    institute = factories.incubator()
    factories.startup(name_en="Shenzhen One", city_code="SZ", incubator=institute)
    factories.startup(name_en="Hong Kong One", city_code="HK")
    seeded = factories.startup(name_en="Seeded", city_code=None)
    Startup.objects.filter(pk=seeded.pk).update(stage="seed")
    client = _client(Role.VIEWER)

    def names(query: str) -> set[str]:
        text = client.get(f"{BASE}startups/?{query}").text
        return {n for n in ("Shenzhen One", "Hong Kong One", "Seeded") if n in text}

    assert names("region=gba") == {"Shenzhen One", "Hong Kong One"}
    assert names("region=gba_other") == {"Shenzhen One"}
    assert names("region=outside") == {"Seeded"}
    assert names("city=HK") == {"Hong Kong One"}
    assert names(f"incubator={institute.slug}") == {"Shenzhen One"}
    assert names("stage=seed") == {"Seeded"}
    assert names("status=closed") == set()
    assert client.get(f"{BASE}startups/?stage=unicorn").status_code == 400


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def _grow_cohort(cohort_pk: int) -> Callable[[], None]:
    def grow() -> None:
        from baylink.ventures.models import Cohort

        cohort = Cohort.objects.get(pk=cohort_pk)
        factories.participant(cohort)
        cohort.outcomes.create(kind="award", occurred_on=date(2019, 8, 1))
        startup = factories.startup(incubator=factories.incubator())
        startup.cohort = cohort
        startup.save()
        factories.student_founder(startup)
        factories.funding_round(startup, "10", on=date(2020, 1, 1))
        factories.cohort(cohort.programme)

    return grow


def test_query_counts_do_not_grow_with_data() -> None:
    client = _client(Role.ADMINISTRATOR)
    cohort = factories.cohort()
    grow = _grow_cohort(cohort.pk)
    grow()
    startup = Startup.objects.get()
    urls = [
        BASE,
        f"{BASE}programmes/{cohort.programme_id}/",
        f"{BASE}cohorts/{cohort.pk}/",
        f"{BASE}startups/",
        f"{BASE}startups/{startup.pk}/",
    ]
    before = [_queries(client, url) for url in urls]
    for _ in range(6):
        grow()
    for _ in range(3):
        factories.student_founder(startup)
        factories.funding_round(startup, "10", on=date(2021, 1, 1))
    assert [_queries(client, url) for url in urls] == before
    assert Participant.objects.count() == 7


def _token(client: Client, url: str) -> str:
    return client.get(url).text.split('name="edit_token" value="')[1].split('"')[0]


def test_cohort_pages_and_cohort_outcomes() -> None:
    client = _client(Role.PARTNERSHIP_OFFICER)
    programme = factories.programme()
    form = client.get(f"{BASE}cohorts/new/?programme={programme.pk}").text
    assert f'<option value="{programme.pk}" selected>' in form
    response = client.post(
        f"{BASE}cohorts/new/",
        {
            "programme": programme.pk,
            "label": "Summer 2019",
            "starts_on": "2019-06-24",
            "ends_on": "2019-08-12",
            "capacity": "80",
            "cities": [city("SZ").pk, city("GZ").pk],
        },
    )
    cohort = programme.cohorts.get()
    assert response["Location"] == f"{BASE}cohorts/{cohort.pk}/"
    assert (cohort.academic_year, cohort.capacity, cohort.cities.count()) == (2018, 80, 2)
    page = client.get(f"{BASE}programmes/{programme.pk}/").text
    assert "Summer 2019" in page
    assert "2018/19" in page
    url = f"{BASE}cohorts/{cohort.pk}/edit/"
    client.post(
        url,
        {
            "programme": programme.pk,
            "label": "Summer 2019",
            "starts_on": "2019-07-02",
            "ends_on": "2019-08-12",
            "edit_token": _token(client, url),
        },
    )
    cohort.refresh_from_db()
    assert (cohort.academic_year, cohort.capacity, cohort.cities.count()) == (2019, None, 0)
    client.post(
        f"{BASE}cohorts/{cohort.pk}/outcomes/new/",
        {"kind": "award", "occurred_on": "2019-08-12", "currency": "HKD", "description": "Prize"},
    )
    assert cohort.outcomes.get().description == "Prize"
    assert "Prize" in client.get(f"{BASE}cohorts/{cohort.pk}/").text
    response = client.post(f"{BASE}cohorts/{cohort.pk}/delete/")
    assert cohort.outcomes.exists()  # an outcome keeps the cohort
    outcome = cohort.outcomes.get()
    client.post(f"{BASE}outcomes/{outcome.pk}/delete/")
    response = client.post(f"{BASE}cohorts/{cohort.pk}/delete/")
    assert response["Location"] == f"{BASE}programmes/{programme.pk}/"
    assert not programme.cohorts.exists()


def test_startup_pages_founders_and_outcomes() -> None:
    client = _client(Role.PARTNERSHIP_OFFICER)
    institute = factories.incubator()
    response = client.post(
        f"{BASE}startups/new/",
        {
            "name_zh_hant": "灣區機械人",
            "incubator": institute.pk,
            "city": city("SZ").pk,
            "stage": "prototype",
            "status": "active",
            "founded_on": "2019-09-01",
            "funding_raised": "500000",
            "funding_currency": "HKD",
        },
    )
    startup = Startup.objects.get()
    assert response["Location"] == f"{BASE}startups/{startup.pk}/"
    student = factories.student("Chan Tai-man")
    client.post(
        f"{BASE}startups/{startup.pk}/founders/", {"student_number": student.student_number}
    )
    bad = client.post(f"{BASE}startups/{startup.pk}/founders/", {"student_number": "X1"})
    assert bad.status_code == 400
    assert startup.founders.count() == 1
    founder = startup.founders.get()
    url = f"{BASE}startups/{startup.pk}/outcomes/new/"
    refused = client.post(
        url,
        {
            "kind": "funding_round",
            "occurred_on": "2020-01-01",
            "currency": "USD",
            "amount": "100000",
        },
    )
    assert refused.status_code == 200  # the form again: the HKD value is missing
    assert not startup.outcomes.exists()
    client.post(
        url,
        {
            "kind": "funding_round",
            "occurred_on": "2020-01-01",
            "currency": "USD",
            "amount": "100000",
            "amount_hkd": "780000",
        },
    )
    outcome = startup.outcomes.get()
    page = client.get(f"{BASE}startups/{startup.pk}/").text
    assert "Chan Tai-man" not in page  # partnership officers see students masked
    assert "HKD 780,000" in page
    edit = f"{BASE}outcomes/{outcome.pk}/edit/"
    client.post(
        edit,
        {
            "kind": "funding_round",
            "occurred_on": "2020-01-02",
            "currency": "HKD",
            "amount": "1000",
            "edit_token": _token(client, edit),
        },
    )
    outcome.refresh_from_db()
    assert outcome.occurred_on == date(2020, 1, 2)
    assert outcome.amount_hkd == Decimal(1000)
    client.post(f"{BASE}founders/{founder.pk}/remove/")
    assert not startup.founders.exists()
    client.post(f"{BASE}startups/{startup.pk}/delete/")
    assert not Startup.objects.exists()
    assert not Outcome.objects.exists()
