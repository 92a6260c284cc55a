"""The language Baylink e-mails a user in: the site's at their last sign-in, or their choice."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from baylink.accounts.models import Preferences, Role
from baylink.accounts.selectors import email_language
from baylink.accounts.tests.factories import PASSWORD, staff_user

pytestmark = pytest.mark.django_db


def _fresh(user_pk: int) -> str:
    return email_language(User.objects.get(pk=user_pk))


def test_without_sign_in_or_choice_emails_are_in_english() -> None:
    user = staff_user(Role.VIEWER)
    assert email_language(user) == "en"
    assert email_language(None) == "en"


def test_signing_in_records_the_language_of_the_site(client: Client) -> None:
    user = staff_user(Role.VIEWER)
    client.post("/zh-hans/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert _fresh(user.pk) == "zh-hans"
    client.post("/en/accounts/logout/")
    client.post("/zh-hant/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert _fresh(user.pk) == "zh-hant"
    assert Preferences.objects.filter(user=user).count() == 1


def test_a_chosen_language_wins_over_the_sign_in_language(client: Client) -> None:
    user = staff_user(Role.VIEWER)
    client.post("/zh-hant/accounts/login/", {"username": user.username, "password": PASSWORD})
    page = client.get("/zh-hant/accounts/preferences/").content.decode()
    assert "繁體中文" in page  # "when you last signed in, you read Baylink in ..."
    response = client.post("/zh-hant/accounts/preferences/", {"email_language": "en"})
    assert response.status_code == 302
    assert _fresh(user.pk) == "en"
    # Signing in again in Chinese does not undo the choice.
    client.post("/en/accounts/logout/")
    client.post("/zh-hans/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert _fresh(user.pk) == "en"
    # Choosing "the language I last signed in with" follows sign-ins again.
    client.post("/zh-hans/accounts/preferences/", {"email_language": ""})
    assert _fresh(user.pk) == "zh-hans"


def test_an_unknown_language_is_refused_with_a_translated_error(client: Client) -> None:
    user = staff_user(Role.VIEWER)
    client.force_login(user)
    client.post("/en/accounts/preferences/", {"email_language": "zh-hant"})
    response = client.post("/zh-hant/accounts/preferences/", {"email_language": "fr"})
    assert response.status_code == 200
    assert "fr" in response.content.decode()
    assert "Select a valid choice" not in response.content.decode()
    assert _fresh(user.pk) == "zh-hant"


def test_the_preferences_page_needs_a_sign_in_and_is_in_the_menu(client: Client) -> None:
    assert client.get("/en/accounts/preferences/").status_code == 302
    client.force_login(staff_user(Role.VIEWER))
    overview = client.get("/en/accounts/").content.decode()
    assert 'href="/en/accounts/preferences/"' in overview
