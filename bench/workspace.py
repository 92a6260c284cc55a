"""Staff workspace at scale: 50,000-row imports, and the agreements API at 1,000 vs 100,000 rows.

    .venv/bin/python bench/workspace.py [--rows 50000] [--small 1000] [--large 100000]
                                        [--requests 200] [--fresh]

1. Generates (deterministically, see bench/_workspace_data.py; kept under bench/out/workspace/
   for later runs) an XLSX of `--rows` organisations and one of `--rows` agreements whose
   partners are those organisations, then imports each with `baylink import`'s importer into a
   fresh SQLite database, each import in its own process: wall time, and the process's peak
   resident memory (ru_maxrss, Django and the database driver included).
2. Builds two SQLite databases (bulk_create) with `--small` and `--large` agreements, two
   parties each, and times GET /api/agreements in-process (Django's test client, with a
   partnership officer's API token: server time, no network), p50/p95 over `--requests` calls,
   plus the number of SQL queries of one call. Then again with three indexes the schema does
   not have yet (see PROPOSED_INDEXES in bench/_workspace_worker.py), on copies of the databases.

Targets: each import ≤ 60 s and ≤ 500 MB; API list p95 at `--large` ≤ 2 × p95 at `--small`.
"""

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "workspace"
WORKER = ROOT / "bench" / "_workspace_worker.py"
IMPORT_SECONDS, IMPORT_MB, P95_RATIO = 60.0, 500.0, 2.0


def worker(*arguments: str) -> dict[str, Any]:
    process = subprocess.run(
        [sys.executable, str(WORKER), *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if process.returncode:
        sys.exit(f"bench worker {' '.join(arguments)} failed:\n{process.stderr[-3000:]}")
    return dict(json.loads(process.stdout.strip().splitlines()[-1]))


def verdict(ok: bool) -> str:
    return "ok" if ok else "ABOVE TARGET"


def imports(rows: int) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from _workspace_data import (
        AGREEMENT_COLUMNS,
        ORGANISATION_COLUMNS,
        agreement_rows,
        organisation_rows,
        write_workbook,
    )

    organisations = write_workbook(
        OUT / f"organisations-{rows}.xlsx", ORGANISATION_COLUMNS, organisation_rows(rows)
    )
    agreements = write_workbook(
        OUT / f"agreements-{rows}.xlsx", AGREEMENT_COLUMNS, agreement_rows(rows, rows)
    )
    database = OUT / f"import-{rows}"
    shutil.rmtree(database, ignore_errors=True)  # each run imports into an empty directory
    print(f"Imports into a fresh SQLite database ({rows:,} rows each, .xlsx):")
    print(f"{'file':<16}{'rows':>8}{'seconds':>9}{'rows/s':>9}{'peak MB':>9}{'MB before':>11}")
    for kind, path in (("organisations", organisations), ("agreements", agreements)):
        result = worker("import", kind, str(path), "--data-dir", str(database))
        if result["problem_count"]:
            sys.exit(f"the {kind} import reported problems: {result['problems']}")
        seconds, peak = result["seconds"], result["peak_rss_mb"]
        print(
            f"{kind:<16}{result['rows']:>8,}{seconds:>9.1f}{result['rows'] / seconds:>9,.0f}"
            f"{peak:>9.0f}{result['rss_before_mb']:>11.0f}"
        )
        print(
            f"  {kind}: {seconds:.1f} s (target <= {IMPORT_SECONDS:.0f} s) "
            f"{verdict(seconds <= IMPORT_SECONDS)}; peak {peak:.0f} MB "
            f"(target <= {IMPORT_MB:.0f} MB) {verdict(peak <= IMPORT_MB)}"
        )


def api(small: int, large: int, requests: int, fresh: bool, indexed: bool) -> None:
    results = {}
    for count in (small, large):
        directory = OUT / f"api-{count}"
        if fresh:
            shutil.rmtree(directory, ignore_errors=True)
        arguments = ["--agreements", str(count), "--requests", str(requests)]
        results[count] = worker("api", *arguments, "--data-dir", str(directory))
        if indexed:
            # The same rows plus the proposed indexes, in a copy.
            copy = OUT / f"api-{count}-indexed"
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(directory, copy, ignore=shutil.ignore_patterns("static", "cache"))
            results[-count] = worker(
                "api", *arguments, "--proposed-indexes", "--data-dir", str(copy)
            )
    report(results, small, large, requests, "as the schema stands")
    if indexed:
        indexes = {count: results[-count] for count in (small, large)}
        report(indexes, small, large, requests, "with the proposed indexes")


def report(
    results: dict[int, dict[str, Any]], small: int, large: int, requests: int, label: str
) -> None:
    print()
    print(f"GET /api/agreements {label}, {requests} calls each, ms (server time, in-process):")
    print(f"{'case':<26}{'rows':>9}{'p50':>8}{'p95':>8}{'queries':>9}{'count':>9}")
    cases = list(results[small]["cases"])
    for case in cases:
        for count in (small, large):
            row = results[count]["cases"][case]
            print(
                f"{case:<26}{count:>9,}{row['p50']:>8.1f}{row['p95']:>8.1f}"
                f"{row['queries']:>9}{row['count']:>9,}"
            )
    print()
    for case in cases:
        ratio = results[large]["cases"][case]["p95"] / results[small]["cases"][case]["p95"]
        target = f" (target <= {P95_RATIO:.0f}) {verdict(ratio <= P95_RATIO)}"
        print(f"p95 ratio {large:,} / {small:,}, {case}: {ratio:.2f}{target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--fresh", action="store_true", help="rebuild the API databases")
    parser.add_argument("--skip-imports", action="store_true")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument(
        "--no-proposed-indexes",
        action="store_true",
        help="do not also measure with the agreement indexes proposed for the list's sorts",
    )
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    if not options.skip_imports:
        imports(options.rows)
    if not options.skip_api:
        api(
            options.small,
            options.large,
            options.requests,
            options.fresh,
            indexed=not options.no_proposed_indexes,
        )


if __name__ == "__main__":
    main()
