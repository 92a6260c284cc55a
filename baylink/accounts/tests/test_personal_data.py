"""Students' personal data: who may see and export it, and the log of every export."""

from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from baylink.accounts.models import PersonalDataExport, Role
from baylink.accounts.personal_data import (
    MASK,
    can_export_personal_data,
    can_view_personal_data,
    personal_value,
)
from baylink.accounts.tests.factories import staff_user
from baylink.core.tabular import registry
from baylink.directory.tests import factories

pytestmark = pytest.mark.django_db

ALLOWED = [Role.ADMINISTRATOR, Role.CAREERS_OFFICER, Role.EXCHANGE_OFFICER]
REFUSED = [Role.PARTNERSHIP_OFFICER, Role.VIEWER]


@pytest.fixture
def personal_kind(monkeypatch: pytest.MonkeyPatch) -> str:
    """The people kind, flagged as personal data (as the students' kinds are)."""
    kind = replace(registry.KINDS["people"], name="people-personal", personal_data=True)
    monkeypatch.setitem(registry.KINDS, kind.name, kind)
    return kind.name


def client_for(role: str) -> Client:
    client = Client()
    unit = factories.unit() if role == Role.UNIT_COORDINATOR else None
    client.force_login(staff_user(role, unit=unit))
    return client


@pytest.mark.parametrize("role", ALLOWED)
def test_roles_that_need_personal_data_see_and_export_it(role: str) -> None:
    user = staff_user(role)
    assert can_view_personal_data(user)
    assert can_export_personal_data(user)
    assert personal_value(user, "S1234567") == "S1234567"


@pytest.mark.parametrize("role", [*REFUSED, Role.UNIT_COORDINATOR])
def test_other_roles_see_a_mask(role: str) -> None:
    user = staff_user(role, unit=factories.unit() if role == Role.UNIT_COORDINATOR else None)
    assert not can_view_personal_data(user)
    assert not can_export_personal_data(user)
    assert personal_value(user, "S1234567") == MASK


@pytest.mark.parametrize("role", REFUSED)
def test_an_export_of_personal_data_is_refused_without_the_permission(
    role: str, personal_kind: str
) -> None:
    factories.person("Chan Tai-man")
    response = client_for(role).get(f"/en/staff/data/{personal_kind}/export/?format=csv")
    assert response.status_code == 403
    assert not PersonalDataExport.objects.exists()


def test_an_export_of_personal_data_is_logged(personal_kind: str) -> None:
    factories.person("Chan Tai-man")
    factories.person("Wong Siu-ming")
    response = client_for(Role.CAREERS_OFFICER).get(
        f"/en/staff/data/{personal_kind}/export/?format=csv"
    )
    assert response.status_code == 200
    assert "Chan Tai-man" in response.content.decode("utf-8-sig")
    logged = PersonalDataExport.objects.get()
    assert (logged.kind, logged.rows, logged.file_format) == (personal_kind, 2, "csv")
    assert logged.user is not None
    assert logged.user.staff_profile.role == Role.CAREERS_OFFICER
    assert logged.query == "format=csv"


def test_exports_of_other_records_are_not_logged() -> None:
    factories.person("Chan Tai-man")
    response = client_for(Role.VIEWER).get("/en/staff/data/people/export/?format=csv")
    assert response.status_code == 200
    assert not PersonalDataExport.objects.exists()


def test_the_export_command_logs_personal_data_too(personal_kind: str, tmp_path: Path) -> None:
    factories.person("Chan Tai-man")
    call_command("export", personal_kind, str(tmp_path / "out.csv"))
    logged = PersonalDataExport.objects.get()
    assert logged.user is None
    assert logged.rows == 1


def test_the_log_is_shown_to_administrators_only(personal_kind: str) -> None:
    client_for(Role.CAREERS_OFFICER).get(f"/en/staff/data/{personal_kind}/export/?format=xlsx")
    page = client_for(Role.ADMINISTRATOR).get("/en/accounts/personal-data-exports/")
    assert page.status_code == 200
    assert "careers_officer-" in page.content.decode()
    assert (
        client_for(Role.CAREERS_OFFICER).get("/en/accounts/personal-data-exports/").status_code
        == 403
    )
