"""A counter bumped after every write, so that computed results can be cached safely.

Derived values (headline figures, map counts) are cached under keys that include this version;
a write anywhere makes every such key stale at once. The counter lives in the shared cache, so
all server processes see it; if the cache is emptied, everything is simply recomputed (the
counter starts again from the clock in microseconds, above the numbers it gave before).
"""

import time
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

_KEY = "baylink:content-version"
T = TypeVar("T")


def _first_version() -> int:
    # The clock in microseconds, not 1: a counter started again after the cache was emptied
    # must not meet a number it handed out before, or a process's value kept under that number
    # (the name resolver) would be taken as current. No two writes are a microsecond apart.
    return time.time_ns() // 1_000


def content_version() -> int:
    return int(cache.get_or_set(_KEY, _first_version, timeout=None) or _first_version())


def bump_content_version() -> None:
    """Call after a write; takes effect when the surrounding transaction commits."""

    def bump() -> None:
        try:
            cache.incr(_KEY)
        except ValueError:
            cache.set(_KEY, _first_version(), timeout=None)

    transaction.on_commit(bump)


def cached_while_unchanged(key: str, compute: Callable[[], T], timeout: int = 3600) -> T:
    """compute(), kept in the shared cache until the next write anywhere (or the timeout)."""
    versioned = f"baylink:{content_version()}:{key}"
    value: T | None = cache.get(versioned)
    if value is None:
        value = compute()
        cache.set(versioned, value, timeout)
    return value


def cached_many_while_unchanged(
    keys: Sequence[str], compute: Callable[[list[str]], Mapping[str, T]], timeout: int = 3600
) -> dict[str, T]:
    """Like cached_while_unchanged for several keys: compute() gets the missing ones at once."""
    version = content_version()
    versioned = {key: f"baylink:{version}:{key}" for key in keys}
    found = cache.get_many(list(versioned.values()))
    result: dict[str, T] = {key: found[name] for key, name in versioned.items() if name in found}
    missing = [key for key in keys if key not in result]
    if missing:
        computed = compute(missing)
        cache.set_many({versioned[key]: computed[key] for key in missing}, timeout)
        result.update({key: computed[key] for key in missing})
    return result
