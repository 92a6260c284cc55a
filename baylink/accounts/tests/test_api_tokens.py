"""Personal API tokens: stored hashed, shown once, revocable, expiring; how the API checks them."""

import hashlib
from collections.abc import Iterator
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone, translation
from pytest_django import Settings

from baylink.accounts.models import ApiToken, Role
from baylink.accounts.services import api_token_create, api_token_revoke, api_token_user
from baylink.accounts.tests.factories import api_token, bearer, staff_user
from baylink.core.models import AuditEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Settings) -> Iterator[None]:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    yield
    # A request in Chinese leaves its language active for whatever runs next in this thread.
    translation.activate(settings.LANGUAGE_CODE)


def test_only_the_hash_of_a_token_is_stored() -> None:
    user = staff_user(Role.VIEWER)
    token, secret = api_token_create(user=user, name="reporting script")
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret.startswith("bl_")
    assert len(secret) > 40
    assert stored.prefix == secret[:8]
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in {stored.name, stored.prefix, stored.key_hash}
    assert api_token_user(secret=secret) == user
    entry = AuditEntry.objects.get(object_pk=str(token.pk), action=AuditEntry.Action.CREATE)
    assert secret not in str(entry.changes)
    assert "key_hash" not in entry.changes


def test_two_tokens_never_share_a_secret() -> None:
    user = staff_user(Role.VIEWER)
    assert api_token(user) != api_token(user)


@pytest.mark.parametrize(
    "secret", ["", "bl_", "bl_not-a-token", "not-our-format", "bl_" + "x" * 500]
)
def test_unknown_tokens_find_nobody(secret: str) -> None:
    api_token(staff_user(Role.VIEWER))
    assert api_token_user(secret=secret) is None


def test_revoked_expired_and_inactive_tokens_stop_working() -> None:
    user = staff_user(Role.VIEWER)
    token, secret = api_token_create(user=user, name="a")
    api_token_revoke(token=token, actor=user)
    assert api_token_user(secret=secret) is None
    revoked_at = ApiToken.objects.get(pk=token.pk).revoked_at
    api_token_revoke(token=token, actor=user)  # twice: nothing changes
    assert ApiToken.objects.get(pk=token.pk).revoked_at == revoked_at

    expiring, secret = api_token_create(
        user=user, name="b", expires_at=timezone.now() + timedelta(days=1)
    )
    assert api_token_user(secret=secret) == user
    ApiToken.objects.filter(pk=expiring.pk).update(expires_at=timezone.now() - timedelta(1))
    assert api_token_user(secret=secret) is None

    _, secret = api_token_create(user=user, name="c")
    user.is_active = False
    user.save()
    assert api_token_user(secret=secret) is None


def test_a_token_cannot_be_created_already_expired_or_nameless() -> None:
    user = staff_user(Role.VIEWER)
    with pytest.raises(Exception, match="future"):
        api_token_create(user=user, name="a", expires_at=timezone.now() - timedelta(days=1))
    with pytest.raises(Exception, match="name"):
        api_token_create(user=user, name="  ")
    assert not ApiToken.objects.exists()


def test_use_is_recorded_at_most_once_a_minute() -> None:
    user = staff_user(Role.VIEWER)
    token, secret = api_token_create(user=user, name="a")
    api_token_user(secret=secret)
    first = ApiToken.objects.get(pk=token.pk).last_used_at
    assert first is not None
    api_token_user(secret=secret)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first


def test_the_command_prints_a_working_token() -> None:
    user = staff_user(Role.PARTNERSHIP_OFFICER)
    out, err = StringIO(), StringIO()
    call_command(
        "api_token", user.username, "--name", "nightly sync", "--days", "30", stdout=out, stderr=err
    )
    secret = out.getvalue().strip()
    assert api_token_user(secret=secret) == user
    token = ApiToken.objects.get(user=user)
    assert token.name == "nightly sync"
    assert token.expires_at is not None
    assert "cannot be shown again" in err.getvalue()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [(["nobody"], "no user"), (["{user}", "--days", "0"], "--days")],
)
def test_the_command_refuses_bad_input(arguments: list[str], message: str) -> None:
    user = staff_user(Role.VIEWER)
    with pytest.raises(CommandError, match=message):
        call_command("api_token", *[a.format(user=user.username) for a in arguments])
    assert not ApiToken.objects.exists()


def test_the_token_page_shows_a_new_secret_once(client: Client) -> None:
    user = staff_user(Role.VIEWER)
    client.force_login(user)
    assert client.get("/en/accounts/api-tokens/").status_code == 200
    response = client.post("/en/accounts/api-tokens/", {"name": "my script", "lifetime": "90"})
    assert response.status_code == 201
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user)
    secret = response.context["secret"]
    assert secret.startswith(token.prefix)
    assert secret in response.content.decode()
    assert api_token_user(secret=secret) == user
    again = client.get("/en/accounts/api-tokens/").content.decode()
    assert secret not in again
    assert token.prefix in again
    assert "my script" in again


def test_the_token_page_explains_a_missing_name(client: Client) -> None:
    client.force_login(staff_user(Role.VIEWER))
    response = client.post("/zh-hant/accounts/api-tokens/", {"name": "", "lifetime": ""})
    assert response.status_code == 200
    assert "這個欄位是必須的" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_revokes_only_their_own_tokens(client: Client) -> None:
    owner, other = staff_user(Role.VIEWER), staff_user(Role.VIEWER)
    token, secret = api_token_create(user=owner, name="a")
    client.force_login(other)
    assert client.post(f"/en/accounts/api-tokens/{token.pk}/revoke/").status_code == 404
    assert api_token_user(secret=secret) == owner
    client.force_login(owner)
    assert client.get(f"/en/accounts/api-tokens/{token.pk}/revoke/").status_code == 405
    response = client.post(f"/en/accounts/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert api_token_user(secret=secret) is None
    assert "Revoked" in client.get("/en/accounts/api-tokens/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.get("/en/accounts/api-tokens/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response["Location"]


def test_the_api_takes_a_token_or_a_session_and_refuses_everyone_else() -> None:
    user = staff_user(Role.VIEWER)
    secret = api_token(user)
    anonymous = Client()
    response = anonymous.get("/api/organisations")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Bearer" in response.json()["detail"]
    assert anonymous.get("/api/organisations", headers=bearer(secret)).status_code == 200
    wrong = anonymous.get("/api/organisations", headers=bearer("bl_wrong"))
    assert wrong.status_code == 401
    assert "not valid" in wrong.json()["detail"]
    assert (
        anonymous.get("/api/organisations", headers={"Authorization": "Basic eDp5"}).status_code
        == 401
    )

    browser = Client()
    browser.force_login(user)
    assert browser.get("/api/organisations").status_code == 200
    # A wrong token is refused even when the browser is signed in.
    assert browser.get("/api/organisations", headers=bearer("bl_wrong")).status_code == 401


def test_a_signed_in_browser_must_send_the_csrf_token_to_write() -> None:
    user = staff_user(Role.PARTNERSHIP_OFFICER)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    payload = {"name_en": "Shenzhen Bay Laboratory"}
    refused = browser.post("/api/organisations", payload, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    browser.get("/en/accounts/api-tokens/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(
        "/api/organisations", payload, content_type="application/json", HTTP_X_CSRFTOKEN=csrf
    )
    assert accepted.status_code == 201
    # A token needs no CSRF token: it is not sent automatically by browsers.
    scripted = Client(enforce_csrf_checks=True).post(
        "/api/organisations",
        {"name_en": "Guangzhou Laboratory"},
        content_type="application/json",
        headers=bearer(api_token(user)),
    )
    assert scripted.status_code == 201


def test_the_api_messages_follow_the_readers_language() -> None:
    response = Client().get("/api/agreements", HTTP_ACCEPT_LANGUAGE="zh-hant")
    assert response.status_code == 401
    assert response.json()["detail"] != Client().get("/api/agreements").json()["detail"]
