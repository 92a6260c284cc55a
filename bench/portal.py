"""Portal page speed at demo size and at 100x the demo volume, measured in the same run.

    .venv/bin/python bench/portal.py [--scale 100] [--requests 60] [--keep]

For each scale a fresh process builds a SQLite database (the demo data; at scale N, N copies of
every generated record with new ids and new partner organisations; cached under bench/out/ for
later runs), then times the home, partner list and figures pages in-process (Django's test
client: server time, no network) and counts their SQL queries. "warm" is the steady state (the
computed figures in the cache); "cold" is the first request after the cache is emptied, as after
a write. Targets: warm p95 at 100x <= 1.5x warm p95 at demo size; home p95 <= 50 ms at 100x.
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "portal"


def run(scale: int, requests: int) -> dict[str, object]:
    from baylink.demo import DATASET_VERSION

    data_dir = OUT / f"{DATASET_VERSION}-x{scale}"
    process = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "_portal_worker.py"),
            "--scale",
            str(scale),
            "--data-dir",
            str(data_dir),
            "--requests",
            str(requests),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if process.returncode:
        sys.exit(f"The {scale}x run failed:\n{process.stderr}")
    return dict(json.loads(process.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--requests", type=int, default=60)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    small, large = run(1, options.requests), run(options.scale, options.requests)
    print(f"Rows at demo size: {small['rows']}")
    print(
        f"Rows at {options.scale}x:      {large['rows']} (built in {large['build_seconds']:.0f} s)"
    )
    print()
    header = (
        f"{'page':<14}{'size':>6}{'p50':>8}{'p95':>8}{'staff p50':>11}{'staff p95':>11}"
        f"{'cold':>9}{'queries':>9}"
    )
    print("Times in ms. p50/p95: anonymous readers; staff: page rendered each time (cached")
    print("figures); cold: first request after the cache is emptied; queries: a rendered page.")
    print(header)
    ratios = {}
    for page in small["pages"]:  # type: ignore[attr-defined]
        for label, result in (("1x", small), (f"{options.scale}x", large)):
            row = result["pages"][page]  # type: ignore[index]
            print(
                f"{page:<14}{label:>6}{row['p50']:>8.1f}{row['p95']:>8.1f}"
                f"{row['rendered_p50']:>11.1f}{row['rendered_p95']:>11.1f}"
                f"{row['cold_median']:>9.0f}{row['queries']:>9}"
            )
        for kind in ("p95", "rendered_p95"):
            ratios[(page, kind)] = (
                large["pages"][page][kind] / small["pages"][page][kind]  # type: ignore[index]
            )
    print()
    for (page, kind), ratio in ratios.items():
        verdict = "ok" if ratio <= 1.5 else "ABOVE TARGET"
        who = "anonymous" if kind == "p95" else "staff (rendered)"
        print(
            f"p95 ratio {options.scale}x / 1x, {page}, {who}: {ratio:.2f} (target <= 1.5) {verdict}"
        )
    for kind, who in (("p95", "anonymous"), ("rendered_p95", "staff (rendered)")):
        home_p95 = large["pages"]["home"][kind]  # type: ignore[index]
        verdict = "ok" if home_p95 <= 50 else "ABOVE TARGET"
        print(f"home p95 at {options.scale}x, {who}: {home_p95:.1f} ms (target <= 50 ms) {verdict}")


if __name__ == "__main__":
    main()
