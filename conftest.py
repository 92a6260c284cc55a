"""Test settings and fixtures shared by every app's tests."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation


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

    # Emptying the cache starts the content version again at 1, so the process's resolver,
    # kept per content version, must go too: one built on another test's records would answer
    # with their organisations.
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
