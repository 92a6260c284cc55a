"""The content version: bumped by writes, and never handing out an old number again."""

from typing import Any

import pytest
from django.core.cache import cache

from baylink.core.content_version import bump_content_version, content_version

pytestmark = pytest.mark.django_db


def test_a_write_bumps_the_version(django_capture_on_commit_callbacks: Any) -> None:
    before = content_version()
    with django_capture_on_commit_callbacks(execute=True):  # bumps take effect on commit
        bump_content_version()
    assert content_version() == before + 1


def test_an_emptied_cache_starts_above_the_numbers_given_before(
    django_capture_on_commit_callbacks: Any,
) -> None:
    # A process keeps its name resolver under the version it was built at: a counter that
    # started again at 1 would, a few writes later, make an old resolver look current.
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            bump_content_version()
    given = content_version()
    cache.clear()
    assert content_version() > given
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        bump_content_version()  # the first write after emptying starts the counter too
    assert content_version() > given
