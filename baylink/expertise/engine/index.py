"""The expertise index: BM25 over folded terms, dense vectors, and their fusion.

Documents are plain (key, text, dense text); the index knows nothing of Django. It lives in one
directory: each change writes a new generation (numpy arrays and JSON lists, no pickles) and
then points `CURRENT` at it, so readers in other processes never see a half-written index and
pick up the new generation on their next search.
"""

import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from threadpoolctl import ThreadpoolController  # type: ignore[import-untyped]  # untyped

from baylink.core import segmentation
from baylink.core.chinese import folding_signature
from baylink.expertise.engine import analysis, crosslingual
from baylink.expertise.engine.crosslingual import TermSpace, selected_terms
from baylink.expertise.engine.encoder import Encoder, VectorCache, encode_cached
from baylink.expertise.engine.lexical import BM25, Postings

FORMAT = 1
# Below this many documents, analysing in one process is quicker than starting workers.
PARALLEL_FROM = 4000


@dataclass(frozen=True)
class Tuning:
    """How the two rankings are combined.

    Chosen by 5-fold cross-validation over the development queries (folds by query, stratified
    by query language, three shuffles), in round numbers; nothing here reads a query or a
    judgment. See bench/expertise.py.
    """

    # Weight of the z-scored lexical ranking against the z-scored dense one: the dense side
    # carries meaning across languages, BM25 sharpens exact and named matches.
    lexical_weight: float = 0.5
    # Each query term is joined by its nearest other-language index terms above this cosine.
    translation_threshold: float = crosslingual.THRESHOLD
    translation_neighbours: int = crosslingual.NEIGHBOURS
    translation_weight: float = 1.0
    # Pseudo-relevance feedback: the query vector moves towards the first-pass top documents,
    # which are often in another language than the query, so the second pass reaches profiles
    # the query's own wording cannot.
    feedback_documents: int = 3
    feedback_weight: float = 0.5
    # Smoothing among the best candidates: each gains a share of the fused score of its most
    # similar fellow candidates (by their dense vectors), so a profile whose close colleagues
    # also fit rises, and a lone match on one word sinks. Limited to the first candidates so
    # that it costs the same at 100,000 profiles as at 100.
    smoothing_candidates: int = 50
    smoothing_neighbours: int = 5
    smoothing_weight: float = 0.3


class Mode(StrEnum):
    HYBRID = "hybrid"
    BM25 = "bm25"
    DENSE = "dense"


@dataclass(frozen=True)
class Document:
    key: str
    # Everything the document is found by, in any script.
    text: str
    # What the encoder reads: the statement of expertise, not names and addresses.
    dense_text: str


@dataclass(frozen=True)
class Hit:
    key: str
    score: float
    lexical: float
    dense: float
    # Index terms (folded) that the document shares with the query or its translation.
    terms: tuple[str, ...]
    # The same terms as words a reader knows (an English stem's usual spelling).
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class BuildStats:
    documents: int
    terms: int
    analysed: int
    encoded_seconds: float
    lexical_seconds: float


class Progress(Protocol):
    def __call__(self, stage: str, total: int) -> AbstractContextManager[Callable[[int], None]]:
        """A context giving a callback that advances a progress bar for one stage."""
        ...


@contextmanager
def _silent(stage: str, total: int) -> Iterator[Callable[[int], None]]:
    yield lambda count: None


@dataclass
class _State:
    generation: int
    keys: list[str]
    vocabulary: list[str]
    surfaces: list[str]
    postings: Postings
    vectors: NDArray[np.float32]
    term_ids: NDArray[np.int64]
    term_vectors: NDArray[np.float32]

    def __post_init__(self) -> None:
        self.rows = {key: row for row, key in enumerate(self.keys)}
        self.term_index = {term: term_id for term_id, term in enumerate(self.vocabulary)}
        self.bm25 = BM25(self.postings)
        self.space = TermSpace.build(self.vocabulary, self.term_ids.tolist(), self.term_vectors)
        self.term_vector_row = {int(term_id): row for row, term_id in enumerate(self.term_ids)}


def _analyse_chunk(texts: list[str]) -> list[analysis.Analysis]:
    return [analysis.analyse(text) for text in texts]


def _analyses(texts: Sequence[str], tick: Callable[[int], None]) -> Iterator[analysis.Analysis]:
    """Analyses in document order, from one worker process per core for large batches."""
    chunks = [list(texts[start : start + 1000]) for start in range(0, len(texts), 1000)]
    workers = min(os.cpu_count() or 1, 4)
    if len(texts) < PARALLEL_FROM or workers < 2:
        for chunk in chunks:
            yield from _analyse_chunk(chunk)
            tick(len(chunk))
        return
    segmentation.segmenter()  # loaded once here, inherited by the forked workers
    with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
        for chunk, done in zip(chunks, pool.map(_analyse_chunk, chunks), strict=True):
            yield from done
            tick(len(chunk))


_blas: ThreadpoolController | None = None


def single_threaded_blas() -> AbstractContextManager[object]:
    global _blas
    if _blas is None:
        _blas = ThreadpoolController()
    limit: AbstractContextManager[object] = _blas.limit(limits=1, user_api="blas")
    return limit


def _zscore(values: NDArray[np.float64]) -> NDArray[np.float64]:
    spread = float(values.std())
    if spread == 0.0:
        return np.zeros_like(values)
    return (values - float(values.mean())) / spread


class ExpertiseIndex:
    def __init__(
        self,
        directory: Path,
        encoder: Encoder,
        *,
        cache: VectorCache | None = None,
        tuning: Tuning | None = None,
    ) -> None:
        self.directory = directory
        self.tuning = tuning or Tuning()
        self.encoder = encoder
        self.cache = cache
        self._state: _State | None = None
        self._current_name: str | None = None
        self._lock = threading.Lock()

    # ---------- reading ----------
    def _pointer(self) -> str | None:
        try:
            return (self.directory / "CURRENT").read_text(encoding="ascii").strip() or None
        except FileNotFoundError:
            return None

    def _manifest(self, name: str) -> dict[str, Any]:
        found: dict[str, Any] = json.loads(
            (self.directory / name / "manifest.json").read_text(encoding="utf-8")
        )
        return found

    def _empty(self) -> _State:
        dimension = self.encoder.dimension
        return _State(
            0, [], [], [], Postings.empty(), np.zeros((0, dimension), np.float32),
            np.zeros(0, np.int64), np.zeros((0, dimension), np.float32),
        )  # fmt: skip

    def _load(self, name: str) -> _State:
        folder = self.directory / name
        manifest = self._manifest(name)
        if (
            manifest["format"] != FORMAT
            or manifest["encoder"] != self.encoder.name
            # Terms folded by other rules would not meet queries folded by these.
            or manifest.get("folding") != folding_signature()
        ):
            raise IndexOutOfDate(manifest.get("encoder", ""))
        keys = json.loads((folder / "keys.json").read_text(encoding="utf-8"))
        terms = json.loads((folder / "terms.json").read_text(encoding="utf-8"))

        def array(stem: str) -> NDArray[np.generic]:
            values: NDArray[np.generic] = np.load(folder / f"{stem}.npy", allow_pickle=False)
            return values

        postings = Postings(
            array("ptr").astype(np.int64), array("rows").astype(np.int32),
            array("tf").astype(np.float32), len(keys),
        )  # fmt: skip
        return _State(
            int(manifest["generation"]),
            keys,
            [term for term, _ in terms],
            [surface for _, surface in terms],
            postings,
            array("vectors").astype(np.float32),
            array("term_ids").astype(np.int64),
            array("term_vectors").astype(np.float32),
        )

    def state(self) -> _State:
        """The newest generation on disk (reloaded when another process has written one)."""
        name = self._pointer()
        with self._lock:
            if self._state is None or name != self._current_name:
                self._state = self._load(name) if name else self._empty()
                self._current_name = name
            return self._state

    def __len__(self) -> int:
        return len(self.state().keys)

    def __contains__(self, key: object) -> bool:
        return key in self.state().rows

    def keys(self) -> list[str]:
        return list(self.state().keys)

    def exists(self) -> bool:
        """Whether an index has been built here at all (else searches find nothing)."""
        return self._pointer() is not None

    @property
    def generation(self) -> int:
        return self.state().generation

    # ---------- writing ----------
    @contextmanager
    def _writing(self) -> Iterator[None]:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.directory / "write.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def rebuild(self, documents: Sequence[Document], progress: Progress = _silent) -> BuildStats:
        """Index exactly these documents (unchanged texts reuse their cached vectors)."""
        with self._writing():
            current = self._pointer()
            # Counted on from the last generation, whatever it was built with (an index out of
            # date is what a rebuild replaces).
            generation = int(self._manifest(current)["generation"]) if current else 0
            base = self._empty()
            base.generation = generation
            return self._apply(base, documents, replace_all=True, progress=progress)

    def update(self, documents: Sequence[Document], removed: Collection[str] = ()) -> BuildStats:
        """Add or replace these documents and drop the removed keys; the rest is kept as is.

        IndexOutOfDate when the stored index was built another way: the rest cannot be kept,
        and an index of only these documents would pass for a whole one; rebuild instead."""
        with self._writing():
            current = self._pointer()
            base = self._load(current) if current else self._empty()
            return self._apply(base, documents, removed=set(removed))

    def _apply(
        self,
        base: _State,
        documents: Sequence[Document],
        *,
        removed: set[str] | None = None,
        replace_all: bool = False,
        progress: Progress = _silent,
    ) -> BuildStats:
        documents = list({document.key: document for document in documents}.values())
        dropped = (removed or set()) | {document.key for document in documents}
        kept = [row for row, key in enumerate(base.keys) if key not in dropped]
        started = time.perf_counter()
        vocabulary = {term: term_id for term_id, term in enumerate(base.vocabulary)}
        surfaces = list(base.surfaces)
        # Each document becomes two small arrays at once: holding 100,000 term Counters
        # would take more memory than the whole index.
        columns: list[NDArray[np.int64]] = []
        counts: list[NDArray[np.float32]] = []
        with progress("analyse", len(documents)) as tick:
            for found in _analyses([document.text for document in documents], tick):
                ids = []
                for term in found.counts:
                    term_id = vocabulary.get(term)
                    if term_id is None:
                        term_id = vocabulary[term] = len(vocabulary)
                        surfaces.append(found.surfaces.get(term, term))
                    ids.append(term_id)
                columns.append(np.array(ids, dtype=np.int64))
                counts.append(np.fromiter(found.counts.values(), np.float32, len(ids)))
        old = base.postings.matrix()[kept] if kept else None
        new = Postings.from_rows(columns, counts, len(vocabulary)).matrix()
        if old is not None:
            old.resize((old.shape[0], len(vocabulary)))
            combined = sparse.vstack([old, new], format="csr")
        else:
            combined = new
        keys = [base.keys[row] for row in kept] + [document.key for document in documents]
        order = np.argsort(np.array(keys, dtype=object), kind="stable")
        keys = [keys[row] for row in order]
        postings = Postings.from_matrix(sparse.csr_array(combined)[order])
        lexical_seconds = time.perf_counter() - started

        started = time.perf_counter()
        with progress("encode", len(documents)) as tick:
            fresh = encode_cached(
                self.encoder,
                [analysis.fold_text(document.dense_text) for document in documents],
                self.cache,
                progress=tick,
            )
        vectors = np.concatenate([base.vectors[kept], fresh])[order] if kept else fresh[order]
        term_list = sorted(vocabulary, key=vocabulary.__getitem__)
        term_ids = selected_terms(term_list, postings.document_frequency())
        term_vectors = self._term_vectors(base, term_list, surfaces, term_ids, progress)
        encoded_seconds = time.perf_counter() - started

        state = _State(
            base.generation + 1, keys, term_list, surfaces, postings,
            np.ascontiguousarray(vectors, dtype=np.float32),
            np.asarray(term_ids, dtype=np.int64), term_vectors,
        )  # fmt: skip
        self._write(state)
        return BuildStats(
            len(keys), len(term_list), len(documents), encoded_seconds, lexical_seconds
        )

    def _term_vectors(
        self,
        base: _State,
        terms: list[str],
        surfaces: list[str],
        term_ids: list[int],
        progress: Progress,
    ) -> NDArray[np.float32]:
        known = {int(term_id): row for row, term_id in enumerate(base.term_ids)}
        result = np.zeros((len(term_ids), self.encoder.dimension), dtype=np.float32)
        missing = []
        for row, term_id in enumerate(term_ids):
            if term_id < len(base.vocabulary) and term_id in known:
                result[row] = base.term_vectors[known[term_id]]
            else:
                missing.append(row)
        with progress("words", len(missing)) as tick:
            words = [surfaces[term_ids[row]] for row in missing]
            encoded = encode_cached(self.encoder, words, self.cache, progress=tick)
        if missing:
            result[missing] = encoded
        return result

    def _write(self, state: _State) -> None:
        name = f"g{state.generation:08d}"
        folder = self.directory / name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        manifest = {
            "format": FORMAT,
            "encoder": self.encoder.name,
            "folding": folding_signature(),
            "dimension": self.encoder.dimension,
            "generation": state.generation,
            "documents": len(state.keys),
            "terms": len(state.vocabulary),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        (folder / "keys.json").write_text(json.dumps(state.keys), encoding="utf-8")
        terms = list(zip(state.vocabulary, state.surfaces, strict=True))
        (folder / "terms.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        arrays: dict[str, NDArray[np.generic]] = {
            "ptr": state.postings.ptr,
            "rows": state.postings.rows,
            "tf": state.postings.tf,
            "vectors": state.vectors,
            "term_ids": state.term_ids,
            "term_vectors": state.term_vectors,
        }
        for stem, values in arrays.items():
            np.save(folder / f"{stem}.npy", values, allow_pickle=False)
        pointer = self.directory / "CURRENT.tmp"
        pointer.write_text(name, encoding="ascii")
        os.replace(pointer, self.directory / "CURRENT")
        for old in self.directory.glob("g*"):
            if old.is_dir() and old.name != name:
                shutil.rmtree(old, ignore_errors=True)

    # ---------- searching ----------
    def search(
        self,
        query: str,
        *,
        mode: Mode = Mode.HYBRID,
        k: int = 100,
        allowed: Collection[str] | None = None,
    ) -> list[Hit]:
        """The k best documents for the query (ties broken by key), optionally among `allowed`."""
        # A query is small work: extra BLAS threads only contend with other requests.
        with single_threaded_blas():
            return self._search(query, mode=mode, k=k, allowed=allowed)

    def _search(
        self, query: str, *, mode: Mode, k: int, allowed: Collection[str] | None
    ) -> list[Hit]:
        state = self.state()
        count = len(state.keys)
        if not count or k <= 0:
            return []
        found = analysis.analyse(query)
        weights: dict[int, float] = {}
        for term, times in found.counts.items():
            term_id = state.term_index.get(term)
            if term_id is not None:
                weights[term_id] = weights.get(term_id, 0.0) + times
        if mode is Mode.HYBRID:
            self._translate(state, found, weights)
        tuning = self.tuning
        lexical = state.bm25.scores(weights) if mode is not Mode.DENSE else np.zeros(count)
        dense = np.zeros(count)
        if mode is not Mode.BM25:
            query_vector = self.encoder.encode([analysis.fold_text(query)])[0]
            dense = (state.vectors @ query_vector).astype(np.float64)
        if mode is Mode.HYBRID:
            score = _zscore(dense) + tuning.lexical_weight * _zscore(lexical)
            if tuning.feedback_documents and tuning.feedback_weight:
                first = np.argsort(-score, kind="stable")[: tuning.feedback_documents]
                moved = query_vector + tuning.feedback_weight * state.vectors[first].mean(axis=0)
                moved /= max(float(np.linalg.norm(moved)), 1e-9)
                dense = (state.vectors @ moved).astype(np.float64)
                score = _zscore(dense) + tuning.lexical_weight * _zscore(lexical)
        else:
            score = lexical if mode is Mode.BM25 else dense
        if mode is Mode.HYBRID and tuning.smoothing_weight and tuning.smoothing_neighbours:
            score = self._smoothed(state, score, allowed)
        # A lexical ranking says nothing about documents that share no term with the query.
        rows = self._top(state, score, k, allowed, positive_only=mode is Mode.BM25)
        matched = state.bm25.matched(sorted(weights), rows)
        return [
            Hit(
                state.keys[row],
                float(score[row]),
                float(lexical[row]),
                float(dense[row]),
                tuple(state.vocabulary[term] for term in matched[row]),
                tuple(state.surfaces[term] for term in matched[row]),
            )
            for row in rows
        ]

    def _smoothed(
        self, state: _State, score: NDArray[np.float64], allowed: Collection[str] | None
    ) -> NDArray[np.float64]:
        """Scores where each of the first candidates gains from its nearest fellow candidates.

        The other documents keep their order, below every candidate.
        """
        tuning = self.tuning
        candidates = self._top(state, score, tuning.smoothing_candidates, allowed)
        if len(candidates) <= tuning.smoothing_neighbours:
            return score
        rows = np.asarray(candidates, dtype=np.int64)
        vectors = state.vectors[rows]
        similarity = vectors @ vectors.T
        np.fill_diagonal(similarity, -np.inf)
        # Ties between equally similar colleagues go to the earlier (better) candidate.
        nearest = np.argsort(-similarity, axis=1, kind="stable")[:, : tuning.smoothing_neighbours]
        first = score[rows]
        lifted = first + tuning.smoothing_weight * first[nearest].mean(axis=1)
        smoothed = score.copy()
        rest = np.ones(len(score), dtype=bool)
        rest[rows] = False
        if rest.any():
            smoothed[rest] -= float(score[rest].max()) - float(lifted.min()) + 1.0
        smoothed[rows] = lifted
        return smoothed

    def _translate(
        self, state: _State, found: analysis.Analysis, weights: dict[int, float]
    ) -> None:
        """Add each query term's nearest index terms in the other language."""
        tuning = self.tuning
        terms = [term for term in found.counts if analysis.is_word(term)]
        unknown = [
            term
            for term in terms
            if state.term_vector_row.get(state.term_index.get(term, -1)) is None
            and not state.space.remembers(
                term, tuning.translation_threshold, tuning.translation_neighbours
            )
        ]
        encoded = (
            self.encoder.encode([found.surfaces.get(term, term) for term in unknown])
            if unknown
            else None
        )
        for term in terms:
            row = state.term_vector_row.get(state.term_index.get(term, -1))
            if row is not None:
                vector = state.term_vectors[row]
            elif encoded is not None and term in unknown:
                vector = encoded[unknown.index(term)]
            else:
                vector = np.zeros(self.encoder.dimension, dtype=np.float32)
            nearest = state.space.nearest(
                term, vector, tuning.translation_threshold, tuning.translation_neighbours
            )
            for target, similarity in nearest:
                added = found.counts[term] * similarity * tuning.translation_weight
                weights[target] = weights.get(target, 0.0) + added

    @staticmethod
    def _top(
        state: _State,
        score: NDArray[np.float64],
        k: int,
        allowed: Collection[str] | None,
        *,
        positive_only: bool = False,
    ) -> list[int]:
        if allowed is not None:
            candidates = np.fromiter(
                (state.rows[key] for key in allowed if key in state.rows), dtype=np.int64
            )
        else:
            candidates = np.arange(len(score), dtype=np.int64)
        if positive_only:
            candidates = candidates[score[candidates] > 0]
        if not len(candidates):
            return []
        values = score[candidates]
        if len(candidates) > k:
            threshold = np.partition(values, len(values) - k)[len(values) - k]
            keep = values >= threshold
            candidates, values = candidates[keep], values[keep]
        # Rows are in key order, so equal scores come out in key order on every database.
        order = np.lexsort((candidates, -values))
        return [int(row) for row in candidates[order][:k]]


class IndexOutOfDate(Exception):  # noqa: N818  # reads as the condition it reports
    """The index on disk was built by another encoder or format: run `baylink reindex`."""


def null_progress() -> Progress:
    return _silent


__all__ = [
    "BuildStats",
    "Document",
    "ExpertiseIndex",
    "Hit",
    "IndexOutOfDate",
    "Mode",
    "Progress",
]


def researcher_document(
    key: str,
    *,
    keywords: Sequence[str],
    projects: Sequence[str],
    statement: str,
    context: Sequence[str] = (),
) -> Document:
    """A researcher as the index sees one: context (unit, organisation) is found, not encoded."""
    expertise = [" ; ".join(keywords), " ; ".join(projects), statement]
    return Document(
        key=key,
        text=" ; ".join([*expertise, *context]),
        dense_text=" ".join(part for part in expertise if part),
    )
