"""The 403 page says what was refused when our code says it, and nothing Django's own does not."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils.translation import override

from baylink.core.views import permission_denied

pytestmark = pytest.mark.django_db


def test_a_refusal_with_our_reason_shows_it_and_one_without_shows_the_general_message() -> None:
    request = RequestFactory().get("/en/staff/")
    with override("en"):
        reasoned = permission_denied(request, PermissionDenied("Only who may see KT outputs."))
        bare = permission_denied(request, PermissionDenied())
        other = permission_denied(request, ValueError("internal detail"))
    assert reasoned.status_code == bare.status_code == other.status_code == 403
    assert "Only who may see KT outputs." in reasoned.content.decode()
    for general in (bare, other):
        page = general.content.decode()
        assert "Your role does not allow this." in page
        assert "internal detail" not in page
    with override("zh-hant"):
        translated = permission_denied(request, PermissionDenied())
    assert "You do not have access" not in translated.content.decode()
