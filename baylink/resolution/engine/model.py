"""The decision, in two steps: which candidate, then whether to answer at all.

1. A conditional logit ranks the candidates: score = Σ weight·feature and
   P(candidate) = e^score / (1 + Σ e^score), the 1 standing for "none of them".
   One of the features is the organisation's record in the development strings' conventions
   (conventions.py): how often it was the answer when named with others.
2. Boosted trees judge the best candidate from its features and its margin over the runner-up,
   giving the confidence that it is right; below the threshold the resolver abstains.

Both are fitted on development data (training.py) and read from data/model.json, so the
conventions they encode are rules about features and organisations, never individual strings.
"""

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from baylink.resolution.engine.boosting import Forest
from baylink.resolution.engine.conventions import FEATURE_NAMES as CONVENTION_FEATURES
from baylink.resolution.engine.conventions import lookup
from baylink.resolution.engine.features import FEATURES, Scored

MODEL_PATH = Path(__file__).resolve().parent.parent / "data" / "model.json"


@dataclass
class Model:
    weights: dict[str, float]
    threshold: float = 0.5
    details: dict[str, object] = field(default_factory=dict)
    judge: Forest | None = None
    # Per organisation and per family, the conventions features (conventions.py).
    conventions: dict[str, dict[str, list[float]]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> "Model":
        if not path.is_file():
            return cls.default()
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("features") != list(FEATURES):
            # Fitted for another feature set (an older release): its weights and trees would
            # read the wrong columns. Refit with `bench/resolution.py --train`.
            return cls.default()
        return cls(
            weights={k: float(v) for k, v in data["weights"].items()},
            threshold=float(data["threshold"]),
            details=dict(data.get("details", {})),
            judge=Forest.from_json(data["judge"]) if data.get("judge") else None,
            conventions={
                part: {k: [float(x) for x in v] for k, v in table.items()}
                for part, table in data.get("conventions", {}).items()
            },
        )

    @classmethod
    def default(cls) -> "Model":
        """Hand-set weights, used only until a fitted model exists."""
        weights = dict.fromkeys(FEATURES, 0.0)
        weights.update(
            bias=-1.0,
            exact=2.0,
            acronym=0.5,
            variant=0.5,
            fuzzy_similarity=1.0,
            kind_curated=1.0,
            full_segment=1.0,
            rarity=2.0,
            ambiguity=-1.0,
            last_segment=0.5,
            country_agree=1.0,
            country_disagree=-3.0,
            city_agree=0.5,
            competitors=-0.5,
            nested_prefix_school=1.5,
            contains_prefix_school=-1.5,
        )
        return cls(weights=weights, threshold=0.5)

    def save(self, path: Path = MODEL_PATH) -> None:
        data = {
            "features": list(FEATURES),
            "weights": {k: round(self.weights.get(k, 0.0), 6) for k in FEATURES},
            "threshold": round(self.threshold, 4),
            "details": self.details,
            "judge": self.judge.to_json() if self.judge else None,
            "conventions": self.conventions,
        }
        path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")

    def score(self, scored: list[Scored], keys: list[tuple[str, dict[str, list[str]]]]) -> None:
        """Fill in score and probability for every candidate (`keys`: its record's key and the
        keys of the groups it belongs to, see conventions.GROUPS)."""
        weights = self.weights
        if self.conventions:
            for item, (key, groups) in zip(scored, keys, strict=True):
                values = lookup(self.conventions, key, groups)
                item.features.update(zip(CONVENTION_FEATURES, values, strict=True))
        for item in scored:
            item.score = sum([weights.get(k, 0.0) * v for k, v in item.features.items() if v])
        top = max((item.score for item in scored), default=0.0)
        shift = max(top, 0.0)
        total = math.exp(-shift) + sum(math.exp(item.score - shift) for item in scored)
        for item in scored:
            item.probability = math.exp(item.score - shift) / total

    def confidence(self, scored: list[Scored]) -> float:
        """How likely the best candidate (scored[0], after sorting) is the right answer."""
        if not scored:
            return 0.0
        if self.judge is None:
            return scored[0].probability
        return self.judge.probability(decision_row(scored))

    def contributions(self, item: Scored, limit: int = 4) -> list[tuple[str, float]]:
        """The features that moved this candidate's score most (for explanations)."""
        parts = [
            (name, self.weights.get(name, 0.0) * value)
            for name, value in item.features.items()
            if value and name != "bias"
        ]
        parts.sort(key=lambda part: -abs(part[1]))
        return [(name, round(amount, 2)) for name, amount in parts[:limit]]


def decision_row(scored: list[Scored]) -> list[float]:
    """What the judge sees: the ranker's view of the contest, the winner's and the runner-up's
    features (which of a unit and its university the string names is a contest of the two)."""
    first = scored[0].probability
    second = scored[1].probability if len(scored) > 1 else 0.0
    top = scored[0].features
    runner_up = [scored[1].features[n] for n in FEATURES] if len(scored) > 1 else NO_RUNNER_UP
    return [
        first,
        second,
        first - second,
        math.log(len(scored)),
        *(top[n] for n in FEATURES),
        *runner_up,
    ]


# The runner-up's features where there is none: -1, below the 0/1 most features take.
NO_RUNNER_UP = [-1.0] * len(FEATURES)
