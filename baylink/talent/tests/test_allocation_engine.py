"""Deferred acceptance and welfare mode on hand-checked cases and against independent solvers."""

import random
import warnings
from typing import Any

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from baylink.talent.allocation import Instance, allocate, parse_instance


def students(**preferences: list[Any]) -> list[dict[str, Any]]:
    return [{"id": s, "preferences": listed} for s, listed in preferences.items()]


def placement(identifier: Any, capacity: int, ranking: list[Any] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": identifier, "capacity": capacity}
    if ranking is not None:
        entry["preferences"] = ranking
    return entry


def stable(data: dict[str, Any]) -> dict[Any, Any]:
    return allocate(parse_instance(data)).assignments()


def test_gale_shapley_cycle_gives_every_student_their_first_choice() -> None:
    # Three stable matchings exist; the student-optimal one gives each student their first choice,
    # the placement-optimal one would give each their last.
    data = {
        "students": students(m1=["w1", "w2", "w3"], m2=["w2", "w3", "w1"], m3=["w3", "w1", "w2"]),
        "placements": [
            placement("w1", 1, ["m2", "m3", "m1"]),
            placement("w2", 1, ["m3", "m1", "m2"]),
            placement("w3", 1, ["m1", "m2", "m3"]),
        ],
    }
    assert stable(data) == {"m1": "w1", "m2": "w2", "m3": "w3"}


def test_capacities_with_rejection_chains() -> None:
    # By hand: a, b, c propose to X (2 places) which keeps c, b; a goes to Y, displacing d;
    # d goes to X, displacing b; b goes to Y, displacing a, who has nowhere left.
    data = {
        "students": students(a=["X", "Y"], b=["X", "Y"], c=["X"], d=["Y", "X"]),
        "placements": [placement("X", 2, ["d", "c", "b", "a"]), placement("Y", 1, ["b", "a", "d"])],
    }
    allocation = allocate(parse_instance(data))
    assert allocation.assignments() == {"a": None, "b": "Y", "c": "X", "d": "X"}
    assert allocation.blocking_pairs == 0
    assert allocation.stats["rank_profile"] == {"1": 1, "2": 2}
    assert allocation.stats["unfilled_places"] == 0


def test_a_student_off_a_placements_list_is_unacceptable_to_it() -> None:
    data = {
        "students": students(a=["X", "Y"], b=["X"]),
        "placements": [placement("X", 5, ["b"]), placement("Y", 1, [])],
    }
    assert stable(data) == {"a": None, "b": "X"}


def test_placements_without_a_list_prefer_students_in_instance_order() -> None:
    data = {
        "students": students(c=["X"], a=["X"], b=["X"]),
        "placements": [placement("X", 2)],
    }
    assert stable(data) == {"c": "X", "a": "X", "b": None}


def test_a_lottery_seed_breaks_ties_by_shuffling_the_students() -> None:
    names = [f"s{i}" for i in range(20)]
    data = {
        "students": [{"id": s, "preferences": ["X"]} for s in names],
        "placements": [placement("X", 3)],
        "lottery_seed": 7,
    }
    order = list(names)
    random.Random(7).shuffle(order)  # the documented rule
    winners = {s for s, p in stable(data).items() if p == "X"}
    assert winners == set(order[:3])
    assert stable(data) == stable(data)  # the same seed, the same draw
    assert stable({**data, "lottery_seed": 8}) != stable(data)


def test_ids_come_back_as_given_in_student_order() -> None:
    data = {
        "students": [{"id": 10, "preferences": ["p", 7]}, {"id": "x", "preferences": [7]}],
        "placements": [placement("p", 1, ["x"]), placement(7, 2)],
    }
    allocation = allocate(parse_instance(data))
    assert list(allocation.assignments().items()) == [(10, 7), ("x", 7)]
    assert allocation.as_json()["assignments"] == {"10": 7, "x": 7}


def test_capacity_zero_takes_nobody() -> None:
    data = {"students": students(a=["X"]), "placements": [placement("X", 0)]}
    allocation = allocate(parse_instance(data))
    assert allocation.assignments() == {"a": None}
    assert allocation.blocking_pairs == 0


def test_pins_and_forbids_are_honoured_in_both_modes() -> None:
    data = {
        "students": students(a=["X", "Y"], b=["X", "Y"], c=["X", "Y"], d=[]),
        "placements": [placement("X", 2, ["a", "b", "c", "d"]), placement("Y", 2)],
        "pins": [{"student": "d", "placement": "X"}],  # d did not even apply: an officer's call
        "forbids": [{"student": "a", "placement": "X"}],
    }
    for mode in ("stable", "welfare"):
        allocation = allocate(parse_instance(data), mode=mode)
        assignments = allocation.assignments()
        assert assignments["d"] == "X"
        assert assignments["a"] != "X"
        assert sum(1 for p in assignments.values() if p == "X") <= 2
        assert allocation.stats["pinned"] == 1
        assert allocation.stats["unlisted"] == 1
    assert stable(data) == {"a": "Y", "b": "X", "c": "Y", "d": "X"}


def test_welfare_trades_stability_for_placing_more_students() -> None:
    # Stable: a takes X (X prefers a), so b, who only wants X, is unplaced. Welfare moves a to Y.
    data = {
        "students": students(a=["X", "Y"], b=["X"]),
        "placements": [placement("X", 1, ["a", "b"]), placement("Y", 1)],
    }
    assert stable(data) == {"a": "X", "b": None}
    welfare = allocate(parse_instance(data), mode="welfare")
    assert welfare.assignments() == {"a": "Y", "b": "X"}
    assert welfare.blocking_pairs == 1  # (a, X)
    assert welfare.stats["matched"] == 2
    assert welfare.stats["rank_sum"] == 3


def test_stats_break_down_by_region() -> None:
    data = {
        "students": students(a=["G"], b=["G", "L"], c=["O"], d=["L"], e=[]),
        "placements": [
            {"id": "G", "capacity": 1, "region": "gba", "preferences": ["a", "b"]},
            {"id": "L", "capacity": 2, "region": "local"},
            {"id": "O", "capacity": 1, "region": "overseas"},
            {"id": "U", "capacity": 3},
        ],
    }
    stats = allocate(parse_instance(data)).stats
    assert stats["matched"] == 4
    assert stats["match_rate"] == 0.8
    assert stats["places"] == 7
    assert stats["rank_profile"] == {"1": 3, "2": 1}
    assert stats["mean_rank"] == 1.25
    assert stats["by_region"] == {
        "gba": {
            "placements": 1, "places": 1, "matched": 1, "rank_sum": 1, "fill_rate": 1.0,
            "mean_rank": 1.0,
        },
        "local": {
            "placements": 1, "places": 2, "matched": 2, "rank_sum": 3, "fill_rate": 1.0,
            "mean_rank": 1.5,
        },
        "overseas": {
            "placements": 1, "places": 1, "matched": 1, "rank_sum": 1, "fill_rate": 1.0,
            "mean_rank": 1.0,
        },
        "unspecified": {
            "placements": 1, "places": 3, "matched": 0, "rank_sum": 0, "fill_rate": 0.0,
            "mean_rank": None,
        },
    }  # fmt: skip


def test_an_empty_instance_allocates_nothing() -> None:
    allocation = allocate(parse_instance({"students": [], "placements": []}), mode="welfare")
    assert allocation.assignments() == {}
    assert allocation.stats["match_rate"] == 0.0
    assert allocation.stats["mean_rank"] is None


def medium_instance(seed: int, size: int = 40, hosts: int = 8) -> dict[str, Any]:
    rng = random.Random(seed)
    names = [f"s{i}" for i in range(size)]
    ids = list(range(hosts))
    popularity = [rng.random() ** 2 + 0.05 for _ in ids]
    data: dict[str, Any] = {"students": [], "placements": []}
    for s in names:
        listed: list[int] = []
        while len(listed) < rng.randint(1, 5):
            choice = rng.choices(ids, popularity)[0]
            if choice not in listed:
                listed.append(choice)
        data["students"].append({"id": s, "preferences": listed})
    for p in ids:
        entry: dict[str, Any] = {"id": p, "capacity": rng.randint(0, 6)}
        if rng.random() < 0.7:
            entry["preferences"] = rng.sample(names, rng.randint(size // 2, size))
        data["placements"].append(entry)
    return data


def milp_objective(instance: Instance) -> tuple[int, int]:
    """(placed, rank sum) by two integer programs in SciPy/HiGHS: most placed, then fewest ranks."""
    pairs = [
        (s, p, position + 1)
        for s, (listed, ranks) in enumerate(zip(instance.choices, instance.host_ranks, strict=True))
        for position, (p, rank) in enumerate(zip(listed, ranks, strict=True))
        if rank >= 0
    ]
    if not pairs:
        return 0, 0
    count, hosts = len(instance.choices), len(instance.capacities)
    rows = [s for s, _, _ in pairs] + [count + p for _, p, _ in pairs]
    columns = list(range(len(pairs))) * 2
    matrix = csr_array((np.ones(len(rows)), (rows, columns)), shape=(count + hosts, len(pairs)))
    limits = LinearConstraint(matrix, 0, [1] * count + instance.capacities)
    whole, unit = np.ones(len(pairs)), Bounds(0, 1)
    most = milp(-whole, constraints=[limits], integrality=whole, bounds=unit)
    placed = round(-most.fun)
    cheapest = milp(
        np.array([rank for _, _, rank in pairs], dtype=float),
        constraints=[limits, LinearConstraint(whole.reshape(1, -1), placed, placed)],
        integrality=whole,
        bounds=unit,
    )
    return placed, round(cheapest.fun)


@pytest.mark.parametrize("seed", range(40))
def test_welfare_matches_an_integer_program_and_beats_stable(seed: int) -> None:
    instance = parse_instance(medium_instance(seed))
    welfare = allocate(instance, mode="welfare")
    stable_run = allocate(instance, mode="stable")
    ours = (welfare.stats["matched"], welfare.stats["rank_sum"])
    assert ours == milp_objective(instance)
    assert (ours[0], -ours[1]) >= (stable_run.stats["matched"], -stable_run.stats["rank_sum"])
    assert stable_run.blocking_pairs == 0


@pytest.mark.parametrize("seed", range(20))
def test_same_matching_as_the_matching_library(seed: int) -> None:
    hospital_resident = pytest.importorskip("matching.games").HospitalResident
    data = medium_instance(seed, size=60, hosts=10)
    instance = parse_instance(data)
    residents = {
        str(instance.student_ids[s]): [
            str(instance.placement_ids[p])
            for p, rank in zip(listed, ranks, strict=True)
            if rank >= 0 and instance.capacities[p] > 0  # it cannot take closed hospitals
        ]
        for s, (listed, ranks) in enumerate(zip(instance.choices, instance.host_ranks, strict=True))
    }
    residents = {r: listed for r, listed in residents.items() if listed}
    hospitals = {
        str(instance.placement_ids[p]): [
            str(instance.student_ids[s])
            for s in order
            if str(instance.placement_ids[p]) in residents.get(str(instance.student_ids[s]), [])
        ]
        for p, order in enumerate(instance.host_orders)
        if instance.capacities[p] > 0
    }
    capacities = {
        str(i): c for i, c in zip(instance.placement_ids, instance.capacities, strict=True) if c
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # it warns about capacity-0 and unwanted hospitals
        game = hospital_resident.create_from_dictionaries(residents, hospitals, capacities)
        theirs = {
            resident.name: hospital.name
            for hospital, matched in game.solve(optimal="resident").items()
            for resident in matched
        }
    ours = {
        str(s): None if p is None else str(p) for s, p in allocate(instance).assignments().items()
    }
    assert ours == {s: theirs.get(s) for s in ours}
