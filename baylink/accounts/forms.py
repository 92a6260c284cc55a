"""The forms for a new API token and for the user's preferences."""

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baylink.core.staff_forms import style_fields

LIFETIMES = [
    ("30", _("30 days")),
    ("90", _("90 days")),
    ("365", _("One year")),
    ("", _("Never expires")),
]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. “reporting script”."),
    )
    lifetime = forms.ChoiceField(
        label=_("Expires after"), choices=LIFETIMES, initial="365", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def expires_at(self) -> datetime | None:
        days = self.cleaned_data.get("lifetime") or ""
        return timezone.now() + timedelta(days=int(days)) if days else None


class PreferencesForm(forms.Form):
    email_language = forms.ChoiceField(
        label=_("Language of e-mails"),
        choices=[("", _("The language I last signed in with")), *settings.LANGUAGES],
        required=False,
        help_text=_(
            "Reminders and offers Baylink e-mails you are written in this language. "
            "Notifications on the site follow the language you read it in."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)
