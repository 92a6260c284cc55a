"""The research projects API: roles, writes with partners and themes, conflicts, lists."""

from decimal import Decimal
from typing import Any

import pytest
from pytest_django import DjangoAssertNumQueries

from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation, Person, Unit
from baylink.directory.tests import factories as directory
from baylink.initiatives.tests import factories as initiatives
from baylink.research.models import FundingScheme, Project, ProjectPartner
from baylink.research.services import project_search_text
from baylink.research.tests import factories
from baylink.research.tests.helpers import (
    CALLERS,
    WRITERS,
    assert_change_refused,
    assert_creation_refused,
    assert_reads_and_writes_as_the_role_allows,
    call,
    foreign_unit,
    headers_for,
    list_before_and_after,
    listed_references,
    post_in,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


def scheme(slug: str = "rgc-grf", name_en: str = "General Research Fund") -> FundingScheme:
    found, _ = FundingScheme.objects.get_or_create(slug=slug, defaults={"name_en": name_en})
    return found


def investigator(unit: Unit) -> Person:
    person = directory.person("Wong Siu-ming")
    person.unit = unit
    person.save()
    return person


def partner_roles(project: Project | int) -> dict[int, str]:
    return dict(
        ProjectPartner.objects.filter(project=project).values_list("organisation_id", "role")
    )


def funded_project(*partners: Organisation, title_en: str = "") -> Project:
    """A project with every relation filled, as the list shows them."""
    record = factories.project(*partners, title_en=title_en)
    record.principal_investigator = directory.person()
    record.unit = directory.unit(f"Unit of {record.reference}")
    record.scheme = scheme()
    record.initiative = initiatives.initiative()
    record.amount = Decimal("1000000.00")
    record.search_text = project_search_text(record)
    record.save()
    record.themes.add(initiatives.theme(), initiatives.theme("smart-city", "Smart City"))
    return record


@pytest.mark.parametrize("who", CALLERS)
def test_project_permissions(who: str) -> None:
    headers = headers_for(who)
    record = factories.project(title_en="Smart Port Logistics")
    assert_reads_and_writes_as_the_role_allows(
        who,
        headers,
        collection="/api/projects",
        record_url=f"/api/projects/{record.pk}",
        created={"reference": "ITF-2019-1", "title_en": "GBA Robotics", "starts_on": "2019-09-01"},
        changed={"title_en": "Smart Ports"},
    )
    assert Project.objects.filter(reference="ITF-2019-1").exists() == (who in WRITERS)
    assert Project.objects.filter(pk=record.pk).exists() == (who not in WRITERS)


def test_a_project_is_created_with_partners_themes_and_funding() -> None:
    headers = headers_for("partnership_officer")
    computing = directory.unit("Department of Computing")
    person = investigator(computing)
    initiatives.theme("ai-robotics", "AI and Robotics")
    initiatives.theme("smart-city", "Smart City")
    lab = initiatives.initiative(name_en="Joint Research Centre for Future Cities")
    scheme("itf", "Innovation and Technology Fund")
    szu = directory.organisation("Shenzhen University", city_code="SZ", ror_id="01vy4gh70")
    company = directory.organisation("Peng Cheng Robotics", city_code="SZ", types=("company",))
    created = call(
        "post",
        "/api/projects",
        headers,
        {
            "reference": " ITF-2019-7 ",
            "title_zh_hant": "智慧港口物流",
            "principal_investigator": person.pk,
            "scheme": "itf",
            "initiative": lab.slug,
            "themes": ["smart-city", "ai-robotics"],
            "partners": [
                {"organisation": szu.pk, "role": "co_funder"},
                {"organisation": company.pk, "role": "industry"},
            ],
            "starts_on": "2019-09-01",
            "ends_on": "2021-08-31",
            "amount": "1500000.50",
            "currency": "CNY",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["reference"] == "ITF-2019-7"
    assert body["title_zh_hans"] == "智慧港口物流"
    assert body["title_zh_hans_machine"] is True
    assert body["principal_investigator"]["id"] == person.pk
    assert body["unit"]["id"] == computing.pk  # the investigator's, as none was sent
    assert body["scheme"]["slug"] == "itf"
    assert body["initiative"]["slug"] == lab.slug
    assert sorted(theme["slug"] for theme in body["themes"]) == ["ai-robotics", "smart-city"]
    assert [(p["organisation"]["id"], p["role"]) for p in body["partners"]] == [
        (szu.pk, "co_funder"),
        (company.pk, "industry"),
    ]
    assert body["partners"][0]["organisation"]["ror_id"] == "01vy4gh70"
    assert Decimal(body["amount"]) == Decimal("1500000.50")
    assert body["currency"] == "CNY"
    assert partner_roles(body["id"]) == {szu.pk: "co_funder", company.pk: "industry"}
    assert AuditEntry.objects.filter(object_pk=str(body["id"]), action="create").exists()


def test_a_project_is_read_by_id() -> None:
    headers = headers_for("viewer")
    partner = directory.organisation("Sun Yat-sen University", city_code="GZ")
    record = funded_project(partner, title_en="Pearl River Estuary Sediments")
    response = call("get", f"/api/projects/{record.pk}", headers)
    assert response.status_code == 200
    body = response.json()
    assert body["title_en"] == "Pearl River Estuary Sediments"
    assert body["reference"] == record.reference
    assert body["scheme"]["name_en"] == "General Research Fund"
    assert body["initiative"]["id"] == record.initiative_id
    assert body["principal_investigator"]["name_en"] == "Chan Tai-man"
    assert body["partners"] == [
        {
            "organisation": {
                "id": partner.pk,
                "name_en": "Sun Yat-sen University",
                "name_zh_hant": partner.name_zh_hant,
                "name_zh_hans": partner.name_zh_hans,
                "ror_id": None,
            },
            "role": "collaborator",
        }
    ]
    assert body["starts_on"] == "2018-09-01"
    assert body["edit_token"] == record.updated_at.isoformat()
    assert call("get", f"/api/projects/{record.pk + 1000}", headers).status_code == 404


def test_an_edit_that_empties_the_unit_gets_the_investigators_as_the_form_does() -> None:
    headers = headers_for("partnership_officer")
    computing = directory.unit("Department of Computing")
    record = funded_project(title_en="Harbour Sensing")
    url = f"/api/projects/{record.pk}"
    token = call("get", url, headers).json()["edit_token"]
    changed = call(
        "patch",
        url,
        headers,
        {"edit_token": token, "principal_investigator": investigator(computing).pk, "unit": None},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["unit"]["id"] == computing.pk
    audit = AuditEntry.objects.filter(object_pk=str(record.pk), action="update").latest("pk")
    assert audit.changes["unit"][1] == computing.pk  # one logged edit holds both changes


def test_a_change_touches_only_the_fields_sent_and_replaces_partners() -> None:
    headers = headers_for("partnership_officer")
    kept, dropped, added = (directory.organisation() for _ in range(3))
    record = funded_project(kept, dropped, title_en="Marine Robotics")
    url = f"/api/projects/{record.pk}"
    before = call("get", url, headers).json()
    changed = call(
        "patch",
        url,
        headers,
        {
            "edit_token": before["edit_token"],
            "title_en": "Marine Robotics for the Pearl River Delta",
            "partners": [
                {"organisation": kept.pk, "role": "industry"},
                {"organisation": added.pk},
            ],
        },
    )
    assert changed.status_code == 200, changed.content
    after = changed.json()
    assert after["title_en"] == "Marine Robotics for the Pearl River Delta"
    assert partner_roles(record) == {kept.pk: "industry", added.pk: "collaborator"}
    for untouched in (
        "reference",
        "principal_investigator",
        "unit",
        "scheme",
        "initiative",
        "themes",
        "starts_on",
        "ends_on",
        "amount",
        "currency",
    ):
        assert after[untouched] == before[untouched], untouched
    assert after["edit_token"] != before["edit_token"]
    # Without partners in the change, they stay; themes and scheme sent empty are cleared.
    cleared = call(
        "patch", url, headers, {"edit_token": after["edit_token"], "themes": [], "scheme": None}
    )
    assert cleared.status_code == 200, cleared.content
    assert cleared.json()["themes"] == []
    assert cleared.json()["scheme"] is None
    assert partner_roles(record) == {kept.pk: "industry", added.pk: "collaborator"}


def test_a_stale_edit_token_is_refused_and_changes_nothing() -> None:
    headers = headers_for("partnership_officer")
    first, second = directory.organisation(), directory.organisation()
    record = funded_project(first, title_en="Coastal Flood Forecasting")
    url = f"/api/projects/{record.pk}"
    token = call("get", url, headers).json()["edit_token"]
    assert call("patch", url, headers, {"edit_token": token, "title_en": "A"}).status_code == 200
    refused = call(
        "patch",
        url,
        headers,
        {"edit_token": token, "title_en": "B", "partners": [{"organisation": second.pk}]},
    )
    assert refused.status_code == 409
    assert refused.json()["changes"][0]["after"] == "A"
    assert Project.objects.get(pk=record.pk).title_en == "A"
    assert partner_roles(record) == {first.pk: "collaborator"}


BAD_INPUT = [
    ({"principal_investigator": 999999}, "principal_investigator", "There is no person 999999."),
    ({"unit": 999999}, "unit", "There is no unit 999999."),
    ({"unit": "foreign"}, "unit", "is not one you can choose"),
    ({"scheme": "castles"}, "scheme", "There is no funding scheme with the slug “castles”."),
    ({"initiative": "castles"}, "initiative", "There is no initiative with the slug “castles”."),
    ({"themes": ["smart-city", "castles"]}, "themes", "There is no theme castles."),
    ({"partners": [{"organisation": 999999}]}, "partners", "There is no organisation 999999."),
    ({"partners": [{"organisation": "known", "role": "landlord"}]}, "partners", "landlord"),
    (
        {"partners": [{"organisation": "known"}, {"organisation": "known", "role": "industry"}]},
        "partners",
        "The same organisation appears twice.",
    ),
    # The model's check constraint names the whole record, with Django's own message.
    ({"ends_on": "2001-01-01"}, "__all__", ""),
    ({"amount": "1.234"}, "amount", "at most 2 decimal places"),
]


def _bad_payload(sent: dict[str, Any]) -> dict[str, Any]:
    """Stand-ins for records that exist: a unit outside the university, a real organisation."""
    payload = dict(sent)
    if payload.get("unit") == "foreign":
        payload["unit"] = foreign_unit()
    known = directory.organisation().pk
    if "partners" in payload:
        payload["partners"] = [
            {**partner, "organisation": known if partner["organisation"] == "known" else 999999}
            for partner in payload["partners"]
        ]
    return payload


@pytest.mark.parametrize(("sent", "field", "message"), BAD_INPUT)
def test_bad_input_on_creation_is_named_and_writes_nothing(
    sent: dict[str, Any], field: str, message: str
) -> None:
    headers = headers_for("partnership_officer")
    initiatives.theme("smart-city", "Smart City")
    payload = {
        "reference": "ITF-2019-9",
        "title_en": "Cross-boundary Data Flows",
        "starts_on": "2019-09-01",
        **_bad_payload(sent),
    }
    assert_creation_refused("/api/projects", headers, payload, field, message)
    assert not Project.objects.exists()
    assert not ProjectPartner.objects.exists()


@pytest.mark.parametrize(("sent", "field", "message"), BAD_INPUT)
def test_bad_input_on_a_change_is_named_and_changes_nothing(
    sent: dict[str, Any], field: str, message: str
) -> None:
    headers = headers_for("partnership_officer")
    partner = directory.organisation()
    record = funded_project(partner, title_en="Typhoon Resilient Structures")
    url = f"/api/projects/{record.pk}"
    assert_change_refused(url, headers, _bad_payload(sent), field, message)
    assert partner_roles(record) == {partner.pk: "collaborator"}


def test_errors_are_in_the_readers_language() -> None:
    headers = headers_for("partnership_officer")
    response = post_in(
        "zh-hant",
        "/api/projects",
        headers,
        {"reference": "X-1", "starts_on": "2019-09-01", "partners": [{"organisation": 999}]},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [{"field": "partners", "message": "沒有編號 999 的機構。"}]


def test_a_project_is_deleted_with_its_partners() -> None:
    headers = headers_for("administrator")
    partner = directory.organisation()
    record = funded_project(partner)
    url = f"/api/projects/{record.pk}"
    assert call("delete", url, headers).status_code == 204
    assert not Project.objects.filter(pk=record.pk).exists()
    assert not ProjectPartner.objects.filter(organisation=partner).exists()
    assert Organisation.objects.filter(pk=partner.pk).exists()
    assert call("delete", url, headers).status_code == 404


def test_lists_filter_search_and_take_constant_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    headers = headers_for("viewer")
    partner = directory.organisation("Shenzhen University", city_code="SZ")
    robotics = funded_project(partner, title_en="Warehouse Robotics")
    robotics.title_zh_hant = "倉庫機械人"
    robotics.search_text = project_search_text(robotics)
    robotics.save()
    funded_project(directory.organisation(), title_en="Estuary Sediments")

    def eight_more() -> None:
        for number in range(8):
            funded_project(directory.organisation(), partner, title_en=f"Project {number}")

    first, page = list_before_and_after(
        "/api/projects", headers, eight_more, django_assert_max_num_queries
    )
    assert len(first["items"]) == 2
    assert page["count"] == len(page["items"]) == 10
    assert all(item["partners"] and item["themes"] for item in page["items"])

    def references(query: str) -> list[str]:
        return listed_references("/api/projects", headers, query)

    assert references("q=仓库") == [robotics.reference]
    assert references("q=warehouse") == [robotics.reference]
    assert len(references(f"partner={partner.pk}")) == 9
    assert references(f"unit={robotics.unit_id}") == [robotics.reference]
    lab = robotics.initiative
    assert lab is not None
    assert references(f"initiative={lab.slug}") == [robotics.reference]
    assert len(references("scheme=rgc-grf&theme=smart-city&academic_year=2019/20")) == 10
    assert references("academic_year=2023/24") == []
    assert (
        references("sort=reference&limit=2&page=2")
        == sorted(item["reference"] for item in page["items"])[2:4]
    )
    bad = call("get", "/api/projects?scheme=castles", headers)
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "scheme"
