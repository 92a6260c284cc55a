"""Student-proposing deferred acceptance with capacities (Gale and Shapley; Roth 1984)."""

from heapq import heappush, heapreplace

from baylink.talent.allocation.instance import Instance

UNMATCHED = -1


def deferred_acceptance(instance: Instance) -> list[int]:
    """The student-optimal stable matching: each student's placement index, or UNMATCHED.

    Pinned students hold their pinned placement and take no part; the other students compete for
    the seats left. Each placement keeps its tentatively held students in a heap keyed by its rank
    of them, so a proposal costs O(log capacity) and the whole run O(total preferences · log).
    The result does not depend on the order in which free students propose.
    """
    seats = instance.seats
    choices, host_ranks, orders = instance.choices, instance.host_ranks, instance.host_orders
    count = len(choices)
    assigned = [UNMATCHED] * count
    for student, placement in instance.pins.items():
        assigned[student] = placement
    # Negated ranks, so that the top of each heap is the placement's worst held student.
    held: list[list[int]] = [[] for _ in seats]
    next_choice = [0] * count
    free = [student for student in range(count - 1, -1, -1) if student not in instance.pins]
    while free:
        student = free.pop()
        listed, ranks = choices[student], host_ranks[student]
        position, end = next_choice[student], len(listed)
        while position < end:
            rank = ranks[position]
            if rank >= 0:
                placement = listed[position]
                heap = held[placement]
                if len(heap) < seats[placement]:
                    heappush(heap, -rank)
                    assigned[student] = placement
                    break
                if heap and -heap[0] > rank:
                    rejected = orders[placement][-heapreplace(heap, -rank)]
                    assigned[student] = placement
                    assigned[rejected] = UNMATCHED
                    free.append(rejected)
                    break
            position += 1
        next_choice[student] = position + 1
    return assigned
