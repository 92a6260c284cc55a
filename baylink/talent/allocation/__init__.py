"""Placement allocation engine: plain Python (no Django), shared by `baylink allocate` and rounds.

Instance (parsed JSON, or the same built as Python dicts and lists)::

    {
      "students": [{"id": "s1", "preferences": ["p2", "p1"]}, ...],      # placements, best first
      "placements": [{"id": "p1", "capacity": 2,
                      "preferences": ["s3", "s1"],                      # optional, best first
                      "region": "gba"}, ...],                  # optional: gba|local|overseas
      "pins": [{"student": "s1", "placement": "p2"}],                   # optional
      "forbids": [{"student": "s2", "placement": "p1"}],                # optional
      "lottery_seed": 2026                                              # optional
    }

Ids are texts or whole numbers and come back exactly as given (7 and "7" are different ids, and
an instance may not use both for students or for placements: they would be one JSON key).

- A placement with a "preferences" list accepts only the students on it. A placement without one
  accepts every student and ranks them by one tie-break order shared by all such placements: the
  order in which students appear in the instance, or, when "lottery_seed" is given, a lottery:
  the student list shuffled by Python's `random.Random(lottery_seed).shuffle` (the same seed gives
  the same order on every machine).
- A pin gives the student that placement whatever the preferences say (an officer's decision);
  pinned students take one of its places and do not compete for anything else.
- A forbid makes the pair unacceptable.
- Rank 1 is a student's first listed choice; positions count every listed placement, including
  ones that turned out to be unacceptable.

Every problem in an instance is reported at once by `InstanceError` (render its `messages()`
with Django's `gettext` to translate them). Modes: "stable" is student-proposing deferred
acceptance (the stable matching every student likes best); "welfare" places as many students as
possible, then minimises the sum of ranks (see `welfare`), and reports the blocking pairs it costs.

    allocation = allocate(parse_instance(data), mode="stable")
    allocation.as_json()  # {"assignments": {...}, "blocking_pairs": 0, "stats": {...}}
"""

from baylink.talent.allocation.deferred import UNMATCHED, deferred_acceptance
from baylink.talent.allocation.engine import Allocation, Mode, allocate
from baylink.talent.allocation.evaluate import allocation_stats, blocking_pairs
from baylink.talent.allocation.instance import REGIONS, UNACCEPTABLE, Id, Instance
from baylink.talent.allocation.parsing import parse_instance
from baylink.talent.allocation.problems import InstanceError, Problem
from baylink.talent.allocation.welfare import welfare_assignment

__all__ = [
    "REGIONS",
    "UNACCEPTABLE",
    "UNMATCHED",
    "Allocation",
    "Id",
    "Instance",
    "InstanceError",
    "Mode",
    "Problem",
    "allocate",
    "allocation_stats",
    "blocking_pairs",
    "deferred_acceptance",
    "parse_instance",
    "welfare_assignment",
]
