"""Pages that answer htmx with the fragment of themselves it swaps in, at the same address."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

FRAGMENT_HEADERS = ("HX-Request", "HX-History-Restore-Request")


def wants_fragment(request: HttpRequest) -> bool:
    """htmx asks for the part it swaps in, except when it restores a page from history whose
    snapshot it no longer holds: then it needs the whole page (else Back shows a bare fragment)."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def fragment_cache_key(request: HttpRequest) -> str:
    """What, besides the address, tells a page from its fragment in a cache."""
    return "fragment" if wants_fragment(request) else "page"


class VaryOnFragmentMiddleware:
    """The page and its fragment share an address, so every cache (the browser's, used on Back;
    a proxy's) must keep them apart by the headers that choose between them."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, FRAGMENT_HEADERS)
        return response
