"""Test settings and fixtures shared by every app's tests."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.contrib.staticfiles.finders import find
from django.core.cache import cache
from django.utils import translation

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = "/usr/bin/chromium"


def pytest_configure(config: pytest.Config) -> None:
    # Tests render templates without running collectstatic, and must not share a disk cache.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if it is missing


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    from baylink.resolution.registry import forget_resolver

    # The process's resolver is kept per content version, which lives in the cache: it goes
    # with the cache, so that one built on another test's records never answers for this one.
    cache.clear()
    forget_resolver()
    yield
    cache.clear()
    forget_resolver()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    # A test that activates a language must not change the language of the tests after it.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="session")
def browser() -> "Iterator[Browser]":
    """Debian's Chromium through Playwright (its own browser download is out of reach)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    if not find("vendor/echarts/echarts.min.js"):
        pytest.fail("front-end assets are missing: run `make assets`")
    # Playwright's sync API runs an event loop in this thread; Django's ORM is used only by the
    # live server's own thread, so the check that guards against async misuse can stand down.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: "Browser") -> "Iterator[Page]":
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    yield opened
    context.close()
