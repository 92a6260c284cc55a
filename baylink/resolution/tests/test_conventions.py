"""The conventions feature: how often an organisation (or a unit of a family) was the answer."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from baylink.resolution.engine.boosting import Forest
from baylink.resolution.engine.conventions import Conventions, lookup
from baylink.resolution.engine.features import FEATURES, Scored
from baylink.resolution.engine.model import Model

PARENTS = {
    "inst-a": {"families": ["academy"]},
    "inst-b": {"families": ["academy"]},
    "inst-new": {"families": ["academy"], "related": ["hospital"]},
    "uni": {"related": ["hospital"]},
    "clinic": {"related": ["hospital"]},
}


@dataclass
class Labelled:
    keys: list[str]
    gold: str
    label: int = field(init=False)

    def __post_init__(self) -> None:
        self.label = self.keys.index(self.gold) if self.gold in self.keys else -1


def contests() -> list[Labelled]:
    # The academy's institutes are the answer over the academy itself; "uni" always loses.
    return [
        Labelled(["academy", "inst-a"], "inst-a"),
        Labelled(["academy", "inst-a"], "inst-a"),
        Labelled(["academy", "inst-b"], "inst-b"),
        Labelled(["uni", "inst-b"], "inst-b"),
        Labelled(["uni"], "uni"),  # one candidate: no contest, not counted
    ]


def test_the_usual_answer_gets_a_positive_value_and_the_usual_loser_a_negative_one() -> None:
    conventions = Conventions.count(contests(), PARENTS)
    won, seen = conventions.values("inst-a")[:2]
    lost = conventions.values("uni")[0]
    assert won > 0 > lost
    assert seen == pytest.approx(1.0986, abs=1e-3)  # log(1 + 2 contests)
    assert conventions.values("never-seen") == [0.0] * 6


def test_organisations_related_to_the_same_one_share_its_convention() -> None:
    # "uni" (related to the hospital) always lost: "clinic", related too, inherits that.
    conventions = Conventions.count(contests(), PARENTS)
    related, related_seen = conventions.values("clinic")[4:]
    assert related < 0
    assert related_seen > 0
    assert conventions.values("clinic")[:4] == [0.0] * 4


def test_an_unseen_unit_inherits_its_familys_convention() -> None:
    conventions = Conventions.count(contests(), PARENTS)
    family, family_seen = conventions.values("inst-new")[2:4]
    assert conventions.values("inst-new")[:2] == [0.0, 0.0]
    assert family > 0
    assert family_seen > 0
    assert conventions.values("academy")[2:4] == [0.0, 0.0]  # no parent, no family


def test_leaving_a_string_out_removes_exactly_its_own_label() -> None:
    examples = contests()
    with_all = Conventions.count(examples, PARENTS)
    without_first = Conventions.count(examples[1:], PARENTS)
    assert with_all.values("inst-a", leave_out=examples[0]) == pytest.approx(
        without_first.values("inst-a")
    )
    assert with_all.values("academy", leave_out=examples[0]) == pytest.approx(
        without_first.values("academy")
    )


def test_the_saved_table_gives_what_the_counts_give() -> None:
    conventions = Conventions.count(contests(), PARENTS)
    table = json.loads(json.dumps(conventions.table()))
    for key in ("inst-a", "inst-b", "inst-new", "academy", "uni", "never-seen"):
        assert lookup(table, key, PARENTS.get(key, {})) == pytest.approx(
            conventions.values(key), abs=1e-4
        )


def test_the_model_fills_in_and_weighs_the_conventions(tmp_path: Path) -> None:
    conventions = Conventions.count(contests(), PARENTS)
    model = Model(weights={"convention": 1.0}, conventions=conventions.table())
    path = tmp_path / "model.json"
    model.save(path)
    loaded = Model.load(path)
    winner, loser = (
        Scored(candidate=None, features=dict.fromkeys(FEATURES, 0.0))  # type: ignore[arg-type]
        for _ in range(2)
    )
    loaded.score([winner, loser], [("inst-a", PARENTS["inst-a"]), ("uni", PARENTS["uni"])])
    assert winner.features["convention"] > 0 > loser.features["convention"]
    assert winner.probability > loser.probability


def test_a_model_fitted_for_other_features_is_not_used(tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    Model(weights={"exact": 9.0}, threshold=0.7).save(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]  # as an older release saved it
    path.write_text(json.dumps(data), encoding="utf-8")
    assert Model.load(path).weights == Model.default().weights


def test_a_saved_judge_splits_exactly_where_the_trained_one_did(tmp_path: Path) -> None:
    edge = 0.6931471805599453  # log(2): a feature value a split threshold can equal
    judge = Forest(
        base=0.0, trees=[[[0.0, edge, 1.0, 2.0, 0.0], [-1.0, 0, 0, 0, -1.0], [-1.0, 0, 0, 0, 1.0]]]
    )
    saved = Forest.from_json(json.loads(json.dumps(judge.to_json())))
    just_above = [edge + 1e-9]
    assert saved.margin(just_above) == judge.margin(just_above) == 1.0
    assert saved.margin([edge]) == judge.margin([edge]) == -1.0


def test_the_written_out_judge_scores_as_walking_its_trees_does() -> None:
    """The shipped judge, compiled to one expression, against a plain walk of its nodes: the
    same margin to the bit on rows that sit on, above and below its split thresholds."""
    import random

    from baylink.resolution.engine.model import MODEL_PATH

    judge_data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["judge"]
    judge = Forest.from_json(judge_data)

    def walked(row: list[float]) -> float:
        total = judge.base
        for tree in judge.trees:
            node = tree[0]
            while node[0] >= 0:
                node = tree[int(node[2] if row[int(node[0])] <= node[1] else node[3])]
            total += node[4]
        return total

    splits = [node for tree in judge.trees for node in tree if node[0] >= 0]
    width = 1 + max(int(node[0]) for node in splits)
    values = [node[1] + shift for node in splits for shift in (-1e-9, 0.0, 1e-9)]
    draw = random.Random(7)
    rows = [[draw.choice(values) for _ in range(width)] for _ in range(3000)]
    assert [judge.margin(row) for row in rows] == [walked(row) for row in rows]


def test_the_resolver_looks_conventions_up_by_the_groups_training_counted() -> None:
    # The parent is not in this registry (a subset): its family's convention still applies.
    from baylink.resolution.engine import Name, OrgRecord, Resolver

    unit = OrgRecord(
        key="0aaaaaa00",
        ror_id="0aaaaaa00",
        names=[Name("Kowloon Institute of Tidal Studies", "ror_display")],
        parents=("0zzzzzz99",),
        related=("0yyyyyy99",),
    )
    table = {"families": {"0zzzzzz99": [1.5, 2.0]}, "related": {"0yyyyyy99": [-0.5, 1.0]}}
    resolver = Resolver.build([unit], aliases={}, model=Model(weights={}, conventions=table))
    (scored,) = resolver.analyse("Kowloon Institute of Tidal Studies").scored
    assert scored.features["family_convention"] == 1.5
    assert scored.features["related_convention"] == -0.5
