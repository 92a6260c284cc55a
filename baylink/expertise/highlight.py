"""Showing matched terms: text in the reader's Chinese script, with the matches marked."""

import re
from collections.abc import Sequence
from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from baylink.core.chinese import (
    chinese_script,
    has_simplified_only,
    regional_spellings,
    to_simplified,
    to_traditional,
    traditional_spellings,
)
from baylink.core.trilingual import language_suffix
from baylink.expertise.engine.analysis import is_chinese


def in_reader_script(text: str, language: str | None = None) -> str:
    """Chinese text in the reader's script (English readers see it as written).

    Text already in the reader's script is left as its author wrote it: converting Traditional
    "to Traditional" again would swap 戶 and 溫 for the variant forms 户 and 温, which Hong Kong
    readers take for Simplified.
    """
    suffix = language_suffix(language)
    script = chinese_script(text) if text and suffix != "en" else None
    if script is None or script == "both":
        return text
    if suffix == "zh_hant":
        return to_traditional(text) if has_simplified_only(text) else text
    return text if script == "zh_hans" else to_simplified(text)


def as_shown(term: str, shown: Sequence[str]) -> str | None:
    """How an index term (folded) is written in the texts the reader sees, if it is."""
    for form in _forms(term):
        pattern = re.compile(form, re.IGNORECASE)
        for text in shown:
            found = pattern.search(text)
            if found and found.group(0):
                return found.group(0)
    return None


@lru_cache(maxsize=4096)
def _forms(term: str) -> tuple[str, ...]:
    """Regular expressions for how an index term (folded) can appear in displayed text."""
    if is_chinese(term):
        spellings = {
            term,
            *traditional_spellings(term),
            to_simplified(term),
            *regional_spellings(term),
        }
        return tuple(re.escape(spelling) for spelling in sorted(spellings, key=len, reverse=True))
    # Stems: "robot" marks robots and robotic; "locate" marks located and locating.
    base = term[:-1] if len(term) > 4 and term[-1] in "ey" else term
    return (rf"\b{re.escape(base)}[a-z]*",)


def highlight(text: str, terms: Sequence[str]) -> SafeString:
    """The text, HTML-escaped, with every occurrence of the terms in <mark>."""
    if not text:
        return SafeString("")
    # Longest first, so that 冷链物流 is marked whole rather than as 冷链 + 物流.
    forms = sorted({form for term in terms for form in _forms(term)}, key=len, reverse=True)
    if not forms:
        return mark_safe(escape(text))  # escaped just here
    pattern = re.compile("|".join(forms), re.IGNORECASE)
    # Matches next to each other (冷 + 鏈, or "condition monitoring") are one mark: side by
    # side, each mark's padding would split the phrase the reader sees.
    spans: list[list[int]] = []
    for match in pattern.finditer(text):
        if match.start() == match.end():
            continue
        if spans and text[spans[-1][1] : match.start()] in ("", " "):
            spans[-1][1] = match.end()
        else:
            spans.append([match.start(), match.end()])
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped
