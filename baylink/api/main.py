"""The Baylink API, assembled from each context's router. OpenAPI at /api/openapi.json."""

import importlib
import pkgutil
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from baylink import __version__
from baylink.api.errors import http_error_message, schema_errors
from baylink.core.editing import EditConflict

api = NinjaAPI(
    title="Baylink API",
    version=__version__,
    description="Partners, agreements, initiatives and figures of a university's GBA engagement.",
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)


def _field_errors(error: DjangoValidationError, default_field: str) -> list[dict[str, Any]]:
    if hasattr(error, "error_dict"):
        return [
            {"field": field, "message": message}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": default_field, "message": message} for message in error.messages]


@api.exception_handler(DjangoValidationError)
def invalid_input(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    errors = _field_errors(exc, default_field="")
    detail = errors[0]["message"] if errors else _("The request is not valid.")
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(SchemaValidationError)
def invalid_schema(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    errors = schema_errors(exc.errors)
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=400
    )


@api.exception_handler(AuthenticationError)
def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # Ninja's own message is an untranslated "Unauthorized".
    detail = exc.message if exc.message != "Unauthorized" else ""
    response = api.create_response(
        request,
        {
            "detail": detail
            or _("Sign in, or send a personal API token as “Authorization: Bearer <token>”.")
        },
        status=401,
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    detail = http_error_message(str(exc))
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    detail = str(exc) or _("Your role does not allow this. Ask an administrator if you need it.")
    return api.create_response(request, {"detail": detail}, status=403)


# get_object_or_404's message names a model class in English ("No OrganisationName matches the
# given query."); ours name the record in the reader's language.
_DJANGO_NOT_FOUND = re.compile(r"^No \w+ matches the given query\.$")


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    detail = str(exc)
    if not detail or _DJANGO_NOT_FOUND.match(detail):
        detail = _("There is no such record, or you cannot see it.")
    return api.create_response(request, {"detail": detail}, status=404)


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    detail = _("The request is larger than %(limit)s MB. Send it in smaller parts.") % {
        "limit": limit
    }
    return api.create_response(request, {"detail": detail}, status=413)


@api.exception_handler(ObjectDoesNotExist)
def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
    # The default messages name a model class, not something a reader knows.
    detail = _("There is no such record, or you cannot see it.")
    return api.create_response(request, {"detail": detail}, status=404)


@api.exception_handler(EditConflict)
def edit_conflict(request: HttpRequest, exc: EditConflict) -> HttpResponse:
    changes = [
        {
            "field": change.field,
            "label": change.label,
            "before": change.before,
            "after": change.after,
            "by": change.by,
            "at": change.at,
        }
        for change in exc.changes
    ]
    detail = _(
        "Someone saved this record after you read it, so your change was not saved. "
        "Read it again (for the new edit token), check what changed and send your change again."
    )
    return api.create_response(request, {"detail": detail, "changes": changes}, status=409)


@api.exception_handler(ProtectedError)
@api.exception_handler(RestrictedError)
def still_used(request: HttpRequest, exc: Exception) -> HttpResponse:
    detail = _("This record is still used by other records, so it cannot be deleted.")
    return api.create_response(request, {"detail": detail, "changes": []}, status=409)


@api.exception_handler(IntegrityError)
def clash(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    # Validation catches these first; a concurrent writer can still win the race.
    detail = _(
        "This change clashes with another record (for example a duplicate). Nothing was saved."
    )
    return api.create_response(request, {"detail": detail, "changes": []}, status=409)


def _router_modules(app: str) -> list[str]:
    """The app's `api` module, then any `<topic>_api` one (a second resource, own prefix)."""
    package = importlib.import_module(f"baylink.{app}")
    names = [info.name for info in pkgutil.iter_modules(package.__path__)]
    topics = sorted(name for name in names if name.endswith("_api"))
    return [f"baylink.{app}.{name}" for name in ["api", *topics] if name in names]


def _add_context_routers() -> None:
    """Mount each app's routers at their `API_PREFIX` (DESIGN.md: each app's api.py)."""
    for app in settings.BAYLINK_APPS:
        for name in _router_modules(app):
            module = importlib.import_module(name)
            api.add_router(module.API_PREFIX, module.router)


_add_context_routers()
