"""Which organisation a labelled string's answer picks when it names several.

ROR's gold answers follow conventions no name rule reproduces: a string naming a CNRS unit and a
university is answered with the university, one naming an NIH institute with the institute, one
naming Harvard Medical School and a hospital mostly with the hospital. Per organisation, the
development strings tell how often it was the answer when it was one of several candidates;
smoothed towards an even chance, that rate is a feature the ranker weighs like any other.
Organisations never seen in such a contest get 0 (no opinion).

Fitted only on development data (training.py), and in cross-validation only on the folds that
do not hold the string being scored, so the measured gain is that on strings not seen.
"""

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

# How many contests' worth of the prior every organisation starts with.
SMOOTHING = 2.0
# The rate an organisation taking part in a contest is the answer, about (the prior).
PRIOR = 0.4
# Groups an organisation shares a convention with: its parents' units ("families") and the
# organisations it is related to in the registry (a hospital and its university, "related").
GROUPS = ("families", "related")
FEATURE_NAMES = (
    "convention",
    "convention_seen",
    "family_convention",
    "family_convention_seen",
    "related_convention",
    "related_convention_seen",
)
NO_OPINION = (0.0, 0.0)
# Per record key, per group: the keys of the groups it belongs to (parents, related records).
Memberships = Mapping[str, Mapping[str, Sequence[str]]]


def groups_of(parents: Iterable[str], related: Iterable[str]) -> dict[str, list[str]]:
    """The groups a record shares conventions with, as training counts them and the resolver
    looks them up (one definition, so that both see the same groups in the same order)."""
    return {"families": list(parents), "related": list(related)}


class Contest(Protocol):
    """One labelled string: its candidates' keys and the right answer ("" if none)."""

    keys: list[str]
    gold: str
    label: int


def _values(contests: int, answers: int) -> tuple[float, float]:
    """(log-odds of being the answer against the prior, log of contests seen)."""
    if contests <= 0:
        return NO_OPINION
    odds = (answers + SMOOTHING * PRIOR) / (contests - answers + SMOOTHING * (1 - PRIOR))
    return math.log(odds) - math.log(PRIOR / (1 - PRIOR)), math.log1p(contests)


def _best(pairs: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The opinion of the group seen in most contests."""
    return max(pairs, key=lambda pair: pair[1], default=NO_OPINION)


@dataclass
class Conventions:
    """Counts per organisation and per group: "a unit of P" (so a CAS institute no string named
    yet inherits how CAS institutes are answered) and "related to R"."""

    memberships: Memberships
    contests: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    group_contests: dict[str, Counter[str]] = field(
        default_factory=lambda: {group: Counter() for group in GROUPS}
    )
    group_answers: dict[str, Counter[str]] = field(
        default_factory=lambda: {group: Counter() for group in GROUPS}
    )

    @classmethod
    def count(cls, examples: Iterable[Contest], memberships: Memberships) -> "Conventions":
        conventions = cls(memberships)
        for example in examples:
            if len(example.keys) < 2:
                continue  # one candidate is no contest: it tells nothing about conventions
            for key in set(example.keys):
                won = int(example.label >= 0 and example.gold == key)
                conventions.contests[key] += 1
                conventions.answers[key] += won
                groups = memberships.get(key, {})
                for group in GROUPS:
                    for member_of in groups.get(group, ()):
                        conventions.group_contests[group][member_of] += 1
                        conventions.group_answers[group][member_of] += won
        return conventions

    def values(self, key: str, leave_out: Contest | None = None) -> list[float]:
        """The feature values; `leave_out` (a counted example) without its own label."""
        own = int(leave_out is not None and len(leave_out.keys) >= 2 and key in leave_out.keys)
        won = int(own and leave_out is not None and leave_out.label >= 0 and leave_out.gold == key)
        values = list(_values(self.contests.get(key, 0) - own, self.answers.get(key, 0) - won))
        groups = self.memberships.get(key, {})
        for group in GROUPS:
            contests, answers = self.group_contests[group], self.group_answers[group]
            values.extend(
                _best(
                    _values(contests.get(g, 0) - own, answers.get(g, 0) - won)
                    for g in groups.get(group, ())
                )
            )
        return values

    def table(self) -> dict[str, dict[str, list[float]]]:
        """What the running resolver needs (model.json): per organisation and per group."""

        def rounded(contests: int, answers: int) -> list[float]:
            return [round(v, 4) for v in _values(contests, answers)]

        table = {
            "organisations": {
                key: rounded(self.contests[key], self.answers[key]) for key in sorted(self.contests)
            }
        }
        for group in GROUPS:
            contests, answers = self.group_contests[group], self.group_answers[group]
            table[group] = {key: rounded(contests[key], answers[key]) for key in sorted(contests)}
        return table


def lookup(
    table: Mapping[str, Mapping[str, Sequence[float]]],
    key: str,
    groups: Mapping[str, Sequence[str]],
) -> list[float]:
    """The feature values of one candidate from a saved table (as values() gives them)."""
    values = list(table.get("organisations", {}).get(key, NO_OPINION))
    for group in GROUPS:
        known = table.get(group, {})
        values.extend(
            _best((known[g][0], known[g][1]) for g in groups.get(group, ()) if g in known)
        )
    return values


def column_values(conventions: Conventions, example: Contest, *, own: bool) -> list[list[float]]:
    """Per candidate, the feature values; `own` leaves the example's own label out."""
    leave_out = example if own else None
    return [conventions.values(key, leave_out) for key in example.keys]
