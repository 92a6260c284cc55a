"""Splitting an affiliation string into its parts (department, institution, city, country ...)."""

import re
import unicodedata
from dataclasses import dataclass, field

from baylink.resolution.engine.normalise import fold, has_cjk, tokens

# Commas, semicolons, brackets, the Chinese enumeration comma, spaced dashes and slashes, and
# the double spaces left where a source stripped punctuation ("University of X  UNSW Sydney").
_SEPARATORS = re.compile(
    r"[,;|()\[\]{}<>、《》「」『』【】〔〕\n\t]|\s{2,}|\s[-–—/]\s|[–—]"
    r"|(?<=[^\x00-\x7f])/|/(?=[^\x00-\x7f])"
    # Chinese writes no commas between an address, a name and a department: a space between
    # two characters, and the end of a house or room number ("學苑大道1088號南方科技大學").
    r"|(?<=[\u3400-\u9fff])\s(?=[\u3400-\u9fff])|(?<=\d[号號室])(?=[\u3400-\u9fff])"
    # Footnote numbers that join two parts: "Yale School of Medicine 2 Department of ...".
    r"|(?<=[a-z])\s(?=\d{1,2}\s+[A-Z,])|(?<=[a-z]\s\d)\s|(?<=[a-z]\s\d\d)\s"
)
_ACRONYM = re.compile(r"\b[A-Za-z][A-Za-z0-9&\-.]*[A-Za-z0-9]\b")
_STREET_WORDS = frozenset(
    {
        "street",
        "road",
        "rd",
        "avenue",
        "ave",
        "av",
        "blvd",
        "boulevard",
        "strasse",
        "str",
        "rue",
        "via",
        "calle",
        "lane",
        "drive",
        "highway",
        "hwy",
        "plaza",
        "platz",
        "weg",
        "allee",
        "avenida",
        "rua",
        "carrera",
        "box",
        "floor",
        "building",
        "bldg",
        "room",
        "suite",
        "ward",
        "district",
        "po",
        "bp",
        "cedex",
        "pmb",
    }
)
# A small word run into the name after it where a source lost a space ("ofUniversity",
# "Current addressGoogle"), and a note that the author has moved ("Currently at ...").
_GLUED = re.compile(r"\b(at|of|the|in|and|for|with|la|de|del|address|affiliation)(?=[A-Z][a-z])")
# An organisation's head word run into the word before or after it where a source lost a
# space ("Université de LimogesInstitut ...", "SouthernUniversity", "UniversitéLaval",
# "TechnologyThanyaburi"): a name word does not change case inside itself.
_GLUED_BEFORE_HEAD = re.compile(
    r"(?<=[A-Za-zà-ÿ]{3})(?=Universit[a-zà-ÿ]|Institut|College|Hochschule)"
)
_GLUED_AFTER_HEAD = re.compile(
    r"\b(Universit(?:y|é|ät|at|à|e|a)|Institute|Institut|College|Technology|Hochschule)"
    r"(?=[A-Z][a-zà-ÿ])"
)
_MOVED = re.compile(
    r"^\s*(?:current(?:ly)?|present)\s+(?:address|affiliation|at|with)\b\s*:?\s*", re.IGNORECASE
)
# Capitals that are not an organisation's: what agreements and CVs are ("See attached MoU"),
# and a person's initials ("Chan, T.M.").
_NOT_ACRONYMS = frozenset(
    {"mou", "moa", "nda", "loi", "tbc", "tbd", "cv", "phd", "msc", "bsc", "mphil", "ceo", "cto"}
)
_INITIALS = re.compile(r"[A-Z]\.[A-Z]\.?")
_FORMER = re.compile(
    r"(?:formerly|previously|former(?:ly)? known as)\b|前稱|前称|原名|原稱|原称", re.I
)
_CJK_STREET = re.compile(r"[路街道号號楼樓室栋棟座巷弄]")
_DIGITS = re.compile(r"\d")


@dataclass
class Segment:
    index: int
    raw: str
    tokens: list[str]
    start: int  # position of the first token in the whole string's token list
    # Not matched against names: a street address, or a former name in brackets.
    set_aside: bool = False

    @property
    def end(self) -> int:
        return self.start + len(self.tokens)


@dataclass
class Parsed:
    text: str
    segments: list[Segment]
    tokens: list[str] = field(default_factory=list)
    token_segment: list[int] = field(default_factory=list)
    # (segment, folded acronym, written in capitals); "Embrapa" is a candidate, but a weak one.
    acronyms: list[tuple[int, str, bool]] = field(default_factory=list)
    is_cjk: bool = False
    is_all_caps: bool = False


def _is_address(raw: str, words: list[str]) -> bool:
    has_number = any(_DIGITS.search(word) for word in words)
    if not has_number:
        return False
    if any(word in _STREET_WORDS for word in words):
        return True
    if has_cjk(raw) and _CJK_STREET.search(raw):
        return True
    # "1150 University Avenue" and "69/68 Dang Thuy Tram": a house number leads the part.
    return bool(words) and words[0].isdigit() and len(words) >= 2


def _acronyms(raw: str) -> list[tuple[str, bool]]:
    """Words that may be acronyms: HKBU, PolyU, SUSTech, CSIR (in CSIR-Institute), Embrapa."""
    found = []
    for match in _ACRONYM.finditer(raw):
        whole = match.group(0)
        if whole.casefold() in _NOT_ACRONYMS or _INITIALS.fullmatch(whole):
            continue
        for word in dict.fromkeys([whole, *whole.split("-")]):
            capitals = sum(1 for char in word if char.isupper())
            if capitals >= 2 and (capitals >= len(word) - 4 or len(word) <= 6):
                found.append((fold(word.replace(".", "")), True))
            elif capitals == 1 and word[0].isupper() and len(word) >= 4 and word.isalpha():
                found.append((fold(word), False))
    return found


def split_affiliation(text: str) -> Parsed:
    """The string's parts, each with its folded tokens; addresses are marked, not removed."""
    normalised = unicodedata.normalize("NFKC", text or "")
    normalised = _GLUED_BEFORE_HEAD.sub(" ", normalised)
    normalised = _GLUED_AFTER_HEAD.sub(r"\1 ", normalised)
    normalised = _MOVED.sub("", _GLUED.sub(r"\1 ", normalised))
    letters = [char for char in normalised if char.isalpha() and char.isascii()]
    all_caps = len(letters) > 12 and sum(c.isupper() for c in letters) > 0.8 * len(letters)
    parsed = Parsed(text=text, segments=[], is_cjk=has_cjk(normalised), is_all_caps=all_caps)
    for raw in _SEPARATORS.split(normalised):
        raw = raw.strip(" .:-–—'\"")
        if not raw:
            continue
        words = tokens(fold(raw))
        if not words:
            continue
        segment = Segment(
            index=len(parsed.segments), raw=raw, tokens=words, start=len(parsed.tokens)
        )
        # A former name in brackets is set aside too: the string names one organisation, by
        # its name today ("HKMU (formerly The Open University of Hong Kong)").
        segment.set_aside = _is_address(raw, words) or bool(_FORMER.match(raw))
        parsed.segments.append(segment)
        parsed.tokens.extend(words)
        parsed.token_segment.extend([segment.index] * len(words))
        if not all_caps:
            parsed.acronyms.extend((segment.index, *found) for found in _acronyms(raw))
    return parsed
