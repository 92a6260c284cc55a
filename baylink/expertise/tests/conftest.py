"""Each test gets its own index directory; background tasks run inline."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings

DATA = Path(__file__).parent / "data"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _expertise_data_dir(tmp_path: Path) -> Iterator[Path]:
    with override_settings(DATA_DIR=tmp_path, TASKS=IMMEDIATE_TASKS):
        yield tmp_path


@pytest.fixture
def profiles_file() -> Path:
    return DATA / "profiles.jsonl"


@pytest.fixture
def queries_file() -> Path:
    return DATA / "queries.jsonl"
