"""Caching public pages for anonymous readers until the next write anywhere.

A public page is a function of the records, the language and the address; while no record
changes (the content version stays), the rendered page is reused. Signed-in staff always get a
fresh page, and addresses with free-text parameters (search) are never cached, so the cache
holds a bounded number of pages.

Pages are also kept per release of the code (templates, translations, static files): a cached
page names the static files of the release that rendered it, so after an upgrade it would show
the old style sheet until some record changed.
"""

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from baylink.core.content_version import content_version
from baylink.core.htmx import fragment_cache_key

View = Callable[..., HttpResponse]
SECONDS = 3600
# What a rendered page is made of, besides the records.
_RELEASE_FILES = ("*.py", "*.html", "*.mo", "*.css", "*.js")
_PACKAGE = Path(__file__).resolve().parents[1]


@functools.cache
def release() -> str:
    """A fingerprint of the running code: every page-making file's path, size and change time
    (a stat of some hundreds of files, once per process)."""
    digest = hashlib.sha256()
    for pattern in _RELEASE_FILES:
        for path in sorted(_PACKAGE.rglob(pattern)):
            status = path.stat()
            digest.update(
                f"{path.relative_to(_PACKAGE)}:{status.st_size}:{status.st_mtime_ns};".encode()
            )
    return digest.hexdigest()[:16]


def cached_public_page(*, params: frozenset[str] = frozenset()) -> Callable[[View], View]:
    """Cache GET responses whose query parameters are all among `params` (bounded choices)."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            cacheable = (
                request.method == "GET"
                and not request.user.is_authenticated
                and set(request.GET) <= params
            )
            if not cacheable:
                return view(request, *args, **kwargs)
            address = f"{get_language()}|{fragment_cache_key(request)}|"
            address += request.get_full_path()
            digest = hashlib.sha256(address.encode()).hexdigest()
            key = f"baylink:{content_version()}:{release()}:page:{digest}"
            cached = cache.get(key)
            if cached is not None:
                content, content_type = cached
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]), SECONDS)
            return response

        return wrapper

    return decorator
