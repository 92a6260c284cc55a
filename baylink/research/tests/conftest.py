"""Fixtures the research tests share; their plain helpers are in helpers.py."""

from typing import Any

import pytest
from pytest_django import Settings

from baylink.directory.tests import factories as directory

# Before a test module imports it: its asserts then explain a failure as a test's own do.
pytest.register_assert_rewrite("baylink.research.tests.helpers")


@pytest.fixture
def fast_passwords(settings: Settings) -> None:
    """API tests make a user (and a token) per call: a cheap hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def places() -> dict[str, Any]:
    """The university's Computing and Design units, and two universities to work with."""
    directory.home()
    return {
        "computing": directory.unit("Department of Computing", code="COMP"),
        "design": directory.unit("School of Design", code="SD"),
        "szu": directory.organisation(
            "Shenzhen University", name_zh_hant="深圳大學", city_code="SZ", ror_id="01vy4gh70"
        ),
        "sysu": directory.organisation(
            "Sun Yat-sen University", name_zh_hant="中山大學", city_code="GZ"
        ),
    }
