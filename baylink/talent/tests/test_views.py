"""Staff pages of WIE: placements, students (masking, logged export), rounds, runs, offers."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from baylink.accounts.models import PersonalDataExport, Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.editing import edit_token
from baylink.talent.models import (
    AllocationRound,
    AllocationRun,
    Offer,
    PairRule,
    Placement,
    Student,
)
from baylink.talent.tests import factories

pytestmark = pytest.mark.django_db
Status = AllocationRound.Status


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def careers() -> Client:
    return client_for(staff_user(Role.CAREERS_OFFICER))


def partnership() -> Client:
    return client_for(staff_user(Role.PARTNERSHIP_OFFICER))


PLACEMENT_FORM = {
    "title_en": "Data Intern",
    "city": "",
    "mode": "on_site",
    "starts_on": "2026-06-01",
    "ends_on": "2026-08-31",
    "hours": "480",
    "capacity": "2",
    "allowance": "12000",
    "allowance_currency": "HKD",
    "eligible_programmes": "BEng Computing\nBSc Data Science",
    "eligible_years": ["3", "4"],
    "required_languages": "en, yue",
}


@pytest.mark.parametrize(
    ("role", "can_edit"),
    [
        (Role.CAREERS_OFFICER, True),
        (Role.PARTNERSHIP_OFFICER, False),
        (Role.UNIT_COORDINATOR, False),
        (Role.VIEWER, False),
    ],
)
def test_placement_pages_per_role(role: str, can_edit: bool) -> None:
    placement = factories.placement()
    unit = None
    if role == Role.UNIT_COORDINATOR:
        from baylink.directory.tests.factories import unit as make_unit

        unit = make_unit()
    client = client_for(staff_user(role, unit=unit))
    assert client.get("/en/staff/talent/placements/").status_code == 200
    assert client.get(f"/en/staff/talent/placements/{placement.pk}/").status_code == 200
    expected = 200 if can_edit else 403
    assert client.get("/en/staff/talent/placements/new/").status_code == expected
    assert client.get(f"/en/staff/talent/placements/{placement.pk}/edit/").status_code == expected
    assert client.get(f"/en/staff/talent/placements/{placement.pk}/delete/").status_code == expected
    denied = client.post(f"/en/staff/talent/placements/{placement.pk}/delete/")
    assert Placement.objects.filter(pk=placement.pk).exists() is not can_edit
    assert denied.status_code == (302 if can_edit else 403)


def test_signed_out_users_go_to_the_login_page() -> None:
    response = Client().get("/en/staff/talent/placements/")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_creating_a_placement_validates_and_stores_eligibility() -> None:
    host = factories.placement().host
    client = careers()
    bad = client.post(
        "/en/staff/talent/placements/new/",
        {
            **PLACEMENT_FORM,
            "host": f"{host.name} #{host.pk}",
            "title_en": "",
            "ends_on": "2026-01-01",
        },
    )
    assert bad.status_code == 200
    assert "Give the title in at least one language." in bad.content.decode()
    bad_language = client.post(
        "/en/staff/talent/placements/new/",
        {**PLACEMENT_FORM, "host": f"{host.name} #{host.pk}", "required_languages": "english!"},
    )
    assert "Not a language code: english!" in bad_language.content.decode()
    assert Placement.objects.count() == 1
    good = client.post(
        "/en/staff/talent/placements/new/", {**PLACEMENT_FORM, "host": f"{host.name} #{host.pk}"}
    )
    assert good.status_code == 302, good.content.decode()[:2000]
    created = Placement.objects.get(title_en="Data Intern")
    assert created.eligible_programmes == ["BEng Computing", "BSc Data Science"]
    assert created.eligible_years == [3, 4]
    assert created.required_languages == ["en", "yue"]
    edit = client.get(f"/en/staff/talent/placements/{created.pk}/edit/")
    assert "BEng Computing, BSc Data Science" in edit.content.decode()


def test_a_stale_placement_edit_is_refused() -> None:
    placement = factories.placement()
    client = careers()
    token = edit_token(placement)
    form = {
        **PLACEMENT_FORM,
        "host": f"{placement.host.name} #{placement.host_id}",
        "edit_token": token,
    }
    assert client.post(f"/en/staff/talent/placements/{placement.pk}/edit/", form).status_code == 302
    stale = client.post(
        f"/en/staff/talent/placements/{placement.pk}/edit/", {**form, "title_en": "Other"}
    )
    assert stale.status_code == 200
    placement.refresh_from_db()
    assert placement.title_en == "Data Intern"


def test_placement_list_filters_by_region_searches_and_exports() -> None:
    gba = factories.placement(title_en="Shenzhen robotics", city_code="SZ")
    local = factories.placement(title_en="Kowloon finance", city_code="HK")
    overseas = factories.placement(title_en="London design", city_code=None)
    overseas.city = factories.overseas_city()
    overseas.save()
    client = partnership()
    page = client.get("/en/staff/talent/placements/", {"region": "gba"}).content.decode()
    assert gba.title_en in page
    assert local.title_en not in page
    assert overseas.title_en not in page
    page = client.get("/en/staff/talent/placements/", {"region": "overseas"}).content.decode()
    assert overseas.title_en in page
    assert gba.title_en not in page
    page = client.get("/en/staff/talent/placements/", {"q": "kowloon"}).content.decode()
    assert local.title_en in page
    assert gba.title_en not in page
    assert client.get("/en/staff/talent/placements/", {"sort": "nonsense"}).status_code == 400
    export = client.get("/en/staff/talent/placements/", {"export": "csv", "region": "local"})
    assert export.status_code == 200
    body = export.content.decode("utf-8-sig")
    assert "Kowloon finance" in body
    assert "Shenzhen robotics" not in body
    assert not PersonalDataExport.objects.exists()  # placements are not personal data


def _count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_keep_a_constant_number_of_queries() -> None:
    client = careers()
    factories.placement()
    factories.student()
    factories.allocation_round([factories.placement()])
    urls = [
        "/en/staff/talent/placements/",
        "/en/staff/talent/students/",
        "/en/staff/talent/rounds/",
    ]
    for url in urls:  # a first request caches site-wide facts (is the demo loaded?)
        _count_queries(client, url)
    before = {url: _count_queries(client, url) for url in urls}
    from baylink.directory.tests.factories import unit

    department = unit()
    for _ in range(8):
        factories.placement()
        student = factories.student()
        student.unit = department
        student.save()
        factories.allocation_round([factories.placement()])
    after = {url: _count_queries(client, url) for url in urls}
    assert after == before


def test_students_personal_fields_are_masked_for_roles_without_the_permission() -> None:
    student = factories.student(name_en="Chan Siu-ming")
    officer_page = careers().get("/en/staff/talent/students/").content.decode()
    assert "Chan Siu-ming" in officer_page
    assert student.student_number in officer_page
    viewer = partnership()
    page = viewer.get("/en/staff/talent/students/").content.decode()
    assert "Chan Siu-ming" not in page
    assert student.student_number not in page
    assert student.programme in page
    # No search by a name the role may not see.
    searched = viewer.get("/en/staff/talent/students/", {"q": "Chan"}).content.decode()
    assert "Search" not in searched or "Chan Siu-ming" not in searched
    detail = viewer.get(f"/en/staff/talent/students/{student.pk}/").content.decode()
    assert "Chan Siu-ming" not in detail
    assert student.email not in detail
    assert f"Student #{student.pk}" in detail
    # The history holds old personal values: no tab for it, and no way round by its address.
    assert "?tab=history" not in detail
    officer_detail = careers().get(f"/en/staff/talent/students/{student.pk}/").content.decode()
    assert "?tab=history" in officer_detail
    assert viewer.get(f"/en/staff/talent/students/{student.pk}/?tab=history").status_code == 403
    assert viewer.get("/en/staff/talent/students/new/").status_code == 403
    assert viewer.get(f"/en/staff/talent/students/{student.pk}/edit/").status_code == 403


def test_student_export_needs_the_permission_and_is_logged() -> None:
    factories.student(name_en="Lee Ka-yan")
    denied = partnership().get("/en/staff/talent/students/", {"export": "csv"})
    assert denied.status_code == 403
    assert not PersonalDataExport.objects.exists()
    officer = staff_user(Role.CAREERS_OFFICER)
    export = client_for(officer).get(
        "/en/staff/talent/students/", {"export": "csv", "year_of_study": "3"}
    )
    assert export.status_code == 200
    assert "Lee Ka-yan" in export.content.decode("utf-8-sig")
    logged = PersonalDataExport.objects.get()
    assert (logged.user, logged.kind, logged.rows) == (officer, "students", 1)


def test_creating_a_student_refuses_a_taken_number_and_changes_nothing() -> None:
    existing = factories.student()
    client = careers()
    form = {
        "student_number": existing.student_number,
        "name_en": "Wong Mei",
        "programme": "BBA",
        "year_of_study": "2",
        "languages": "en, zh",
    }
    bad = client.post("/en/staff/talent/students/new/", form)
    assert bad.status_code == 200
    assert "already exists" in bad.content.decode()
    assert Student.objects.count() == 1
    bad_year = client.post(
        "/en/staff/talent/students/new/",
        {**form, "student_number": "30000001", "year_of_study": "9"},
    )
    assert bad_year.status_code == 200
    assert Student.objects.count() == 1
    good = client.post("/en/staff/talent/students/new/", {**form, "student_number": "30000001"})
    assert good.status_code == 302
    assert Student.objects.get(student_number="30000001").languages == ["en", "zh"]


def _closed_round() -> tuple[AllocationRound, list[Student], list[Placement]]:
    placements = [factories.placement(title_en="Alpha"), factories.placement(title_en="Beta")]
    allocation_round = factories.allocation_round(placements, status=Status.CLOSED)
    students = [factories.student() for _ in range(3)]
    for student in students:
        factories.apply(allocation_round, student, placements)
    return allocation_round, students, placements


def test_round_pages_run_compare_publish_and_close() -> None:
    allocation_round, students, placements = _closed_round()
    client = careers()
    base = f"/en/staff/talent/rounds/{allocation_round.pk}/"
    for tab in ("", "?tab=rules", "?tab=runs", "?tab=history"):
        assert client.get(base + tab).status_code == 200
    bad_rule = client.post(
        base + "rules/", {"student": "nobody", "placement": placements[0].pk, "kind": "pin"}
    )
    assert bad_rule.status_code == 302
    assert not PairRule.objects.exists()
    assert "There is no student" in client.get(base + "?tab=rules").content.decode()
    client.post(
        base + "rules/",
        {"student": students[2].student_number, "placement": placements[0].pk, "kind": "pin"},
    )
    assert PairRule.objects.get().student == students[2]
    assert client.post(base + "runs/", {"mode": "stable"}).status_code == 302
    assert client.post(base + "runs/", {"mode": "welfare", "lottery_seed": "7"}).status_code == 302
    assert client.post(base + "runs/", {"mode": "greedy"}).status_code == 302
    assert AllocationRun.objects.count() == 2
    first, second = AllocationRun.objects.order_by("pk")
    assert all(
        run.assignments.get(student=students[2]).placement == placements[0]
        for run in (first, second)
    )
    compare = client.get(base + "compare/", {"runs": [first.pk, second.pk]})
    assert compare.status_code == 200
    assert "Got choice 1" in compare.content.decode()
    assert client.get(base + "compare/", {"runs": [first.pk]}).status_code == 302
    assert client.get(f"{base}runs/{first.pk}/").status_code == 200
    bad_publish = client.post(f"{base}runs/{first.pk}/publish/", {"offer_deadline": "yesterday"})
    assert bad_publish.status_code == 302
    assert not Offer.objects.exists()
    deadline = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    client.post(f"{base}runs/{first.pk}/publish/", {"offer_deadline": deadline})
    assert Offer.objects.count() == 2
    next_deadline = (timezone.localtime() + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    client.post(base + "close-offers/", {"follow_up_deadline": next_deadline})
    allocation_round.refresh_from_db()
    assert allocation_round.status == Status.OFFERS_CLOSED
    assert set(Offer.objects.values_list("status", flat=True)) == {"expired"}
    follow_up = AllocationRound.objects.get(previous=allocation_round)
    assert follow_up.students.count() == 1


def test_viewers_cannot_change_rounds() -> None:
    allocation_round, _students, _placements = _closed_round()
    client = partnership()
    base = f"/en/staff/talent/rounds/{allocation_round.pk}/"
    assert client.get(base).status_code == 200
    assert client.post(base + "runs/", {"mode": "stable"}).status_code == 403
    assert (
        client.post(
            base + "status/", {"to_status": "open", "edit_token": edit_token(allocation_round)}
        ).status_code
        == 403
    )
    assert not AllocationRun.objects.exists()
    allocation_round.refresh_from_db()
    assert allocation_round.status == Status.CLOSED


def test_creating_and_opening_a_round() -> None:
    placement = factories.placement(starts_on=date(2027, 1, 11))
    client = careers()
    bad = client.post(
        "/en/staff/talent/rounds/new/",
        {
            "name": "Summer 2027",
            "academic_year": "2026/28",
            "application_deadline": "2027-03-01T12:00",
            "max_preferences": "5",
        },
    )
    assert bad.status_code == 200
    assert "second year must follow" in bad.content.decode()
    good = client.post(
        "/en/staff/talent/rounds/new/",
        {
            "name": "Summer 2027",
            "academic_year": "2026/27",
            "application_deadline": "2027-03-01T12:00",
            "max_preferences": "5",
            "placements": [placement.pk],
        },
    )
    assert good.status_code == 302, good.content.decode()[:2000]
    created = AllocationRound.objects.get(name="Summer 2027")
    assert created.academic_year == 2026
    client.post(
        f"/en/staff/talent/rounds/{created.pk}/status/",
        {"to_status": "open", "edit_token": edit_token(created)},
    )
    created.refresh_from_db()
    assert created.status == Status.OPEN


def test_a_round_offers_the_placements_of_its_academic_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every placement ever offered made the round form thousands of choices and seconds slow.
    spring_2027 = factories.placement(starts_on=date(2027, 3, 1), title_en="Spring 2027")
    summer_2027 = factories.placement(starts_on=date(2027, 6, 30), title_en="Summer 2027")
    autumn_2027 = factories.placement(starts_on=date(2027, 7, 1), title_en="Autumn 2027")
    old = factories.placement(starts_on=date(2019, 6, 3), title_en="Summer 2019")
    client = careers()

    def offered(page: str, data: dict[str, object] | None = None) -> set[str]:
        response = client.post(page, data) if data is not None else client.get(page)
        assert response.status_code == 200
        field = response.context["form"].fields["placements"]
        return {placement.title_en for placement in field.queryset}

    new_round = "/en/staff/talent/rounds/new/"
    # A new round starts in the current academic year.
    monkeypatch.setattr(timezone, "localdate", lambda: date(2026, 12, 6))
    assert offered(new_round) == {"Spring 2027", "Summer 2027"}
    # A form sent back with an error offers the year just typed.
    form: dict[str, object] = {
        "name": "",
        "academic_year": "2027/28",
        "application_deadline": "2027-03-01T12:00",
    }
    assert offered(new_round, form) == {"Autumn 2027"}
    # Choosing a placement of another year is refused like any choice not offered.
    form |= {"name": "Summer 2028", "max_preferences": "5", "placements": [spring_2027.pk]}
    refused = client.post(new_round, form)
    assert refused.status_code == 200
    assert "Select a valid choice" in refused.content.decode()
    assert not AllocationRound.objects.exists()

    # A round keeps showing what it holds, even from another year.
    kept = factories.allocation_round([summer_2027, old])  # 2026/27
    assert offered(f"/en/staff/talent/rounds/{kept.pk}/edit/") == {
        "Spring 2027",
        "Summer 2027",
        "Summer 2019",
    }
    assert autumn_2027.title_en not in offered(f"/en/staff/talent/rounds/{kept.pk}/edit/")


def test_the_year_of_study_filter_is_blank_until_chosen() -> None:
    # It had no blank choice: the form showed "1", and applying a search with the form as
    # shown also kept only first-year students.
    third_year = factories.student(name_en="Chan Siu-ming", year_of_study=3)
    client = careers()
    page = client.get("/en/staff/talent/students/").content.decode()
    first_option = page.split('name="year_of_study"', 1)[1].split("<option", 2)[1]
    assert first_option.startswith(' value=""')
    # The form sent back as shown (blank year) keeps every year.
    searched = client.get("/en/staff/talent/students/", {"q": "Chan", "year_of_study": ""})
    assert third_year.student_number in searched.content.decode()
    chosen = client.get("/en/staff/talent/students/", {"year_of_study": "1"}).content.decode()
    assert third_year.student_number not in chosen
