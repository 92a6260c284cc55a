"""Turning text in any of the three scripts into index terms.

Chinese is folded to one script (Simplified, mainland wording) before anything else, so that
人工智慧 and 人工智能 become the same term, then segmented with jieba; English is lowercased and
lightly stemmed. Mixed text ("AI芯片的散热") is split into Latin and Chinese runs first.
"""

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from baylink.core.chinese import fold
from baylink.core.segmentation import segmenter
from baylink.expertise.engine.stopwords import CHINESE_STOPWORDS, ENGLISH_STOPWORDS

# A run of Chinese characters, or of Latin letters/digits (with inner hyphens, dots, '+').
_RUNS = re.compile(
    r"(?P<cjk>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+)"
    r"|(?P<latin>[0-9a-z\u00c0-\u024f]+(?:[-.+'][0-9a-z\u00c0-\u024f]+)*\+*)"
)
_CJK_START = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_DIGITS = re.compile(r"^[0-9.,]+$")
# Sub-words of long Chinese words are indexed too, so that 冷链物流 meets 冷链 and 物流.
_SUBWORD_MIN = 3


def stem(word: str) -> str:
    """A light English stemmer: plurals and -ing/-ed, nothing that changes a word's meaning."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ous")):
        word = word[:-1]
    for suffix, minimum in (("ing", 6), ("ed", 5)):
        if word.endswith(suffix) and len(word) >= minimum:
            base = word[: -len(suffix)]
            if len(base) >= 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                return base[:-1]
            if base.endswith(("at", "iz", "bl", "ur", "iv", "id", "as", "os", "uc", "ag", "ar")):
                return base + "e"
            return base
    return word


def _chinese_terms(run: str) -> Iterator[str]:
    for word in segmenter().cut(run, HMM=False):
        if word in CHINESE_STOPWORDS or not word.strip():
            continue
        yield word
        if len(word) >= _SUBWORD_MIN:
            # jieba's own search-mode splitting: dictionary words inside a long word.
            frequencies = segmenter().FREQ
            for size in (2, 3):
                for start in range(len(word) - size + 1):
                    part = word[start : start + size]
                    if part != word and frequencies.get(part) and part not in CHINESE_STOPWORDS:
                        yield part


def surface_terms(folded: str) -> Iterator[tuple[str, str]]:
    """(index term, the word as written) for text that is already folded (see `fold`)."""
    for match in _RUNS.finditer(folded):
        cjk = match.group("cjk")
        if cjk:
            for term in _chinese_terms(cjk):
                yield term, term
            continue
        word = match.group("latin").strip("'")
        if len(word) < 2 or word in ENGLISH_STOPWORDS or _DIGITS.match(word):
            continue
        yield stem(word), word


def terms_of_folded(folded: str) -> Iterator[str]:
    """Index terms of text that is already folded (see `fold`)."""
    for term, _surface in surface_terms(folded):
        yield term


@dataclass(frozen=True)
class Analysis:
    counts: Counter[str]
    # An English stem's most frequent spelling in the text (the encoder reads words, not stems).
    surfaces: dict[str, str]


def analyse(text: str) -> Analysis:
    """Term counts and spellings of text in any script."""
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for term, surface in surface_terms(fold(text)):
        counts[term] += 1
        if surface != term:
            spellings.setdefault(term, Counter())[surface] += 1
    surfaces = {
        term: min(found.items(), key=lambda item: (-item[1], item[0]))[0]
        for term, found in spellings.items()
    }
    return Analysis(counts, surfaces)


def is_chinese(term: str) -> bool:
    return bool(_CJK_START.match(term))


def is_word(term: str) -> bool:
    """Long enough to mean something on its own (not a lone character or a short code)."""
    return len(term) >= (2 if is_chinese(term) else 3)


def terms(text: str) -> list[str]:
    """Index terms of text in any script: folded, segmented, stemmed, without stopwords."""
    return list(terms_of_folded(fold(text)))


def fold_text(text: str) -> str:
    """The one-script form used for matching and for the dense encoder."""
    return fold(text)
