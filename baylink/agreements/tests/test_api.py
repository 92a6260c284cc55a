"""The agreements API: every role × every action, unit scope, conflicts, lifecycle, lists."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pytest_django import DjangoAssertNumQueries, Settings

from baylink.accounts.models import Role
from baylink.accounts.services import api_token_create, api_token_revoke
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.agreements.models import Agreement, Document, MobilitySpec, Party, StatusChange
from baylink.agreements.tests import factories
from baylink.core.editing import edit_token
from baylink.directory.models import Organisation, Unit
from baylink.directory.tests import factories as directory

pytestmark = pytest.mark.django_db

ACTIONS = ["list", "retrieve", "create", "update", "delete", "status"]
ALLOWED = {"list": 200, "retrieve": 200, "create": 201, "update": 200, "delete": 204, "status": 200}
UNAUTHENTICATED = dict.fromkeys(ACTIONS, 401)
EXPECTED: dict[str, dict[str, int]] = {
    "administrator": ALLOWED,
    "partnership_officer": ALLOWED,
    # Coordinators have no delete permission at all; the role check comes before the record.
    "coordinator_own": {**ALLOWED, "delete": 403},
    "coordinator_other": {
        "list": 200,
        "retrieve": 404,
        "create": 400,
        "update": 404,
        "delete": 403,
        "status": 404,
    },
    "viewer": {**dict.fromkeys(ACTIONS, 403), "list": 200, "retrieve": 200},
    "anonymous": UNAUTHENTICATED,
    "bad_token": UNAUTHENTICATED,
    "revoked_token": UNAUTHENTICATED,
    "expired_token": UNAUTHENTICATED,
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    # A request in Chinese leaves its language active for whatever runs next in this thread.
    translation.activate(settings.LANGUAGE_CODE)


@dataclass
class World:
    own_unit: Unit
    other_unit: Unit
    own: Agreement
    other: Agreement
    partner: Organisation


@pytest.fixture
def world() -> World:
    own_unit = directory.unit("Department of Computing", code="COMP")
    other_unit = directory.unit("School of Design", code="SD")
    own = factories.agreement(ends_on=date(2030, 6, 30), title_en="Computing exchange")
    other = factories.agreement(ends_on=date(2030, 6, 30), title_en="Design exchange")
    Agreement.objects.filter(pk=own.pk).update(owner_unit=own_unit)
    Agreement.objects.filter(pk=other.pk).update(owner_unit=other_unit)
    own.refresh_from_db()
    other.refresh_from_db()
    return World(own_unit, other_unit, own, other, directory.organisation("Shenzhen University"))


def caller(who: str, world: World) -> tuple[dict[str, str], Agreement, Unit]:
    """Request headers for the caller, the agreement they act on, the unit they create in."""
    roles = {
        "administrator": Role.ADMINISTRATOR,
        "partnership_officer": Role.PARTNERSHIP_OFFICER,
        "viewer": Role.VIEWER,
    }
    target, unit = world.own, world.own_unit
    if who == "anonymous":
        return {}, target, unit
    if who == "bad_token":
        return bearer("bl_" + "0" * 43), target, unit
    if who.startswith("coordinator"):
        user = staff_user(Role.UNIT_COORDINATOR, unit=world.own_unit)
        if who == "coordinator_other":
            target, unit = world.other, world.other_unit
    elif who in ("revoked_token", "expired_token"):
        user = staff_user(Role.PARTNERSHIP_OFFICER)
    else:
        user = staff_user(roles[who])
    token, secret = api_token_create(user=user, name="matrix")
    if who == "revoked_token":
        api_token_revoke(token=token, actor=user)
    if who == "expired_token":
        type(token).objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(1))
    return bearer(secret), target, unit


def perform(action: str, headers: dict[str, str], target: Agreement, unit: Unit) -> Any:
    client = Client()
    url = f"/api/agreements/{target.pk}"
    token = edit_token(target)
    if action == "list":
        return client.get("/api/agreements", headers=headers)
    if action == "retrieve":
        return client.get(url, headers=headers)
    if action == "create":
        payload = {
            "reference": "NEW-1",
            "kind": "mou",
            "title_en": "New memorandum",
            "owner_unit": unit.pk,
            "parties": [
                {"organisation": directory.home().pk, "role": "home"},
                {"organisation": "Shenzhen University"},
            ],
        }
        return client.post(
            "/api/agreements", payload, content_type="application/json", headers=headers
        )
    if action == "update":
        payload = {"edit_token": token, "title_en": "Changed title"}
        return client.patch(url, payload, content_type="application/json", headers=headers)
    if action == "delete":
        return client.delete(url, headers=headers)
    payload = {"to_status": "expiring", "edit_token": token, "note": "ends next June"}
    return client.post(f"{url}/status", payload, content_type="application/json", headers=headers)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", list(EXPECTED))
def test_permission_matrix(who: str, action: str, world: World) -> None:
    headers, target, unit = caller(who, world)
    before = Agreement.objects.get(pk=target.pk)
    response = perform(action, headers, target, unit)
    expected = EXPECTED[who][action]
    assert response.status_code == expected, response.content
    body = response.json() if response.content else {}
    if expected >= 400:
        assert body["detail"], "every refusal says why"
        # A refused call changes nothing.
        assert not Agreement.objects.filter(reference="NEW-1").exists()
        after = Agreement.objects.get(pk=target.pk)
        assert (after.title_en, after.status, after.version) == (
            before.title_en,
            before.status,
            before.version,
        )
        return
    if action == "list":
        references = {item["reference"] for item in body["items"]}
        if who.startswith("coordinator"):
            assert references == {world.own.reference}
            assert body["count"] == 1
        else:
            assert references == {world.own.reference, world.other.reference}
    elif action == "retrieve":
        assert body["reference"] == target.reference
    elif action == "create":
        created = Agreement.objects.get(reference="NEW-1")
        assert created.owner_unit == unit
        assert [p.organisation for p in created.parties.all()] == [
            directory.home(),
            world.partner,
        ]
        assert body["status"] == "draft"
    elif action == "update":
        assert Agreement.objects.get(pk=target.pk).title_en == "Changed title"
        assert body["version"] == before.version + 1
    elif action == "delete":
        assert not Agreement.objects.filter(pk=target.pk).exists()
    else:
        assert Agreement.objects.get(pk=target.pk).status == "expiring"
        assert StatusChange.objects.filter(agreement=target, to_status="expiring").exists()


def officer() -> tuple[User, dict[str, str]]:
    user = staff_user(Role.PARTNERSHIP_OFFICER)
    return user, bearer(api_token(user))


def test_a_stale_edit_token_is_refused_with_what_changed(world: World) -> None:
    _, first = officer()
    _, second = officer()
    client = Client()
    url = f"/api/agreements/{world.own.pk}"
    token = client.get(url, headers=first).json()["edit_token"]
    assert client.get(url, headers=second).json()["edit_token"] == token
    saved = client.patch(
        url,
        {"edit_token": token, "title_en": "First"},
        content_type="application/json",
        headers=first,
    )
    assert saved.status_code == 200
    assert saved.json()["edit_token"] != token
    refused = client.patch(
        url,
        {"edit_token": token, "ends_on": "2031-06-30"},
        content_type="application/json",
        headers=second,
    )
    assert refused.status_code == 409
    body = refused.json()
    assert "Read it again" in body["detail"]
    changed = {change["field"]: change for change in body["changes"]}
    assert changed["title_en"]["before"] == "Computing exchange"
    assert changed["title_en"]["after"] == "First"
    assert changed["title_en"]["by"].startswith("partnership_officer")
    agreement = Agreement.objects.get(pk=world.own.pk)
    assert agreement.ends_on == date(2030, 6, 30)
    assert agreement.title_en == "First"


def test_lifecycle_steps_offered_and_enforced(world: World) -> None:
    _, headers = officer()
    client = Client()
    url = f"/api/agreements/{world.own.pk}"
    read = client.get(url, headers=headers).json()
    assert read["status"] == "active"
    assert read["next_statuses"] == ["expiring", "expired", "renewed", "terminated"]
    refused = client.post(
        f"{url}/status",
        {"to_status": "draft", "edit_token": read["edit_token"]},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "status"
    ended = client.post(
        f"{url}/status",
        {"to_status": "terminated", "edit_token": read["edit_token"], "note": "partner closed"},
        content_type="application/json",
        headers=headers,
    )
    assert ended.status_code == 200
    assert ended.json()["status"] == "terminated"
    assert ended.json()["terminated_on"] is not None
    assert ended.json()["next_statuses"] == []
    # The status cannot be changed by editing the record.
    sneaky = client.patch(
        url,
        {"edit_token": ended.json()["edit_token"], "status": "active"},
        content_type="application/json",
        headers=headers,
    )
    assert sneaky.status_code == 400
    assert sneaky.json()["errors"][0]["field"] == "status"
    assert Agreement.objects.get(pk=world.own.pk).status == "terminated"


def test_bad_input_gets_field_messages_and_changes_nothing(world: World) -> None:
    _, headers = officer()
    client = Client()
    cases: list[tuple[dict[str, Any], str]] = [
        ({"reference": "X-1", "kind": "mou", "parties": []}, "parties"),
        (
            {
                "reference": "X-1",
                "kind": "mou",
                "parties": [{"organisation": "Nowhere University"}, {"organisation": 1}],
            },
            "parties",
        ),
        (
            {
                "reference": "X-1",
                "kind": "not-a-kind",
                "title_en": "t",
                "parties": [
                    {"organisation": directory.home().pk},
                    {"organisation": world.partner.pk},
                ],
            },
            "kind",
        ),
        (
            {
                "reference": world.own.reference,
                "kind": "mou",
                "title_en": "t",
                "parties": [
                    {"organisation": directory.home().pk},
                    {"organisation": world.partner.pk},
                ],
            },
            "reference",
        ),
        (
            {
                "reference": "X-1",
                "kind": "mou",
                "title_en": "t",
                "parties": [{"organisation": world.partner.pk}, {"organisation": world.partner.pk}],
            },
            "parties",
        ),
        ({"reference": "X\x00", "kind": "mou", "parties": []}, "reference"),
        ({"kind": "mou", "parties": []}, "reference"),
    ]
    for payload, field in cases:
        response = client.post(
            "/api/agreements", payload, content_type="application/json", headers=headers
        )
        assert response.status_code == 400, (payload, response.content)
        assert field in {error["field"] for error in response.json()["errors"]}, response.json()
    assert Agreement.objects.count() == 2
    zh = client.post(
        "/api/agreements",
        {"reference": "X-1", "kind": "mou", "parties": []},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
        headers=headers,
    )
    assert zh.json()["errors"][0]["message"] != "An agreement needs at least two parties."


def test_a_coordinator_must_keep_agreements_in_their_units(world: World) -> None:
    coordinator = staff_user(Role.UNIT_COORDINATOR, unit=world.own_unit)
    headers = bearer(api_token(coordinator))
    client = Client()
    moved = client.patch(
        f"/api/agreements/{world.own.pk}",
        {"edit_token": edit_token(world.own), "owner_unit": world.other_unit.pk},
        content_type="application/json",
        headers=headers,
    )
    assert moved.status_code == 400
    assert moved.json()["errors"][0]["field"] == "owner_unit"
    unowned = client.post(
        "/api/agreements",
        {
            "reference": "C-1",
            "kind": "mou",
            "title_en": "t",
            "parties": [{"organisation": directory.home().pk}, {"organisation": world.partner.pk}],
        },
        content_type="application/json",
        headers=headers,
    )
    assert unowned.status_code == 400
    assert Agreement.objects.get(pk=world.own.pk).owner_unit == world.own_unit


def test_parties_exchange_terms_and_documents_are_part_of_an_agreement(world: World) -> None:
    user, headers = officer()
    client = Client()
    url = f"/api/agreements/{world.own.pk}"
    home_party, partner_party = list(world.own.parties.all())
    Document.objects.create(
        agreement=world.own,
        kind=Document.Kind.SIGNED,
        title="Signed copy",
        file="agreements/1/abc",
        original_name="mou.pdf",
        media_type="application/pdf",
        size=1234,
        sha256="a" * 64,
        uploaded_by=user,
    )
    terms = {
        "sending_party": home_party.pk,
        "receiving_party": partner_party.pk,
        "first_academic_year": 2025,
        "last_academic_year": 2027,
        "mobilities_per_year": 4,
        "months_per_mobility": "5.0",
        "study_level": "bachelor",
        "isced_f": "0613",
        "language": "en",
        "cefr_level": "B2",
    }
    created = client.post(
        f"{url}/exchange-terms", terms, content_type="application/json", headers=headers
    )
    assert created.status_code == 201, created.content
    assert created.json()["academic_years"] == "2025/26 – 2027/28"
    spec_id = created.json()["id"]
    body = client.get(url, headers=headers).json()
    assert [party["organisation"]["id"] for party in body["parties"]] == [
        home_party.organisation_id,
        partner_party.organisation_id,
    ]
    assert body["exchange_terms"][0]["months_per_mobility"] == 5.0
    document = body["documents"][0]
    assert document["sha256"] == "a" * 64
    assert document["original_name"] == "mou.pdf"
    assert "file" not in document

    stranger = Party.objects.create(
        agreement=world.other, organisation=directory.organisation("Elsewhere")
    )
    wrong = client.patch(
        f"{url}/exchange-terms/{spec_id}",
        {"receiving_party": stranger.pk},
        content_type="application/json",
        headers=headers,
    )
    assert wrong.status_code == 400
    same = client.patch(
        f"{url}/exchange-terms/{spec_id}",
        {"receiving_party": home_party.pk},
        content_type="application/json",
        headers=headers,
    )
    assert same.status_code == 400  # a direction needs two different parties
    changed = client.patch(
        f"{url}/exchange-terms/{spec_id}",
        {"mobilities_per_year": 6},
        content_type="application/json",
        headers=headers,
    )
    assert changed.status_code == 200
    assert MobilitySpec.objects.get(pk=spec_id).mobilities_per_year == 6
    assert MobilitySpec.objects.get(pk=spec_id).months_per_mobility == Decimal("5.0")
    # A party with exchange terms cannot be dropped from the agreement.
    dropped = client.patch(
        url,
        {
            "edit_token": body["edit_token"],
            "parties": [
                {"organisation": home_party.organisation_id, "role": "home"},
                {"organisation": world.partner.pk},
            ],
        },
        content_type="application/json",
        headers=headers,
    )
    assert dropped.status_code == 400
    assert client.delete(f"{url}/exchange-terms/{spec_id}", headers=headers).status_code == 204
    assert client.delete(f"{url}/exchange-terms/{spec_id}", headers=headers).status_code == 404


def test_lists_filter_sort_and_paginate_like_the_staff_list(world: World) -> None:
    _, headers = officer()
    client = Client()
    for number in range(5):
        factories.agreement(title_en=f"Joint laboratory {number}", kind=Agreement.Kind.JOINT_LAB)
    page = client.get("/api/agreements?kind=joint_lab&limit=2&sort=title", headers=headers).json()
    assert page["count"] == 5
    assert [item["title_en"] for item in page["items"]] == [
        "Joint laboratory 0",
        "Joint laboratory 1",
    ]
    third = client.get("/api/agreements?kind=joint_lab&limit=2&page=3&sort=title", headers=headers)
    assert [item["title_en"] for item in third.json()["items"]] == ["Joint laboratory 4"]
    assert third.json()["offset"] == 4
    found = client.get("/api/agreements?q=computing", headers=headers).json()
    assert [item["id"] for item in found["items"]] == [world.own.pk]
    by_unit = client.get(
        f"/api/agreements?owner_unit={world.other_unit.pk}", headers=headers
    ).json()
    assert [item["id"] for item in by_unit["items"]] == [world.other.pk]
    for query, field in [
        ("kind=nonsense", "kind"),
        ("sort=nonsense", "sort"),
        ("limit=1000", "limit"),
        ("owner_unit=abc", "owner_unit"),
        ("ends_before=31-12-2020", "ends_before"),
        ("owner_unit=99999999999999999999999", "owner_unit"),
    ]:
        response = client.get(f"/api/agreements?{query}", headers=headers)
        assert response.status_code == 400, query
        assert field in {error["field"] for error in response.json()["errors"]}, query


def test_missing_ids_are_404_whatever_their_size(world: World) -> None:
    _, headers = officer()
    client = Client()
    assert client.get("/api/agreements/999999", headers=headers).status_code == 404
    assert client.get(f"/api/agreements/{2**70}", headers=headers).status_code in (400, 404)
    assert client.get("/api/agreements/0", headers=headers).status_code in (400, 404)


def _rich_agreement(user: User) -> Agreement:
    agreement = factories.agreement(directory.organisation(), directory.organisation())
    parties = list(agreement.parties.all())
    MobilitySpec.objects.create(
        agreement=agreement,
        sending_party=parties[0],
        receiving_party=parties[1],
        first_academic_year=2025,
        last_academic_year=2026,
        mobilities_per_year=2,
        months_per_mobility=Decimal("4.5"),
    )
    Document.objects.create(
        agreement=agreement,
        kind=Document.Kind.SIGNED,
        title="Signed",
        file="x",
        original_name="x.pdf",
        media_type="application/pdf",
        size=1,
        sha256="b" * 64,
        uploaded_by=user,
    )
    agreement.initiatives.add(*[])
    return agreement


def test_a_list_takes_the_same_number_of_queries_for_any_number_of_rows(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    user, headers = officer()
    client = Client()
    _rich_agreement(user)
    client.get("/api/agreements", headers=headers)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/agreements?limit=100", headers=headers).status_code == 200
    for _ in range(25):
        _rich_agreement(user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/agreements?limit=100", headers=headers)
    assert len(response.json()["items"]) == 28
