"""Chinese word segmentation (jieba), shared: one dictionary per process, loaded on first use.

The expertise finder cuts profiles and problems into words with it; the organisation resolver
asks it whether a short form (北大) begins a longer word (北大荒).
"""

import logging
import threading
from pathlib import Path

import jieba

_lock = threading.Lock()
_segmenter: jieba.Tokenizer | None = None
_cache_dir: Path | None = None


def configure(cache_dir: Path | None) -> None:
    """Where jieba keeps its prefix-dictionary cache (the data directory); None = no reuse."""
    global _cache_dir, _segmenter
    with _lock:
        _cache_dir = cache_dir
        _segmenter = None


def segmenter() -> jieba.Tokenizer:
    """jieba's tokenizer, built on first use (about a second) and quietly."""
    global _segmenter
    if _segmenter is not None:
        return _segmenter
    with _lock:
        if _segmenter is None:
            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            if _cache_dir is not None:
                _cache_dir.mkdir(parents=True, exist_ok=True)
                tokenizer.tmp_dir = str(_cache_dir)
            tokenizer.initialize()
            _segmenter = tokenizer
    return _segmenter
