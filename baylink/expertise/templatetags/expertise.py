"""Template filters for expertise pages."""

from django import template
from django.utils.translation import get_language

from baylink.expertise.highlight import in_reader_script

register = template.Library()


@register.filter
def reader_script(text: str) -> str:
    """Chinese text in the reader's script: {{ profile.statement|reader_script }}."""
    return in_reader_script(text or "", get_language())
