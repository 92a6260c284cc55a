"""Property-based run of the whole API from its OpenAPI description: no input causes a 5xx.

Schemathesis generates requests (valid and invalid) for every operation in /api/openapi.json and
sends them through the WSGI application, signed in with a partnership officer's token so that
the staff endpoints are exercised, not just refused.
"""

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pytest_django import Settings
from schemathesis import BaseSchema

from baylink.accounts.models import Role
from baylink.accounts.tests.factories import api_token, staff_user
from baylink.agreements.tests import factories as agreements
from baylink.directory.tests import factories as directory
from baylink.initiatives.tests import factories as initiatives

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

EXAMPLES_PER_OPERATION = 10


@pytest.fixture
def wsgi_app() -> Iterator[WSGIHandler]:
    # As Django's test client does: closing "old" connections after each request would close
    # the test's own transaction on PostgreSQL.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(wsgi_app: WSGIHandler) -> BaseSchema:
    return schemathesis.openapi.from_wsgi("/api/openapi.json", wsgi_app)


@pytest.fixture
def officer_token(settings: Settings) -> str:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Records for the generated ids to find (small ids come up often).
    partner = directory.organisation("Shenzhen University", city_code="SZ")
    for _ in range(3):
        agreements.agreement(partner, ends_on=date(2030, 6, 30))
    initiatives.initiative(partner)
    directory.person()
    directory.unit("Department of Computing", code="COMP")
    return api_token(staff_user(Role.PARTNERSHIP_OFFICER))


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,
)
def test_no_request_causes_a_server_error(case: Any, officer_token: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {officer_token}"})
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.query} {case.body!r} -> "
        f"{response.status_code}: {response.text[:500]}"
    )
