"""An initiative's partner organisations, kept by staff on its form and through the API."""

from datetime import date
from typing import Any

import pytest
from django.test import Client

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.core.editing import edit_token
from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory
from baylink.initiatives.models import Initiative, InitiativePartner
from baylink.initiatives.tests import factories

pytestmark = pytest.mark.django_db

STAFF = "/zh-hant/staff/initiatives/"


def officer() -> Client:
    client = Client()
    client.force_login(staff_user(Role.PARTNERSHIP_OFFICER))
    return client


def form_data(initiative: Initiative | None, rows: list[dict[str, str]]) -> dict[str, str]:
    data = {
        "kind": "joint_lab",
        "status": "active",
        "slug": initiative.slug if initiative else "joint-lab-smart-cities",
        "name_en": initiative.name_en if initiative else "Joint Lab for Smart Cities",
        "partners-TOTAL_FORMS": str(len(rows)),
        "partners-INITIAL_FORMS": "0",
    }
    if initiative is not None:
        data["edit_token"] = edit_token(initiative)
    for number, row in enumerate(rows):
        data.update({f"partners-{number}-{name}": value for name, value in row.items()})
    return data


def partners_of(initiative: Initiative) -> list[tuple[str, str, date | None, date | None]]:
    return [
        (row.organisation.name_en, row.role, row.joined_on, row.left_on)
        for row in InitiativePartner.objects.filter(initiative=initiative).select_related(
            "organisation"
        )
    ]


@pytest.fixture
def universities() -> tuple[Organisation, Organisation]:
    szu = directory.organisation("Shenzhen University", name_zh_hant="深圳大學", city_code="SZ")
    sysu = directory.organisation("Sun Yat-sen University", city_code="GZ")
    return szu, sysu


def test_partners_are_added_on_the_form_by_name_in_any_script(
    universities: tuple[Organisation, Organisation],
) -> None:
    szu, sysu = universities
    client = officer()
    created = client.post(
        f"{STAFF}new/",
        form_data(
            None,
            [
                {"organisation": "深圳大学", "role": "co_founder", "joined_on": "2019-03-01"},
                {"organisation": f"Sun Yat-sen University #{sysu.pk}", "role": "member"},
                {"organisation": "", "role": "partner"},  # an empty row is dropped
            ],
        ),
    )
    assert created.status_code == 302, created.content.decode()[:3000]
    initiative = Initiative.objects.get(slug="joint-lab-smart-cities")
    assert partners_of(initiative) == [
        ("Shenzhen University", "co_founder", date(2019, 3, 1), None),
        ("Sun Yat-sen University", "member", None, None),
    ]
    szu.refresh_from_db()
    assert szu.is_partner  # the public partner pages and figures count it now
    page = client.get(f"{STAFF}{initiative.pk}/").content.decode()
    assert "深圳大學（共同創辦方，2019年3月1日 – …）" in page
    assert "Sun Yat-sen University（成員）" in page


def test_an_edit_removes_a_partner_and_changes_a_role_with_both_in_the_history(
    universities: tuple[Organisation, Organisation],
) -> None:
    szu, sysu = universities
    initiative = factories.initiative(szu, sysu)
    client = officer()
    saved = client.post(
        f"{STAFF}{initiative.pk}/edit/",
        form_data(
            initiative,
            [
                {"organisation": "", "role": "partner"},  # Shenzhen University emptied
                {
                    "organisation": f"Sun Yat-sen University #{sysu.pk}",
                    "role": "funder",
                    "joined_on": "2018-09-01",
                    "left_on": "2024-08-31",
                },
            ],
        ),
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    assert partners_of(initiative) == [
        ("Sun Yat-sen University", "funder", date(2018, 9, 1), date(2024, 8, 31))
    ]
    logged = AuditEntry.objects.filter(object_pk=str(initiative.pk), action="update")
    assert any(entry.changes.get("partners") == [[szu.pk, sysu.pk], [sysu.pk]] for entry in logged)
    row = InitiativePartner.objects.get(initiative=initiative)
    (role_change,) = AuditEntry.objects.filter(object_pk=str(row.pk), action="update")
    assert role_change.changes["role"] == ["partner", "funder"]
    history = client.get(f"{STAFF}{initiative.pk}/?tab=history")
    assert history.status_code == 200
    public = Client().get(f"/zh-hant/initiatives/{initiative.slug}/").content.decode()
    assert "合作至2024年8月31日" in public


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [
                {"organisation": "深圳大學", "role": "partner"},
                {"organisation": "Shenzhen University", "role": "member"},
            ],
            "同一機構出現了兩次。",
        ),
        (
            [
                {
                    "organisation": "深圳大學",
                    "role": "partner",
                    "joined_on": "2020-01-01",
                    "left_on": "2019-12-31",
                }
            ],
            "深圳大學不能在加入之前退出。",
        ),
        ([{"organisation": "Nowhere Institute", "role": "partner"}], "Nowhere Institute"),
    ],
)
def test_bad_partner_rows_are_refused_and_change_nothing(
    universities: tuple[Organisation, Organisation], rows: list[dict[str, str]], message: str
) -> None:
    szu, _ = universities
    initiative = factories.initiative(szu)
    before = partners_of(initiative)
    refused = officer().post(f"{STAFF}{initiative.pk}/edit/", form_data(initiative, rows))
    assert refused.status_code == 200
    assert message in refused.content.decode()
    assert partners_of(initiative) == before
    assert not AuditEntry.objects.filter(object_pk=str(initiative.pk)).exists()


def api(method: str, url: str, payload: Any = None) -> Any:
    headers = bearer(api_token(staff_user(Role.PARTNERSHIP_OFFICER)))
    return getattr(Client(), method)(url, payload, content_type="application/json", headers=headers)


def test_the_api_replaces_partners_only_when_they_are_sent(
    universities: tuple[Organisation, Organisation],
) -> None:
    szu, sysu = universities
    initiative = factories.initiative(szu)
    url = f"/api/initiatives/{initiative.pk}"
    token = api("get", url).json()["edit_token"]
    renamed = api("patch", url, {"edit_token": token, "acronym": "JLSC"})
    assert renamed.status_code == 200, renamed.content
    assert [p["organisation"]["id"] for p in renamed.json()["partners"]] == [szu.pk]

    replaced = api(
        "patch",
        url,
        {
            "edit_token": renamed.json()["edit_token"],
            "partners": [
                {"organisation": sysu.pk, "role": "host", "joined_on": "2021-01-01"},
                {"organisation": "深圳大學", "role": "member"},
            ],
        },
    )
    assert replaced.status_code == 200, replaced.content
    assert [
        (p["organisation"]["id"], p["role"], p["joined_on"]) for p in replaced.json()["partners"]
    ] == [
        (sysu.pk, "host", "2021-01-01"),
        (szu.pk, "member", None),
    ]
    for partners, field in (
        ([{"organisation": 987654}], "partners"),
        ([{"organisation": szu.pk, "role": "owner"}], "partners"),
    ):
        refused = api(
            "patch", url, {"edit_token": replaced.json()["edit_token"], "partners": partners}
        )
        assert refused.status_code == 400, refused.content
        assert refused.json()["errors"][0]["field"] == field
    assert len(partners_of(initiative)) == 2

    cleared = api("patch", url, {"edit_token": replaced.json()["edit_token"], "partners": []})
    assert cleared.json()["partners"] == []


def test_the_api_creates_an_initiative_with_its_partners(
    universities: tuple[Organisation, Organisation],
) -> None:
    szu, _ = universities
    created = api(
        "post",
        "/api/initiatives",
        {
            "slug": "gba-marine-lab",
            "kind": "joint_lab",
            "name_en": "GBA Marine Lab",
            "partners": [{"organisation": "Shenzhen University", "role": "co_founder"}],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["partners"][0]["organisation"]["id"] == szu.pk
