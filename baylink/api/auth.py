"""Who is calling: a personal API token (`Authorization: Bearer …`) or a signed-in browser.

Staff routers use `STAFF_AUTH`; a call with neither is refused with 401. What the caller may
then do is decided per action by the same permissions as the staff pages.
"""

from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from baylink.accounts.services import api_token_user


class ApiTokenAuth(HttpBearer):
    """A personal token; a wrong, revoked or expired one is a 401 even with a session."""

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = api_token_user(secret=token.strip())
        if user is None:
            raise AuthenticationError(
                message=_("This API token is not valid: it is unknown, revoked or expired.")
            )
        # Permission checks read request.user, as they do on the staff pages.
        request.user = user
        return user


class BrowserSessionAuth(APIKeyCookie):
    """The staff pages' session, for scripts in a signed-in browser; writes need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, _("The CSRF check failed. Reload the page and try again."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None or not request.user.is_authenticated:
            return None
        return request.user


STAFF_AUTH = [ApiTokenAuth(), BrowserSessionAuth()]


def require(request: HttpRequest, permission: str) -> None:
    """Refuse (403) a caller whose role lacks the permission, as the staff pages do."""
    if not request.user.has_perm(permission):
        raise PermissionDenied(
            _("Your role does not allow this. Ask an administrator if you need it.")
        )
