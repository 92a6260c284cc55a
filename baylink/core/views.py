"""Error pages: translated, in the reader's language, never a bare server error."""

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our own BadRequest messages are written for readers; others may not be.
    detail = str(exception) if isinstance(exception, BadRequest) and str(exception) else ""
    return _error_page(
        request,
        400,
        _("This request could not be understood"),
        detail or _("Something in the address or the form is not valid. Check it and try again."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        _("Page not found"),
        _("There is no page at this address. It may have moved, or the link may be mistyped."),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        request,
        500,
        _("Something went wrong on our side"),
        _("The error has been logged. Please try again in a moment."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Ours say what is refused and why (translated); Django's own carry no message.
    detail = str(exception) if isinstance(exception, PermissionDenied) and str(exception) else ""
    return _error_page(
        request,
        403,
        _("You do not have access to this page"),
        detail or _("Your role does not allow this. Ask an administrator if you need access."),
    )
