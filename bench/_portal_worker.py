"""One side of bench/portal.py: build (or reuse) a database at a scale, then time the pages.

Run by bench/portal.py in a fresh process per scale, because Django's settings are per process.
Prints one JSON object on the last line of stdout.
"""

import argparse
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.test import Client

PAGES = {
    "home": "/en/",
    "partner list": "/en/partners/",
    "figures": "/en/figures/",
}
TODAY = date(2026, 11, 25)


def configure(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["BAYLINK_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'baylink.sqlite3'}"
    os.environ["BAYLINK_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baylink.settings")
    import django

    django.setup()


def build(scale: int) -> dict[str, int]:
    from _portal_scale import multiply, row_counts
    from django.core.management import call_command

    from baylink.demo.services import demo_is_loaded, demo_load

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if not demo_is_loaded():
        demo_load(today=TODAY)
        if scale > 1:
            multiply(scale)
    return row_counts()


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(client: "Client", url: str, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def measure(requests: int) -> dict[str, dict[str, float]]:
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    # Signed-in staff are never served cached pages: their timings show the rendering itself
    # (with the computed figures cached, as between writes).
    staff = Client()
    staff.force_login(User.objects.get_or_create(username="bench")[0])
    results: dict[str, dict[str, float]] = {}
    for name, url in PAGES.items():
        cold = []
        for _ in range(3):
            cache.clear()
            started = time.perf_counter()
            assert client.get(url).status_code == 200
            cold.append((time.perf_counter() - started) * 1000)
        for _ in range(3):
            client.get(url)
        warm = timed(client, url, requests)
        rendered = timed(staff, url, requests)
        with CaptureQueriesContext(connection) as queries:
            staff.get(url)
        results[name] = {
            "p50": statistics.median(warm),
            "p95": percentile(warm, 0.95),
            "rendered_p50": statistics.median(rendered),
            "rendered_p95": percentile(rendered, 0.95),
            "cold_median": statistics.median(cold),
            "queries": len(queries.captured_queries),
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=60)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    configure(options.data_dir)
    started = time.perf_counter()
    counts = build(options.scale)
    built = time.perf_counter() - started
    print(
        json.dumps(
            {
                "scale": options.scale,
                "rows": counts,
                "build_seconds": built,
                "pages": measure(options.requests),
            }
        )
    )


if __name__ == "__main__":
    main()
