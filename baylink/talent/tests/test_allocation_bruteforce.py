"""The engine against exhaustive search on many random small instances.

Everything here is recomputed from the raw instance by the documented rules, independently of
the engine's rank tables: which pairs are acceptable, how a placement ranks students, what blocks.
"""

import itertools
import random
from dataclasses import dataclass
from typing import Any

import pytest

from baylink.talent.allocation import allocate, blocking_pairs, parse_instance

INSTANCES = 300


def random_instance(seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    # Half the instances are dense (everyone ranks everyone, few places): that is where several
    # stable matchings exist and student-optimality has something to choose between.
    dense = seed % 2 == 0
    students = [f"s{i}" for i in range(rng.randint(2 if dense else 1, 5))]
    placements: list[str | int] = list(range(rng.randint(2 if dense else 1, 3)))  # integer ids
    data: dict[str, Any] = {
        "students": [
            {
                "id": s,
                "preferences": rng.sample(
                    placements, len(placements) if dense else rng.randint(0, len(placements))
                ),
            }
            for s in students
        ],
        "placements": [],
    }
    for p in placements:
        entry: dict[str, Any] = {
            "id": p,
            "capacity": rng.choice([1, 1, 2] if dense else [0, 1, 1, 2, 2, 3]),
        }
        if dense or rng.random() < 0.7:
            entry["preferences"] = rng.sample(
                students, len(students) if dense else rng.randint(0, len(students))
            )
        data["placements"].append(entry)
    if rng.random() < 0.5:
        data["lottery_seed"] = rng.randint(0, 10**6)
    if rng.random() < 0.3:
        pins: dict[str, Any] = {}
        for s in rng.sample(students, rng.randint(1, len(students))):
            open_places = [
                p["id"]
                for p in data["placements"]
                if p["capacity"] > sum(1 for q in pins.values() if q == p["id"])
            ]
            if open_places:
                pins[s] = rng.choice(open_places)
        data["pins"] = [{"student": s, "placement": p} for s, p in pins.items()]
    if rng.random() < 0.3:
        pinned = {(pin["student"], pin["placement"]) for pin in data.get("pins", [])}
        pairs = [(s, p) for s in students for p in placements if (s, p) not in pinned]
        data["forbids"] = [
            {"student": s, "placement": p}
            for s, p in rng.sample(pairs, min(len(pairs), rng.randint(1, 3)))
        ]
    return data


@dataclass
class Rules:
    """The documented semantics, read straight from the raw instance."""

    data: dict[str, Any]

    def __post_init__(self) -> None:
        self.students = [s["id"] for s in self.data["students"]]
        self.prefs = {s["id"]: s["preferences"] for s in self.data["students"]}
        self.capacity = {p["id"]: p["capacity"] for p in self.data["placements"]}
        tie = list(self.students)
        if "lottery_seed" in self.data:
            random.Random(self.data["lottery_seed"]).shuffle(tie)
        self.host_list = {p["id"]: p.get("preferences", tie) for p in self.data["placements"]}
        self.pins = {pin["student"]: pin["placement"] for pin in self.data.get("pins", [])}
        self.forbidden = {(f["student"], f["placement"]) for f in self.data.get("forbids", [])}

    def acceptable(self, s: Any, p: Any) -> bool:
        return p in self.prefs[s] and s in self.host_list[p] and (s, p) not in self.forbidden

    def seats(self, p: Any) -> int:
        return int(self.capacity[p]) - sum(1 for q in self.pins.values() if q == p)

    def matchings(self) -> list[dict[Any, Any]]:
        free = [s for s in self.students if s not in self.pins]
        options = [[None, *[p for p in self.prefs[s] if self.acceptable(s, p)]] for s in free]
        found = []
        for combination in itertools.product(*options):
            if all(sum(1 for q in combination if q == p) <= self.seats(p) for p in self.capacity):
                found.append({**dict(zip(free, combination, strict=True)), **self.pins})
        return found

    def student_rank(self, s: Any, p: Any) -> int:
        """Lower is better; unmatched is worst."""
        return self.prefs[s].index(p) if p is not None else len(self.prefs[s])

    def blocking(self, matching: dict[Any, Any]) -> int:
        count = 0
        for s in self.students:
            if s in self.pins:
                continue
            for p in self.capacity:
                if not self.acceptable(s, p):
                    continue
                if self.student_rank(s, p) >= self.student_rank(s, matching[s]):
                    continue
                held = [t for t in self.students if matching[t] == p and t not in self.pins]
                order = self.host_list[p]
                if len(held) < self.seats(p) or any(order.index(s) < order.index(t) for t in held):
                    count += 1
        return count

    def welfare(self, matching: dict[Any, Any]) -> tuple[int, int]:
        """(students placed, minus the sum of their ranks): bigger is better."""
        placed = [s for s in self.students if matching[s] is not None]
        ranks = [
            self.prefs[s].index(matching[s]) + 1 for s in placed if matching[s] in self.prefs[s]
        ]
        return len(placed), -sum(ranks)


@pytest.mark.parametrize("seed", range(INSTANCES))
def test_against_exhaustive_search(seed: int) -> None:
    data = random_instance(seed)
    rules = Rules(data)
    instance = parse_instance(data)
    stable = allocate(instance, mode="stable").assignments()
    welfare = allocate(instance, mode="welfare")
    everything = rules.matchings()
    stable_ones = [m for m in everything if rules.blocking(m) == 0]

    assert stable in everything  # capacities, acceptability, pins and forbids respected
    assert stable in stable_ones
    for other in stable_ones:  # student-optimal: no student does better in any stable matching
        for s in rules.students:
            if s in rules.pins:
                continue
            assert rules.student_rank(s, stable[s]) <= rules.student_rank(s, other[s])

    assert welfare.assignments() in everything
    assert rules.welfare(welfare.assignments()) == max(rules.welfare(m) for m in everything)
    assert rules.welfare(welfare.assignments()) >= rules.welfare(stable)
    assert welfare.blocking_pairs == rules.blocking(welfare.assignments())

    # The fast counter agrees with the definition on every feasible matching.
    index = {p: j for j, p in enumerate(instance.placement_ids)}
    for matching in everything:
        assigned = [-1 if matching[s] is None else index[matching[s]] for s in rules.students]
        assert blocking_pairs(instance, assigned) == rules.blocking(matching)


def square_instance(seed: int) -> dict[str, Any]:
    """Everyone ranks everyone, one place each: several stable matchings are common."""
    rng = random.Random(seed)
    size = rng.randint(3, 4)
    students, placements = [f"s{i}" for i in range(size)], [f"p{j}" for j in range(size)]
    return {
        "students": [{"id": s, "preferences": rng.sample(placements, size)} for s in students],
        "placements": [
            {"id": p, "capacity": 1, "preferences": rng.sample(students, size)} for p in placements
        ],
    }


def test_student_optimal_when_several_matchings_are_stable() -> None:
    checked = 0
    for seed in range(5000):
        data = square_instance(seed)
        rules = Rules(data)
        stable_ones = [m for m in rules.matchings() if rules.blocking(m) == 0]
        if len(stable_ones) < 2:
            continue
        ours = allocate(parse_instance(data)).assignments()
        assert ours in stable_ones
        assert all(
            rules.student_rank(s, ours[s]) <= rules.student_rank(s, other[s])
            for other in stable_ones
            for s in rules.students
        )
        # Strictly better for someone than some other stable matching: the choice mattered.
        assert any(
            rules.student_rank(s, ours[s]) < rules.student_rank(s, other[s])
            for other in stable_ones
            for s in rules.students
        )
        checked += 1
        if checked == 100:
            break
    assert checked == 100
