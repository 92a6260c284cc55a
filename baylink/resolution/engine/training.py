"""Fitting the decision model's weights on labelled strings (numpy + scipy; offline only)."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import minimize

from baylink.resolution.engine.boosting import Forest, fit_forest
from baylink.resolution.engine.conventions import FEATURE_NAMES as CONVENTION_FEATURES
from baylink.resolution.engine.conventions import (
    Conventions,
    Memberships,
    column_values,
    groups_of,
)
from baylink.resolution.engine.features import FEATURES
from baylink.resolution.engine.model import NO_RUNNER_UP, Model
from baylink.resolution.engine.records import short_ror_id
from baylink.resolution.engine.resolver import Resolver

Matrix = NDArray[np.float64]
CONVENTION_COLUMNS = [FEATURES.index(name) for name in CONVENTION_FEATURES]


@dataclass
class Example:
    text: str
    gold: str  # ROR id, or "" where the string must not be matched
    keys: list[str]
    features: Matrix  # one row per candidate
    label: int  # index of the gold candidate, -1 if it is not among them (or there is none)


def collect(resolver: Resolver, rows: Iterable[tuple[str, str]]) -> list[Example]:
    examples = []
    for text, gold in rows:
        gold = short_ror_id(gold)
        # In the order of their keys, not of the loaded model's ranking: the fit must not
        # depend on the model it replaces (sums in another order round differently).
        scored = sorted(
            resolver.analyse(text).scored,
            key=lambda item: resolver.index.records[item.candidate.record].key,
        )
        keys = [resolver.index.records[item.candidate.record].key for item in scored]
        matrix = np.array(
            [[item.features[name] for name in FEATURES] for item in scored],
            dtype=np.float64,
        ).reshape(len(keys), len(FEATURES))
        # Filled in per fold from the other strings (with_conventions), never from this one.
        matrix[:, CONVENTION_COLUMNS] = 0.0
        label = keys.index(gold) if gold and gold in keys else -1
        examples.append(Example(text, gold, keys, matrix, label))
    return examples


def memberships_of(resolver: Resolver) -> Memberships:
    """Per record key, the groups whose conventions it shares (conventions.GROUPS)."""
    return {
        record.key: groups_of(record.parents, record.related) for record in resolver.index.records
    }


def with_conventions(
    examples: Sequence[Example],
    learn_from: Sequence[int],
    apply_to: Iterable[int],
    memberships: Memberships,
) -> dict[int, Example]:
    """Copies of examples `apply_to` with the conventions learnt from examples `learn_from`
    (an example among those is given the values without its own label)."""
    conventions = Conventions.count((examples[i] for i in learn_from), memberships)
    learnt = set(learn_from)
    result = {}
    for i in apply_to:
        example = examples[i]
        features = example.features.copy()
        if example.keys:
            features[:, CONVENTION_COLUMNS] = column_values(conventions, example, own=i in learnt)
        result[i] = Example(example.text, example.gold, example.keys, features, example.label)
    return result


def _stack(examples: Sequence[Example]) -> tuple[Matrix, NDArray[np.int64], Matrix]:
    matrix = np.vstack(
        [e.features for e in examples if len(e.keys)] or [np.zeros((0, len(FEATURES)))]
    )
    groups = np.concatenate(
        [np.full(len(e.keys), i, dtype=np.int64) for i, e in enumerate(examples)]
        or [np.zeros(0, dtype=np.int64)]
    )
    positives = np.zeros(len(FEATURES))
    for e in examples:
        if e.label >= 0:
            positives += e.features[e.label]
    return matrix, groups, positives


def fit(examples: Sequence[Example], l2: float = 1.0) -> dict[str, float]:
    """Maximum likelihood of the conditional logit with 'abstain' as the zero-score option."""
    matrix, groups, positives = _stack(examples)
    count = len(examples)
    penalty = np.full(len(FEATURES), l2)
    penalty[FEATURES.index("bias")] = 0.0

    def objective(weights: Matrix) -> tuple[float, Matrix]:
        scores = matrix @ weights
        exp_scores = np.exp(np.clip(scores, -50, 50))
        totals = 1.0 + np.bincount(groups, weights=exp_scores, minlength=count)
        probabilities = exp_scores / totals[groups]
        positive_scores = sum(
            float(e.features[e.label] @ weights) for e in examples if e.label >= 0
        )
        loss = float(np.log(totals).sum()) - positive_scores + 0.5 * float(penalty @ weights**2)
        gradient = probabilities @ matrix - positives + penalty * weights
        return loss, gradient

    result = minimize(objective, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B")
    return {name: float(value) for name, value in zip(FEATURES, result.x, strict=True)}


def _probabilities(example: Example, weights: dict[str, float]) -> Matrix:
    vector = np.array([weights.get(name, 0.0) for name in FEATURES])
    exp_scores = np.exp(np.clip(example.features @ vector, -50, 50))
    probabilities: Matrix = exp_scores / (1.0 + exp_scores.sum())
    return probabilities


def _decision_row(example: Example, probabilities: Matrix) -> tuple[list[float], str]:
    """The judge's input for this example (as model.decision_row builds it) and the winner."""
    order = np.argsort(-probabilities, kind="stable")
    first = float(probabilities[order[0]])
    second = float(probabilities[order[1]]) if len(order) > 1 else 0.0
    features = example.features[order[0]].tolist()
    runner_up = example.features[order[1]].tolist() if len(order) > 1 else NO_RUNNER_UP
    row = [first, second, first - second, float(np.log(len(order))), *features, *runner_up]
    return row, example.keys[int(order[0])]


def _folds(count: int, folds: int, seed: int) -> list[list[int]]:
    order = np.random.default_rng(seed).permutation(count)
    return [sorted(order[fold::folds].tolist()) for fold in range(folds)]


def ranked_out_of_fold(
    examples: Sequence[Example],
    memberships: Memberships,
    folds: int = 5,
    l2: float = 1.0,
    seed: int = 7,
) -> list[tuple[list[float], str] | None]:
    """Per example, the judge's input and the winner, ranked by a model not fitted on it."""
    result: list[tuple[list[float], str] | None] = [None] * len(examples)
    for held in _folds(len(examples), folds, seed):
        held_set = set(held)
        learn_from = [i for i in range(len(examples)) if i not in held_set]
        fold = with_conventions(examples, learn_from, range(len(examples)), memberships)
        weights = fit([fold[i] for i in learn_from], l2)
        for i in held:
            if examples[i].keys:
                result[i] = _decision_row(fold[i], _probabilities(fold[i], weights))
    return result


# Small enough to walk in a few tens of microseconds per string.
JUDGE = {"trees": 60, "depth": 5, "rate": 0.1, "min_leaf": 20}


def _fit_judge(rows: list[tuple[list[float], str]], golds: list[str]) -> Forest:
    x = np.array([row for row, _ in rows], dtype=np.float64)
    y = np.array([float(key == gold) for (_, key), gold in zip(rows, golds, strict=True)])
    return fit_forest(x, y, **JUDGE)  # type: ignore[arg-type]


def judged_out_of_fold(
    examples: Sequence[Example],
    ranked: list[tuple[list[float], str] | None],
    folds: int = 5,
    seed: int = 11,
) -> list[tuple[str, float]]:
    """(winner, confidence) per example, judged by trees not fitted on it."""
    predictions: list[tuple[str, float]] = [("", 0.0)] * len(examples)
    present = [i for i, item in enumerate(ranked) if item is not None]
    for held in _folds(len(present), folds, seed):
        held_set = {present[j] for j in held}
        train_rows = [ranked[i] for i in present if i not in held_set]
        judge = _fit_judge(
            [r for r in train_rows if r is not None],
            [examples[i].gold for i in present if i not in held_set],
        )
        for i in held_set:
            item = ranked[i]
            assert item is not None
            predictions[i] = (item[1], judge.probability(item[0]))
    return predictions


def f_score(
    golds: Sequence[str], predictions: Sequence[tuple[str, float]], threshold: float
) -> tuple[float, float, float]:
    """Precision, recall, F1 as ROR's f-score script counts them."""
    tp = fp = fn = 0
    for gold, (key, probability) in zip(golds, predictions, strict=True):
        predicted = key if probability >= threshold else ""
        if predicted and predicted == gold:
            tp += 1
        elif predicted:
            fp += 1
        elif gold:
            fn += 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def choose_threshold(
    golds: Sequence[str], predictions: Sequence[tuple[str, float]], min_precision: float
) -> float:
    """The threshold with the best F1 among those that keep precision at min_precision."""
    best = (-1.0, 0.5)
    for step in range(10, 96):
        threshold = step / 100
        precision, _, f1 = f_score(golds, predictions, threshold)
        if precision >= min_precision and f1 > best[0]:
            best = (f1, threshold)
    return best[1]


def train(
    resolver: Resolver,
    rows: Sequence[tuple[str, str]],
    *,
    min_precision: float = 0.94,
    l2: float = 1.0,
) -> Model:
    """Fit ranker and judge; the threshold comes from cross-validated predictions."""
    return train_cross_validated(resolver, rows, min_precision=min_precision, l2=l2)[0]


# Fold seeds (ranker, judge) of the cross-validation; repeats use the next pairs.
CV_SEEDS = ((7, 11), (1, 2), (3, 4))


def train_cross_validated(
    resolver: Resolver,
    rows: Sequence[tuple[str, str]],
    *,
    min_precision: float = 0.94,
    l2: float = 1.0,
    repeats: int = 1,
) -> tuple[Model, list[list[str]]]:
    """The fitted model, and per repeat of the cross-validation (other fold seeds) the answer
    per row that a model not fitted on that row gives ("": none). The model's threshold comes
    from the first repeat."""
    examples = collect(resolver, rows)
    golds = [e.gold for e in examples]
    memberships = memberships_of(resolver)
    repeated: list[list[str]] = []
    for ranker_seed, judge_seed in CV_SEEDS[: max(1, min(repeats, len(CV_SEEDS)))]:
        ranked = ranked_out_of_fold(examples, memberships, l2=l2, seed=ranker_seed)
        out_of_fold = judged_out_of_fold(examples, ranked, seed=judge_seed)
        cut = choose_threshold(golds, out_of_fold, min_precision)
        if not repeated:
            threshold, first_ranked = cut, ranked
            precision, recall, f1 = f_score(golds, out_of_fold, cut)
        repeated.append([key if confidence >= cut else "" for key, confidence in out_of_fold])
    present = [i for i, item in enumerate(first_ranked) if item is not None]
    judge = _fit_judge(
        [first_ranked[i] for i in present],  # type: ignore[misc]
        [golds[i] for i in present],
    )
    everything = range(len(examples))
    learnt = with_conventions(examples, everything, everything, memberships)
    model = Model(
        weights=fit([learnt[i] for i in everything], l2),
        threshold=threshold,
        judge=judge,
        conventions=Conventions.count(examples, memberships).table(),
        details={
            "strings": len(examples),
            "l2": l2,
            "min_precision": min_precision,
            "cross_validated": {
                "precision": round(precision, 4),
                "recall": round(recall, 4),
                "f1": round(f1, 4),
            },
        },
    )
    return model, repeated
