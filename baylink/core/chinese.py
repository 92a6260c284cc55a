"""Chinese script conversion (Hong Kong Traditional <-> mainland Simplified) and search folding.

OpenCC converts characters and Hong Kong variant forms; a small curated phrase table
(`data/hk_cn_phrases.tsv`) converts the words that differ in usage (機械人 / 机器人).
"""

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import opencc

PHRASE_TABLE = Path(__file__).parent / "data" / "hk_cn_phrases.tsv"


@dataclass(frozen=True)
class PhrasePair:
    hong_kong: str
    mainland: str
    fold_only: bool


@cache
def _converter(config: str) -> Callable[[str], str]:
    converter = opencc.OpenCC(config)
    return converter.convert


@cache
def phrase_pairs() -> tuple[PhrasePair, ...]:
    pairs = []
    for line in PHRASE_TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        pairs.append(PhrasePair(cells[0], cells[1], len(cells) > 2 and cells[2] == "fold"))
    return tuple(pairs)


def _replacer(mapping: dict[str, str]) -> Callable[[str], str]:
    if not mapping:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(key) for key in sorted(mapping, key=len, reverse=True)))
    return lambda text: pattern.sub(lambda match: mapping[match.group(0)], text)


@cache
def _to_mainland_words() -> Callable[[str], str]:
    hk2s = _converter("hk2s")
    return _replacer(
        {hk2s(p.hong_kong): p.mainland for p in phrase_pairs() if not p.fold_only and p.mainland}
    )


@cache
def _to_hong_kong_words() -> Callable[[str], str]:
    s2hk = _converter("s2hk")
    return _replacer(
        {s2hk(p.mainland): p.hong_kong for p in phrase_pairs() if not p.fold_only and p.hong_kong}
    )


@cache
def _fold_words() -> Callable[[str], str]:
    hk2s = _converter("hk2s")
    return _replacer({hk2s(p.hong_kong): p.mainland for p in phrase_pairs()})


def to_simplified(text: str) -> str:
    """Hong Kong Traditional text as a mainland reader writes it."""
    if not text:
        return text
    return _to_mainland_words()(_converter("hk2s")(text))


def to_traditional(text: str) -> str:
    """Simplified text as a Hong Kong reader writes it."""
    if not text:
        return text
    return _to_hong_kong_words()(_converter("s2hk")(text))


@cache
def _regional_spellings() -> dict[str, frozenset[str]]:
    hk2s, t2s = _converter("hk2s"), _converter("t2s")
    spellings: dict[str, set[str]] = {}
    for pair in phrase_pairs():
        if pair.mainland:
            found = spellings.setdefault(pair.mainland, set())
            found |= {pair.hong_kong, t2s(hk2s(pair.hong_kong))}
    return {word: frozenset(found) for word, found in spellings.items()}


def has_simplified_only(text: str) -> bool:
    """Whether the text holds a character only Simplified writing uses (a Simplified profile
    quoting 香港理工大學 still does; Traditional text alone never does)."""
    return _converter("s2t")(text) != text


def traditional_spellings(simplified: str) -> frozenset[str]:
    """Both ways Traditional text writes a Simplified word, the Hong Kong variant forms and the
    common ones (温度 -> 温度 and 溫度): to find it in text as its author wrote it."""
    return frozenset({to_traditional(simplified), _converter("s2t")(simplified)})


def regional_spellings(folded_word: str) -> frozenset[str]:
    """The Hong Kong words that fold into this mainland one, as written in either script:
    老年人 -> 長者, 长者 (to mark where a folded match stands in the text shown)."""
    return _regional_spellings().get(folded_word, frozenset())


@cache
def folding_signature() -> str:
    """Changes whenever fold() may give other results: a new phrase table or OpenCC release.
    Text folded and stored (search texts, the expertise index) is made again when it does."""
    digest = hashlib.sha256(PHRASE_TABLE.read_bytes())
    digest.update(version("opencc").encode())
    return digest.hexdigest()[:16]


_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """One form for search: NFKC, case-folded, Simplified characters, mainland wording."""
    if not text:
        return ""
    normalised = unicodedata.normalize("NFKC", text)
    simplified = _fold_words()(_converter("t2s")(_converter("hk2s")(normalised)))
    return _SPACES.sub(" ", simplified.casefold()).strip()


_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")


def chinese_script(text: str) -> str | None:
    """'zh_hant', 'zh_hans', 'both' (the same in either script) or None (no Chinese)."""
    if not _CJK.search(text or ""):
        return None
    if _converter("hk2s")(text) != text:
        return "zh_hant"
    if _converter("s2hk")(text) != text:
        return "zh_hans"
    return "both"
