"""Running an allocation in one of its modes and presenting the result."""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from baylink.talent.allocation.deferred import deferred_acceptance
from baylink.talent.allocation.evaluate import allocation_stats, blocking_pairs
from baylink.talent.allocation.instance import Id, Instance
from baylink.talent.allocation.welfare import welfare_assignment


class Mode(StrEnum):
    STABLE = "stable"
    WELFARE = "welfare"


@dataclass(frozen=True, eq=False)
class Allocation:
    """A matching with its blocking-pair count and figures; `assigned` holds placement indices."""

    instance: Instance
    mode: Mode
    assigned: list[int]
    blocking_pairs: int
    stats: dict[str, Any]

    def assignments(self) -> dict[Id, Id | None]:
        """Student id → placement id (None if unmatched), in the instance's student order."""
        placements = self.instance.placement_ids
        return {
            student: placements[placement] if placement >= 0 else None
            for student, placement in zip(self.instance.student_ids, self.assigned, strict=True)
        }

    def as_json(self) -> dict[str, Any]:
        """The result document; ids become JSON keys (strings) in the students' order."""
        return {
            "assignments": {
                str(student): placement for student, placement in self.assignments().items()
            },
            "blocking_pairs": self.blocking_pairs,
            "stats": {"mode": self.mode.value, **self.stats},
        }


def allocate(instance: Instance, *, mode: Mode | str = Mode.STABLE) -> Allocation:
    """Allocate in `mode`: "stable" (deferred acceptance) or "welfare" (min-cost flow)."""
    mode = Mode(mode)
    assigned = (
        deferred_acceptance(instance) if mode is Mode.STABLE else welfare_assignment(instance)
    )
    return Allocation(
        instance=instance,
        mode=mode,
        assigned=assigned,
        blocking_pairs=blocking_pairs(instance, assigned),
        stats=allocation_stats(instance, assigned),
    )
