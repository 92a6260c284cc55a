"""/api/challenges: industry challenges and their shortlists, for the staff's own tools."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pytest_django import Settings

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.core.models import AuditEntry
from baylink.directory.tests import factories as directory_factories
from baylink.expertise import services
from baylink.expertise.models import Challenge, ShortlistEntry
from baylink.expertise.tests import factories
from baylink.initiatives.models import Initiative
from baylink.initiatives.tests import factories as initiative_factories
from baylink.research.tests import factories as research_factories

pytestmark = pytest.mark.django_db

API = "/api/challenges"


def tomorrow() -> str:
    return (timezone.localdate() + timedelta(days=1)).isoformat()


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class Caller:
    """A client that sends one account's API token with every call."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.client = Client(headers=bearer(api_token(user)))

    def __call__(self, method: str, url: str, payload: Any = None) -> Any:
        send = getattr(self.client, method)
        if payload is None:
            return send(url)
        return send(url, payload, content_type="application/json")


@pytest.fixture
def officer() -> Caller:
    return Caller(staff_user(Role.PARTNERSHIP_OFFICER))


@pytest.fixture
def viewer() -> Caller:
    return Caller(staff_user(Role.VIEWER))


@pytest.fixture
def lab() -> Initiative:
    record = initiative_factories.initiative(name_en="Cold Chain Joint Laboratory")
    Initiative.objects.filter(pk=record.pk).update(slug="cold-chain-lab")
    record.refresh_from_db()
    return record


def _challenge(caller: Caller, text: str, *, title: str = "", partner_name: str = "") -> Challenge:
    return services.challenge_create(
        actor=caller.user, text=text, title=title, partner_name=partner_name
    )


def _titles(caller: Caller, query: str = "") -> list[str]:
    response = caller("get", f"{API}{query}")
    assert response.status_code == 200, response.json()
    return [item["title"] for item in response.json()["items"]]


def test_the_list_filters_and_searches_in_either_script_and_counts_every_page(
    officer: Caller, viewer: Caller
) -> None:
    robots = _challenge(
        officer, "倉庫的機械人在擠擁通道經常卡住", title="倉庫機械人卡住", partner_name="順豐"
    )
    _challenge(officer, "Cold-chain trucks lose temperature data")
    colleague = Caller(staff_user(Role.PARTNERSHIP_OFFICER))
    _challenge(colleague, "Batteries that last")
    services.challenge_update(
        actor=officer.user,
        challenge=robots,
        title=robots.title,
        text=robots.text,
        status=Challenge.Status.MATCHED,
        partner_name="順豐",
    )

    assert _titles(viewer, "?q=机器人") == ["倉庫機械人卡住"]
    assert _titles(viewer, "?status=matched") == ["倉庫機械人卡住"]
    assert _titles(viewer, f"?saved_by={colleague.user.username}") == ["Batteries that last"]
    assert _titles(viewer, "?sort=title")[0] == "Batteries that last"
    Challenge.objects.filter(pk=robots.pk).update(received_on=date(2024, 7, 1))
    assert _titles(viewer, "?received=2024/25") == ["倉庫機械人卡住"]
    assert _titles(viewer, "?sort=received_on")[0] == "倉庫機械人卡住"  # oldest first
    page = viewer("get", f"{API}?limit=2&page=2").json()
    assert (page["count"], page["offset"], len(page["items"])) == (3, 2, 1)

    item = viewer("get", f"{API}?q=机器人").json()["items"][0]
    assert item["status"] == "matched"
    assert item["status_label"] == "Matched"
    assert item["partner"]["name_zh_hant"] == "順豐"
    assert item["saved_by"] == officer.user.username
    assert item["shortlisted"] == 0
    assert item["edit_token"]
    assert "share_token" not in item
    assert "share_url" not in item
    listed = viewer("get", API).content.decode()
    assert all(challenge.share_token not in listed for challenge in Challenge.objects.all())

    for query in ("?sort=colour", "?status=lost", "?saved_by=nobody", "?received=2024"):
        refused = viewer("get", f"{API}{query}")
        assert refused.status_code == 400, query
        assert refused.json()["errors"][0]["field"] == query[1:].split("=")[0]


def test_the_list_takes_the_same_number_of_queries_for_more_challenges(
    officer: Caller, viewer: Caller
) -> None:
    partner = directory_factories.organisation(name_en="Shenzhen Robotics Ltd")
    _challenge(officer, "One", partner_name=partner.name_en)
    viewer("get", API)  # the token's first use is recorded once

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer("get", API).status_code == 200
        return len(captured)

    few = queries()
    for number in range(4):
        challenge = _challenge(officer, f"More {number}", partner_name=partner.name_en)
        services.shortlist_add(actor=officer.user, challenge=challenge, profile=factories.profile())
    assert queries() == few
    assert viewer("get", f"{API}?sort=-shortlisted").json()["items"][0]["shortlisted"] == 1


def test_a_challenge_reads_with_its_shortlist_in_order_and_its_link_for_editors_only(
    officer: Caller, viewer: Caller, lab: Initiative
) -> None:
    challenge = _challenge(officer, "Our cold chain loses temperature data")
    researcher = factories.profile(name="Alice Wong")
    for entry in (
        {"profile": researcher, "note": "Sensors"},
        {"initiative": lab},
    ):
        services.shortlist_add(actor=officer.user, challenge=challenge, **entry)
    url = f"{API}/{challenge.pk}"

    read = viewer("get", url).json()
    assert read["status"] == "shortlisting"  # the first entry moved it on
    assert read["shortlisted"] == 2
    assert [
        (entry["position"], entry["kind"], entry["researcher"], entry["lab"], entry["name"])
        for entry in read["shortlist"]
    ] == [
        (1, "researcher", researcher.pk, None, "Alice Wong"),
        (2, "lab", None, "cold-chain-lab", "Cold Chain Joint Laboratory"),
    ]
    assert read["shortlist"][0]["organisation"] == "The Hong Kong Polytechnic University"
    assert read["shortlist"][0]["note"] == "Sensors"
    # Whoever holds the link reads the shortlist: viewers do not get it.
    assert read["share_url"] is None
    assert challenge.share_token not in viewer("get", url).content.decode()

    shared = officer("get", url).json()["share_url"]
    assert shared == f"http://testserver/en/expertise/shared/{challenge.share_token}/"
    assert Client().get(shared).status_code == 200

    renewed = officer("post", f"{url}/share-link")
    assert renewed.status_code == 200
    assert renewed.json()["share_url"] != shared
    assert Client().get(shared).status_code == 404
    assert Client().get(renewed.json()["share_url"]).status_code == 200
    assert viewer("post", f"{url}/share-link").status_code == 403
    assert viewer("get", f"{API}/999999").status_code == 404


def test_a_challenge_is_saved_and_a_bad_one_refused_naming_the_field(officer: Caller) -> None:
    created = officer(
        "post", API, {"text": "Salt spray corrodes our turbines", "partner_name": "Ming Yang"}
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["title"] == "Salt spray corrodes our turbines"  # none given: the text's start
    assert (body["status"], body["partner"]["name_en"]) == ("open", "Ming Yang")
    assert (body["shortlist"], body["shortlisted"], body["saved_by"]) == (
        [],
        0,
        officer.user.username,
    )
    assert body["share_url"].endswith(f"/{Challenge.objects.get().share_token}/")
    assert body["received_on"] == timezone.localdate().isoformat()  # none given: today

    for sent, field in (
        ({"title": "No text"}, "text"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "Fine", "title": "t" * 201}, "title"),
        ({"text": "Fine", "status": "open"}, "status"),  # a new challenge is open
        ({"text": "Fine", "received_on": "2024-02-30"}, "received_on"),
        ({"text": "Fine", "received_on": tomorrow()}, "received_on"),
    ):
        refused = officer("post", API, sent)
        assert refused.status_code == 400, sent
        assert [error["field"] for error in refused.json()["errors"]] == [field], sent
    assert Challenge.objects.count() == 1


def test_a_change_keeps_what_was_not_sent_and_a_stale_one_changes_nothing(
    officer: Caller,
) -> None:
    challenge = _challenge(
        officer, "Salt spray corrodes our turbines", title="Corrosion", partner_name="Ming Yang"
    )
    url = f"{API}/{challenge.pk}"
    read = officer("get", url).json()

    changed = officer("patch", url, {"edit_token": read["edit_token"], "status": "introduced"})
    assert changed.status_code == 200, changed.json()
    body = changed.json()
    assert (body["status"], body["title"], body["text"]) == (
        "introduced",
        "Corrosion",
        "Salt spray corrodes our turbines",
    )
    assert body["partner"]["id"] == read["partner"]["id"]  # not sent: kept

    stale = officer("patch", url, {"edit_token": read["edit_token"], "title": "Rust"})
    assert stale.status_code == 409
    last = stale.json()["changes"][-1]
    assert (last["field"], last["before"], last["after"]) == ("status", "open", "introduced")
    challenge.refresh_from_db()
    assert (challenge.title, challenge.status) == ("Corrosion", "introduced")

    fresh = body["edit_token"]
    for sent, field in (
        ({"edit_token": fresh, "status": "lost"}, "status"),
        ({"edit_token": fresh, "status": None}, "status"),
        ({"edit_token": fresh, "text": ""}, "text"),
        ({"edit_token": fresh, "share_token": "mine"}, "share_token"),
        ({"status": "closed"}, "edit_token"),
    ):
        refused = officer("patch", url, sent)
        assert refused.status_code == 400, sent
        assert [error["field"] for error in refused.json()["errors"]] == [field], sent

    dated = officer("patch", url, {"edit_token": fresh, "received_on": "2024-09-02"})
    assert dated.status_code == 200, dated.json()
    assert dated.json()["received_on"] == "2024-09-02"
    assert dated.json()["status"] == "introduced"  # not sent: kept
    fresh = dated.json()["edit_token"]
    kept = officer("patch", url, {"edit_token": fresh, "received_on": None})
    assert kept.json()["received_on"] == "2024-09-02"  # null: unchanged
    fresh = kept.json()["edit_token"]
    future = officer("patch", url, {"edit_token": fresh, "received_on": tomorrow()})
    assert [error["field"] for error in future.json()["errors"]] == ["received_on"]
    challenge.refresh_from_db()
    assert challenge.received_on == date(2024, 9, 2)

    cleared = officer("patch", url, {"edit_token": fresh, "partner_name": None, "title": ""})
    assert cleared.status_code == 200, cleared.json()
    assert cleared.json()["partner"] is None
    assert cleared.json()["title"] == "Salt spray corrodes our turbines"


def test_the_shortlist_is_added_to_annotated_reordered_and_trimmed(
    officer: Caller, lab: Initiative
) -> None:
    challenge = _challenge(officer, "Our cold chain loses temperature data")
    researcher = factories.profile(name="Alice Wong")
    shortlist = f"{API}/{challenge.pk}/shortlist"

    added = officer("post", shortlist, {"researcher": researcher.pk, "note": " Sensors "})
    assert added.status_code == 201, added.json()
    assert added.json()["note"] == "Sensors"
    assert added.json()["position"] == 1
    by_slug = officer("post", shortlist, {"lab": "Cold-Chain-Lab"})
    assert by_slug.status_code == 201, by_slug.json()
    assert (by_slug.json()["kind"], by_slug.json()["position"]) == ("lab", 2)
    again = officer("post", shortlist, {"lab": lab.pk, "note": "Another note"})
    assert again.status_code == 200
    assert again.json() == by_slug.json()  # the entry already there, unchanged
    assert challenge.entries.count() == 2

    for sent, field in (
        ({}, "researcher"),
        ({"researcher": researcher.pk, "lab": lab.pk}, "lab"),
        ({"researcher": 999999}, "researcher"),
        ({"lab": "no-such-lab"}, "lab"),
        ({"lab": 999999}, "lab"),
        ({"researcher": researcher.pk, "note": "n" * 2001}, "note"),
    ):
        refused = officer("post", shortlist, sent)
        assert refused.status_code == 400, sent
        assert [error["field"] for error in refused.json()["errors"]] == [field], sent

    entry_url = f"{shortlist}/{by_slug.json()['id']}"
    moved = officer("patch", entry_url, {"move": "up", "note": "Has a cold room"})
    assert moved.status_code == 200, moved.json()
    assert (moved.json()["position"], moved.json()["note"]) == (1, "Has a cold room")
    read = officer("get", f"{API}/{challenge.pk}").json()
    assert [entry["kind"] for entry in read["shortlist"]] == ["lab", "researcher"]
    refused = officer("patch", entry_url, {"move": "sideways"})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "move"
    assert officer("patch", entry_url, {"note": None}).json()["note"] == ""

    other = _challenge(officer, "Another problem")
    assert officer("delete", f"{API}/{other.pk}/shortlist/{by_slug.json()['id']}").status_code == (
        404
    )
    assert officer("delete", entry_url).status_code == 204
    assert list(ShortlistEntry.objects.values_list("profile", flat=True)) == [researcher.pk]
    assert officer("delete", entry_url).status_code == 404
    # The challenge's History tab lists each change of its shortlist.
    logged = AuditEntry.objects.filter(content_type__model="challenge", object_pk=str(challenge.pk))
    assert logged.filter(changes__has_key="entries").count() == 4


def test_the_kt_outputs_a_challenge_led_to_are_recorded_read_and_taken_off(
    officer: Caller,
) -> None:
    challenge = _challenge(officer, "Robots jam in aisles")
    contract = research_factories.kt_output("KT-C-1", title_en="Dispatch study")
    url = f"{API}/{challenge.pk}/outcomes"
    recorded = officer("post", url, {"reference": "kt-c-1"})
    assert recorded.status_code == 201, recorded.json()
    body = recorded.json()
    assert body["status"] == "matched"  # what it led to: matched
    assert body["outcomes"] == [
        {
            "id": contract.pk,
            "reference": "KT-C-1",
            "kind": "contract",
            "title": "Dispatch study",
            "occurred_on": "2025-03-01",
        }
    ]
    assert officer("post", url, {"reference": "KT-C-1"}).status_code == 200  # already there
    assert _titles(officer, "?outcome=yes") == ["Robots jam in aisles"]
    unknown = officer("post", url, {"reference": "KT-NONE"})
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "reference"
    assert officer("delete", f"{url}/{contract.pk + 1000}").status_code == 404
    assert officer("delete", f"{url}/a%00b").status_code in (400, 404)  # no database error
    assert officer("delete", f"{url}/{contract.pk}").status_code == 204
    assert officer("get", f"{API}/{challenge.pk}").json()["outcomes"] == []
    logged = AuditEntry.objects.filter(content_type__model="challenge", object_pk=str(challenge.pk))
    assert logged.filter(changes__has_key="outcomes").count() == 2

    # References differ in case only: each is found as written, neither is a 500.
    lower = research_factories.kt_output("kt-c-1", occurred_on=date(2025, 4, 1))
    assert officer("post", url, {"reference": "kt-c-1"}).json()["outcomes"][0]["id"] == lower.pk
    assert officer("post", url, {"reference": "KT-C-1"}).status_code == 201
    assert officer("delete", f"{url}/{lower.pk}").status_code == 204
    assert list(challenge.outcomes.all()) == [contract]

    # Who may not read KT outputs neither sees nor changes what a challenge led to.
    challenge_only = Caller(factories.staff())
    assert challenge_only("get", f"{API}/{challenge.pk}").json()["outcomes"] == []
    assert challenge_only("delete", f"{url}/{contract.pk}").status_code == 403
    assert challenge_only("post", url, {"reference": "KT-C-1"}).status_code == 403
    assert list(challenge.outcomes.all()) == [contract]
    # Nor asks which challenges led to one: refused, not answered with an unfiltered list.
    asked = challenge_only("get", f"{API}?outcome=no")
    assert asked.status_code == 403
    assert "KT outputs" in asked.json()["detail"]
    assert _titles(challenge_only) == ["Robots jam in aisles"]


def test_callers_need_a_token_or_session_and_the_permission_to_read_or_write(
    officer: Caller, viewer: Caller, lab: Initiative
) -> None:
    challenge = _challenge(officer, "Our cold chain loses temperature data")
    entry = services.shortlist_add(actor=officer.user, challenge=challenge, initiative=lab)
    url = f"{API}/{challenge.pk}"

    assert Client().get(API).status_code == 401
    assert Client().post(API, {"text": "x"}, content_type="application/json").status_code == 401
    nobody = Caller(factories.user())
    assert nobody("get", API).status_code == 403
    assert nobody("get", url).status_code == 403

    token = viewer("get", url).json()["edit_token"]
    for method, path, payload in (
        ("post", API, {"text": "Batteries that last"}),
        ("patch", url, {"edit_token": token, "status": "closed"}),
        ("post", f"{url}/shortlist", {"researcher": factories.profile().pk}),
        ("patch", f"{url}/shortlist/{entry.pk}", {"move": "down"}),
        ("delete", f"{url}/shortlist/{entry.pk}", None),
        ("post", f"{url}/share-link", None),
        ("post", f"{url}/outcomes", {"reference": "KT-1"}),
        ("delete", f"{url}/outcomes/1", None),
    ):
        assert viewer(method, path, payload).status_code == 403, (method, path)
    assert Challenge.objects.get().status == "shortlisting"
    assert ShortlistEntry.objects.get() == entry
    # No DELETE: a challenge ends as closed.
    assert officer("delete", url).status_code == 405

    signed_in = Client()
    signed_in.force_login(viewer.user)
    assert signed_in.get(url).json()["id"] == challenge.pk


def test_the_openapi_description_lists_the_challenge_api() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    for path, methods in {
        "/api/challenges": {"get", "post"},
        "/api/challenges/{challenge_id}": {"get", "patch"},
        "/api/challenges/{challenge_id}/shortlist": {"post"},
        "/api/challenges/{challenge_id}/shortlist/{entry_id}": {"patch", "delete"},
        "/api/challenges/{challenge_id}/share-link": {"post"},
    }.items():
        assert set(paths[path]) == methods, path
    parameters = {parameter["name"] for parameter in paths["/api/challenges"]["get"]["parameters"]}
    assert {"q", "status", "saved_by", "sort", "limit", "offset", "page"} <= parameters
    assert "/api/expertise/search" in paths  # the app's public finder keeps its own router
