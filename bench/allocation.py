"""Placement allocation at scale: our engine against the PyPI `matching` library and SciPy HiGHS.

    .venv/bin/python bench/allocation.py [--students 20000] [--placements 2000] [--choices 10]
                                         [--runs 5] [--seed 2026] [--baseline-timeout 60]

Instance generator (`generate_instance`, deterministic for a seed):
- Hosts and popularity: placements belong to hosts (four placements per host on average); each
  host has a popularity weight drawn from a log-normal distribution (sigma 1.0, so a few hosts are
  very popular), and each placement multiplies its host's weight by its own log-normal factor
  (sigma 0.3). Each host is in one region: gba 40 %, local 45 %, overseas 15 %.
- Students' preferences: every student ranks `choices` distinct placements, drawn one after the
  other with probability proportional to popularity among those not yet drawn (Plackett-Luce,
  sampled with the Gumbel-top-k trick), so popular placements are applied to often and ranked high.
- Placements' preferences: a common score per student (standard normal, a grade) plus each
  placement's own noise (normal, sigma 0.5); a placement ranks its applicants by that perceived
  score and does not accept those below its own cut-off (uniform in [-2.5, -1.0], about 5 % of
  applicants), so some pairs are unacceptable.
- Capacities: one place each plus the remaining `students - placements` places spread by a
  multinomial over log-normal (sigma 0.5) shares: the places sum to exactly the number of students.

Measured in one run: stable mode (median of `--runs`; validation + compilation of the instance,
deferred acceptance, blocking-pair count, statistics) with 0 blocking pairs checked; the `matching`
library's HospitalResident (resident-optimal) in a subprocess with a time limit, at the full size or
the largest of 1/32, 1/16, ... of it that finishes, reported as a ratio to our time at that size,
with assignments compared for equality; welfare mode (min-cost flow) time and objective checked
against an independent LP solved by SciPy's HiGHS (two stages: maximum number placed, then minimum
rank sum at that number; the constraint matrix is totally unimodular, so the LP optimum is
integral). Times are medians of wall-clock and CPU time (CPU time is what other work on a busy
machine cannot inflate, so ratios use it). Targets: stable ≤ 1 s (wall and CPU) at
20,000 × 2,000 × 10, 0 blocking pairs, welfare objective equal to HiGHS's. The library's time limit
is wall-clock. Outputs: bench/out/allocation/ (the instance and a results JSON).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "allocation"
sys.path.insert(0, str(ROOT))

from baylink.talent.allocation import (  # noqa: E402 - the checkout must be importable first
    Instance,
    allocate,
    blocking_pairs,
    deferred_acceptance,
    parse_instance,
    welfare_assignment,
)
from baylink.talent.allocation.evaluate import allocation_stats  # noqa: E402 - same reason

REGION_SHARES = {"gba": 0.40, "local": 0.45, "overseas": 0.15}


def generate_instance(*, students: int, placements: int, choices: int, seed: int) -> dict[str, Any]:
    """A correlated instance with popular hosts (see the module docstring)."""
    rng = np.random.default_rng(seed)
    hosts = max(1, placements // 4)
    host_weight = rng.lognormal(0.0, 1.0, hosts)
    host_region = rng.choice(list(REGION_SHARES), size=hosts, p=list(REGION_SHARES.values()))
    host_of = rng.integers(0, hosts, placements)
    log_weight = np.log(host_weight[host_of] * rng.lognormal(0.0, 0.3, placements))
    shares = rng.lognormal(0.0, 0.5, placements)
    capacity = 1 + rng.multinomial(max(0, students - placements), shares / shares.sum())
    grade = rng.standard_normal(students)
    cutoff = rng.uniform(-2.5, -1.0, placements)

    picks = np.empty((students, choices), dtype=np.int64)
    chunk = 2000  # bounds the (chunk x placements) Gumbel matrix
    for start in range(0, students, chunk):
        keys = log_weight + rng.gumbel(size=(min(chunk, students - start), placements))
        top = np.argpartition(-keys, choices - 1, axis=1)[:, :choices]
        order = np.argsort(-np.take_along_axis(keys, top, axis=1), axis=1)
        picks[start : start + len(keys)] = np.take_along_axis(top, order, axis=1)

    student_ids = [f"s{number:06d}" for number in range(students)]
    placement_ids = [f"p{number:05d}" for number in range(placements)]
    applicant, placement = np.repeat(np.arange(students), choices), picks.ravel()
    perceived = grade[applicant] + rng.normal(0.0, 0.5, applicant.size)
    keep = perceived >= cutoff[placement]
    # Sort by placement, then by perceived score (best first), to cut each host's list out.
    order = np.lexsort((-perceived[keep], placement[keep]))
    ranked_students, ranked_placements = applicant[keep][order], placement[keep][order]
    bounds = np.searchsorted(ranked_placements, np.arange(placements + 1))
    return {
        "students": [
            {"id": student_ids[s], "preferences": [placement_ids[p] for p in picks[s].tolist()]}
            for s in range(students)
        ],
        "placements": [
            {
                "id": placement_ids[p],
                "capacity": int(capacity[p]),
                "region": str(host_region[host_of[p]]),
                "preferences": [
                    student_ids[s] for s in ranked_students[bounds[p] : bounds[p + 1]].tolist()
                ],
            }
            for p in range(placements)
        ],
    }


class Timing(NamedTuple):
    """Median wall-clock and CPU seconds: CPU time is what other processes on a busy machine
    cannot inflate, so ratios use it; the target is checked on both."""

    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall * 1000:.0f} ms (CPU {self.cpu * 1000:.0f})"


def median_time(action: Callable[[], object], runs: int) -> tuple[Timing, object]:
    walls, cpus, result = [], [], None
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        result = action()
        cpus.append(time.process_time() - cpu_started)
        walls.append(time.perf_counter() - started)
    return Timing(statistics.median(walls), statistics.median(cpus)), result


def ours_stable(data: dict[str, Any], runs: int) -> dict[str, Any]:
    parse, instance = median_time(lambda: parse_instance(data), runs)
    assert isinstance(instance, Instance)
    solve, assigned = median_time(lambda: deferred_acceptance(instance), runs)
    assert isinstance(assigned, list)
    count, blocking = median_time(lambda: blocking_pairs(instance, assigned), runs)
    stats, _ = median_time(lambda: allocation_stats(instance, assigned), runs)
    total, _ = median_time(lambda: allocate(parse_instance(data)), runs)
    return {
        "instance": instance,
        "assigned": assigned,
        "parse": parse,
        "solve": solve,
        "blocking_count": count,
        "stats": stats,
        "total": total,
        "blocking_pairs": blocking,
    }


def library_input(instance: Instance) -> dict[str, Any]:
    """The same instance for `matching`: mutually acceptable pairs only, as its HR game requires."""
    residents: dict[str, list[str]] = {}
    applicants: list[set[int]] = [set() for _ in instance.placement_ids]
    for student, (listed, ranks) in enumerate(
        zip(instance.choices, instance.host_ranks, strict=True)
    ):
        # It cannot take closed hospitals (capacity 0) nor residents with an empty list.
        acceptable = [
            p
            for p, rank in zip(listed, ranks, strict=True)
            if rank >= 0 and instance.capacities[p] > 0
        ]
        if acceptable:
            residents[str(instance.student_ids[student])] = [
                str(instance.placement_ids[p]) for p in acceptable
            ]
            for p in acceptable:
                applicants[p].add(student)
    hospitals = {
        str(instance.placement_ids[p]): [
            str(instance.student_ids[s]) for s in instance.host_orders[p] if s in applicants[p]
        ]
        for p in range(len(instance.placement_ids))
        if instance.capacities[p] > 0
    }
    capacities = {
        str(identifier): capacity
        for identifier, capacity in zip(instance.placement_ids, instance.capacities, strict=True)
        if capacity > 0
    }
    return {"residents": residents, "hospitals": hospitals, "capacities": capacities}


def library_worker(path: str) -> None:
    """Run inside the subprocess, on a deep stack: the library deep-copies its linked players
    recursively, which exceeds Python's default recursion limit beyond a few hundred students."""
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(1 << 30)
    thread = threading.Thread(target=_library_run, args=(path,))
    thread.start()
    thread.join()


def _library_run(path: str) -> None:
    """Time the library and print its assignments as JSON."""
    from matching.games import HospitalResident

    game_input = json.loads(Path(path).read_text(encoding="utf-8"))
    warnings.simplefilter("ignore")  # it warns about hospitals nobody applied to
    started, cpu_started = time.perf_counter(), time.process_time()
    game = HospitalResident.create_from_dictionaries(
        game_input["residents"], game_input["hospitals"], game_input["capacities"]
    )
    built, cpu_built = time.perf_counter(), time.process_time()
    matching = game.solve(optimal="resident")
    solved, cpu_solved = time.perf_counter(), time.process_time()
    assignments = {
        resident.name: hospital.name
        for hospital, matched in matching.items()
        for resident in matched
    }
    result = {
        "build": [built - started, cpu_built - cpu_started],
        "solve": [solved - built, cpu_solved - cpu_built],
        "assignments": assignments,
    }
    print(json.dumps(result))


def run_library(instance: Instance, timeout: float) -> dict[str, Any] | None:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as file:
        json.dump(library_input(instance), file)
    try:
        process = subprocess.run(
            [sys.executable, __file__, "--library-worker", file.name],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as failure:
        sys.exit(f"The matching library failed:\n{failure.stderr[-2000:]}")
    finally:
        Path(file.name).unlink()
    return dict(json.loads(process.stdout.strip().splitlines()[-1]))


def scipy_objective(instance: Instance) -> tuple[int, int]:
    """(students placed, rank sum) from two LPs solved by HiGHS, independent of OR-Tools."""
    from scipy.optimize import linprog
    from scipy.sparse import csr_array

    seats = instance.seats
    rows: list[tuple[int, int]] = []
    columns: list[int] = []
    costs: list[int] = []
    pinned = 0
    for student, (listed, ranks) in enumerate(
        zip(instance.choices, instance.host_ranks, strict=True)
    ):
        if student in instance.pins:
            pinned += 1
            continue
        for position, (placement, rank) in enumerate(zip(listed, ranks, strict=True)):
            if rank >= 0:
                rows.append((student, placement))
                columns.append(len(columns))
                costs.append(position + 1)
    if not rows:
        return 0, 0
    students, placements = len(instance.choices), len(seats)
    variables = len(rows)
    row_index = [s for s, _ in rows] + [students + p for _, p in rows]
    matrix = csr_array(
        (np.ones(2 * variables), (row_index, columns + columns)),
        shape=(students + placements, variables),
    )
    bounds_upper = np.concatenate([np.ones(students), np.array(seats, dtype=float)])
    most = linprog(
        -np.ones(variables), A_ub=matrix, b_ub=bounds_upper, bounds=(0, 1), method="highs"
    )
    placed = round(-most.fun)
    least = linprog(
        np.array(costs, dtype=float),
        A_ub=matrix,
        b_ub=bounds_upper,
        A_eq=np.ones((1, variables)),
        b_eq=[placed],
        bounds=(0, 1),
        method="highs",
    )
    pinned_ranks = sum(
        instance.choices[s].index(p) + 1
        for s, p in instance.pins.items()
        if p in instance.choices[s]
    )
    return placed + pinned, round(least.fun) + pinned_ranks


def scaled(options: argparse.Namespace, fraction: int) -> dict[str, Any]:
    return generate_instance(
        students=options.students // fraction,
        placements=max(options.choices, options.placements // fraction),
        choices=options.choices,
        seed=options.seed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=20_000)
    parser.add_argument("--placements", type=int, default=2_000)
    parser.add_argument("--choices", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--baseline-timeout", type=float, default=60.0)
    parser.add_argument("--library-worker", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.library_worker:
        library_worker(options.library_worker)
        return
    OUT.mkdir(parents=True, exist_ok=True)
    size = f"{options.students:,} students × {options.placements:,} placements × {options.choices}"

    started = time.perf_counter()
    data = scaled(options, 1)
    generated = time.perf_counter() - started
    instance_path = OUT / f"instance-{options.students}x{options.placements}x{options.choices}.json"
    instance_path.write_text(json.dumps(data), encoding="utf-8")
    print(
        f"Instance: {size} (seed {options.seed}), generated in {generated:.1f} s → {instance_path}"
    )

    ours = ours_stable(data, options.runs)
    instance: Instance = ours["instance"]
    text = instance_path.read_text(encoding="utf-8")
    round_trip, _ = median_time(
        lambda: json.dumps(allocate(parse_instance(json.loads(text))).as_json()), options.runs
    )
    library = compare_with_library(options, data, ours)
    welfare_time, welfare = median_time(
        lambda: welfare_assignment(instance), max(1, options.runs // 2)
    )
    assert isinstance(welfare, list)
    welfare_stats = allocation_stats(instance, welfare)
    welfare_blocking = blocking_pairs(instance, welfare)
    started = time.perf_counter()
    placed, rank_sum = scipy_objective(instance)
    scipy_time = time.perf_counter() - started
    welfare_equal = (placed, rank_sum) == (welfare_stats["matched"], welfare_stats["rank_sum"])
    stable_stats = allocation_stats(instance, ours["assigned"])

    total: Timing = ours["total"]
    within = total.wall <= 1.0 and total.cpu <= 1.0
    rows = [
        ("stable: validate + compile instance", str(ours["parse"]), ""),
        ("stable: deferred acceptance", str(ours["solve"]), ""),
        ("stable: blocking-pair count", str(ours["blocking_count"]), ""),
        ("stable: statistics", str(ours["stats"]), ""),
        (
            "stable: allocate(parse_instance(data))",
            str(total),
            "PASS (<= 1 s)" if within else "FAIL (> 1 s)",
        ),
        ("stable: JSON text in -> JSON text out", str(round_trip), "the command minus start-up"),
        (
            "stable: blocking pairs",
            str(ours["blocking_pairs"]),
            "PASS" if ours["blocking_pairs"] == 0 else "FAIL",
        ),
        (
            "stable: placed / rank sum",
            f"{stable_stats['matched']:,} / {stable_stats['rank_sum']:,}",
            f"mean rank {stable_stats['mean_rank']}",
        ),
    ]
    if library:
        theirs = Timing(*(a + b for a, b in zip(library["build"], library["solve"], strict=True)))
        mine: Timing = library["ours_total"]
        rows += [
            (
                f"matching 1.4.3 at 1/{library['fraction']} ({library['students']:,} students)",
                str(theirs),
                f"build {library['build'][1]:.1f} s + solve {library['solve'][1]:.1f} s CPU",
            ),
            (
                "  ours at that size, end to end",
                str(mine),
                f"CPU ratio {theirs.cpu / mine.cpu:.0f}x",
            ),
            (
                "  ours at that size, DA only",
                str(library["ours_solve"]),
                f"CPU ratio to its solve {library['solve'][1] / library['ours_solve'].cpu:.0f}x",
            ),
            (
                "  same assignments as matching",
                str(library["equal"]),
                "PASS" if library["equal"] else "FAIL",
            ),
        ]
    rows += [
        ("welfare: min-cost flow (OR-Tools)", str(welfare_time), ""),
        (
            "welfare: placed / rank sum",
            f"{welfare_stats['matched']:,} / {welfare_stats['rank_sum']:,}",
            f"mean rank {welfare_stats['mean_rank']}",
        ),
        (
            "welfare: SciPy HiGHS LP placed / rank sum",
            f"{placed:,} / {rank_sum:,}",
            f"{scipy_time:.1f} s",
        ),
        ("welfare objective equals HiGHS", str(welfare_equal), "PASS" if welfare_equal else "FAIL"),
        ("welfare: blocking pairs it costs", f"{welfare_blocking:,}", ""),
    ]
    width = max(len(row[0]) for row in rows)
    print()
    print(f"{size}; medians of {options.runs} runs; load average {os.getloadavg()[0]:.1f}")
    for label, value, note in rows:
        print(f"{label:<{width}}  {value:>22}  {note}")
    results = {
        "size": {
            "students": options.students,
            "placements": options.placements,
            "choices": options.choices,
        },
        "seed": options.seed,
        "stable": {
            key: ours[key]._asdict() if isinstance(ours[key], Timing) else ours[key]
            for key in ("parse", "solve", "blocking_count", "stats", "total", "blocking_pairs")
        },
        "stable_json_round_trip": round_trip._asdict(),
        "stable_stats": stable_stats,
        "library": library
        and {
            key: value._asdict() if isinstance(value, Timing) else value
            for key, value in library.items()
        },
        "welfare": {
            "time": welfare_time._asdict(),
            "stats": welfare_stats,
            "blocking_pairs": welfare_blocking,
            "scipy": {"placed": placed, "rank_sum": rank_sum, "seconds": scipy_time},
            "equal": welfare_equal,
        },
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\nResults -> {OUT / 'results.json'}")


def compare_with_library(
    options: argparse.Namespace, data: dict[str, Any], ours: dict[str, Any]
) -> dict[str, Any] | None:
    """The largest of 1/32, 1/16 ... full size the library finishes in time (smallest first)."""
    library: dict[str, Any] | None = None
    for fraction in (32, 16, 8, 4, 2, 1):
        part = data if fraction == 1 else scaled(options, fraction)
        part_instance = parse_instance(part)
        result = run_library(part_instance, options.baseline_timeout)
        if result is None:
            limit = options.baseline_timeout
            print(f"matching library: 1/{fraction} size did not finish in {limit:.0f} s")
            break
        ours_part = ours if fraction == 1 else ours_stable(part, options.runs)
        mine = allocate(part_instance).assignments()
        equal = all(result["assignments"].get(str(s)) == p for s, p in mine.items())
        library = {
            "fraction": fraction,
            "students": len(part_instance.student_ids),
            "placements": len(part_instance.placement_ids),
            "build": result["build"],
            "solve": result["solve"],
            "ours_total": ours_part["total"],
            "ours_solve": ours_part["solve"],
            "equal": equal,
        }
        print(
            f"matching library: 1/{fraction} size ({library['students']:,} students) in "
            f"{result['build'][0] + result['solve'][0]:.2f} s, same assignments: {equal}"
        )
    return library


if __name__ == "__main__":
    main()
