"""Staff pages for KT outputs: list, search in any script, filters, form with typed project and
counterparty, edits, permissions, and the links from projects and organisations."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.core.editing import edit_token
from baylink.core.models import AuditEntry
from baylink.directory.lookup import organisation_label
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.research.models import KnowledgeTransferOutput, Project
from baylink.research.services import kt_output_create, project_create

pytestmark = pytest.mark.django_db

LIST = "/en/staff/research/kt-outputs/"
NEW = "/en/staff/research/kt-outputs/new/"


def client_as(role: str = Role.PARTNERSHIP_OFFICER) -> Client:
    client = Client()
    client.force_login(staff_user(role))
    return client


def a_project(reference: str = "P-1") -> Project:
    return project_create(
        actor=None, reference=reference, title_en="Smart ports", starts_on=date(2018, 9, 1)
    )


def an_output(reference: str = "KT-1", **values: object) -> KnowledgeTransferOutput:
    defaults: dict[str, object] = {
        "kind": KnowledgeTransferOutput.Kind.LICENCE,
        "title_en": "Port scheduling licence",
        "occurred_on": date(2019, 10, 1),
    }
    return kt_output_create(actor=None, reference=reference, **{**defaults, **values})  # type: ignore[arg-type]


def form_data(output: KnowledgeTransferOutput | None = None, /, **changes: str) -> dict[str, str]:
    data = {
        "reference": output.reference if output else "",
        "kind": output.kind if output else "licence",
        "title_en": output.title_en if output else "",
        "title_zh_hant": output.title_zh_hant if output else "",
        "title_zh_hans": output.title_zh_hans if output else "",
        "occurred_on": str(output.occurred_on) if output else "",
        "project": output.project.reference if output and output.project else "",
        "unit": str(output.unit_id or "") if output else "",
        "counterparty": organisation_label(output.counterparty)
        if output and output.counterparty
        else "",
        "income": str(output.income or "") if output else "",
        "currency": output.currency if output else "HKD",
        "income_hkd": str(output.income_hkd or "") if output else "",
        "edit_token": edit_token(output) if output else "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
def test_kt_output_pages_in_three_languages(language: str) -> None:
    output = an_output(counterparty=directory.organisation("Sun Yat-sen University"))
    client = client_as()
    base = f"/{language}/staff/research/kt-outputs/"
    listing = client.get(base)
    assert listing.status_code == 200
    assert f"{base}{output.pk}/" in listing.content.decode()
    for page in ("", "edit/", "delete/", "?tab=history"):
        assert client.get(f"{base}{output.pk}/{page}").status_code == 200, page
    assert client.get(f"{base}new/").status_code == 200


def test_a_traditional_title_is_found_when_typed_in_simplified() -> None:
    found = an_output("KT-1", title_en="", title_zh_hant="智慧港口排程授權")
    an_output("KT-2", title_en="Coastal sensors")
    page = client_as().get(LIST, {"q": "智慧港口排程授权"}).content.decode()
    assert f"/staff/research/kt-outputs/{found.pk}/" in page
    assert "KT-2" not in page


def test_the_list_filters_by_kind_and_academic_year_and_refuses_a_bad_year() -> None:
    an_output("KT-LICENCE-2019", occurred_on=date(2019, 10, 1))
    an_output("KT-LICENCE-2015", occurred_on=date(2015, 10, 1))
    an_output("KT-PATENT-2019", kind=KnowledgeTransferOutput.Kind.PATENT_FILED)
    client = client_as()
    by_kind = client.get(LIST, {"kind": "patent_filed"}).content.decode()
    assert "KT-PATENT-2019" in by_kind
    assert "KT-LICENCE" not in by_kind
    by_year = client.get(LIST, {"kind": "licence", "academic_year": "2019/20"}).content.decode()
    assert "KT-LICENCE-2019" in by_year
    assert "KT-LICENCE-2015" not in by_year
    assert "KT-PATENT-2019" not in by_year
    assert client.get(LIST, {"academic_year": "next year"}).status_code == 400


def test_the_list_shows_income_with_its_currency_on_one_line() -> None:
    an_output(income=Decimal("1250000"), currency="HKD")
    page = client_as().get(LIST).content.decode()
    assert "HKD\u00a01,250,000" in page


def test_the_list_takes_the_same_number_of_queries_for_more_outputs() -> None:
    client = client_as()
    an_output("KT-0")
    client.get(LIST)  # the first request also fills per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    project = a_project()
    for number in range(1, 11):
        an_output(
            f"KT-{number}",
            project=project,
            unit=directory.unit(f"Department {number}"),
            counterparty=directory.organisation(f"Company {number}"),
            income=Decimal(number * 1000),
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get(LIST)
    assert page.status_code == 200
    assert "Company 10" in page.content.decode()
    assert len(many) == len(few)


def test_an_officer_creates_an_output_with_a_project_and_a_counterparty() -> None:
    project = a_project("P-2019-001")
    project.unit = directory.unit("Department of Logistics")
    project.save()
    company = directory.organisation("Harbour Logistics Ltd")
    client = client_as()
    response = client.post(
        NEW,
        form_data(
            reference="KT-NEW",
            kind="contract",
            title_zh_hant="港口排程研究合約",
            occurred_on="2020-01-15",
            project="p-2019-001",  # as typed, in the wrong case
            counterparty=organisation_label(company),
            income="80000",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = KnowledgeTransferOutput.objects.get(reference="KT-NEW")
    assert created.project == project
    assert created.counterparty == company
    assert created.unit == project.unit  # left empty: the project's
    assert created.title_zh_hans == "港口排程研究合约"
    assert created.income == Decimal("80000")
    assert AuditEntry.objects.filter(
        object_pk=str(created.pk), action=AuditEntry.Action.CREATE
    ).exists()
    detail = client.get(response["Location"]).content.decode()
    assert f"/staff/research/projects/{project.pk}/" in detail
    assert f"/staff/directory/organisations/{company.pk}/" in detail
    # The edit form shows the project by its reference, so saving it unchanged keeps it.
    edit = client.get(f"/en/staff/research/kt-outputs/{created.pk}/edit/").content.decode()
    assert 'value="P-2019-001"' in edit


def test_an_unknown_project_reference_is_a_clear_error_and_writes_nothing() -> None:
    a_project("P-2019-001")
    response = client_as().post(
        NEW,
        form_data(
            reference="KT-NEW", title_en="Licence", occurred_on="2020-01-15", project="P-9999"
        ),
    )
    assert response.status_code == 200
    assert "There is no research project with the reference “P-9999”." in response.content.decode()
    assert not KnowledgeTransferOutput.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="knowledgetransferoutput").exists()


def test_a_negative_income_is_refused_with_the_models_message() -> None:
    response = client_as().post(
        NEW,
        form_data(reference="KT-NEG", title_en="Licence", occurred_on="2020-01-15", income="-5"),
    )
    assert response.status_code == 200
    assert "The income cannot be negative." in response.content.decode()
    assert not KnowledgeTransferOutput.objects.exists()


def test_income_in_another_currency_asks_for_its_hkd_value_in_the_readers_language() -> None:
    values = {"title_en": "Licence", "occurred_on": "2020-01-15", "income": "80000"}
    refused = client_as().post(
        "/zh-hant/staff/research/kt-outputs/new/",
        form_data(reference="KT-CNY", currency="CNY", **values),
    )
    assert refused.status_code == 200
    assert "請一併填寫港元收入" in refused.content.decode()
    assert not KnowledgeTransferOutput.objects.exists()
    saved = client_as().post(
        NEW, form_data(reference="KT-CNY", currency="CNY", income_hkd="86800", **values)
    )
    assert saved.status_code == 302
    assert KnowledgeTransferOutput.objects.get().income_hkd == Decimal("86800")


def test_an_edit_saves_and_a_stale_edit_changes_nothing() -> None:
    output = an_output()
    client = client_as()
    stale = form_data(output, title_en="Stale title")
    saved = client.post(
        f"/en/staff/research/kt-outputs/{output.pk}/edit/",
        form_data(output, title_en="Port scheduling software licence"),
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    output.refresh_from_db()
    assert output.title_en == "Port scheduling software licence"
    refused = client.post(f"/en/staff/research/kt-outputs/{output.pk}/edit/", stale)
    assert refused.status_code == 200
    assert "someone else changed this record" in refused.content.decode()
    output.refresh_from_db()
    assert output.title_en == "Port scheduling software licence"


def test_a_viewer_reads_but_neither_adds_edits_nor_deletes() -> None:
    output = an_output()
    client = client_as(Role.VIEWER)
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "/staff/research/kt-outputs/new/" not in listing.content.decode()
    assert client.get(NEW).status_code == 403
    assert client.post(NEW, form_data(reference="KT-V", title_en="V")).status_code == 403
    assert client.get(f"/en/staff/research/kt-outputs/{output.pk}/edit/").status_code == 403
    assert client.post(f"/en/staff/research/kt-outputs/{output.pk}/delete/").status_code == 403
    assert KnowledgeTransferOutput.objects.filter(pk=output.pk).exists()
    assert not KnowledgeTransferOutput.objects.filter(reference="KT-V").exists()


def test_an_officer_deletes_an_output_and_the_deletion_is_logged() -> None:
    company = directory.organisation("Harbour Logistics Ltd")
    output = an_output(counterparty=company)
    response = client_as().post(f"/en/staff/research/kt-outputs/{output.pk}/delete/")
    assert response.status_code == 302
    assert not KnowledgeTransferOutput.objects.exists()
    assert Organisation.objects.filter(pk=company.pk).exists()
    assert AuditEntry.objects.filter(
        object_pk=str(output.pk),
        content_type__model="knowledgetransferoutput",
        action=AuditEntry.Action.DELETE,
    ).exists()


def test_the_project_and_the_counterparty_pages_link_to_the_output() -> None:
    project = a_project()
    company = directory.organisation("Harbour Logistics Ltd")
    output = an_output(project=project, counterparty=company)
    client = client_as()
    link = f"/staff/research/kt-outputs/{output.pk}/"
    project_page = client.get(f"/en/staff/research/projects/{project.pk}/").content.decode()
    assert link in project_page
    company_page = client.get(f"/en/staff/directory/organisations/{company.pk}/").content.decode()
    assert link in company_page
    # A viewer without the output's permission would see no section; a viewer has it.
    assert (
        link
        in client_as(Role.VIEWER)
        .get(f"/en/staff/directory/organisations/{company.pk}/")
        .content.decode()
    )


def test_the_counterparty_page_shows_the_newest_ten_and_links_to_all() -> None:
    company = directory.organisation("Harbour Logistics Ltd")
    outputs = [
        an_output(f"KT-{number:02d}", counterparty=company, occurred_on=date(2019, 1, number))
        for number in range(1, 12)
    ]
    page = client_as().get(f"/en/staff/directory/organisations/{company.pk}/").content.decode()
    assert f"/staff/research/kt-outputs/{outputs[-1].pk}/" in page
    assert f"/staff/research/kt-outputs/{outputs[0].pk}/" not in page  # the oldest
    assert f"/staff/research/kt-outputs/?counterparty={company.pk}" in page
    everything = client_as().get(LIST, {"counterparty": company.pk}).content.decode()
    assert f"/staff/research/kt-outputs/{outputs[0].pk}/" in everything


def test_the_filtered_list_exports_only_its_rows() -> None:
    an_output("KT-LICENCE", kind=KnowledgeTransferOutput.Kind.LICENCE)
    an_output("KT-PATENT", kind=KnowledgeTransferOutput.Kind.PATENT_FILED)
    client = client_as()
    assert "export=csv" in client.get(LIST).content.decode()
    exported = client.get(LIST, {"kind": "licence", "export": "csv"})
    assert exported.status_code == 200
    body = exported.content.decode("utf-8-sig")
    assert "KT-LICENCE" in body
    assert "KT-PATENT" not in body
