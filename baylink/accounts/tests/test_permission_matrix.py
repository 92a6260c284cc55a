"""Every role × every staff page: who may open or post what (the API has its own matrix)."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.test import Client
from pytest_django import Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreements
from baylink.core.editing import edit_token
from baylink.directory.models import Organisation, Person, Unit
from baylink.directory.tests import factories as directory
from baylink.initiatives.models import Initiative
from baylink.initiatives.tests import factories as initiatives

pytestmark = pytest.mark.django_db

LOGIN = 302  # signed-out visitors are sent to sign in
CALLERS = [
    "administrator",
    "partnership_officer",
    "coordinator_own",
    "coordinator_other",
    "careers_officer",
    "exchange_officer",
    "viewer",
    "anonymous",
]
AGREEMENT_PAGES = ["list", "new", "detail", "edit", "delete", "status", "delete_post"]
DONE = {"status": 302, "delete_post": 302}  # a successful POST redirects
EVERYTHING = {page: DONE.get(page, 200) for page in AGREEMENT_PAGES}
AGREEMENTS: dict[str, dict[str, int]] = {
    "administrator": EVERYTHING,
    "partnership_officer": EVERYTHING,
    "coordinator_own": {**EVERYTHING, "delete": 403, "delete_post": 403},
    "coordinator_other": {
        "list": 200,
        "new": 200,
        "detail": 404,
        "edit": 404,
        "delete": 403,
        "status": 404,
        "delete_post": 403,
    },
    "viewer": {
        **dict.fromkeys(AGREEMENT_PAGES, 403),
        "list": 200,
        "detail": 200,
    },
    "anonymous": dict.fromkeys(AGREEMENT_PAGES, LOGIN),
}
# Careers and exchange officers read the partnership records they work with; no more.
AGREEMENTS |= {
    "careers_officer": AGREEMENTS["viewer"],
    "exchange_officer": AGREEMENTS["viewer"],
}
RECORD_PAGES = ["list", "new", "detail", "edit", "delete", "delete_post"]
READ_ONLY = {**dict.fromkeys(RECORD_PAGES, 403), "list": 200, "detail": 200}
RECORDS: dict[str, dict[str, int]] = {
    "administrator": {**dict.fromkeys(RECORD_PAGES, 200), "delete_post": 302},
    "partnership_officer": {**dict.fromkeys(RECORD_PAGES, 200), "delete_post": 302},
    "coordinator_own": READ_ONLY,
    "coordinator_other": READ_ONLY,
    "careers_officer": READ_ONLY,
    "exchange_officer": READ_ONLY,
    "viewer": READ_ONLY,
    "anonymous": dict.fromkeys(RECORD_PAGES, LOGIN),
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    own_unit: Unit
    own: Agreement
    other: Agreement


@pytest.fixture
def world() -> World:
    own_unit = directory.unit("Department of Computing", code="COMP")
    other_unit = directory.unit("School of Design", code="SD")
    own = agreements.agreement(ends_on=date(2030, 6, 30))
    other = agreements.agreement(ends_on=date(2030, 6, 30))
    Agreement.objects.filter(pk=own.pk).update(owner_unit=own_unit)
    Agreement.objects.filter(pk=other.pk).update(owner_unit=other_unit)
    own.refresh_from_db()
    other.refresh_from_db()
    return World(own_unit, own, other)


def signed_in(who: str, world: World) -> Client:
    client = Client()
    if who == "anonymous":
        return client
    role = {
        "administrator": Role.ADMINISTRATOR,
        "partnership_officer": Role.PARTNERSHIP_OFFICER,
        "careers_officer": Role.CAREERS_OFFICER,
        "exchange_officer": Role.EXCHANGE_OFFICER,
        "viewer": Role.VIEWER,
    }.get(who, Role.UNIT_COORDINATOR)
    unit = world.own_unit if role == Role.UNIT_COORDINATOR else None
    client.force_login(staff_user(role, unit=unit))
    return client


def visit(client: Client, base: str, page: str, pk: int, post: dict[str, str]) -> int:
    urls = {
        "list": f"{base}",
        "new": f"{base}new/",
        "detail": f"{base}{pk}/",
        "edit": f"{base}{pk}/edit/",
        "delete": f"{base}{pk}/delete/",
    }
    if page == "status":
        return client.post(f"{base}{pk}/status/", post).status_code
    if page == "delete_post":
        return client.post(f"{base}{pk}/delete/").status_code
    return client.get(urls[page]).status_code


@pytest.mark.parametrize("page", AGREEMENT_PAGES)
@pytest.mark.parametrize("who", CALLERS)
def test_agreement_pages(who: str, page: str, world: World) -> None:
    target = world.other if who == "coordinator_other" else world.own
    client = signed_in(who, world)
    post = {"to_status": "expiring", "edit_token": edit_token(target)}
    status = visit(client, "/en/staff/agreements/", page, target.pk, post)
    assert status == AGREEMENTS[who][page]
    allowed = status == 302 and who != "anonymous"
    current = Agreement.objects.filter(pk=target.pk).first()
    if page == "delete_post":
        assert (current is None) == allowed
    if page == "status":
        assert current is not None
        assert (current.status == "expiring") == allowed


@pytest.mark.parametrize("page", RECORD_PAGES)
@pytest.mark.parametrize("who", CALLERS)
@pytest.mark.parametrize("kind", ["organisations", "people", "initiatives"])
def test_directory_and_initiative_pages(who: str, page: str, kind: str, world: World) -> None:
    record: Organisation | Person | Initiative
    if kind == "organisations":
        record, base = (
            directory.organisation("Unused Institute"),
            "/en/staff/directory/organisations/",
        )
    elif kind == "people":
        record, base = directory.person(), "/en/staff/directory/people/"
    else:
        record, base = initiatives.initiative(), "/en/staff/initiatives/"
    client = signed_in(who, world)
    status = visit(client, base, page, record.pk, {})
    assert status == RECORDS[who][page]
    if who == "anonymous":
        assert "/en/accounts/login/" in client.get(base)["Location"]
    if page == "delete_post":
        deleted = status == 302 and who != "anonymous"
        assert type(record).objects.filter(pk=record.pk).exists() != deleted


def test_the_admin_site_is_for_superusers_only(world: World) -> None:
    for who in ("administrator", "partnership_officer", "viewer"):
        response = signed_in(who, world).get("/en/admin/")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
