"""Staff forms of name resolution: adding an alias to an organisation."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baylink.core.audit import Actor
from baylink.core.staff_forms import style_fields
from baylink.directory.models import Organisation, OrganisationName
from baylink.resolution.services import ALIAS_MAX_LENGTH, LANGUAGE_TAG, organisation_alias_add

# A BCP 47 language tag as people write them: en, fr, zh-Hant, zh-Hans, pt-BR, yue.
LANGUAGE_MAX_LENGTH = 16
SUGGESTED_LANGUAGES = ("en", "zh-Hant", "zh-Hans", "zh", "pt", "fr", "de", "ja", "ko")


class AliasForm(forms.Form):
    value = forms.CharField(
        label=_("Alias"),
        max_length=ALIAS_MAX_LENGTH,
        help_text=_(
            "Any name the organisation is known by, in any language (e.g. 理大, HK PolyU)."
        ),
    )
    language = forms.CharField(
        label=_("Language"),
        required=False,
        max_length=LANGUAGE_MAX_LENGTH,
        help_text=_(
            "A language tag such as en, zh-Hant, zh-Hans or fr. Leave it blank to detect "
            "Chinese script automatically."
        ),
        widget=forms.TextInput(attrs={"list": "alias-languages", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        style_fields(self)

    def clean_language(self) -> str:
        language: str = self.cleaned_data["language"].strip()
        if language and not LANGUAGE_TAG.fullmatch(language):
            raise forms.ValidationError(
                _("“%(language)s” is not a language tag: write e.g. en, zh-Hant, zh-Hans or fr."),
                params={"language": language},
                code="invalid_language",
            )
        return language

    def save(self, *, actor: Actor) -> OrganisationName:
        return organisation_alias_add(
            actor=actor,
            organisation=self.organisation,
            value=self.cleaned_data["value"],
            language=self.cleaned_data["language"],
        )
