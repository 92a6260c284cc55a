"""The initiatives API: roles, writes with themes, conflicts, lists in constant queries."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries, Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.directory.tests import factories as directory
from baylink.initiatives.models import Initiative
from baylink.initiatives.tests import factories

pytestmark = pytest.mark.django_db

ROLES = {
    "administrator": Role.ADMINISTRATOR,
    "partnership_officer": Role.PARTNERSHIP_OFFICER,
    "unit_coordinator": Role.UNIT_COORDINATOR,
    "viewer": Role.VIEWER,
}
WRITERS = {"administrator", "partnership_officer"}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def headers_for(who: str) -> dict[str, str]:
    if who == "anonymous":
        return {}
    unit = directory.unit("Department of Computing") if who == "unit_coordinator" else None
    return bearer(api_token(staff_user(ROLES[who], unit=unit)))


def call(method: str, url: str, headers: dict[str, str], payload: Any = None) -> Any:
    client = Client()
    if payload is None:
        return getattr(client, method)(url, headers=headers)
    return getattr(client, method)(url, payload, content_type="application/json", headers=headers)


@pytest.mark.parametrize("who", [*ROLES, "anonymous", "bad_token"])
def test_initiative_permissions(who: str) -> None:
    headers = bearer("bl_wrong") if who == "bad_token" else headers_for(who)
    record = factories.initiative(name_en="Joint Research Centre for Future Cities")
    url = f"/api/initiatives/{record.pk}"
    token = call("get", url, headers_for("viewer")).json()["edit_token"]
    signed_out = who in ("anonymous", "bad_token")
    reading, writing = (401, 401) if signed_out else (200, 403)
    assert call("get", "/api/initiatives", headers).status_code == reading
    assert call("get", url, headers).status_code == reading
    created = call(
        "post",
        "/api/initiatives",
        headers,
        {"slug": "gba-robotics", "kind": "joint_lab", "name_en": "GBA Robotics Laboratory"},
    )
    assert created.status_code == (201 if who in WRITERS else writing)
    changed = call("patch", url, headers, {"edit_token": token, "acronym": "FCRC"})
    assert changed.status_code == (200 if who in WRITERS else writing)
    assert call("delete", url, headers).status_code == (204 if who in WRITERS else writing)
    assert Initiative.objects.filter(slug="gba-robotics").exists() == (who in WRITERS)
    assert Initiative.objects.filter(pk=record.pk).exists() == (who not in WRITERS)


def test_an_initiative_is_written_with_city_themes_and_converted_names() -> None:
    headers = headers_for("partnership_officer")
    factories.theme("ai-robotics", "AI and Robotics")
    created = call(
        "post",
        "/api/initiatives",
        headers,
        {
            "slug": "futian-lab",
            "kind": "research_institute",
            "name_zh_hant": "深港科技創新研究院",
            "city": "SZ",
            "themes": ["ai-robotics"],
            "starts_on": "2019-05-01",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name_zh_hans"] == "深港科技创新研究院"
    assert body["city"]["code"] == "SZ"
    assert [theme["slug"] for theme in body["themes"]] == ["ai-robotics"]
    wrong = call(
        "patch",
        f"/api/initiatives/{body['id']}",
        headers,
        {"edit_token": body["edit_token"], "ends_on": "2001-01-01"},
    )
    assert wrong.status_code == 400
    bad_theme = call(
        "patch",
        f"/api/initiatives/{body['id']}",
        headers,
        {"edit_token": body["edit_token"], "themes": ["castles"]},
    )
    assert bad_theme.json()["errors"][0]["field"] == "themes"
    cleared = call(
        "patch",
        f"/api/initiatives/{body['id']}",
        headers,
        {"edit_token": body["edit_token"], "themes": [], "city": None},
    )
    assert cleared.status_code == 200
    assert cleared.json()["themes"] == []
    assert cleared.json()["city"] is None


def test_a_stale_edit_token_is_refused() -> None:
    headers = headers_for("partnership_officer")
    record = factories.initiative()
    url = f"/api/initiatives/{record.pk}"
    token = call("get", url, headers).json()["edit_token"]
    assert call("patch", url, headers, {"edit_token": token, "acronym": "A"}).status_code == 200
    refused = call("patch", url, headers, {"edit_token": token, "acronym": "B"})
    assert refused.status_code == 409
    assert refused.json()["changes"][0]["after"] == "A"
    assert Initiative.objects.get(pk=record.pk).acronym == "A"


def test_lists_filter_and_take_constant_queries(
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    headers = headers_for("viewer")
    client = Client()
    partner = directory.organisation()
    factories.initiative(partner, kind="alliance", name_en="Alliance 0")
    client.get("/api/initiatives", headers=headers)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/initiatives?limit=100", headers=headers)
    for number in range(1, 30):
        record = factories.initiative(directory.organisation(), partner, name_en=f"Lab {number}")
        record.themes.add(factories.theme())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get("/api/initiatives?limit=100", headers=headers).json()["items"]) == 30
    alliances = client.get("/api/initiatives?kind=alliance", headers=headers).json()
    assert [item["name_en"] for item in alliances["items"]] == ["Alliance 0"]
    assert alliances["items"][0]["partners"][0]["organisation"]["id"] == partner.pk
    bad = client.get("/api/initiatives?kind=castle", headers=headers)
    assert bad.status_code == 400
    assert bad.json()["errors"][0]["field"] == "kind"


def test_an_initiative_cannot_become_part_of_one_of_its_parts() -> None:
    outer = factories.initiative(name_en="Outer Institute")
    inner = factories.initiative(name_en="Inner Lab")
    Initiative.objects.filter(pk=inner.pk).update(parent=outer)
    headers = headers_for("partnership_officer")
    url = f"/api/initiatives/{outer.pk}"
    for parent in (inner.pk, outer.pk):
        token = call("get", url, headers).json()["edit_token"]
        refused = call("patch", url, headers, {"edit_token": token, "parent": parent})
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["field"] == "parent"
    assert Initiative.objects.get(pk=outer.pk).parent is None
    client = Client()
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    form = client.get(f"/en/staff/initiatives/{outer.pk}/edit/").context["form"]
    assert outer not in form.fields["parent"].queryset
    assert inner in form.fields["parent"].queryset
