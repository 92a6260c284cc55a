"""Small gradient-boosted trees for the accept-or-abstain decision.

Fitting (numpy, offline) grows depth-limited regression trees on the logistic loss over
quantile-binned features. Prediction is plain Python over nested lists, so the running engine
needs nothing beyond the standard library.
"""

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

# A node: [feature, threshold, left, right, value]; a leaf has feature -1.
Node = list[float]


@dataclass
class Forest:
    base: float
    trees: list[list[Node]]

    def __post_init__(self) -> None:
        self._margin = _compiled(self)

    def margin(self, row: Sequence[float]) -> float:
        return self._margin(row)

    def probability(self, row: Sequence[float]) -> float:
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, self.margin(row)))))

    def to_json(self) -> dict[str, Any]:
        # Split thresholds are feature values seen in training: rounded, a value equal to one
        # would cross to the other branch, and the saved model would not be the one measured.
        return {
            "base": round(self.base, 6),
            "trees": [[[*node[:4], round(node[4], 6)] for node in tree] for tree in self.trees],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Forest":
        return cls(
            base=float(data["base"]),
            trees=[[[float(v) for v in node] for node in tree] for tree in data["trees"]],
        )


def _branch(tree: list[Node], index: int) -> str:
    feature, threshold, left, right, value = tree[index]
    if feature < 0:
        return repr(float(value))
    return (
        f"({_branch(tree, int(left))} if row[{int(feature)}] <= {float(threshold)!r} "
        f"else {_branch(tree, int(right))})"
    )


def _compiled(forest: Forest) -> Callable[[Sequence[float]], float]:
    """The forest as one Python expression: the trees' comparisons written out, summed in order.

    Walking the nodes was a fifth of the resolver's time; the written-out comparisons are
    several times faster. Only numbers from the model go into the source (as float and int
    literals), and the sum runs in the trees' order, so the result is the walk's to the bit.
    """
    terms = " + ".join([repr(float(forest.base)), *(_branch(tree, 0) for tree in forest.trees)])
    namespace: dict[str, Any] = {}
    exec(f"def margin(row):\n    return {terms}\n", namespace)  # numbers only
    margin: Callable[[Sequence[float]], float] = namespace["margin"]
    return margin


def _bin_edges(column: NDArray[np.float64], bins: int) -> NDArray[np.float64]:
    return np.unique(np.quantile(column, np.linspace(0, 1, bins + 1)[1:-1]))


@dataclass
class _Grower:
    """Grows one tree on quantile-binned features (the binning is shared by all trees)."""

    edges: list[NDArray[np.float64]]
    binned: NDArray[np.int64]
    depth: int
    rate: float
    min_leaf: int
    l2: float

    def __post_init__(self) -> None:
        self.columns = self.binned.shape[1]
        self.width = max(len(e) for e in self.edges) + 1
        # Column c's bins sit at c * width, so one histogram call serves every column.
        self.flat = self.binned + np.arange(self.columns) * self.width
        self.too_far = (
            np.arange(self.width)[None, :] >= np.array([len(e) for e in self.edges])[:, None]
        )

    def tree(
        self, gradient: NDArray[np.float64], hessian: NDArray[np.float64]
    ) -> tuple[list[Node], NDArray[np.float64]]:
        nodes: list[Node] = []
        update = np.zeros(len(gradient))
        self._grow(np.arange(len(gradient)), 0, gradient, hessian, nodes, update)
        return nodes, update

    def _best_split(
        self,
        index: NDArray[np.int64],
        gradient: NDArray[np.float64],
        hessian: NDArray[np.float64],
    ) -> tuple[int, int] | None:
        g, h = gradient[index].sum(), hessian[index].sum()
        size = self.columns * self.width
        codes = self.flat[index].ravel()
        shape = (self.columns, self.width)
        g_left = np.cumsum(
            np.bincount(codes, np.repeat(gradient[index], self.columns), size).reshape(shape), 1
        )
        h_left = np.cumsum(
            np.bincount(codes, np.repeat(hessian[index], self.columns), size).reshape(shape), 1
        )
        n_left = np.cumsum(np.bincount(codes, minlength=size).reshape(shape), 1)
        valid = (n_left >= self.min_leaf) & (len(index) - n_left >= self.min_leaf) & ~self.too_far
        if not valid.any():
            return None
        l2 = self.l2
        gain = g_left**2 / (h_left + l2) + (g - g_left) ** 2 / (h - h_left + l2) - g * g / (h + l2)
        gain[~valid] = -np.inf
        column, cut = np.unravel_index(int(np.argmax(gain)), gain.shape)
        return (int(column), int(cut)) if gain[column, cut] > 0 else None

    def _grow(
        self,
        index: NDArray[np.int64],
        level: int,
        gradient: NDArray[np.float64],
        hessian: NDArray[np.float64],
        nodes: list[Node],
        update: NDArray[np.float64],
    ) -> int:
        g, h = gradient[index].sum(), hessian[index].sum()
        position = len(nodes)
        nodes.append([-1.0, 0.0, 0.0, 0.0, float(-g / (h + self.l2) * self.rate)])
        split = None
        if level < self.depth and len(index) >= 2 * self.min_leaf:
            split = self._best_split(index, gradient, hessian)
        if split is None:
            update[index] = nodes[position][4]
            return position
        column, cut = split
        edges = self.edges[column]
        threshold = float(edges[cut]) if cut < len(edges) else math.inf
        mask = self.binned[index, column] <= cut
        left = self._grow(index[mask], level + 1, gradient, hessian, nodes, update)
        right = self._grow(index[~mask], level + 1, gradient, hessian, nodes, update)
        nodes[position][:4] = [float(column), threshold, float(left), float(right)]
        return position


def fit_forest(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    *,
    trees: int = 60,
    depth: int = 4,
    rate: float = 0.1,
    min_leaf: int = 20,
    l2: float = 1.0,
    bins: int = 32,
) -> Forest:
    """Boosted trees on the logistic loss: y in {0, 1}, one row of features per example."""
    edges = [_bin_edges(x[:, c], bins) for c in range(x.shape[1])]
    binned = np.stack(
        [np.searchsorted(edges[c], x[:, c], side="left") for c in range(x.shape[1])], axis=1
    )
    grower = _Grower(edges, binned, depth, rate, min_leaf, l2)
    prior = float(np.clip(y.mean(), 1e-6, 1 - 1e-6))
    base = math.log(prior / (1 - prior))
    margin = np.full(len(y), base)
    grown: list[list[Node]] = []
    for _ in range(trees):
        p = 1.0 / (1.0 + np.exp(-margin))
        nodes, update = grower.tree(p - y, np.maximum(p * (1 - p), 1e-6))
        grown.append(nodes)
        margin += update
    return Forest(base=base, trees=grown)
