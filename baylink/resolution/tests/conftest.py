"""Shared fixtures: the tiny ROR dump (records copied from ROR, CC0) and a clean resolver cache."""

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from baylink.resolution.engine import OrgRecord, Resolver, record_from_ror
from baylink.resolution.registry import forget_resolver

DATA = Path(__file__).parent / "data"
TINY_DUMP = DATA / "ror-tiny.json"


def tiny_records() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(TINY_DUMP.read_text(encoding="utf-8"))
    return records


@pytest.fixture(scope="session")
def engine() -> Resolver:
    """A resolver over the tiny dump plus the curated table, without the database."""
    records: list[OrgRecord] = [record_from_ror(r) for r in tiny_records()]
    return Resolver.build(records)


@pytest.fixture(autouse=True)
def _fresh_resolver() -> Iterator[None]:
    # The kept index belongs to the process; each test's database starts from scratch.
    forget_resolver()
    yield
    forget_resolver()
