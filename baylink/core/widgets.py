"""Form widgets shared by every context."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict


class Textarea(forms.Textarea):
    """A text area whose line breaks count one character each, as the browser counts them.

    A browser sends every line break of a text area as CR LF, while its `maxlength` counts one
    character: without this, text the page let a user type was refused as too long.
    """

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> Any:
        value = super().value_from_datadict(data, files, name)
        if isinstance(value, str):
            return value.replace("\r\n", "\n").replace("\r", "\n")
        return value
