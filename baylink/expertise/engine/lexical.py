"""BM25 over folded terms, as flat numpy arrays: one posting list per term.

The term × document counts are kept as a compressed sparse matrix in term-major order, so a
query reads only its terms' postings; each posting carries its precomputed BM25 weight (without
the term's idf), so scoring a query is one weighted `bincount`.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse

K1 = 1.2
B = 0.75

FloatArray = NDArray[np.float32]
IntArray = NDArray[np.int64]


@dataclass
class Postings:
    """Term-major counts: postings of term t are rows[ptr[t]:ptr[t + 1]] with counts tf."""

    ptr: IntArray
    rows: NDArray[np.int32]
    tf: FloatArray
    documents: int

    @classmethod
    def empty(cls, terms: int = 0, documents: int = 0) -> "Postings":
        return cls(
            np.zeros(terms + 1, dtype=np.int64),
            np.zeros(0, dtype=np.int32),
            np.zeros(0, dtype=np.float32),
            documents,
        )

    @classmethod
    def from_rows(
        cls,
        columns: Sequence[NDArray[np.int64]],
        counts: Sequence[NDArray[np.float32]],
        terms: int,
    ) -> "Postings":
        """Postings of documents given as (term ids, counts) arrays, in document order."""
        indptr = np.zeros(len(columns) + 1, dtype=np.int64)
        np.cumsum([len(row) for row in columns], out=indptr[1:])
        matrix = sparse.csr_array(
            (
                np.concatenate(counts) if counts else np.zeros(0, np.float32),
                np.concatenate(columns) if columns else np.zeros(0, np.int64),
                indptr,
            ),
            shape=(len(columns), terms),
        )
        return cls.from_matrix(matrix)

    @classmethod
    def from_matrix(cls, matrix: "sparse.csr_array | sparse.csc_array") -> "Postings":
        csc = sparse.csc_array(matrix)
        csc.sort_indices()
        return cls(
            csc.indptr.astype(np.int64),
            csc.indices.astype(np.int32),
            csc.data.astype(np.float32),
            int(csc.shape[0]),
        )

    @property
    def terms(self) -> int:
        return len(self.ptr) - 1

    def matrix(self) -> sparse.csr_array:
        """Document-major view, for editing documents."""
        csc = sparse.csc_array((self.tf, self.rows, self.ptr), shape=(self.documents, self.terms))
        return sparse.csr_array(csc)

    def document_frequency(self) -> IntArray:
        return np.diff(self.ptr)

    def document_length(self) -> FloatArray:
        lengths = np.bincount(self.rows, weights=self.tf, minlength=self.documents)
        return lengths.astype(np.float32)


class BM25:
    """Okapi BM25 scores from postings (idf with the +1 that keeps it positive)."""

    def __init__(self, postings: Postings, *, k1: float = K1, b: float = B) -> None:
        self.postings = postings
        self.df = postings.document_frequency()
        count = max(postings.documents, 1)
        self.idf = np.log1p((count - self.df + 0.5) / (self.df + 0.5)).astype(np.float32)
        length = postings.document_length()
        average = float(length.mean()) if len(length) else 1.0
        norm = k1 * (1.0 - b + b * length / max(average, 1e-9))
        tf = postings.tf
        self.impact = (tf * (k1 + 1.0) / (tf + norm[postings.rows])).astype(np.float32)
        # Document-major copy, to list a result's matched terms without scanning postings.
        self.by_document = postings.matrix()

    def scores(self, weights: Mapping[int, float]) -> NDArray[np.float64]:
        """BM25 of every document for weighted query terms {term id: weight}."""
        ptr, rows = self.postings.ptr, self.postings.rows
        parts_rows, parts_weights = [], []
        for term, weight in weights.items():
            start, end = ptr[term], ptr[term + 1]
            if start == end:
                continue
            parts_rows.append(rows[start:end])
            parts_weights.append(self.impact[start:end] * (self.idf[term] * weight))
        if not parts_rows:
            return np.zeros(self.postings.documents, dtype=np.float64)
        scores: NDArray[np.float64] = np.bincount(
            np.concatenate(parts_rows),
            weights=np.concatenate(parts_weights),
            minlength=self.postings.documents,
        ).astype(np.float64)
        return scores

    def matched(self, terms: Sequence[int], rows: Sequence[int]) -> dict[int, list[int]]:
        """For each of the given document rows, which of the terms it contains."""
        wanted = set(terms)
        indptr, indices = self.by_document.indptr, self.by_document.indices
        return {
            row: sorted(wanted.intersection(indices[indptr[row] : indptr[row + 1]].tolist()))
            for row in rows
        }
