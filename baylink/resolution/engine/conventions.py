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
FEATURE_NAMES = ("convention", "convention_seen", "family_convention", "family_convention_seen")
NO_OPINION = (0.0, 0.0)


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


@dataclass
class Conventions:
    """Counts per organisation and per family ("a unit of P": any child of parent P, so that
    a CAS institute no string named yet inherits how CAS institutes are answered)."""

    parents: Mapping[str, Sequence[str]]
    contests: Counter[str] = field(default_factory=Counter)
    answers: Counter[str] = field(default_factory=Counter)
    family_contests: Counter[str] = field(default_factory=Counter)
    family_answers: Counter[str] = field(default_factory=Counter)

    @classmethod
    def count(
        cls, examples: Iterable[Contest], parents: Mapping[str, Sequence[str]]
    ) -> "Conventions":
        conventions = cls(parents)
        for example in examples:
            if len(example.keys) < 2:
                continue  # one candidate is no contest: it tells nothing about conventions
            for key in set(example.keys):
                won = int(example.label >= 0 and example.gold == key)
                conventions.contests[key] += 1
                conventions.answers[key] += won
                for parent in parents.get(key, ()):
                    conventions.family_contests[parent] += 1
                    conventions.family_answers[parent] += won
        return conventions

    def values(self, key: str, leave_out: Contest | None = None) -> list[float]:
        """The four feature values; `leave_out` (a counted example) without its own label."""
        own = int(leave_out is not None and len(leave_out.keys) >= 2 and key in leave_out.keys)
        won = int(own and leave_out is not None and leave_out.label >= 0 and leave_out.gold == key)
        organisation = _values(self.contests.get(key, 0) - own, self.answers.get(key, 0) - won)
        family = max(
            (
                _values(self.family_contests.get(p, 0) - own, self.family_answers.get(p, 0) - won)
                for p in self.parents.get(key, ())
            ),
            key=lambda pair: pair[1],
            default=NO_OPINION,
        )
        return [*organisation, *family]

    def table(self) -> dict[str, dict[str, list[float]]]:
        """What the running resolver needs (model.json): per organisation and per family."""
        return {
            "organisations": {
                key: [round(v, 4) for v in _values(self.contests[key], self.answers[key])]
                for key in sorted(self.contests)
            },
            "families": {
                key: [
                    round(v, 4)
                    for v in _values(self.family_contests[key], self.family_answers[key])
                ]
                for key in sorted(self.family_contests)
            },
        }


def lookup(
    table: Mapping[str, Mapping[str, Sequence[float]]], key: str, parents: Iterable[str]
) -> list[float]:
    """The four feature values of one candidate from a saved table (as values() gives them)."""
    organisation = table.get("organisations", {}).get(key, NO_OPINION)
    families = table.get("families", {})
    family = max(
        (families[p] for p in parents if p in families),
        key=lambda pair: pair[1],
        default=NO_OPINION,
    )
    return [*organisation, *family]


def column_values(conventions: Conventions, example: Contest, *, own: bool) -> list[list[float]]:
    """Per candidate, the feature values; `own` leaves the example's own label out."""
    leave_out = example if own else None
    return [conventions.values(key, leave_out) for key in example.keys]
