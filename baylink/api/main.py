"""The Baylink API, assembled from each context's router. OpenAPI at /api/openapi.json."""

import importlib
import importlib.util
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError as SchemaValidationError

from baylink import __version__

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
    errors = [
        {
            "field": ".".join(str(part) for part in error.get("loc", ())[1:]),
            "message": error.get("msg", ""),
        }
        for error in exc.errors
    ]
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=400
    )


def _add_context_routers() -> None:
    """Mount each app's `api.router` at the app's `API_PREFIX` (DESIGN.md: one router per app)."""
    for app in settings.BAYLINK_APPS:
        name = f"baylink.{app}.api"
        if importlib.util.find_spec(name) is None:
            continue
        module = importlib.import_module(name)
        api.add_router(module.API_PREFIX, module.router)


_add_context_routers()
