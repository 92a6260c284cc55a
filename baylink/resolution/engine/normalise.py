"""Text normalisation for matching: one form for every script, case, accent and spelling.

The same functions are applied to registry names and to the strings being resolved, so any
folding here (centre/center, Univ./University, 港/港, ü/u) joins the two sides symmetrically.
"""

import re
import unicodedata
from functools import lru_cache

from baylink.core.chinese import fold as fold_chinese

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
# A CJK ideograph is a token of its own; any other run of letters or digits is one token.
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]|[^\W_]+")
# "Children's" and "Children" meet: the possessive goes, then any other inner apostrophe.
_POSSESSIVE = re.compile(r"(?<=\w)['’`´]s\b")
_APOSTROPHES = re.compile(r"(?<=\w)['’`´](?=\w)")
_SPACES = re.compile(r"\s+")
# Initials written with dots ("U.S. Army", "U.K.", "B.P. Konstantinov") are one word, as
# they are where the same name is written without dots ("US Army").
_DOTTED_INITIALS = re.compile(r"\b(?:[^\W\d_]\.){2,}(?![^\W\d_])")

# Letters that Unicode does not decompose into a base letter and a mark.
_LATIN = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ħ": "h",
        "ŀ": "l",
    }
)

# Abbreviations and spelling variants, folded the same way on both sides.
ABBREVIATIONS: dict[str, str] = {
    "univ": "university",
    "universiy": "university",
    "uni": "university",
    "u": "university",  # "Hong Kong Polytechnic U.", "U of Macau"
    "dept": "department",
    "depts": "departments",
    "inst": "institute",
    "natl": "national",
    "intl": "international",
    "int": "international",
    "tech": "technology",
    "technol": "technology",
    "sci": "science",
    "hosp": "hospital",
    "ctr": "center",
    "centre": "center",
    "centres": "centers",
    "lab": "laboratory",
    "labs": "laboratories",
    "coll": "college",
    "res": "research",
    "acad": "academy",
    "assoc": "association",
    "st": "saint",
    "ste": "sainte",
    "mt": "mount",
    "ft": "fort",
    "govt": "government",
    "fac": "faculty",
    "sch": "school",
    "grad": "graduate",
    "engn": "engineering",
    "eng": "engineering",
    "engg": "engineering",
    "organisation": "organization",
    "organisations": "organizations",
    "programme": "program",
    "programmes": "programs",
    "med": "medical",
    "coop": "cooperative",
    # "University" in the languages of most records, so that translations meet in one word.
    "universitat": "university",
    "universitaet": "university",
    "universite": "university",
    "universidad": "university",
    "universidade": "university",
    "universita": "university",
    "universiteit": "university",
    "universitet": "university",
    "uniwersytet": "university",
    "univerzita": "university",
    "universiti": "university",
    "universitas": "university",
    "univerza": "university",
    "univerzitet": "university",
}
# Short forms that stand for more than one word: "City University of HK" is "... of Hong Kong",
# so that the longer name is found and the University of Hong Kong's inside it gives way.
WORD_EXPANSIONS: dict[str, tuple[str, ...]] = {"hk": ("hong", "kong")}
# Words left out when names are compared loosely (fuzzy matching), in the common languages.
CONNECTORS = frozenset(
    {
        "of",
        "de",
        "di",
        "du",
        "des",
        "der",
        "la",
        "le",
        "les",
        "el",
        "for",
        "and",
        "at",
        "in",
        "zu",
        "fur",
        "y",
        "e",
        "et",
        "und",
        "da",
        "do",
        "dos",
        "das",
        "del",
        "della",
        "degli",
        "studi",
        "d",
        "l",
        "a",
        "an",
        "on",
        "van",
        "voor",
        "i",
    }
)
# "The", and company-law suffixes that affiliations add or drop at will ("Fujitsu Ltd").
STOPWORDS = frozenset(
    {
        "the",
        "inc",
        "incorporated",
        "ltd",
        "limited",
        "llc",
        "gmbh",
        "plc",
        "pty",
        "srl",
        "spa",
        "bv",
        "kk",
    }
)
# Chinese abbreviations that stand for a longer name inside other names (中科院X = 中国科学院X).
_CHINESE_EXPANSIONS = {"中科院": "中国科学院"}


def has_cjk(text: str) -> bool:
    return CJK.search(text) is not None


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """NFKC (full-width forms), one Chinese script, case-folded, Latin accents removed."""
    if not text:
        return ""
    if has_cjk(text):
        folded = fold_chinese(text)
        for short, full in _CHINESE_EXPANSIONS.items():
            folded = folded.replace(short, full)
    else:
        folded = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded.translate(_LATIN))
        folded = unicodedata.normalize(
            "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
        )
    return folded


def tokens(folded: str) -> list[str]:
    """Matching tokens of already folded text: words, and each Chinese character on its own."""
    text = folded.replace("&", " and ").replace("＆", " and ")
    text = _APOSTROPHES.sub("", _POSSESSIVE.sub("", text))
    text = _DOTTED_INITIALS.sub(lambda m: m.group(0).replace(".", "") + " ", text)
    result: list[str] = []
    for token in _TOKEN.findall(text):
        if token in WORD_EXPANSIONS:
            result.extend(WORD_EXPANSIONS[token])
            continue
        token = ABBREVIATIONS.get(token, token)
        if token not in STOPWORDS:
            result.append(token)
    return result


def name_key(text: str) -> str:
    """The form names are compared in: folded tokens joined by single spaces."""
    return " ".join(tokens(fold(text)))


def loose_key(key: str) -> str:
    """A key without connecting words, for edit-distance comparison across languages."""
    return " ".join(token for token in key.split(" ") if token not in CONNECTORS)


def display_key(key: str) -> str:
    """A key as a person would read it: Chinese characters joined up again."""
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", key)


@lru_cache(maxsize=65536)
def word_stem(word: str) -> str:
    """A crude English stem: 'agricultural' and 'agriculture', 'vincents' and 'vincent' meet.

    Only plural, -al, -ic and a final -e/-y go, so that 'medical' and 'medicine' stay apart.
    """
    if len(word) <= 4 or not word.isascii():
        return word
    stem = word
    if stem.endswith("ies"):
        stem = stem[:-3] + "y"
    elif stem.endswith("s") and not stem.endswith("ss"):
        stem = stem[:-1]
    for suffix in ("al", "ic", "e", "y"):
        if stem.endswith(suffix) and len(stem) - len(suffix) >= 4:
            stem = stem[: -len(suffix)]
    return stem


def same_stems(loose: str, other: str) -> bool:
    """Two loose keys with the same words but for their endings (and at least one differs)."""
    if loose == other:
        return False
    left, right = loose.split(" "), other.split(" ")
    return len(left) == len(right) and all(
        a == b or word_stem(a) == word_stem(b) for a, b in zip(left, right, strict=True)
    )
