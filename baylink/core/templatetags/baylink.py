"""Template helpers shared by every page."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import template
from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from baylink.core import countries
from baylink.core.trilingual import localized

register = template.Library()

# The BCP 47 tag a browser and a screen reader need to pick the right fonts and voice.
HTML_LANG = {"en": "en", "zh-hant": "zh-Hant-HK", "zh-hans": "zh-Hans-CN"}


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    html_lang: str
    is_current: bool


@register.simple_tag(takes_context=True)
def language_links(context: dict[str, Any]) -> list[LanguageLink]:
    """Links to this same page in every language, query string kept."""
    request: HttpRequest | None = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        LanguageLink(code, name, translate_url(path, code), HTML_LANG[code], code == current)
        for code, name in settings.LANGUAGES
    ]


@register.simple_tag
def html_lang() -> str:
    return HTML_LANG.get(get_language() or "en", "en")


@register.filter
def is_date(value: Any) -> bool:
    """For table cells that should not break ("23 December 2032", "2032年12月23日")."""
    return isinstance(value, date)


@register.filter
def country_name(code: str) -> str:
    return countries.country_name(code)


@register.filter
def in_language(instance: Any, field: str) -> str:
    """A trilingual field in the reader's language: {{ organisation|in_language:"name" }}."""
    return localized(instance, field)
