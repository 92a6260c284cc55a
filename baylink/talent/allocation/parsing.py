"""Reading an allocation instance: every problem is collected before anything is compiled."""

from collections.abc import Callable, Sequence
from functools import partial
from itertools import chain, pairwise
from typing import Any, cast

import numpy as np

from baylink.talent.allocation import problems as who
from baylink.talent.allocation.instance import (
    REGIONS,
    UNACCEPTABLE,
    Id,
    Instance,
    compile_instance,
)
from baylink.talent.allocation.problems import InstanceError, Problem, Text, gettext_noop, shown

# Whom a problem concerns; built only when there is a problem (most entries never need one).
Subject = Text | Callable[[], Text]
_ID_TYPES = frozenset((int, str))
_TOP_FIELDS = ("students", "placements", "pins", "forbids", "lottery_seed")
_STUDENT_FIELDS = ("id", "preferences")
_PLACEMENT_FIELDS = ("id", "capacity", "preferences", "region")
_PAIR_FIELDS = ("student", "placement")


def _about(subject: Subject) -> Text:
    return subject if isinstance(subject, Text) else subject()


def _is_id(value: object) -> bool:
    return (type(value) is int) or (type(value) is str and value.strip() != "")


def _bad_id(value: object) -> Text:
    if value == "" or (isinstance(value, str) and not value.strip()):
        return Text(gettext_noop("the id must not be empty."))
    return Text(
        gettext_noop("the id must be a text or a whole number, not %(actual)s."),
        {"actual": who.json_type(value)},
    )


class _Reader:
    """Walks the instance once, collecting problems instead of stopping at the first."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, subject: Subject, template: str, **params: Any) -> None:
        self.problems.append(Problem(_about(subject), Text(template, params)))

    def fields(self, subject: Subject, entry: dict[str, Any], allowed: Sequence[str]) -> None:
        for name in entry:
            if name not in allowed:
                self.add(
                    subject,
                    gettext_noop(
                        'the field "%(field)s" is not recognised (expected: %(expected)s).'
                    ),
                    field=str(name),
                    expected=", ".join(allowed),
                )

    def missing(self, subject: Subject, name: str) -> None:
        self.add(subject, gettext_noop('the field "%(field)s" is missing.'), field=name)

    def a_list(self, subject: Subject, entry: dict[str, Any], name: str) -> list[Any] | None:
        value = entry[name]
        if isinstance(value, list):
            return value
        self.add(
            subject,
            gettext_noop('the field "%(field)s" must be a list, not %(actual)s.'),
            field=name,
            actual=who.json_type(value),
        )
        return None

    def ids(
        self, kind: str, entries: list[Any], allowed: Sequence[str], required: Sequence[str]
    ) -> tuple[dict[Id, int], list[Subject]]:
        """Index the entries by id; give each entry the subject its problems are reported under."""
        index: dict[Id, int] = {}
        by_key: dict[str, Id] = {}
        subjects: list[Subject] = []
        named, numbered = (
            (who.student, who.student_at)
            if kind == "student"
            else (who.placement, who.placement_at)
        )
        for position, entry in enumerate(entries):
            subject: Subject = partial(numbered, position + 1)
            if not isinstance(entry, dict):
                self.add(
                    subject,
                    gettext_noop("each entry must be an object, not %(actual)s."),
                    actual=who.json_type(entry),
                )
                subjects.append(subject)
                continue
            identifier: Any = entry.get("id")
            if "id" not in entry:
                self.missing(subject, "id")
            elif not _is_id(identifier):
                self.problems.append(Problem(_about(subject), _bad_id(identifier)))
            elif identifier in index:
                self.add(
                    subject,
                    gettext_noop("the id %(id)s is already used by %(kind)s number %(other)d."),
                    id=shown(identifier),
                    kind=_kind(kind),
                    other=index[identifier] + 1,
                )
            elif str(identifier) in by_key:
                # Both would become the same key of the JSON result.
                self.add(
                    subject,
                    gettext_noop("the id %(id)s cannot be told apart from the id %(other)s."),
                    id=shown(identifier),
                    other=shown(by_key[str(identifier)]),
                )
            else:
                index[identifier] = position
                by_key[str(identifier)] = identifier
                subject = partial(named, identifier)
            subjects.append(subject)
            self.fields(subject, entry, allowed)
            for name in required:
                if name != "id" and name not in entry:
                    self.missing(subject, name)
        return index, subjects

    def all_references(
        self, subjects: list[Subject], lists: list[list[Any]], index: dict[Id, int], kind: str
    ) -> list[list[int]]:
        """Resolve every preference list; checked in bulk first, as almost all lists are clean."""
        flat = list(chain.from_iterable(lists))
        # Types first: True and 1.0 are equal to 1 as dictionary keys.
        if all(map(_ID_TYPES.__contains__, map(type, flat))):
            found = list(map(index.get, flat))
            if None not in found:
                lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
                owner = np.repeat(np.arange(len(lists), dtype=np.int64), lengths)
                pairs = owner * len(index) + np.array(found, dtype=np.int64)
                pairs.sort()
                if not (pairs[1:] == pairs[:-1]).any():  # nobody lists anyone twice
                    clean = cast(list[int], found)
                    bounds = [0, *np.cumsum(lengths).tolist()]
                    return [clean[start:end] for start, end in pairwise(bounds)]
        return [
            self.references(subject, values, index, kind)
            for subject, values in zip(subjects, lists, strict=True)
        ]

    def references(
        self, subject: Subject, values: list[Any], index: dict[Id, int], kind: str
    ) -> list[int]:
        """Resolve a preference list to indices; unknown, malformed or repeated ids are problems."""
        resolved: list[int] = []
        for position, value in enumerate(values):
            if type(value) is int or type(value) is str:
                found = index.get(value)
                if found is not None:
                    resolved.append(found)
                    continue
                self.add(
                    subject,
                    gettext_noop(
                        "preference number %(position)d, %(id)s, is not %(kind)s in the instance."
                    ),
                    position=position + 1,
                    id=shown(value),
                    kind=_a_kind(kind),
                )
            else:
                self.add(
                    subject,
                    gettext_noop(
                        "preference number %(position)d must be %(kind)s id, not %(actual)s."
                    ),
                    position=position + 1,
                    kind=_a_kind(kind),
                    actual=who.json_type(value),
                )
            resolved.append(UNACCEPTABLE)
        if len(set(resolved)) != len(resolved):
            first: dict[int, int] = {}
            for position, found in enumerate(resolved):
                if found == UNACCEPTABLE:
                    continue
                if found in first:
                    self.add(
                        subject,
                        gettext_noop(
                            "%(id)s is listed more than once (preferences number %(first)d "
                            "and %(again)d)."
                        ),
                        id=shown(values[position]),
                        first=first[found] + 1,
                        again=position + 1,
                    )
                else:
                    first[found] = position
        return resolved


def _kind(kind: str) -> Text:
    return Text(gettext_noop("student") if kind == "student" else gettext_noop("placement"))


def _a_kind(kind: str) -> Text:
    return Text(gettext_noop("a student") if kind == "student" else gettext_noop("a placement"))


def parse_instance(data: object) -> Instance:
    """Check an instance (parsed JSON) and compile it; raise InstanceError listing every problem."""
    reader = _Reader()
    top = who.the_instance()
    if not isinstance(data, dict):
        reader.add(
            top,
            gettext_noop('it must be an object with "students" and "placements", not %(actual)s.'),
            actual=who.json_type(data),
        )
        raise InstanceError(reader.problems)
    reader.fields(top, data, _TOP_FIELDS)
    lists: dict[str, list[Any]] = {}
    for name in ("students", "placements", "pins", "forbids"):
        if name in data:
            value = reader.a_list(top, data, name)
            lists[name] = value if value is not None else []
        elif name in ("students", "placements"):
            reader.missing(top, name)
    students, placements = lists.get("students", []), lists.get("placements", [])

    placement_index, placement_subjects = reader.ids(
        "placement", placements, _PLACEMENT_FIELDS, ("id", "capacity")
    )
    student_index, student_subjects = reader.ids(
        "student", students, _STUDENT_FIELDS, ("id", "preferences")
    )
    capacities, regions = _placement_terms(reader, placements, placement_subjects)

    choices = reader.all_references(
        student_subjects,
        [
            _preferences(reader, entry, subject) or []
            for entry, subject in zip(students, student_subjects, strict=True)
        ],
        placement_index,
        "placement",
    )
    given = [
        _preferences(reader, entry, subject)
        for entry, subject in zip(placements, placement_subjects, strict=True)
    ]
    ranked = reader.all_references(
        [
            subject
            for subject, values in zip(placement_subjects, given, strict=True)
            if values is not None
        ],
        [values for values in given if values is not None],
        student_index,
        "student",
    )
    # A placement without a list accepts everyone (None); one with a list, only those on it.
    ranked_lists = iter(ranked)
    host_lists = [None if values is None else next(ranked_lists) for values in given]

    seed = data.get("lottery_seed")
    if seed is not None and type(seed) is not int:
        reader.add(
            top,
            gettext_noop('"lottery_seed" must be a whole number, not %(actual)s.'),
            actual=who.json_type(seed),
        )
    pins = _pins(reader, lists.get("pins", []), student_index, placement_index)
    forbidden = _forbids(reader, lists.get("forbids", []), student_index, placement_index, pins)
    _pins_fit(reader, pins, capacities, placement_subjects)
    if reader.problems:
        raise InstanceError(reader.problems)
    return compile_instance(
        student_ids=[entry["id"] for entry in students],
        placement_ids=[entry["id"] for entry in placements],
        capacities=[capacity or 0 for capacity in capacities],
        regions=regions,
        choices=choices,
        host_lists=host_lists,
        pins=pins,
        forbidden=forbidden,
        seed=seed,
    )


def _has(entry: object, name: str) -> bool:
    return isinstance(entry, dict) and name in entry


def _preferences(reader: _Reader, entry: object, subject: Subject) -> list[Any] | None:
    """The entry's preference list; None when it has none (or it is not a list: a problem)."""
    if not isinstance(entry, dict) or "preferences" not in entry:
        return None
    return reader.a_list(subject, entry, "preferences")


def _placement_terms(
    reader: _Reader, placements: list[Any], subjects: list[Subject]
) -> tuple[list[int | None], list[str | None]]:
    """Capacities (None where invalid, so no further problem derives from them) and regions."""
    capacities: list[int | None] = []
    regions: list[str | None] = []
    for entry, subject in zip(placements, subjects, strict=True):
        capacity = entry.get("capacity") if isinstance(entry, dict) else None
        if capacity is None and not _has(entry, "capacity"):
            pass  # reported as missing already
        elif type(capacity) is not int:
            reader.add(
                subject,
                gettext_noop("the capacity must be a whole number of places, not %(actual)s."),
                actual=who.json_type(capacity),
            )
            capacity = None
        elif capacity < 0:
            reader.add(
                subject,
                gettext_noop("the capacity must not be negative (it is %(capacity)d)."),
                capacity=capacity,
            )
            capacity = None
        capacities.append(capacity)
        region = entry.get("region") if isinstance(entry, dict) else None
        if region is not None and region not in REGIONS:
            reader.add(
                subject,
                gettext_noop("the region must be one of %(regions)s, not %(actual)s."),
                regions=", ".join(REGIONS),
                actual=who.json_type(region),
            )
            region = None
        regions.append(region)
    return capacities, regions


def _pairs(
    reader: _Reader,
    entries: list[Any],
    subject_at: Any,
    students: dict[Id, int],
    placements: dict[Id, int],
) -> list[tuple[Text, int, int] | None]:
    """Resolve {"student": id, "placement": id} entries; None for an entry with a problem."""
    pairs: list[tuple[Text, int, int] | None] = []
    for position, entry in enumerate(entries):
        subject: Text = subject_at(position + 1)
        if not isinstance(entry, dict):
            reader.add(
                subject,
                gettext_noop(
                    'it must be an object with "student" and "placement", not %(actual)s.'
                ),
                actual=who.json_type(entry),
            )
            pairs.append(None)
            continue
        reader.fields(subject, entry, _PAIR_FIELDS)
        found: list[int | None] = []
        for kind, index in (("student", students), ("placement", placements)):
            if kind not in entry:
                reader.missing(subject, kind)
                found.append(None)
                continue
            value = entry[kind]
            where = index.get(value) if type(value) is int or type(value) is str else None
            if where is None:
                reader.add(
                    subject,
                    gettext_noop("%(id)s is not %(kind)s in the instance."),
                    id=shown(value),
                    kind=_a_kind(kind),
                )
            found.append(where)
        student, placement = found
        pairs.append(
            None if student is None or placement is None else (subject, student, placement)
        )
    return pairs


def _pins(
    reader: _Reader, entries: list[Any], students: dict[Id, int], placements: dict[Id, int]
) -> dict[int, int]:
    pins: dict[int, int] = {}
    first: dict[int, int] = {}
    for position, pair in enumerate(_pairs(reader, entries, who.pin_at, students, placements)):
        if pair is None:
            continue
        subject, student, placement = pair
        if student in pins:
            reader.add(
                subject,
                gettext_noop("this student is already pinned by pin number %(other)d."),
                other=first[student] + 1,
            )
            continue
        pins[student] = placement
        first[student] = position
    return pins


def _forbids(
    reader: _Reader,
    entries: list[Any],
    students: dict[Id, int],
    placements: dict[Id, int],
    pins: dict[int, int],
) -> frozenset[tuple[int, int]]:
    forbidden: dict[tuple[int, int], int] = {}
    for position, pair in enumerate(_pairs(reader, entries, who.forbid_at, students, placements)):
        if pair is None:
            continue
        subject, student, placement = pair
        if (student, placement) in forbidden:
            reader.add(
                subject,
                gettext_noop("the same pair is already forbidden by number %(other)d."),
                other=forbidden[(student, placement)] + 1,
            )
        elif pins.get(student) == placement:
            reader.add(subject, gettext_noop("the same pair is also pinned."))
        else:
            forbidden[(student, placement)] = position
    return frozenset(forbidden)


def _pins_fit(
    reader: _Reader, pins: dict[int, int], capacities: list[int | None], subjects: list[Subject]
) -> None:
    pinned = [0] * len(capacities)
    for placement in pins.values():
        pinned[placement] += 1
    for placement, count in enumerate(pinned):
        capacity = capacities[placement]
        if capacity is not None and count > capacity:
            reader.add(
                subjects[placement],
                gettext_noop(
                    "more students are pinned to it than it has places "
                    "(pinned: %(pinned)d, places: %(capacity)d)."
                ),
                pinned=count,
                capacity=capacity,
            )
