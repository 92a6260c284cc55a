"""Carrying query terms across languages: 仓库 ⇄ warehouse, 老年人 ⇄ elderly.

BM25 alone cannot match an English query with a Chinese profile. The same multilingual encoder
that ranks passages also places single words of both languages in one space, so each query
term is joined by its nearest index terms of the other language (when close enough), with a
weight that shrinks with the distance. Two neighbours rather than one: a word often has two
renderings in the other language (仓库 → warehouse, storage), and cross-validation over the
development queries preferred two (three added noise).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from baylink.expertise.engine.analysis import is_chinese, is_word

# Below this cosine, nearest words are related at best (中风 → wind); chosen by cross-validation
# over the development queries (0.45-0.55 rank alike; 0.7 loses translations).
THRESHOLD = 0.5
NEIGHBOURS = 2
# Most frequent index terms given a vector; rarer ones are not worth the memory.
MAX_TERMS = 30_000


def selected_terms(
    terms: Sequence[str], document_frequency: NDArray[np.int64], limit: int = MAX_TERMS
) -> list[int]:
    """The term ids worth carrying across: words (not single characters), most frequent first."""
    eligible = [
        term_id
        for term_id, term in enumerate(terms)
        if document_frequency[term_id] > 0 and is_word(term)
    ]
    eligible.sort(key=lambda term_id: (-int(document_frequency[term_id]), terms[term_id]))
    return sorted(eligible[:limit])


@dataclass
class TermSpace:
    """Vectors of selected index terms, split by language so a lookup crosses over."""

    chinese_ids: NDArray[np.int64]
    chinese_vectors: NDArray[np.float32]
    latin_ids: NDArray[np.int64]
    latin_vectors: NDArray[np.float32]
    _memo: dict[tuple[str, float, int], list[tuple[int, float]]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, terms: Sequence[str], ids: Sequence[int], vectors: NDArray[np.float32]
    ) -> "TermSpace":
        chinese = np.array([is_chinese(terms[term_id]) for term_id in ids], dtype=bool)
        id_array = np.asarray(ids, dtype=np.int64)
        return cls(
            id_array[chinese],
            np.ascontiguousarray(vectors[chinese]),
            id_array[~chinese],
            np.ascontiguousarray(vectors[~chinese]),
        )

    @classmethod
    def empty(cls, dimension: int) -> "TermSpace":
        nothing = np.zeros(0, dtype=np.int64)
        vectors = np.zeros((0, dimension), dtype=np.float32)
        return cls(nothing, vectors, nothing.copy(), vectors.copy())

    def remembers(self, term: str, threshold: float = THRESHOLD, count: int = NEIGHBOURS) -> bool:
        return (term, threshold, count) in self._memo

    def nearest(
        self,
        term: str,
        vector: NDArray[np.float32],
        threshold: float = THRESHOLD,
        count: int = NEIGHBOURS,
    ) -> list[tuple[int, float]]:
        """Up to `count` closest index terms in the other language whose cosine reaches the
        threshold, closest first."""
        key = (term, threshold, count)
        if key in self._memo:
            return self._memo[key]
        ids, vectors = (
            (self.latin_ids, self.latin_vectors)
            if is_chinese(term)
            else (self.chinese_ids, self.chinese_vectors)
        )
        found: list[tuple[int, float]] = []
        if len(ids) and count > 0:
            similarity = vectors @ vector
            size = min(count, len(ids))
            best = np.argpartition(-similarity, size - 1)[:size]
            best = best[np.lexsort((ids[best], -similarity[best]))]
            found = [
                (int(ids[row]), float(similarity[row]))
                for row in best
                if similarity[row] >= threshold
            ]
        if len(self._memo) > 50_000:
            self._memo.clear()
        self._memo[key] = found
        return found
