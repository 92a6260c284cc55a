"""Trilingual content: one column per language, conversion between the Chinese scripts, fallback.

A content field `name` is stored as `name_en`, `name_zh_hant`, `name_zh_hans`, with
`name_zh_hant_machine` / `name_zh_hans_machine` set while that column is machine-converted.
"""

from collections.abc import Iterator, Mapping
from types import SimpleNamespace
from typing import Any, Literal

from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

from baylink.core.chinese import to_simplified, to_traditional

Suffix = Literal["en", "zh_hant", "zh_hans"]
SUFFIXES: tuple[Suffix, ...] = ("en", "zh_hant", "zh_hans")
CHINESE: tuple[Suffix, Suffix] = ("zh_hant", "zh_hans")
MACHINE = "_machine"

# Requested script, then the other Chinese script (converted), then English, then any.
_FALLBACK: dict[str, tuple[Suffix, ...]] = {
    "en": ("en", "zh_hant", "zh_hans"),
    "zh_hant": ("zh_hant", "zh_hans", "en"),
    "zh_hans": ("zh_hans", "zh_hant", "en"),
}


def language_suffix(language: str | None = None) -> Suffix:
    """Column suffix for a Django language code ('zh-hant' -> 'zh_hant')."""
    code = (language or get_language() or "en").lower().replace("-", "_")
    if code.startswith("zh_hant") or code in {"zh_hk", "zh_tw", "zh_mo"}:
        return "zh_hant"
    if code.startswith("zh"):
        return "zh_hans"
    return "en"


def trilingual_columns(*fields: str) -> tuple[str, ...]:
    """The columns of trilingual fields, each in the order English, Traditional, Simplified."""
    return tuple(f"{field}_{suffix}" for field in fields for suffix in SUFFIXES)


def trilingual_fields(model: type[models.Model] | models.Model) -> list[str]:
    """Base names of a model's trilingual fields, found by their machine-converted flags."""
    names = []
    for field in model._meta.get_fields():
        if field.name.endswith(f"_zh_hant{MACHINE}"):
            names.append(field.name.removesuffix(f"_zh_hant{MACHINE}"))
    return names


def _convert(value: str, *, into: Suffix) -> str:
    return to_traditional(value) if into == "zh_hant" else to_simplified(value)


def _other(suffix: Suffix) -> Suffix:
    return "zh_hans" if suffix == "zh_hant" else "zh_hant"


def localized(instance: Any, field: str, language: str | None = None) -> str:
    """The field's text for the reader's language, following the fallback order."""
    wanted = language_suffix(language)
    for suffix in _FALLBACK[wanted]:
        value: str = getattr(instance, f"{field}_{suffix}", "") or ""
        if not value:
            continue
        if wanted in CHINESE and suffix in CHINESE and suffix != wanted:
            return _convert(value, into=wanted)
        return value
    return ""


def texts_by_language(instance: Any, field: str) -> dict[str, Any]:
    """The field's columns as {suffix: text}: kept with a notification, shown later in the
    reader's language by localized_text()."""
    return {suffix: getattr(instance, f"{field}_{suffix}") for suffix in SUFFIXES}


def localized_text(texts: Mapping[str, Any] | None, language: str | None = None) -> str:
    """localized() for texts kept as {suffix: text}."""
    if not texts:
        return ""
    return localized(
        SimpleNamespace(**{f"text_{s}": t for s, t in texts.items()}), "text", language
    )


def reader_order(field: str = "name", language: str | None = None) -> Coalesce:
    """The text localized() shows, as an expression to sort by: the reader's column, else the
    columns it falls back to. Sorting by the reader's column alone put every record without it
    (an organisation the registry names only in English) first, in no order."""
    columns = [f"{field}_{suffix}" for suffix in _FALLBACK[language_suffix(language)]]
    return Coalesce(*(NullIf(F(column), Value("")) for column in columns[:-1]), F(columns[-1]))


def localized_order(field: str, language: str | None = None) -> str:
    """The column to sort by for the reader's language."""
    return f"{field}_{language_suffix(language)}"


def set_trilingual(
    instance: models.Model,
    field: str,
    *,
    en: str | None = None,
    zh_hant: str | None = None,
    zh_hans: str | None = None,
) -> list[str]:
    """Apply an editor's values (None = not submitted) and keep the Chinese scripts in step.

    A Chinese column the editor changes becomes human-written. An empty Chinese column, or one
    that is still machine-converted, is (re)converted from the other script. Returns the names of
    the columns that changed, for `save(update_fields=...)` and the audit log.
    """
    submitted: dict[Suffix, str | None] = {"en": en, "zh_hant": zh_hant, "zh_hans": zh_hans}
    changed: list[str] = []

    def put(column: str, value: Any) -> None:
        if getattr(instance, column) != value:
            setattr(instance, column, value)
            changed.append(column)

    edited: set[Suffix] = set()
    for suffix, value in submitted.items():
        if value is None:
            continue
        value = value.strip()
        if value != (getattr(instance, f"{field}_{suffix}") or ""):
            edited.add(suffix)
        put(f"{field}_{suffix}", value)
        if suffix in CHINESE and suffix in edited:
            put(f"{field}_{suffix}{MACHINE}", False)

    def source(suffix: Suffix) -> str:
        return getattr(instance, f"{field}_{_other(suffix)}") or ""

    # A conversion whose source text is gone goes too (before anything is converted anew).
    for suffix in CHINESE:
        flag = f"{field}_{suffix}{MACHINE}"
        if getattr(instance, flag) and not source(suffix):
            put(f"{field}_{suffix}", "")
            put(flag, False)
    for suffix in CHINESE:
        column, flag = f"{field}_{suffix}", f"{field}_{suffix}{MACHINE}"
        current = getattr(instance, column) or ""
        if suffix in edited and current:
            continue
        if source(suffix) and (not current or getattr(instance, flag)):
            put(column, _convert(source(suffix), into=suffix))
            put(flag, True)
    return changed


def fill_conversions(instance: models.Model) -> list[str]:
    """Fill every empty Chinese column of every trilingual field from the other script."""
    changed: list[str] = []
    for field in trilingual_fields(instance):
        changed += set_trilingual(instance, field)
    return changed


def trilingual_values(instance: models.Model, field: str) -> Iterator[str]:
    """All non-empty language versions of a field, for search text."""
    for suffix in SUFFIXES:
        value = getattr(instance, f"{field}_{suffix}", "")
        if value:
            yield value
