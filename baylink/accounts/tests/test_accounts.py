"""Sign in, password reset by e-mail, roles as groups, the workspace overview, demo accounts."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.utils import timezone

from baylink.accounts.models import Notification, Role
from baylink.accounts.tests.factories import PASSWORD, staff_user
from baylink.agreements.tests import factories as agreements
from baylink.demo.users import demo_accounts_ensure
from baylink.directory.tests import factories as directory

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(client: Client) -> None:
    user = staff_user(Role.VIEWER)
    page = client.get("/zh-hant/accounts/login/")
    assert "登入" in page.content.decode()
    wrong = client.post("/en/accounts/login/", {"username": user.username, "password": "nope"})
    assert wrong.status_code == 200
    assert "do not match" in wrong.content.decode()
    right = client.post("/en/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert right.status_code == 302
    assert client.get("/en/accounts/").status_code == 200
    assert client.post("/en/accounts/logout/").status_code == 302
    assert client.get("/en/accounts/").status_code == 302


def test_password_reset_by_email(client: Client) -> None:
    user = staff_user(Role.VIEWER)
    response = client.post("/en/accounts/password-reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = str(mail.outbox[0].body)
    link = re.search(r"http://\S+/password-reset/\S+/\S+/", body)
    assert link, body
    path = link.group(0).split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200
    new_password = "another-long-password-2"
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_an_unknown_address_gets_no_mail_and_no_hint(client: Client) -> None:
    response = client.post("/en/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("role", "can_view", "can_change", "can_delete"),
    [
        (Role.ADMINISTRATOR, True, True, True),
        (Role.PARTNERSHIP_OFFICER, True, True, True),
        (Role.UNIT_COORDINATOR, True, True, False),
        (Role.VIEWER, True, False, False),
    ],
)
def test_each_role_has_its_permissions(
    role: str, can_view: bool, can_change: bool, can_delete: bool
) -> None:
    user = staff_user(role, unit=directory.unit() if role == Role.UNIT_COORDINATOR else None)
    user = User.objects.get(pk=user.pk)  # fresh permission cache
    assert user.has_perm("agreements.view_agreement") is can_view
    assert user.has_perm("agreements.change_agreement") is can_change
    assert user.has_perm("agreements.delete_agreement") is can_delete
    assert user.has_perm("directory.change_organisation") is (
        role in (Role.ADMINISTRATOR, Role.PARTNERSHIP_OFFICER)
    )
    assert not user.is_staff  # Django admin stays for superusers


def test_a_coordinator_needs_a_unit() -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        staff_user(Role.UNIT_COORDINATOR)


def test_overview_lists_agreements_ending_soon_and_notifications() -> None:
    soon = agreements.agreement(ends_on=timezone.localdate() + timedelta(days=40))
    agreements.agreement(ends_on=date(2099, 1, 1))
    user = staff_user(Role.PARTNERSHIP_OFFICER)
    Notification.objects.create(
        user=user,
        kind=Notification.Kind.RENEWAL_DUE,
        data={
            "reference": soon.reference,
            "title": soon.title_en,
            "days_before": 90,
            "ends_on": str(soon.ends_on),
            "agreement_id": soon.pk,
        },
    )
    client = Client()
    client.force_login(user)
    page = client.get("/en/accounts/").content.decode()
    assert soon.reference in page
    assert "1 agreement ends in the next 180 days" in page
    listing = client.get("/en/accounts/notifications/").content.decode()
    assert soon.reference in listing
    client.post("/en/accounts/notifications/")
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_demo_accounts_cover_every_role_and_a_second_run_changes_nothing() -> None:
    directory.unit()
    first = demo_accounts_ensure()
    assert sorted(a.username for a in first) == sorted(
        f"demo-{r.replace('_', '-')}" for r in Role.values
    )
    second = demo_accounts_ensure()
    assert first == second
    assert User.objects.count() == len(Role.values)
    client = Client()
    coordinator = next(a for a in first if "coordinator" in a.username)
    assert client.login(username=coordinator.username, password=coordinator.password)
