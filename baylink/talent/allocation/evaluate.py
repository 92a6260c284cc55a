"""Judging a matching: blocking pairs and the figures an officer compares runs by."""

from collections import Counter
from typing import Any

from baylink.talent.allocation.instance import REGIONS, Instance

UNSPECIFIED = "unspecified"


def _positions(instance: Instance, assigned: list[int]) -> list[int | None]:
    """Each student's placement's position on their list (0 = first); None if unmatched/unlisted."""
    positions: list[int | None] = []
    for listed, placement in zip(instance.choices, assigned, strict=True):
        positions.append(
            listed.index(placement) if placement >= 0 and placement in listed else None
        )
    return positions


def blocking_pairs(instance: Instance, assigned: list[int]) -> int:
    """How many student–placement pairs would both rather be matched to each other.

    A pair (s, p) blocks when both find each other acceptable (and it is not forbidden), s prefers
    p to its placement (or is unmatched), and p has a free seat or ranks s above one of the students
    it holds. Pinned students cannot move and pinned seats are not open to others, so neither takes
    part. Each student's list is scanned once: O(total preferences).
    """
    seats = instance.seats
    held = [0] * len(seats)
    worst = [-1] * len(seats)
    positions = _positions(instance, assigned)
    for student, placement in enumerate(assigned):
        if placement < 0 or student in instance.pins:
            continue
        held[placement] += 1
        position = positions[student]
        rank = instance.host_ranks[student][position] if position is not None else -1
        worst[placement] = max(worst[placement], rank)
    blocking = 0
    for student, (listed, ranks) in enumerate(
        zip(instance.choices, instance.host_ranks, strict=True)
    ):
        if student in instance.pins:
            continue
        position = positions[student]
        for better in range(len(listed) if position is None else position):
            rank = ranks[better]
            if rank < 0:
                continue
            placement = listed[better]
            if held[placement] < seats[placement] or rank < worst[placement]:
                blocking += 1
    return blocking


def allocation_stats(instance: Instance, assigned: list[int]) -> dict[str, Any]:
    """Match rate, rank profile (rank 1 = first choice), mean rank and a breakdown by region.

    `unlisted` counts students pinned to a placement they did not list; they have no rank.
    """
    students = len(assigned)
    positions = _positions(instance, assigned)
    matched = sum(1 for placement in assigned if placement >= 0)
    ranks = [position + 1 for position in positions if position is not None]
    profile = Counter(ranks)
    longest = max((len(listed) for listed in instance.choices), default=0)
    places = sum(instance.capacities)
    stats: dict[str, Any] = {
        "students": students,
        "placements": len(instance.capacities),
        "places": places,
        "matched": matched,
        "unmatched": students - matched,
        "match_rate": round(matched / students, 4) if students else 0.0,
        "pinned": len(instance.pins),
        "rank_profile": {str(rank): profile.get(rank, 0) for rank in range(1, longest + 1)},
        "unlisted": matched - len(ranks),
        "mean_rank": round(sum(ranks) / len(ranks), 4) if ranks else None,
        "rank_sum": sum(ranks),
        "unfilled_places": places - matched,
    }
    if any(region is not None for region in instance.regions):
        stats["by_region"] = _by_region(instance, assigned, positions)
    return stats


def _by_region(
    instance: Instance, assigned: list[int], positions: list[int | None]
) -> dict[str, dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for region in (*REGIONS, UNSPECIFIED):
        indices = [
            placement
            for placement, own in enumerate(instance.regions)
            if (own or UNSPECIFIED) == region
        ]
        if indices:
            groups[region] = {
                "placements": len(indices),
                "places": sum(instance.capacities[placement] for placement in indices),
                "matched": 0,
                "rank_sum": 0,
                "ranked": 0,
            }
    for placement, position in zip(assigned, positions, strict=True):
        if placement < 0:
            continue
        group = groups[instance.regions[placement] or UNSPECIFIED]
        group["matched"] += 1
        if position is not None:
            group["rank_sum"] += position + 1
            group["ranked"] += 1
    for group in groups.values():
        ranked = group.pop("ranked")
        group["fill_rate"] = (
            round(group["matched"] / group["places"], 4) if group["places"] else 0.0
        )
        group["mean_rank"] = round(group["rank_sum"] / ranked, 4) if ranked else None
    return groups
