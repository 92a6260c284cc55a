"""Welfare mode: the assignment that places the most students, then minimises the sum of ranks.

Objective (lexicographic): first maximise the number of students placed; among the assignments
that place that many, minimise the sum of the ranks students get (1 = their first choice). Only
mutually acceptable, not forbidden pairs are used, seats are capacity minus pins, and pinned
students keep their pins. It is solved exactly as a maximum flow of minimum cost (OR-Tools):
source → student (1) → placement (rank as unit cost) → sink (seats). Hosts' rankings only decide
acceptability here, so the result may have blocking pairs; the engine counts them.
"""

import numpy as np

from baylink.talent.allocation.deferred import UNMATCHED
from baylink.talent.allocation.instance import Instance


def welfare_assignment(instance: Instance) -> list[int]:
    """Each student's placement index (or UNMATCHED) under the welfare objective."""
    from ortools.graph.python import min_cost_flow

    seats = instance.seats
    students, placements = len(instance.choices), len(seats)
    assigned = [UNMATCHED] * students
    for student, placement in instance.pins.items():
        assigned[student] = placement
    tails: list[int] = []
    heads: list[int] = []
    costs: list[int] = []
    for student, (listed, ranks) in enumerate(
        zip(instance.choices, instance.host_ranks, strict=True)
    ):
        if student in instance.pins:
            continue
        for position, placement in enumerate(listed):
            if ranks[position] >= 0 and seats[placement] > 0:
                tails.append(student)
                heads.append(students + placement)
                costs.append(position + 1)
    if not tails:
        return assigned
    source, sink = students + placements, students + placements + 1
    proposers = sorted(set(tails))
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = flow.add_arcs_with_capacity_and_unit_cost(
        np.array(tails, dtype=np.int32),
        np.array(heads, dtype=np.int32),
        np.ones(len(tails), dtype=np.int64),
        np.array(costs, dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.full(len(proposers), source, dtype=np.int32),
        np.array(proposers, dtype=np.int32),
        np.ones(len(proposers), dtype=np.int64),
        np.zeros(len(proposers), dtype=np.int64),
    )
    flow.add_arcs_with_capacity_and_unit_cost(
        np.arange(students, students + placements, dtype=np.int32),
        np.full(placements, sink, dtype=np.int32),
        np.array(seats, dtype=np.int64),
        np.zeros(placements, dtype=np.int64),
    )
    flow.set_node_supply(source, len(proposers))
    flow.set_node_supply(sink, -len(proposers))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"OR-Tools min-cost flow ended with status {status}")
    used = np.flatnonzero(flow.flows(pair_arcs))
    for arc in used.tolist():
        assigned[tails[arc]] = heads[arc] - students
    return assigned
