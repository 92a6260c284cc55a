"""Forms: the finder's query and filters, a researcher's profile, challenges and shortlists."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baylink.core.choices import NameChoiceField
from baylink.core.staff_forms import DATE, style_fields
from baylink.core.trilingual import reader_order
from baylink.core.widgets import Textarea
from baylink.directory.models import Organisation
from baylink.directory.selectors import gba_cities
from baylink.expertise.models import Challenge, Language, not_after_today
from baylink.expertise.selectors import (
    LABS,
    MAX_QUERY_CHARS,
    RESEARCHERS,
    FinderFilters,
    finder_organisations,
)
from baylink.initiatives.models import Theme


class FinderForm(forms.Form):
    FILTERS = ("organisation", "city", "theme", "kind")

    # Longer text is accepted here and answered with a clear message, not a form error.
    q = forms.CharField(label=_("Describe the problem or topic"), required=False)
    organisation = NameChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    city = forms.ModelChoiceField(
        label=_("City"),
        queryset=gba_cities(),
        to_field_name="code",
        required=False,
    )
    theme = NameChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        required=False,
    )
    # A company that needs equipment looks for labs; one that needs advice, for researchers.
    kind = forms.ChoiceField(
        label=_("Show"),
        choices=[
            ("", _("Researchers and labs")),
            (RESEARCHERS, _("Researchers")),
            (LABS, _("Labs and institutes")),
        ],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = self.fields["organisation"]
        assert isinstance(organisations, forms.ModelChoiceField)
        organisations.queryset = finder_organisations()
        # In the reader's order here too: the finder's template lists the querysets itself.
        themes = self.fields["theme"]
        assert isinstance(themes, forms.ModelChoiceField)
        themes.queryset = Theme.objects.order_by(reader_order(), "pk")

    def filters(self) -> FinderFilters:
        data = self.cleaned_data
        return FinderFilters(
            organisation=data.get("organisation"),
            city=data.get("city"),
            theme=data.get("theme"),
            kind=data.get("kind") or "",
        )


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class ProfileForm(forms.Form):
    language = forms.ChoiceField(label=_("I write my profile in"), choices=Language.choices)
    keywords = forms.CharField(
        label=_("Keywords"),
        help_text=_("One per line, in any language."),
        widget=Textarea(attrs={"rows": 4}),
        required=False,
    )
    statement = forms.CharField(
        label=_("Research statement"),
        help_text=_("What you work on and what problems you can help with."),
        widget=Textarea(attrs={"rows": 8}),
        required=False,
        max_length=10_000,
    )
    project_titles = forms.CharField(
        label=_("Projects"),
        help_text=_("One title per line."),
        widget=Textarea(attrs={"rows": 4}),
        required=False,
    )
    outputs = forms.CharField(
        label=_("Outputs"),
        help_text=_("Publications, patents, software or other outputs, one per line."),
        widget=Textarea(attrs={"rows": 4}),
        required=False,
    )
    is_public = forms.BooleanField(
        label=_("Show my profile in the expertise finder"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)  # the workspace's form look: full-width fields under their labels

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "language": data["language"],
            "keywords": _lines(data["keywords"]),
            "statement": data["statement"],
            "project_titles": _lines(data["project_titles"]),
            "outputs": _lines(data["outputs"]),
            "is_public": data["is_public"],
        }


class ChallengeCreateForm(forms.Form):
    text = forms.CharField(label=_("Challenge"), max_length=MAX_QUERY_CHARS, widget=Textarea)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Left blank: the beginning of the challenge."),
    )
    partner_name = forms.CharField(
        label=_("Industry partner"),
        max_length=300,
        required=False,
        help_text=_("The company's name in any language; a name Baylink does not know is added."),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        required=False,
        widget=DATE,
        help_text=_("The day the enquiry reached the university. Left blank: today."),
    )
    field_order = ["title", "partner_name", "received_on", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)
        # The browser's date picker offers no day after today (checked again on the server).
        self.fields["received_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def clean_received_on(self) -> datetime.date | None:
        received_on: datetime.date | None = self.cleaned_data.get("received_on")
        if received_on is not None:
            not_after_today(received_on)
        return received_on


class ChallengeForm(ChallengeCreateForm):
    status = forms.ChoiceField(label=_("Status"), choices=Challenge.Status.choices)
    # The challenge as the editor loaded it: a save over someone else's is refused.
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    field_order = ["title", "status", "partner_name", "received_on", "text"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A blank day keeps the stored one (services.challenge_update), not today's.
        self.fields["received_on"].help_text = _("The day the enquiry reached the university.")


class ChallengeRequestForm(forms.Form):
    """A company's problem sent to the knowledge-transfer office from the public finder."""

    text = forms.CharField(
        label=_("Your problem or goal"),
        max_length=MAX_QUERY_CHARS,
        widget=Textarea(attrs={"rows": 5}),
        help_text=_("In English, Traditional or Simplified Chinese."),
    )
    company = forms.CharField(label=_("Company or organisation"), max_length=300)
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    contact_email = forms.EmailField(label=_("E-mail"))
    contact_phone = forms.CharField(label=_("Telephone (optional)"), max_length=40, required=False)
    consent = forms.BooleanField(
        label=_(
            "I agree that the university's knowledge-transfer office keeps these details to "
            "contact me about this problem and to introduce me to its researchers."
        )
    )
    # Left empty by people; filled in by form-filling robots, whose requests are dropped.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def is_robot(self) -> bool:
        return bool(self.data.get("website", "").strip())

    def challenge_values(self) -> dict[str, str]:
        """What services.challenge_receive takes (consent given: the form requires it)."""
        sent = ("text", "company", "contact_name", "contact_email", "contact_phone")
        return {name: self.cleaned_data[name] for name in sent}


class ShortlistAddForm(forms.Form):
    key = forms.RegexField(regex=r"^[rl][0-9]{1,18}$", max_length=20)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), max_length=2000, required=False, widget=Textarea(attrs={"rows": 2})
    )


class OutcomeForm(forms.Form):
    reference = forms.CharField(label=_("KT output reference"), max_length=40)
