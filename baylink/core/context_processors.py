"""Template context every page needs."""

from typing import Any

from django.core.cache import cache
from django.http import HttpRequest


def _demo_loaded() -> bool:
    from baylink.demo.models import DemoLoad

    loaded = cache.get("baylink:demo-loaded")
    if loaded is None:
        loaded = DemoLoad.objects.exists()
        cache.set("baylink:demo-loaded", loaded, 300)
    return bool(loaded)


def site(request: HttpRequest) -> dict[str, Any]:
    return {"demo_data": _demo_loaded()}
