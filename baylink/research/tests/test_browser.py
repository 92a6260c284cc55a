"""Forms with rows of partners, in a real browser: the rows are there to type in."""

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import PASSWORD, staff_user
from baylink.initiatives.services import theme_create

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_partner_rows_and_theme_ticks_have_room(live_server: LiveServer, page: Page) -> None:
    theme_create(actor=None, slug="smart-city", name_en="Smart city")
    user = staff_user(Role.PARTNERSHIP_OFFICER)
    page.goto(f"{live_server.url}/en/accounts/login/?next=/en/staff/research/projects/new/")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/staff/research/projects/new/")
    # A hidden input right after a fieldset's legend once left these tables no width at all.
    for path, row in (
        ("/en/staff/research/projects/new/", "#id_partners-0-organisation"),
        ("/en/staff/agreements/new/", "#id_parties-0-organisation"),
    ):
        page.goto(f"{live_server.url}{path}")
        box = page.locator(row).bounding_box()
        assert box is not None
        assert box["width"] >= 150, (path, box)
    page.goto(f"{live_server.url}/en/staff/research/projects/new/")
    tick = page.get_by_label("Smart city")
    tick.check()
    assert tick.is_checked()
    box = tick.bounding_box()
    assert box is not None
    assert box["width"] < 40  # a tick box, not a text box's width
