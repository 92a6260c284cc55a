"""Staff pages: records list/detail/create/edit, evaluations, the outcome report and exports;
personal data masked for roles without it; a constant number of queries as data grows."""

import io
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from baylink.accounts.models import PersonalDataExport, Role
from baylink.accounts.personal_data import MASK
from baylink.core.editing import edit_token
from baylink.core.models import AuditEntry
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.tests import factories

pytestmark = pytest.mark.django_db

LIST = "/en/staff/evaluations/"
REPORT = "/en/staff/evaluations/outcomes/"
Status = PlacementRecord.Status


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(factories.user(role))
    return client


def some_records(count: int) -> list[PlacementRecord]:
    records = []
    for number in range(count):
        record = factories.record(city_code=["SZ", "HK", "LDN", None][number % 4])
        factories.host_evaluation(record)
        if number % 2:
            factories.student_evaluation(record)
        records.append(record)
    return records


# -- list and detail -----------------------------------------------------------------------------


def test_the_list_shows_students_only_to_roles_that_may_see_them() -> None:
    record = factories.record(student_=factories.student(name_en="Chan Siu Ming"))
    officer = client_for(Role.CAREERS_OFFICER).get(LIST).content.decode()
    assert "Chan Siu Ming" in officer
    assert record.student.student_number in officer
    viewer = client_for(Role.VIEWER).get(LIST).content.decode()
    assert f"/staff/evaluations/{record.pk}/" in viewer
    assert "Chan Siu Ming" not in viewer
    assert record.student.student_number not in viewer
    assert MASK in viewer
    assert record.student.programme in viewer  # not personal


def test_a_search_by_student_name_works_only_for_those_who_may_see_names() -> None:
    record = factories.record(student_=factories.student(name_en="Chan Siu Ming"))
    url = f"/staff/evaluations/{record.pk}/"
    assert url in client_for(Role.CAREERS_OFFICER).get(LIST, {"q": "siu ming"}).content.decode()
    assert url not in client_for(Role.VIEWER).get(LIST, {"q": "siu ming"}).content.decode()


def test_list_filters() -> None:
    old = factories.record(starts_on=date(2017, 1, 9), city_code="HK")
    new = factories.record(starts_on=date(2020, 1, 6), city_code="SZ")
    client = client_for(Role.CAREERS_OFFICER)
    page = client.get(LIST, {"academic_year": "2016/17"}).content.decode()
    assert f"/staff/evaluations/{old.pk}/" in page
    assert f"/staff/evaluations/{new.pk}/" not in page
    page = client.get(LIST, {"region": "gba"}).content.decode()
    assert f"/staff/evaluations/{new.pk}/" in page
    assert f"/staff/evaluations/{old.pk}/" not in page
    bad = client.get(LIST, {"academic_year": "2016/18"})
    assert bad.status_code == 400


def test_the_detail_page_masks_the_student_for_viewers() -> None:
    record = factories.record(student_=factories.student(email="siuming@example.edu.hk"))
    factories.host_evaluation(record)
    url = f"/en/staff/evaluations/{record.pk}/"
    officer = client_for(Role.CAREERS_OFFICER).get(url).content.decode()
    assert "siuming@example.edu.hk" in officer
    assert "Reliable." in officer  # the host's comment
    viewer = client_for(Role.VIEWER).get(url)
    assert viewer.status_code == 200
    text = viewer.content.decode()
    assert "siuming@example.edu.hk" not in text
    assert record.student.student_number not in text
    assert "/edit/" not in text  # a viewer gets no edit links
    history = client_for(Role.CAREERS_OFFICER).get(url, {"tab": "history"})
    assert history.status_code == 200


def test_list_and_detail_pages_keep_their_query_count_as_records_grow(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(Role.CAREERS_OFFICER)
    some_records(2)
    client.get(LIST)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    some_records(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(LIST).status_code == 200
    record = PlacementRecord.objects.first()
    assert record is not None
    with django_assert_max_num_queries(12):
        assert client.get(f"/en/staff/evaluations/{record.pk}/").status_code == 200


# -- create and edit -----------------------------------------------------------------------------


def test_an_officer_creates_a_record_from_the_form() -> None:
    student = factories.student()
    placement = factories.placement(starts_on=date(2019, 6, 3), hours=400)
    client = client_for(Role.CAREERS_OFFICER)
    assert client.get(f"{LIST}new/").status_code == 200
    response = client.post(
        f"{LIST}new/",
        {
            "student_number": student.student_number.lower(),
            "placement_number": placement.pk,
            "academic_year": "",
            "status": "completed",
            "wie_hours": "380",
            "completed_on": "2019-08-12",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = PlacementRecord.objects.get()
    assert (record.student, record.academic_year, record.wie_hours) == (student, 2018, 380)
    assert AuditEntry.objects.filter(object_pk=str(record.pk), action="create").exists()


def test_a_bad_form_shows_translated_errors_and_writes_nothing() -> None:
    placement = factories.placement(hours=400)
    client = client_for(Role.CAREERS_OFFICER)
    data = {
        "student_number": "NOBODY",
        "placement_number": placement.pk,
        "status": "in_progress",
        "wie_hours": "10",
    }
    page = client.post(f"{LIST}new/", data).content.decode()
    assert "There is no student with the number “NOBODY”." in page
    student = factories.student()
    data = {**data, "student_number": student.student_number, "wie_hours": "999"}
    page = client.post("/zh-hant/staff/evaluations/new/", data).content.decode()
    assert "400" in page
    assert "At most" not in page
    assert "小時" in page
    assert not PlacementRecord.objects.exists()


def test_an_officer_edits_a_record() -> None:
    record = factories.record(status=Status.IN_PROGRESS, wie_hours=0)
    client = client_for(Role.CAREERS_OFFICER)
    url = f"{LIST}{record.pk}/edit/"
    form = client.get(url).content.decode()
    assert 'value="2018/19"' in form
    response = client.post(
        url,
        {
            "edit_token": edit_token(record),
            "academic_year": "2019/20",
            "status": "completed",
            "wie_hours": "120",
            "completed_on": "2019-08-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert (record.academic_year, record.status, record.wie_hours) == (2019, "completed", 120)


@pytest.mark.parametrize(
    ("role", "status"),
    [(Role.CAREERS_OFFICER, 200), (Role.VIEWER, 403), (Role.PARTNERSHIP_OFFICER, 403)],
)
def test_who_may_open_the_forms(role: str, status: int) -> None:
    record = factories.record()
    client = client_for(role)
    assert client.get(f"{LIST}new/").status_code == status
    assert client.get(f"{LIST}{record.pk}/edit/").status_code == status
    assert client.get(f"{LIST}{record.pk}/host/").status_code == status
    assert client.get(f"{LIST}{record.pk}/student/").status_code == status


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(LIST)
    assert response.status_code == 302
    assert "login" in response["Location"]


# -- evaluations ---------------------------------------------------------------------------------


def test_entering_then_editing_the_evaluations() -> None:
    record = factories.record()
    client = client_for(Role.CAREERS_OFFICER)
    host = {
        **dict.fromkeys(HostEvaluation.CRITERIA, "4"),
        "supervisor_name": "Alice Ma",
        "would_host_again": "on",
        "submitted_on": "2019-09-01",
    }
    response = client.post(f"{LIST}{record.pk}/host/", {**host, "teamwork": "6"})
    assert response.status_code == 200  # 6 is not one of the ratings offered
    assert not HostEvaluation.objects.exists()
    assert client.post(f"{LIST}{record.pk}/host/", host).status_code == 302
    evaluation = HostEvaluation.objects.get(record=record)
    assert evaluation.would_host_again
    edit = client.post(
        f"{LIST}{record.pk}/host/",
        {**host, "teamwork": "2", "edit_token": edit_token(evaluation)},
    )
    assert edit.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.teamwork == 2
    assert HostEvaluation.objects.count() == 1
    student = {
        **dict.fromkeys(StudentEvaluation.CRITERIA, "5"),
        "learning_outcomes": ["cross_cultural", "teamwork"],
        "submitted_on": "2019-09-02",
    }
    assert client.post(f"{LIST}{record.pk}/student/", student).status_code == 302
    assert StudentEvaluation.objects.get(record=record).learning_outcomes == [
        "teamwork",
        "cross_cultural",
    ]
    page = client.get(f"{LIST}{record.pk}/").content.decode()
    assert "Worked across cultures and languages" in page
    history = client.get(f"{LIST}{record.pk}/", {"tab": "history"}).content.decode()
    assert history.count("Alice Ma") >= 1  # the evaluations' entries join the record's


def test_an_evaluation_of_a_placement_in_progress_is_refused_with_a_message() -> None:
    record = factories.record(status=Status.IN_PROGRESS, wie_hours=0)
    client = client_for(Role.CAREERS_OFFICER)
    data = {**dict.fromkeys(HostEvaluation.CRITERIA, "4"), "supervisor_name": "A"}
    page = client.post(f"{LIST}{record.pk}/host/", {**data, "submitted_on": "2019-09-01"})
    assert "Evaluations are for completed placements" in page.content.decode()
    assert not HostEvaluation.objects.exists()


# -- the outcome report --------------------------------------------------------------------------


def test_the_report_page_and_its_query_count(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(Role.VIEWER)  # aggregates only: every staff role may read them
    some_records(2)
    params = {"group_by": ["academic_year", "region", "city", "programme"]}
    with CaptureQueriesContext(connection) as few:
        page = client.get(REPORT, params)
    assert page.status_code == 200
    assert "Other GBA cities" in page.content.decode()
    some_records(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(REPORT, params).status_code == 200
    assert client.get(REPORT).status_code == 200  # the default grouping


def test_bad_report_choices_are_a_400_with_a_translated_message() -> None:
    client = client_for(Role.CAREERS_OFFICER)
    response = client.get("/zh-hant/staff/evaluations/outcomes/", {"first_year": "2019/21"})
    assert response.status_code == 400
    assert "2019/21" in response.content.decode()
    assert "academic year" not in response.content.decode()
    backwards = client.get(REPORT, {"first_year": "2020/21", "last_year": "2019/20"})
    assert backwards.status_code == 400
    assert "cannot come before" in backwards.content.decode()


def test_the_report_exports_without_personal_data() -> None:
    records = some_records(3)
    client = client_for(Role.VIEWER)
    csv = client.get(REPORT, {"group_by": "academic_year", "export": "csv"})
    assert csv.status_code == 200
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Academic year,Placements,Students,")
    assert lines[1].startswith("2018/19,3,3,3,0,0,1.0,1200,400.0,3,4.0,1,4.0")
    assert lines[-1].startswith("Total,3,3,")
    for record in records:
        assert record.student.student_number not in text
        assert record.student.name_en not in text
    xlsx = client.get(REPORT, {"group_by": "region", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert sheet["A1"].value == "Region"
    assert sheet["B1"].value == "Placements"
    assert not PersonalDataExport.objects.exists()  # nothing personal, nothing to log


# -- exporting records (personal data) -----------------------------------------------------------


def test_record_exports_need_the_personal_data_permission_and_are_logged() -> None:
    record = factories.record(student_=factories.student(name_en="Chan Siu Ming"))
    factories.host_evaluation(record)
    assert client_for(Role.VIEWER).get(LIST, {"export": "csv"}).status_code == 403
    assert not PersonalDataExport.objects.exists()
    officer = client_for(Role.CAREERS_OFFICER)
    response = officer.get(LIST, {"export": "csv", "status": "completed"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("student_number,placement,academic_year,status,wie_hours")
    assert lines[1].startswith(f"{record.student.student_number},{record.placement_id},2018/19")
    assert "Chan Siu Ming" in lines[1]
    assert lines[1].endswith(",4.00,")  # host score, no student evaluation
    logged = PersonalDataExport.objects.get()
    assert (logged.kind, logged.rows) == ("placement-records", 1)
    via_data_page = officer.get(
        "/en/staff/data/placement-records/export/", {"format": "xlsx", "region": "gba"}
    )
    assert via_data_page.status_code == 200
    sheet = load_workbook(io.BytesIO(via_data_page.content)).worksheets[0]
    assert sheet["A2"].value == record.student.student_number  # the record is in Shenzhen
    assert PersonalDataExport.objects.count() == 2
