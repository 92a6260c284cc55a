"""One measurement of bench/workspace.py, in a fresh process (settings and peak memory are per
process). Prints one JSON object on the last line of stdout.

    _workspace_worker.py import organisations|agreements FILE --data-dir D
    _workspace_worker.py api --agreements N --data-dir D [--requests R]
"""

import argparse
import json
import os
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent


def configure(data_dir: Path) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    os.environ["BAYLINK_DATA_DIR"] = str(data_dir)
    os.environ["DATABASE_URL"] = f"sqlite:///{data_dir / 'baylink.sqlite3'}"
    os.environ["BAYLINK_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baylink.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def peak_rss_mb() -> float:
    # Linux reports ru_maxrss in kilobytes.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def home_and_units() -> None:
    """The university and the owner units the agreements workbook names (by code)."""
    from _workspace_data import UNITS

    from baylink.directory.models import Organisation, Unit

    home, _ = Organisation.objects.get_or_create(
        is_home=True,
        defaults={
            "name_en": "The Hong Kong Polytechnic University",
            "name_zh_hant": "香港理工大學",
            "name_zh_hans": "香港理工大学",
        },
    )
    for code, name in UNITS:
        Unit.objects.get_or_create(
            organisation=home, code=code, defaults={"name_en": name, "kind": "department"}
        )


def run_import(kind: str, path: Path) -> dict[str, Any]:
    from baylink.core.tabular import run_import as import_file
    from baylink.core.tabular.registry import KINDS

    home_and_units()
    data = path.read_bytes()
    importer = KINDS[kind].importer_class()(actor=None, source=path.name)
    before = peak_rss_mb()
    started = time.perf_counter()
    preview = import_file(importer, data, filename=path.name)
    seconds = time.perf_counter() - started
    problems = preview.all_problems
    return {
        "kind": kind,
        "rows": len(preview.rows),
        "problems": [str(problem) for problem in problems[:5]],
        "problem_count": len(problems),
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "rss_before_mb": before,
    }


def build_agreements(count: int) -> None:
    """`count` agreements (two or three parties each) straight into the tables, in bulk."""
    import random

    from baylink.agreements.models import Agreement, Party
    from baylink.directory.models import Organisation, Unit

    if Agreement.objects.count() == count:
        return
    rng = random.Random(count)
    home_and_units()
    home = Organisation.objects.get(is_home=True)
    partners = Organisation.objects.bulk_create(
        [
            Organisation(name_en=f"Partner University {n}", search_text=f"partner university {n}")
            for n in range(max(100, count // 50))
        ],
        batch_size=2000,
    )
    units = list(Unit.objects.all())
    statuses = ["draft", "signed", "active", "active", "expiring", "expired"]
    for start in range(0, count, 5000):
        batch = []
        for number in range(start, min(count, start + 5000)):
            begins = date(2010, 1, 1) + timedelta(days=rng.randrange(5000))
            status = statuses[number % len(statuses)]
            batch.append(
                Agreement(
                    reference=f"API-{number:07d}",
                    kind="mou",
                    status=status,
                    title_en=f"Memorandum {number}",
                    signed_on=None if status == "draft" else begins,
                    starts_on=begins,
                    ends_on=begins + timedelta(days=1825),
                    owner_unit=units[number % len(units)],
                    search_text=f"api-{number:07d} memorandum {number}",
                )
            )
        created = Agreement.objects.bulk_create(batch)
        Party.objects.bulk_create(
            [
                party
                for agreement in created
                for party in (
                    Party(agreement=agreement, organisation=home, role="home", position=0),
                    Party(agreement=agreement, organisation=rng.choice(partners), position=1),
                )
            ]
        )


# Indexes the agreement list's default sort and its usual narrowings could use (not in the
# schema yet): SQLite sorts DESC with NULLs last, as the filter set asks; PostgreSQL would need
# "signed_on DESC NULLS LAST" spelled out.
PROPOSED_INDEXES = {
    "bench_agreement_recent": '("signed_on" DESC, "id" DESC)',
    "bench_agreement_unit_recent": '("owner_unit_id", "signed_on" DESC, "id" DESC)',
    "bench_agreement_status_recent": '("status", "signed_on" DESC, "id" DESC)',
}


def add_proposed_indexes() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for name, columns in PROPOSED_INDEXES.items():
            cursor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON agreements_agreement {columns}")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_api(requests: int) -> dict[str, dict[str, float]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from baylink.accounts.models import Role
    from baylink.accounts.services import api_token_create, staff_user_create
    from baylink.directory.models import Unit

    def token_for(role: str) -> str:
        username = f"bench-{role}"
        from django.contrib.auth.models import User

        user = User.objects.filter(username=username).first() or staff_user_create(
            username=username,
            email=f"{username}@example.edu.hk",
            password="a-long-bench-password-1",
            role=role,
            unit=Unit.objects.get(code="COMP") if role == Role.UNIT_COORDINATOR else None,
        )
        return api_token_create(user=user, name="bench")[1]

    cases = {
        "officer, default list": (Role.PARTNERSHIP_OFFICER, "/api/agreements"),
        "officer, status filter": (Role.PARTNERSHIP_OFFICER, "/api/agreements?status=active"),
        "coordinator, own unit": (Role.UNIT_COORDINATOR, "/api/agreements"),
        "officer, page 20": (Role.PARTNERSHIP_OFFICER, "/api/agreements?page=20"),
    }
    client = Client()
    results: dict[str, dict[str, float]] = {}
    for name, (role, url) in cases.items():
        headers = {"Authorization": f"Bearer {token_for(role)}"}
        for _ in range(10):
            assert client.get(url, headers=headers).status_code == 200
        samples = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url, headers=headers)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get(url, headers=headers)
        results[name] = {
            "p50": statistics.median(samples),
            "p95": percentile(samples, 0.95),
            "queries": len(queries.captured_queries),
            "count": response.json()["count"],
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["import", "api"])
    parser.add_argument("kind", nargs="?")
    parser.add_argument("file", nargs="?", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--agreements", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--proposed-indexes", action="store_true")
    options = parser.parse_args()
    sys.path.insert(0, str(BENCH))
    sys.path.insert(0, str(BENCH.parent))
    configure(options.data_dir)
    if options.what == "import":
        result = run_import(options.kind, options.file)
    else:
        started = time.perf_counter()
        build_agreements(options.agreements)
        if options.proposed_indexes:
            add_proposed_indexes()
        built = time.perf_counter() - started
        result = {
            "agreements": options.agreements,
            "build_seconds": built,
            "cases": time_api(options.requests),
        }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
