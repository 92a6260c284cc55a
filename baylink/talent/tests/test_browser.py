"""Staff pages in a real browser: narrowing a long list by typing, and the signed-in header."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import PASSWORD, staff_user
from baylink.core.academic_year import AcademicYear
from baylink.talent.tests import factories

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(page: Page, live_server: LiveServer, then: str) -> None:
    user = staff_user(Role.CAREERS_OFFICER)
    page.goto(f"{live_server.url}/en/accounts/login/?next={then}")
    page.locator("#id_username").fill(user.username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{then}")


def test_typing_narrows_the_placements_and_keeps_the_chosen(
    live_server: LiveServer, page: Page
) -> None:
    # The form offers the current academic year's placements.
    year_start = AcademicYear.containing(timezone.localdate()).starts_on
    for number in range(30):
        factories.placement(starts_on=year_start, title_en=f"Data Intern {number:02d}")
    factories.placement(starts_on=year_start, title_en="Warehouse Robotics Intern")
    sign_in(page, live_server, "/en/staff/talent/rounds/new/")
    select = page.locator("#id_placements")
    assert select.locator("option").count() == 31
    chosen = select.locator("option").nth(3).inner_text()
    select.select_option(label=chosen)

    page.get_by_placeholder("Type to narrow the list").fill("robotics")
    visible = select.locator("option:not([hidden])").all_inner_texts()
    assert len(visible) == 2  # the match, and the one already chosen
    assert chosen in visible
    assert any(text.startswith("Warehouse Robotics Intern") for text in visible)
    page.get_by_placeholder("Type to narrow the list").fill("")
    assert select.locator("option:not([hidden])").count() == 31


def test_the_signed_in_header_fits_its_line(live_server: LiveServer, page: Page) -> None:
    # Signed in, the public site's header still fits on one line at 1280 pixels (in English
    # it broke into two), and below 1200 the menu takes a line of its own under the brand.
    sign_in(page, live_server, "/en/")
    header = page.locator("header nav")
    assert header.evaluate("n => n.offsetHeight") <= 60
    page.set_viewport_size({"width": 1024, "height": 900})
    brand = page.locator("header .navbar-brand").bounding_box()
    menu = page.locator("header .navbar-nav.me-auto").bounding_box()
    assert brand is not None
    assert menu is not None
    assert menu["y"] >= brand["y"] + brand["height"]  # below, not squeezed beside it
    assert menu["height"] <= 60  # one line of links
