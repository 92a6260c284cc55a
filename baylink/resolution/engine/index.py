"""The name index: every name (and safe variant) of every organisation, ready for lookup."""

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz, process

from baylink.resolution.engine.normalise import (
    ABBREVIATIONS,
    CONNECTORS,
    fold,
    loose_key,
    name_key,
    word_stem,
)
from baylink.resolution.engine.places import PlaceLexicon, build_places
from baylink.resolution.engine.records import Name, OrgRecord

DATA = Path(__file__).resolve().parent.parent / "data"
# Kinds of name, from the registry and Baylink; "variant" is one the index derives.
EXACT_KINDS = ("ror_display", "label", "alias", "curated", "staff")
_CONNECTORS = frozenset({"of", "at", "in", "de", "du", "des", "di", "da", "do", "and", "for", "zu"})
# Words that join a name to its own city ("X at Chapel Hill", "X in St. Louis", "X à Lyon").
_AT_WORDS = frozenset({"at", "in", "en", "a", "zu"})
# Words of medicine in a string or a name ("School of Medicine", "Medical Center").
MEDICAL_WORDS = frozenset({"medical", "medicine", "health", "clinical"})
# A city-state's every place is in the city: the registry places the University of Hong Kong
# in Pok Fu Lam and Lingnan in Tuen Mun, and "香港大學，香港" names no other city.
CITY_STATES = {"HK": ("hong kong",), "MO": ("macao", "macau"), "SG": ("singapore",)}
_SINGLE_TOKEN_ACRONYM = re.compile(r"^[A-Za-z][A-Za-z0-9&\-.]{1,11}$")
_CJK_TOKEN = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]$")
# A name key that many organisations share ("institute of physics") says little on its own.
MAX_SHARED = 40
# Words any kind of organisation is named with; a derived name needs one word besides these.
GENERIC_WORDS = frozenset(
    word
    for line in (DATA / "generic-words.txt").read_text(encoding="utf-8").splitlines()
    if not line.startswith("#")
    for word in line.split()
)
DISTINCTIVE_DF = 400
# A word taken for a slip of another (index.near_terms): one this long at least, this similar
# (rapidfuzz ratio), or the other's start, at most this many letters short.
NEAR_MIN_LENGTH = 5
NEAR_SIMILARITY = 85.0
NEAR_LONGER = 4
NEAR_LIMIT = 5
NEAR_ANSWERS_KEPT = 50_000
# German umlauts as written without them ("Wuerzburg", "Tuebingen", "Koeln"): the folded name
# drops the dots ("wurzburg"), so the spelt-out form is indexed as a name of its own.
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


# A registry name made of two names ("X - Y"), or ending in its short form ("X (ABC)").
_DASHED = re.compile(r"\s[-–—|]\s")
_BRACKETED_TAIL = re.compile(r"\s*\(([^()]*)\)\s*$")


def _pieces(value: str) -> list[str]:
    """The names inside a registry name: the halves of "X - Y", and "X" of "X (ABC)"."""
    halves = [half for half in _DASHED.split(value) if half.strip()]
    pieces = halves if len(halves) > 1 else []
    for text in [value, *pieces]:
        bracketed = _BRACKETED_TAIL.search(text)
        if bracketed and " " not in bracketed.group(1).strip():
            pieces.append(text[: bracketed.start()])
    return pieces


@dataclass(frozen=True, slots=True)
class Entry:
    record: int
    kind: str
    name: str
    requires_place: bool = False  # curated short forms that are ambiguous without a city


def is_cjk_token(token: str) -> bool:
    return len(token) == 1 and _CJK_TOKEN.match(token) is not None


@lru_cache(maxsize=262144)
def key_weight(key: str) -> float:
    """Length of a key in words: a Chinese character counts as half a word."""
    return sum(0.5 if is_cjk_token(token) else 1.0 for token in key.split(" "))


def fuzzy_terms(key: str) -> list[str]:
    """Retrieval terms: Latin words (stemmed: "Vincent's" finds "Vincents"), Chinese pairs."""
    parts = key.split(" ")
    words = [word_stem(p) for p in parts if not is_cjk_token(p) and len(p) > 1]
    cjk = [p for p in parts if is_cjk_token(p)]
    words.extend(a + b for a, b in pairwise(cjk))
    return words


class NameIndex:
    """Built once from OrgRecords; read-only afterwards, so one instance serves every request."""

    def __init__(self, records: list[OrgRecord], places: PlaceLexicon | None = None) -> None:
        self.records = records
        self.position = {record.key: i for i, record in enumerate(records)}
        self.exact: dict[str, list[Entry]] = {}
        self.variants: dict[str, list[Entry]] = {}
        self.acronyms: dict[str, list[Entry]] = {}
        # The distinctive word(s) of a university's name, matched before "School of ...".
        self.stems: dict[str, list[Entry]] = {}
        self.prefixes: set[str] = set()
        self.parents: list[frozenset[int]] = []
        self.children: list[frozenset[int]] = []
        self.related: list[frozenset[int]] = []
        self.successors: list[tuple[int, ...]] = []
        self.city_keys: list[frozenset[str]] = []
        self.name_keys: list[frozenset[str]] = []
        # How well known a record is: names in many languages and many units under it.
        self.prominence: list[float] = []
        self.token_df: Counter[str] = Counter()
        self.fuzzy_keys: list[str] = []
        self.fuzzy_loose: list[str] = []
        self.fuzzy_entries: list[Entry] = []
        self.postings: dict[str, list[int]] = {}
        # The retrieval terms by first letter (sorted), and by first letter and length: the
        # words a misspelt one may be (near_terms), and those found, kept as they are asked for.
        self.terms_by_initial: dict[str, list[str]] = {}
        self.terms_by_shape: dict[tuple[str, int], list[str]] = {}
        self.near_answers: dict[str, list[str]] = {}
        self._unit_names: dict[int, dict[tuple[int, str], str]] = {}
        self._medical: dict[int, bool] = {}
        # Fuzzy candidates per part of a string, kept as they are asked for (candidates.py).
        self.fuzzy_answers: dict[str, list[tuple[int, float, str]]] = {}
        self.places = places or build_places(
            (record.country, city) for record in records for city in record.cities
        )
        self._place_tokens = frozenset(
            token for key in self.places.places for token in key.split(" ")
        )
        self._build()

    # -- building -------------------------------------------------------------------------
    def _add(self, table: dict[str, list[Entry]], key: str, entry: Entry) -> None:
        if not key:
            return
        entries = table.setdefault(key, [])
        if any(e.record == entry.record for e in entries):
            return
        entries.append(entry)
        parts = key.split(" ")
        for end in range(1, len(parts) + 1):
            self.prefixes.add(" ".join(parts[:end]))

    def _relations(self, keys: Iterable[str]) -> frozenset[int]:
        return frozenset(self.position[k] for k in keys if k in self.position)

    def _build(self) -> None:
        for record in self.records:
            self.parents.append(self._relations(record.parents))
            self.children.append(self._relations(record.children))
            self.related.append(self._relations(record.related))
            self.successors.append(tuple(self._relations(record.successors)))
            self.city_keys.append(
                frozenset(name_key(city) for city in record.cities)
                | frozenset(CITY_STATES.get(record.country, ()))
            )
            registry_names = sum(
                1 for n in record.names if n.kind in ("ror_display", "label", "alias", "acronym")
            )
            self.prominence.append(math.log1p(registry_names) + math.log1p(len(record.children)))
        for i, record in enumerate(self.records):
            keys: set[str] = set()
            for name in record.names:
                keys |= self._add_name(i, record, name)
            self.name_keys.append(frozenset(keys))
        for key in self.exact:
            for token in set(key.split(" ")):
                self.token_df[token] += 1
        reordered: dict[str, set[int]] = {}
        derived: list[tuple[str, int, str, bool]] = []
        for i, record in enumerate(self.records):
            for key, value, is_reordered in self._variants(i, record):
                derived.append((key, i, value, is_reordered))
                if not is_reordered:
                    reordered.setdefault(key, set()).add(i)
        for stem, entries in list(self.stems.items()):
            if len({e.record for e in entries}) > 1:
                del self.stems[stem]  # "Georgia" is two universities' stem: no stem at all
        for stem in self.stems:
            parts = stem.split(" ")
            for end in range(1, len(parts) + 1):
                self.prefixes.add(" ".join(parts[:end]))
        for key, i, value, is_reordered in derived:
            # "Washington University" may not be "University of Washington" reordered.
            if is_reordered and (key in self.exact or reordered.get(key, {i}) - {i}):
                continue
            self._add(self.variants, key, Entry(i, "variant", value))
        for key, entries in self.exact.items():
            for entry in entries:
                number = len(self.fuzzy_keys)
                self.fuzzy_keys.append(key)
                self.fuzzy_loose.append(loose_key(key))
                self.fuzzy_entries.append(entry)
                for term in set(fuzzy_terms(key)):
                    self.postings.setdefault(term, []).append(number)
        for term in sorted(self.postings):
            self.terms_by_initial.setdefault(term[0], []).append(term)
            self.terms_by_shape.setdefault((term[0], len(term)), []).append(term)

    def near_terms(self, term: str) -> list[str]:
        """Indexed words a word may be a slip or a short form of: 'belarusain' and 'belaru'
        (belarusian: 'Belarus State University'), 'genenetech' (genentech)."""
        if len(term) < NEAR_MIN_LENGTH or not term.isascii():
            return []
        known = self.near_answers.get(term)
        if known is None:
            if len(self.near_answers) >= NEAR_ANSWERS_KEPT:
                self.near_answers.clear()
            known = self.near_answers[term] = self._near_terms(term)
        return known

    def _near_terms(self, term: str) -> list[str]:
        words = self.terms_by_initial.get(term[0], [])
        near = []
        start = bisect.bisect_left(words, term)
        for word in words[start : start + NEAR_LIMIT]:
            if not word.startswith(term):
                break
            if word != term and len(word) - len(term) <= NEAR_LONGER:
                near.append(word)
        # A slip of one letter: one more, one fewer or another one.
        for size in (len(term) - 1, len(term), len(term) + 1):
            for word, _, _ in process.extract(
                term,
                self.terms_by_shape.get((term[0], size), ()),
                scorer=fuzz.ratio,
                score_cutoff=NEAR_SIMILARITY,
                limit=NEAR_LIMIT,
            ):
                if word != term and word not in near:
                    near.append(word)
        return near

    def is_medical(self, i: int) -> bool:
        """A medical campus: named so, a healthcare record, or one with hospitals of its own
        ("University of Maryland, Baltimore" beside College Park).

        Worked out on first use and kept (as unit_names): only candidates of strings that speak
        of medicine are asked, so the 51k-record index is not made to wait for it.
        """
        known = self._medical.get(i)
        if known is None:
            record = self.records[i]
            known = self._medical[i] = (
                "healthcare" in record.types
                or any(
                    token in MEDICAL_WORDS or token == "hospital"
                    for name in record.names
                    if name.kind in ("ror_display", "label", "alias")
                    for token in name_key(name.value).split(" ")
                )
                or any(
                    "healthcare" in self.records[j].types
                    for j in (*self.children[i], *self.related[i])
                )
            )
        return known

    def _add_name(self, i: int, record: OrgRecord, name: Name) -> set[str]:
        value = name.value.strip()
        requires_place = name.kind == "curated_contextual"
        kind = "curated" if requires_place else name.kind
        if kind == "acronym" or (
            kind == "alias"
            and _SINGLE_TOKEN_ACRONYM.match(value)
            and sum(map(str.isupper, value)) >= 2
        ):
            folded = fold(value).replace(".", "").replace(" ", "")
            if folded:
                self.acronyms.setdefault(folded, []).append(Entry(i, "acronym", value))
            if kind == "acronym":
                return set()
        key = name_key(value)
        self._add(self.exact, key, Entry(i, kind, value, requires_place))
        spelt = name_key(value.translate(_UMLAUTS))
        if spelt != key:
            self._add(self.exact, spelt, Entry(i, kind, value, requires_place))
            return {key, spelt}
        return {key}

    def distinctive(self, key: str) -> bool:
        """Whether a derived key still names something: a rare, non-generic word remains."""
        parts = key.split(" ")
        if any(is_cjk_token(p) for p in parts):
            return key_weight(key) >= 2
        return (
            any(
                p not in GENERIC_WORDS
                and p not in CONNECTORS
                and self.token_df.get(p, 0) <= DISTINCTIVE_DF
                for p in parts
            )
            and key_weight(key) >= 2
        )

    def _strip_places(self, parts: list[str], own: set[str]) -> list[str] | None:
        for size in (3, 2, 1):
            if len(parts) <= size:
                continue
            tail = " ".join(parts[-size:])
            if tail in own or tail in self.places.places:
                rest = parts[:-size]
                while rest and rest[-1] in _CONNECTORS:
                    rest = rest[:-1]
                return rest
        return None

    def _variants(self, i: int, record: OrgRecord) -> Iterable[tuple[str, str, bool]]:
        """Derived names: without city or country, in the other word order, without the parent."""
        own = set(self.city_keys[i])
        parent_keys = {key for p in self.parents[i] for key in self.name_keys[p]}
        for name in record.names:
            if name.kind == "acronym":
                continue
            key = name_key(name.value)
            parts = key.split(" ")
            if not key or (is_cjk_token(parts[0]) and not parent_keys):
                continue
            derived: list[tuple[str, bool]] = []
            if not is_cjk_token(parts[-1]):
                rest = self._strip_places(parts, own)
                if rest:
                    derived.append((" ".join(rest), False))
                    tail = parts[len(rest) :]
                    if len(tail) >= 2 and tail[0] in _AT_WORDS and " ".join(tail[1:]) in own:
                        # "University of North Carolina at Chapel Hill" is also written
                        # "University of North Carolina, Chapel Hill": the city without "at".
                        derived.append((" ".join([*rest, *tail[1:]]), False))
                    if len(rest) == 1 and "company" in record.types and self._proper(rest[0]):
                        yield rest[0], name.value, False  # "Zoetis (United States)" -> Zoetis
            if len(parts) in (3, 4) and parts[0] == "university" and parts[1] == "of":
                derived.append((" ".join([*parts[2:], "university"]), True))
            if len(parts) in (2, 3) and parts[-1] == "university" and not is_cjk_token(parts[0]):
                derived.append((" ".join(["university", "of", *parts[:-1]]), True))
            if len(parts) in (4, 5) and parts[1] == "university" and parts[2] == "of":
                # "Philipps University of Marburg" is written "University of Marburg".
                derived.append((" ".join(parts[1:]), True))
            if "education" in record.types and name.kind in ("ror_display", "label", "alias"):
                stem = self._stem(parts)
                if stem:
                    self.stems.setdefault(stem, []).append(Entry(i, "stem", name.value))
            for parent_key in parent_keys:
                if parent_key and key.startswith(parent_key + " "):
                    rest_key = key[len(parent_key) + 1 :]
                    head = rest_key.split(" ")[0]
                    if head not in _CONNECTORS and head not in GENERIC_WORDS:
                        derived.append((rest_key, False))
            for piece in _pieces(name.value):
                # "Leibniz Institute on Aging - Fritz Lipmann Institute (FLI)": each half, and
                # the name without its bracketed short form, unless another record is so named.
                piece_key = name_key(piece)
                if piece_key not in self.exact:
                    derived.append((piece_key, False))
            for variant, is_reordered in derived:
                if variant != key and self.distinctive(variant) and not self._only_places(variant):
                    yield variant, name.value, is_reordered

    def _stem(self, parts: list[str]) -> str:
        """'harvard' for Harvard University: the word a school of it is named with."""
        if len(parts) in (2, 3) and parts[-1] == "university":
            words = parts[:-1]
        elif len(parts) in (3, 4) and parts[:2] == ["university", "of"]:
            words = parts[2:]
        else:
            return ""
        stem = " ".join(words)
        if any(w in GENERIC_WORDS or w in CONNECTORS or is_cjk_token(w) for w in words):
            return ""
        if stem in self.places.places or max(self.token_df.get(w, 0) for w in words) > 60:
            return ""
        return stem

    def _only_places(self, key: str) -> bool:
        """'Shenzhen China' (left of "Biozeron Shenzhen, Inc. (China)"): no name at all.

        The key must be place names end to end: words that only occur inside a place name
        ("University" of University Park) leave "Humboldt University" a name.
        """
        parts = key.split(" ")
        if not all(token in self._place_tokens for token in parts):
            return False
        reachable = [True] + [False] * len(parts)
        for start in range(len(parts)):
            if not reachable[start]:
                continue
            for end in range(start + 1, min(len(parts), start + 4) + 1):
                if " ".join(parts[start:end]) in self.places.places:
                    reachable[end] = True
        return reachable[-1]

    def _proper(self, token: str) -> bool:
        return (
            len(token) >= 4
            and token not in GENERIC_WORDS
            and token not in self.places.places
            and self.token_df.get(token, 0) <= 20
        )

    # -- reading --------------------------------------------------------------------------
    def rarity(self, key: str) -> float:
        """How rare the key's rarest word is among all names (0: common, 1: unique)."""
        smallest = min((self.token_df.get(token, 0) for token in key.split(" ")), default=0)
        return 1.0 - math.log1p(smallest) / math.log1p(max(len(self.exact), 2))

    def is_generic(self, key: str) -> bool:
        """A name made only of organisational and subject words ("Institute of Science")."""
        parts = key.split(" ")
        if any(is_cjk_token(p) for p in parts):
            return False
        return all(p in GENERIC_WORDS or p in CONNECTORS for p in parts)

    def split_glued(self, token: str) -> str:
        """'southernuniversity' -> 'southern university': an unknown word, two known halves."""
        if len(token) < 8 or token in self.token_df or is_cjk_token(token):
            return token
        for cut in range(3, len(token) - 2):
            left = ABBREVIATIONS.get(token[:cut], token[:cut])
            right = ABBREVIATIONS.get(token[cut:], token[cut:])
            if self.token_df.get(left, 0) >= 3 and self.token_df.get(right, 0) >= 3:
                return f"{left} {right}"
        return token

    def unit_names(self, parent: int) -> dict[tuple[int, str], str]:
        """(unit, name key) -> loose key for the units and relations of a record.

        Built on first use and kept: a university's units are compared with many strings, and
        rapidfuzz takes a mapping (it compares the values and returns the keys). The cache is
        the index's only mutable state; two threads filling one entry at once build equal dicts.
        """
        names = self._unit_names.get(parent)
        if names is None:
            names = {
                (child, key): loose_key(key)
                for child in sorted(self.children[parent] | self.related[parent])
                for key in sorted(self.name_keys[child])
            }
            self._unit_names[parent] = names
        return names

    def is_related(self, a: int, b: int) -> bool:
        return b in self.parents[a] or b in self.children[a] or b in self.related[a]
