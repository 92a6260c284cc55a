"""Which encoding a CSV file is in: UTF-8 (with or without BOM), Big5-HKSCS or GB18030.

A byte-order mark decides at once; otherwise the file is decoded strictly in turn. Valid UTF-8 is
almost never an accident, so it wins. Big5-HKSCS and GB18030 overlap (most Big5 bytes are also
valid GB18030 and the reverse), so when both decode, the one whose Chinese reads as ordinary text
wins: the larger share of common characters, once both are folded to Simplified.
"""

import codecs
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from baylink.core.chinese import to_simplified

UTF8 = "utf-8"
UTF8_BOM = "utf-8-sig"
BIG5_HKSCS = "big5hkscs"
GB18030 = "gb18030"
XLSX = "xlsx"  # not an encoding: workbooks are always Unicode, shown as such in previews

# What a user may choose; "auto" detects.
CHOICES = ("auto", UTF8, BIG5_HKSCS, GB18030)
# Hong Kong's legacy encoding first: on a tie, a Hong Kong university's file is more likely Big5.
LEGACY = (BIG5_HKSCS, GB18030)

COMMON_CHARACTERS = Path(__file__).resolve().parents[1] / "data" / "common_hanzi.txt"
# Enough text to judge, little enough to convert quickly on a 50,000-row file.
SAMPLE = 20_000
# Below this share of common characters the decoded text is probably misread.
PLAUSIBLE = 0.5

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
# Private-use characters and stray controls: what a wrong legacy decoding produces.
_ODD = re.compile(r"[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@cache
def common_characters() -> frozenset[str]:
    text = COMMON_CHARACTERS.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return frozenset("".join(lines))


def label(encoding: str) -> str:
    """How an encoding is named to a user."""
    labels = {
        UTF8: "UTF-8",
        UTF8_BOM: _("UTF-8 with byte-order mark"),
        BIG5_HKSCS: "Big5-HKSCS",
        GB18030: "GB18030",
        XLSX: _("Excel workbook (Unicode)"),
    }
    return str(labels.get(encoding, encoding))


def plausibility(text: str) -> float:
    """Share of common characters among the Chinese (and garbled) ones; 1.0 with no Chinese."""
    sample = to_simplified(text[:SAMPLE])
    common = common_characters()
    han = _HAN.findall(sample)
    odd = len(_ODD.findall(sample))
    if not han and not odd:
        return 1.0
    return sum(1 for character in han if character in common) / (len(han) + odd)


class EncodingError(ValueError):
    """The bytes are not text in the encoding asked for (or in any encoding we read)."""


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # one of UTF8, UTF8_BOM, BIG5_HKSCS, GB18030
    detected: bool  # False when the user named the encoding
    plausibility: float

    @property
    def label(self) -> str:
        return label(self.encoding)

    @property
    def doubtful(self) -> bool:
        return self.plausibility < PLAUSIBLE


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode(data: bytes, encoding: str = "auto") -> Decoded:
    """The text of a CSV file, in the encoding given or detected (EncodingError if none fits)."""
    if encoding not in CHOICES:
        raise EncodingError(
            _("Unknown encoding “%(encoding)s”: choose one of %(choices)s.")
            % {"encoding": encoding, "choices": ", ".join(CHOICES)}
        )
    has_bom = data.startswith(codecs.BOM_UTF8)
    if encoding != "auto":
        name = UTF8_BOM if encoding == UTF8 and has_bom else encoding
        text = _strict(data, name)
        if text is None:
            raise EncodingError(
                _(
                    "The file is not valid %(encoding)s. Choose another encoding, or let Baylink "
                    "detect it."
                )
                % {"encoding": label(encoding)}
            )
        return Decoded(text, name, False, plausibility(text))
    if has_bom:
        text = _strict(data, UTF8_BOM)
        if text is None:
            raise EncodingError(_("The file starts like UTF-8 but is not valid UTF-8."))
        return Decoded(text, UTF8_BOM, True, plausibility(text))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise EncodingError(
            _(
                "The file is UTF-16 (Excel's “Unicode text”). Save it as “CSV UTF-8” "
                "or as an Excel workbook instead."
            )
        )
    text = _strict(data, UTF8)
    if text is not None:
        return Decoded(text, UTF8, True, plausibility(text))
    candidates = [
        Decoded(text, name, True, plausibility(text))
        for name in LEGACY
        if (text := _strict(data, name)) is not None
    ]
    if not candidates:
        raise EncodingError(
            _(
                "Cannot tell the file's encoding: it is not UTF-8, Big5-HKSCS or GB18030. "
                "Save it as “CSV UTF-8” or as an Excel workbook."
            )
        )
    # max() keeps the first of equals, so LEGACY's order breaks ties.
    return max(candidates, key=lambda candidate: candidate.plausibility)
