"""The public site in a real browser: Chromium through Playwright, in all three languages."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Locator, Page
from pytest_django.live_server_helper import LiveServer

from baylink.demo.services import demo_load

# serialized_rollback: reload the reference data (cities, organisation types) that an earlier
# transactional test may have flushed away.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SCREENSHOTS = Path(settings.DATA_DIR) / "screenshots"
HEADINGS = {
    "en": "Embracing Greater Bay Area Opportunities",
    "zh-hant": "把握大灣區發展機遇",
    "zh-hans": "把握大湾区发展机遇",
}
SWITCHER = {"en": "English", "zh-hant": "繁體中文", "zh-hans": "简体中文"}


def test_portal_in_each_language(live_server: LiveServer, page: Page) -> None:
    demo_load()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = live_server.url
    for language, heading in HEADINGS.items():
        page.goto(f"{base}/{language}/?academic_year=2018/19")
        assert page.locator("h1").inner_text() == heading
        assert page.locator('[data-figure="academic_agreements"]').first.inner_text() == "416"
        chart = page.locator('[data-chart="gba-map"][data-drawn="true"]')
        chart.wait_for()
        assert chart.locator("svg circle, svg path").count() > 11  # a point per city, and links
        assert _overlapping_labels(chart) == []
        page.screenshot(path=str(SCREENSHOTS / f"home-{language}.png"), full_page=True)

    # On a phone the map is narrower, and Zhuhai and Macao are a few kilometres apart.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/zh-hant/?academic_year=2018/19")
    chart = page.locator('[data-chart="gba-map"][data-drawn="true"]')
    chart.wait_for()
    assert _overlapping_labels(chart) == []
    page.set_viewport_size({"width": 1280, "height": 720})

    page.goto(f"{base}/en/partners/?city=SZ")
    page.get_by_role("link", name=SWITCHER["zh-hant"]).click()
    page.wait_for_url(f"{base}/zh-hant/partners/?city=SZ")
    assert page.locator("html").get_attribute("lang") == "zh-Hant-HK"
    assert "深圳大學" in page.locator("#results").inner_text()
    page.get_by_role("link", name=SWITCHER["zh-hans"]).click()
    page.wait_for_url(f"{base}/zh-hans/partners/?city=SZ")
    assert "深圳大学" in page.locator("#results").inner_text()
    page.screenshot(path=str(SCREENSHOTS / "partners-zh-hans.png"), full_page=True)

    # Typing filters the list in place (htmx), and the address can be shared.
    page.goto(f"{base}/zh-hant/partners/")
    page.locator("#id_q").fill("深圳大学")
    page.wait_for_url("**/zh-hant/partners/?q=*")
    assert page.locator("#results tbody tr").count() >= 1
    assert "深圳大學" in page.locator("#results").inner_text()
    # The language links follow the address htmx changed: the search survives a switch.
    page.get_by_role("link", name=SWITCHER["en"]).click()
    page.wait_for_url("**/en/partners/?q=*")
    assert page.locator("#id_q").input_value() == "深圳大学"

    page.goto(f"{base}/en/figures/?academic_year=2018/19")
    page.locator('[data-chart="figure-series"][data-drawn="true"]').wait_for()
    page.screenshot(path=str(SCREENSHOTS / "figures-en.png"), full_page=True)


def _overlapping_labels(chart: Locator) -> list[tuple[str, str]]:
    """Pairs of the map's city labels whose boxes cross (by more than a pixel)."""
    boxes: list[tuple[str, float, float, float, float]] = chart.evaluate(
        """element => Array.from(element.querySelectorAll("svg text")).map(label => {
            const box = label.getBoundingClientRect();
            return [label.textContent, box.left, box.top, box.right, box.bottom];
        })"""
    )
    assert len(boxes) >= 11  # a label per city
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if min(a[3], b[3]) - max(a[1], b[1]) > 1 and min(a[4], b[4]) - max(a[2], b[2]) > 1
    ]
