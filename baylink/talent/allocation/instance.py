"""A valid allocation instance as index-based rank tables, which every mode works on."""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise

import numpy as np

Id = str | int
REGIONS = ("gba", "local", "overseas")
UNACCEPTABLE = -1


@dataclass(frozen=True, eq=False)
class Instance:
    """A valid instance, as indices: student i and placement j are positions in the input lists.

    `choices[i]` are student i's placements, best first, exactly as listed; `host_ranks[i][k]` is
    how the placement `choices[i][k]` ranks student i (0 = its first choice), or UNACCEPTABLE when
    the student is not on its list or the pair is forbidden. `host_orders[j]` lists the students
    placement j ranks, best first (the tie-break order when it gave no list).
    """

    student_ids: list[Id]
    placement_ids: list[Id]
    capacities: list[int]
    regions: list[str | None]
    choices: list[list[int]]
    host_ranks: list[list[int]]
    host_orders: list[Sequence[int]]
    pins: dict[int, int]
    forbidden: frozenset[tuple[int, int]]
    lottery_seed: int | None

    @property
    def seats(self) -> list[int]:
        """Places left for the allocation once pinned students have theirs."""
        seats = list(self.capacities)
        for placement in self.pins.values():
            seats[placement] -= 1
        return seats


def compile_instance(
    *,
    student_ids: list[Id],
    placement_ids: list[Id],
    capacities: list[int],
    regions: list[str | None],
    choices: list[list[int]],
    host_lists: list[list[int] | None],
    pins: dict[int, int],
    forbidden: frozenset[tuple[int, int]],
    seed: int | None,
) -> Instance:
    """Build the rank tables of an instance that has been checked (see `parsing`)."""
    tie_order = list(range(len(student_ids)))
    if seed is not None:
        random.Random(seed).shuffle(tie_order)
    tie_rank = [0] * len(tie_order)
    for rank, student in enumerate(tie_order):
        tie_rank[student] = rank
    host_ranks = _host_ranks(choices, host_lists, tie_rank)
    for student, placement in forbidden:
        ranks = host_ranks[student]
        for position, choice in enumerate(choices[student]):
            if choice == placement:
                ranks[position] = UNACCEPTABLE
    return Instance(
        student_ids=student_ids,
        placement_ids=placement_ids,
        capacities=capacities,
        regions=regions,
        choices=choices,
        host_ranks=host_ranks,
        host_orders=[tie_order if listed is None else listed for listed in host_lists],
        pins=pins,
        forbidden=forbidden,
        lottery_seed=seed,
    )


def _host_ranks(
    choices: list[list[int]], host_lists: list[list[int] | None], tie_rank: list[int]
) -> list[list[int]]:
    """How each listed placement ranks the student who listed it, aligned with `choices`.

    Vectorised: every (student, placement) pair becomes the key student × placements + placement,
    and a sorted search of the placements' keys finds the ranks, instead of 200,000 dict lookups.
    """
    placements = len(host_lists)
    lengths = np.fromiter(map(len, choices), dtype=np.int64, count=len(choices))
    wanted = np.fromiter(chain.from_iterable(choices), dtype=np.int64, count=int(lengths.sum()))
    who = np.repeat(np.arange(len(choices), dtype=np.int64), lengths)
    ranks = np.full(wanted.size, UNACCEPTABLE, dtype=np.int64)

    has_list = np.fromiter((listed is not None for listed in host_lists), bool, placements)
    by_tie = ~has_list[wanted]
    ranks[by_tie] = np.asarray(tie_rank, dtype=np.int64)[who[by_tie]]

    ranked = [(p, listed) for p, listed in enumerate(host_lists) if listed]
    if ranked:
        sizes = np.array([len(listed) for _, listed in ranked], dtype=np.int64)
        host = np.repeat(np.array([p for p, _ in ranked], dtype=np.int64), sizes)
        guest = np.fromiter(
            chain.from_iterable(listed for _, listed in ranked), np.int64, int(sizes.sum())
        )
        rank = np.arange(guest.size, dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        keys = guest * placements + host
        order = np.argsort(keys, kind="stable")
        keys, rank = keys[order], rank[order]
        asking = ~by_tie
        query = who[asking] * placements + wanted[asking]
        found = np.minimum(np.searchsorted(keys, query), keys.size - 1)
        ranks[asking] = np.where(keys[found] == query, rank[found], UNACCEPTABLE)

    flat = ranks.tolist()
    bounds = np.concatenate(([0], np.cumsum(lengths))).tolist()
    return [flat[start:end] for start, end in pairwise(bounds)]
