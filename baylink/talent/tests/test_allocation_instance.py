"""Reading allocation instances: every problem is reported at once, naming whom it concerns."""

from typing import Any

import pytest
from django.utils import translation
from django.utils.translation import gettext

from baylink.talent.allocation import UNACCEPTABLE, InstanceError, parse_instance


def problems(data: object) -> list[str]:
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    return caught.value.messages()


def valid() -> dict[str, Any]:
    return {
        "students": [
            {"id": "s1", "preferences": ["p1", 2]},
            {"id": 2, "preferences": [2]},
        ],
        "placements": [
            {"id": "p1", "capacity": 1, "preferences": [2, "s1"], "region": "gba"},
            {"id": 2, "capacity": 0},
        ],
    }


def test_a_valid_instance_compiles_to_rank_tables() -> None:
    instance = parse_instance(valid())
    assert instance.student_ids == ["s1", 2]
    assert instance.placement_ids == ["p1", 2]
    assert instance.choices == [[0, 1], [1]]
    # p1 ranks s1 second; placement 2 has no list, so instance order: s1 first, student 2 second.
    assert instance.host_ranks == [[1, 0], [1]]
    assert instance.regions == ["gba", None]


def test_students_off_a_placements_list_and_forbidden_pairs_are_unacceptable() -> None:
    data = valid()
    data["placements"][0]["preferences"] = [2]
    data["forbids"] = [{"student": "s1", "placement": 2}]
    assert parse_instance(data).host_ranks[0] == [UNACCEPTABLE, UNACCEPTABLE]


def test_every_problem_is_reported_at_once() -> None:
    data = {
        "students": [
            {"id": "s1", "preferences": ["p1", "p1", "nowhere", 1.5]},
            {"id": "s1", "preferences": []},
            {"id": True, "preferences": []},
            {"id": " ", "preferences": []},
            {"preferences": "p1"},
            {"id": "s5", "preference": []},
            "s6",
            {"id": 7, "preferences": []},
            {"id": "7", "preferences": []},
        ],
        "placements": [
            {"id": "p1", "capacity": -2, "preferences": ["s1", "ghost", "s1"]},
            {"id": "p2", "capacity": 1.5, "region": "mars"},
            {"id": "p3", "capacity": "3"},
            {"id": "p4"},
            {"id": "p5", "capacity": 1, "preferences": {"s1": 1}},
        ],
        "pins": [
            {"student": "s1", "placement": "p5"},
            {"student": "s1", "placement": "p4"},
            {"student": "ghost", "placement": "p9"},
            {"student": 7, "placement": "p5"},
            ["s1", "p1"],
        ],
        "forbids": [
            {"student": "s1", "placement": "p2"},
            {"student": "s1", "placement": "p2"},
            {"student": "s1", "placement": "p5"},
            {"student": "s1"},
        ],
        "lottery_seed": "42",
        "round": 1,
    }
    found = problems(data)
    expected = [
        'The instance: the field "round" is not recognised '
        "(expected: students, placements, pins, forbids, lottery_seed).",
        'Placement "p4": the field "capacity" is missing.',
        'Student number 2: the id "s1" is already used by student number 1.',
        "Student number 3: the id must be a text or a whole number, not true/false.",
        "Student number 4: the id must not be empty.",
        'Student number 5: the field "id" is missing.',
        'Student "s5": the field "preference" is not recognised (expected: id, preferences).',
        'Student "s5": the field "preferences" is missing.',
        'Student number 7: each entry must be an object, not the text "s6".',
        'Student number 9: the id "7" cannot be told apart from the id 7.',
        'Placement "p1": the capacity must not be negative (it is -2).',
        'Placement "p2": the capacity must be a whole number of places, not the number 1.5.',
        'Placement "p2": the region must be one of gba, local, overseas, not the text "mars".',
        'Placement "p3": the capacity must be a whole number of places, not the text "3".',
        'Student "s1": preference number 3, "nowhere", is not a placement in the instance.',
        'Student "s1": preference number 4 must be a placement id, not the number 1.5.',
        'Student "s1": "p1" is listed more than once (preferences number 1 and 2).',
        'Student number 5: the field "preferences" must be a list, not the text "p1".',
        'Placement "p1": preference number 2, "ghost", is not a student in the instance.',
        'Placement "p1": "s1" is listed more than once (preferences number 1 and 3).',
        'Placement "p5": the field "preferences" must be a list, not an object.',
        'The instance: "lottery_seed" must be a whole number, not the text "42".',
        'Pin number 3: "ghost" is not a student in the instance.',
        'Pin number 3: "p9" is not a placement in the instance.',
        'Pin number 5: it must be an object with "student" and "placement", not a list.',
        "Pin number 2: this student is already pinned by pin number 1.",
        'Forbidden pair number 4: the field "placement" is missing.',
        "Forbidden pair number 2: the same pair is already forbidden by number 1.",
        "Forbidden pair number 3: the same pair is also pinned.",
        'Placement "p5": more students are pinned to it than it has places (pinned: 2, places: 1).',
    ]
    assert sorted(found) == sorted(expected)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], 'The instance: it must be an object with "students" and "placements", not a list.'),
        ({"students": []}, 'The instance: the field "placements" is missing.'),
        (
            {"students": {}, "placements": []},
            'The instance: the field "students" must be a list, not an object.',
        ),
        (
            {"students": [], "placements": [{"id": 1, "capacity": None}]},
            "Placement 1: the capacity must be a whole number of places, not null.",
        ),
        (
            {"students": [], "placements": [{"id": 1, "capacity": True}]},
            "Placement 1: the capacity must be a whole number of places, not true/false.",
        ),
        (
            {"students": [], "placements": [{"id": 1.0, "capacity": 1}]},
            "Placement number 1: the id must be a text or a whole number, not the number 1.0.",
        ),
        (
            {
                "students": [{"id": 1, "preferences": [True]}],
                "placements": [{"id": 1, "capacity": 1}],
            },
            "Student 1: preference number 1 must be a placement id, not true/false.",
        ),
    ],
)
def test_each_problem_names_what_is_wrong(data: object, message: str) -> None:
    assert message in problems(data)


def test_a_student_may_be_pinned_to_a_placement_they_did_not_list() -> None:
    data = valid()
    data["pins"] = [{"student": 2, "placement": "p1"}]
    assert parse_instance(data).pins == {1: 0}


def test_problems_are_translated_when_rendered() -> None:
    data = valid()
    data["students"][0]["preferences"] = ["p1", "p1"]
    with pytest.raises(InstanceError) as caught:
        parse_instance(data)
    with translation.override("zh-hant"):
        [traditional] = caught.value.messages(gettext)
    with translation.override("zh-hans"):
        [simplified] = caught.value.messages(gettext)
    assert "學生" in traditional
    assert "学生" in simplified
    assert '"p1"' in traditional
    assert '"p1"' in simplified
