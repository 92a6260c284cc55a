"""The KT outputs API: roles, writes with project and counterparty, conflicts, lists."""

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries

from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.research.models import KnowledgeTransferOutput
from baylink.research.services import kt_output_search_text
from baylink.research.tests import factories
from baylink.research.tests.helpers import (
    CALLERS,
    WRITERS,
    assert_change_refused,
    assert_creation_refused,
    assert_field_error,
    assert_reads_and_writes_as_the_role_allows,
    call,
    foreign_unit,
    headers_for,
    list_before_and_after,
    listed_references,
    post_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

_numbers = count(1)


def kt_output(
    counterparty: Organisation | None = None,
    *,
    title_en: str = "",
    kind: str = KnowledgeTransferOutput.Kind.LICENCE,
    occurred_on: date = date(2019, 3, 1),
) -> KnowledgeTransferOutput:
    """An output with every relation filled, as the list shows them."""
    number = next(_numbers)
    project = factories.project()
    project.unit = directory.unit(f"Unit of {project.reference}")
    project.save()
    record = KnowledgeTransferOutput(
        reference=f"KT-{number:06d}",
        kind=kind,
        title_en=title_en or f"Output {number}",
        occurred_on=occurred_on,
        project=project,
        unit=project.unit,
        counterparty=counterparty or directory.organisation(),
        income=Decimal("250000.00"),
    )
    record.search_text = kt_output_search_text(record)
    record.save()
    return record


@pytest.mark.parametrize("who", CALLERS)
def test_kt_output_permissions(who: str) -> None:
    headers = headers_for(who)
    record = kt_output(title_en="Port sensor licence")
    assert_reads_and_writes_as_the_role_allows(
        who,
        headers,
        collection="/api/kt-outputs",
        record_url=f"/api/kt-outputs/{record.pk}",
        created={
            "reference": "KT-2019-1",
            "kind": "consultancy",
            "title_en": "Harbour advice",
            "occurred_on": "2019-09-01",
        },
        changed={"title_en": "Sensor licence"},
    )
    assert KnowledgeTransferOutput.objects.filter(reference="KT-2019-1").exists() == (
        who in WRITERS
    )
    assert KnowledgeTransferOutput.objects.filter(pk=record.pk).exists() == (who not in WRITERS)


def test_an_output_is_created_with_its_project_by_reference() -> None:
    headers = headers_for("partnership_officer")
    computing = directory.unit("Department of Computing")
    project = factories.project(title_en="Smart ports")
    project.unit = computing
    project.save()
    szu = directory.organisation("Shenzhen University", city_code="SZ", ror_id="01vy4gh70")
    created = call(
        "post",
        "/api/kt-outputs",
        headers,
        {
            "reference": " KT-2020-7 ",
            "kind": "patent_granted",
            "title_zh_hant": "智慧港口傳感器",
            "occurred_on": "2020-03-01",
            "project": project.reference,
            "counterparty": szu.pk,
            "income": "1200000.50",
            "currency": "CNY",
            "income_hkd": "1310000",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"] == "KT-2020-7"
    assert body["kind"] == "patent_granted"
    assert body["title_zh_hans"] == "智慧港口传感器"
    assert body["title_zh_hans_machine"] is True
    assert body["occurred_on"] == "2020-03-01"
    assert body["project"] == {
        "id": project.pk,
        "reference": project.reference,
        "title_en": "Smart ports",
        "title_zh_hant": "",
        "title_zh_hans": "",
    }
    assert body["unit"]["id"] == computing.pk  # the project's, as none was sent
    assert body["counterparty"]["ror_id"] == "01vy4gh70"
    assert (Decimal(body["income"]), body["currency"]) == (Decimal("1200000.50"), "CNY")
    assert Decimal(body["income_hkd"]) == Decimal("1310000")
    stored = KnowledgeTransferOutput.objects.get(pk=body["id"])
    assert stored.search_text == kt_output_search_text(stored)
    assert AuditEntry.objects.filter(object_pk=str(body["id"]), action="create").exists()


def test_an_output_is_read_by_id() -> None:
    headers = headers_for("viewer")
    partner = directory.organisation("Sun Yat-sen University", city_code="GZ")
    record = kt_output(partner, title_en="Catalyst licence")
    response = call("get", f"/api/kt-outputs/{record.pk}", headers)
    assert response.status_code == 200
    body = response.json()
    assert body["title_en"] == "Catalyst licence"
    assert body["reference"] == record.reference
    assert body["kind"] == "licence"
    assert record.project is not None
    assert body["project"]["reference"] == record.project.reference
    assert body["unit"]["id"] == record.unit_id
    assert body["counterparty"] == {
        "id": partner.pk,
        "name_en": "Sun Yat-sen University",
        "name_zh_hant": partner.name_zh_hant,
        "name_zh_hans": partner.name_zh_hans,
        "ror_id": None,
    }
    assert body["occurred_on"] == "2019-03-01"
    assert body["edit_token"] == record.updated_at.isoformat()
    assert call("get", f"/api/kt-outputs/{record.pk + 1000}", headers).status_code == 404


def test_a_change_touches_only_the_fields_sent() -> None:
    headers = headers_for("partnership_officer")
    record = kt_output(title_en="Sensor licence")
    other = factories.project()
    url = f"/api/kt-outputs/{record.pk}"
    before = call("get", url, headers).json()
    changed = call(
        "patch",
        url,
        headers,
        {
            "edit_token": before["edit_token"],
            "title_en": "Sensor licence, renewed",
            "project": other.reference,
        },
    )
    assert changed.status_code == 200, changed.content
    after = changed.json()
    assert after["title_en"] == "Sensor licence, renewed"
    assert after["project"]["id"] == other.pk
    for untouched in ("reference", "kind", "occurred_on", "unit", "counterparty", "income"):
        assert after[untouched] == before[untouched], untouched
    assert after["edit_token"] != before["edit_token"]
    assert "renewed" in KnowledgeTransferOutput.objects.get(pk=record.pk).search_text
    # Links sent empty are cleared.
    cleared = call(
        "patch",
        url,
        headers,
        {"edit_token": after["edit_token"], "project": None, "counterparty": None},
    )
    assert cleared.status_code == 200, cleared.content
    assert (cleared.json()["project"], cleared.json()["counterparty"]) == (None, None)
    assert cleared.json()["unit"] == before["unit"]


def test_an_edit_that_empties_the_unit_gets_the_projects_as_the_form_does() -> None:
    headers = headers_for("partnership_officer")
    record = kt_output(title_en="Battery licence")
    project_unit = record.unit_id
    record.unit = directory.unit("Department of Physics")
    record.save()
    url = f"/api/kt-outputs/{record.pk}"
    token = call("get", url, headers).json()["edit_token"]
    emptied = call("patch", url, headers, {"edit_token": token, "unit": None})
    assert emptied.status_code == 200, emptied.content
    assert emptied.json()["unit"]["id"] == project_unit
    # Without a project there is nothing to take it from, so the unit stays empty.
    token = emptied.json()["edit_token"]
    alone = call("patch", url, headers, {"edit_token": token, "unit": None, "project": None})
    assert alone.status_code == 200, alone.content
    assert alone.json()["unit"] is None


def test_income_in_another_currency_carries_its_hkd_value() -> None:
    headers = headers_for("partnership_officer")
    record = kt_output(title_en="Catalyst licence")  # HKD 250,000
    url = f"/api/kt-outputs/{record.pk}"
    token = call("get", url, headers).json()["edit_token"]
    assert_field_error(
        call("patch", url, headers, {"edit_token": token, "currency": "CNY"}),
        "income_hkd",
        "Give the income in Hong Kong dollars too",
    )
    in_yuan = call(
        "patch", url, headers, {"edit_token": token, "currency": "CNY", "income_hkd": "271000"}
    )
    assert in_yuan.status_code == 200, in_yuan.content
    assert Decimal(in_yuan.json()["income_hkd"]) == Decimal("271000")
    # A new sum without its new HKD value is refused; the stored value was worth the old one.
    token = in_yuan.json()["edit_token"]
    assert_field_error(
        call("patch", url, headers, {"edit_token": token, "income": "300000"}),
        "income_hkd",
        "Give the income in Hong Kong dollars too",
    )
    retitled = call("patch", url, headers, {"edit_token": token, "title_en": "Catalyst licences"})
    assert Decimal(retitled.json()["income_hkd"]) == Decimal("271000")  # the sum is as it was
    token = retitled.json()["edit_token"]
    back = call("patch", url, headers, {"edit_token": token, "currency": "HKD"})
    assert Decimal(back.json()["income_hkd"]) == Decimal("250000")  # HKD is its own value


def test_a_stale_edit_token_is_refused_and_changes_nothing() -> None:
    headers = headers_for("partnership_officer")
    record = kt_output(title_en="Flood model licence")
    url = f"/api/kt-outputs/{record.pk}"
    token = call("get", url, headers).json()["edit_token"]
    assert call("patch", url, headers, {"edit_token": token, "title_en": "A"}).status_code == 200
    refused = call("patch", url, headers, {"edit_token": token, "title_en": "B", "income": "1"})
    assert refused.status_code == 409
    assert refused.json()["changes"][0]["after"] == "A"
    stored = KnowledgeTransferOutput.objects.get(pk=record.pk)
    assert (stored.title_en, stored.income) == ("A", Decimal("250000.00"))


BAD_INPUT = [
    (
        {"project": "GRF-999"},
        "project",
        "There is no research project with the reference “GRF-999”.",
    ),
    ({"unit": 999999}, "unit", "There is no unit 999999."),
    ({"unit": "foreign"}, "unit", "is not one you can choose"),
    ({"counterparty": 999999}, "counterparty", "There is no organisation 999999."),
    ({"kind": "telepathy"}, "kind", "is not a valid choice"),
    ({"income": "-5"}, "income", "Enter a value from 0 up."),
    ({"income": "1.234"}, "income", "at most 2 decimal places"),
]


def _bad_payload(sent: dict[str, Any]) -> dict[str, Any]:
    """A stand-in for a unit that exists but is outside the university."""
    payload = dict(sent)
    if payload.get("unit") == "foreign":
        payload["unit"] = foreign_unit()
    return payload


@pytest.mark.parametrize(("sent", "field", "message"), BAD_INPUT)
def test_bad_input_on_creation_is_named_and_writes_nothing(
    sent: dict[str, Any], field: str, message: str
) -> None:
    headers = headers_for("partnership_officer")
    payload = {
        "reference": "KT-2019-9",
        "kind": "licence",
        "title_en": "Data licence",
        "occurred_on": "2019-09-01",
        **_bad_payload(sent),
    }
    assert_creation_refused("/api/kt-outputs", headers, payload, field, message)
    assert not KnowledgeTransferOutput.objects.exists()


@pytest.mark.parametrize(("sent", "field", "message"), BAD_INPUT)
def test_bad_input_on_a_change_is_named_and_changes_nothing(
    sent: dict[str, Any], field: str, message: str
) -> None:
    headers = headers_for("partnership_officer")
    record = kt_output(title_en="Typhoon sensor licence")
    assert_change_refused(
        f"/api/kt-outputs/{record.pk}", headers, _bad_payload(sent), field, message
    )


def test_a_repeated_reference_is_refused() -> None:
    headers = headers_for("partnership_officer")
    record = kt_output()
    payload = {"reference": record.reference, "kind": "cpd", "title_en": "Course"}
    response = call("post", "/api/kt-outputs", headers, {**payload, "occurred_on": "2019-09-01"})
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["field"] == "reference"
    assert KnowledgeTransferOutput.objects.count() == 1


def test_errors_are_in_the_readers_language() -> None:
    headers = headers_for("partnership_officer")
    response = post_in(
        "zh-hant",
        "/api/kt-outputs",
        headers,
        {"reference": "X-1", "kind": "cpd", "occurred_on": "2019-09-01", "counterparty": 999},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "counterparty", "message": "沒有編號 999 的機構。"}
    ]


def test_an_output_is_deleted() -> None:
    headers = headers_for("administrator")
    partner = directory.organisation()
    record = kt_output(partner)
    url = f"/api/kt-outputs/{record.pk}"
    assert call("delete", url, headers).status_code == 204
    assert not KnowledgeTransferOutput.objects.filter(pk=record.pk).exists()
    assert Organisation.objects.filter(pk=partner.pk).exists()
    assert AuditEntry.objects.filter(object_pk=str(record.pk), action="delete").exists()
    assert call("delete", url, headers).status_code == 404


def test_lists_filter_search_and_take_constant_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    headers = headers_for("viewer")
    partner = directory.organisation("Shenzhen University", city_code="SZ")
    sensor = kt_output(partner, title_en="Port sensor patent", kind="patent_filed")
    sensor.title_zh_hant = "港口傳感器專利"
    sensor.search_text = kt_output_search_text(sensor)
    sensor.save()
    kt_output(title_en="Estuary course", kind="cpd", occurred_on=date(2023, 10, 1))

    def eight_more() -> None:
        for number in range(8):
            kt_output(partner, title_en=f"Licence {number}")

    first, page = list_before_and_after(
        "/api/kt-outputs", headers, eight_more, django_assert_max_num_queries
    )
    assert len(first["items"]) == 2
    assert page["count"] == len(page["items"]) == 10
    assert all(item["project"] and item["unit"] and item["counterparty"] for item in page["items"])

    def references(query: str) -> list[str]:
        return listed_references("/api/kt-outputs", headers, query)

    assert references("q=传感器") == [sensor.reference]
    assert references("q=port sensor") == [sensor.reference]
    assert len(references("kind=licence")) == 8
    assert len(references(f"counterparty={partner.pk}")) == 9
    assert references(f"unit={sensor.unit_id}") == [sensor.reference]
    assert sensor.project is not None
    assert references(f"project={sensor.project.reference}") == [sensor.reference]
    assert len(references("academic_year=2018/19")) == 9
    assert len(references("academic_year=2023/24")) == 1
    assert (
        references("sort=reference&limit=2&page=2")
        == sorted(item["reference"] for item in page["items"])[2:4]
    )
    bad = call("get", "/api/kt-outputs?kind=telepathy", headers)
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "kind"
