"""Form fields and forms for directory records."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from baylink.core.countries import CountryField
from baylink.core.staff_forms import StaffModelForm
from baylink.directory.lookup import (
    organisation_label,
    organisation_lookup,
    person_label,
    person_lookup,
)
from baylink.directory.models import Organisation, Person, normalise_ror_id, validate_ror_id
from baylink.directory.services import (
    organisation_create_from_form,
    organisation_update,
    person_create_from_form,
    person_update,
)


class _TypedRecordField(forms.CharField):
    """Type a record's name (or pick a suggestion, 'Name #12'); cleans to the record.

    With JavaScript, htmx fills the page's shared datalist of suggestions as the user types.
    """

    model: type[Organisation] | type[Person]
    suggestions: str  # the page's datalist
    suggest_view: str
    typing_help: Any  # a lazy translation
    record_label: Callable[[Any], str]
    record_lookup: Callable[[str], Any]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault("help_text", self.typing_help)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {
                "list": self.suggestions,
                "autocomplete": "off",
                "hx-get": reverse_lazy(self.suggest_view),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": f"#{self.suggestions}",
            }
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):  # a model form's initial value is the record's id
            value = self.model.objects.filter(pk=value).first() or value
        if isinstance(value, self.model):
            return self.record_label(value)
        return value

    def clean(self, value: Any) -> Any:
        text = super().clean(value)
        if not text:
            return None
        return self.record_lookup(text)


class OrganisationField(_TypedRecordField):
    """Type an organisation ('Name #12', a ROR id or a unique name); cleans to the record."""

    model = Organisation
    suggestions = "organisation-suggestions"
    suggest_view = "directory:organisation-suggest"
    typing_help = _("A name in any script, a ROR id, or a suggestion from the list.")
    record_label = staticmethod(organisation_label)
    record_lookup = staticmethod(organisation_lookup)


class PersonField(_TypedRecordField):
    """Type a person ('Name #12', a unique name or an e-mail address); cleans to the record."""

    model = Person
    suggestions = "person-suggestions"
    suggest_view = "directory:person-suggest"
    typing_help = _("A name in any script, an e-mail address, or a suggestion from the list.")
    record_label = staticmethod(person_label)
    record_lookup = staticmethod(person_lookup)


class OrganisationForm(StaffModelForm[Organisation]):
    # Wider than the stored id: people paste the full https://ror.org/... address.
    ror_id = forms.CharField(
        label=_("ROR id"),
        max_length=60,
        required=False,
        help_text=_("e.g. 0030zas98 or https://ror.org/0030zas98"),
    )
    country_code = CountryField(label=_("Country or region"), required=False)
    many_fields = ("types",)
    create = staticmethod(organisation_create_from_form)
    update = staticmethod(organisation_update)

    class Meta:
        model = Organisation
        fields = [
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "ror_id",
            "status",
            "types",
            "city",
            "country_code",
            "website",
            "established",
        ]
        widgets = {"types": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country_code"]
        assert isinstance(country, CountryField)
        country.keep(self.instance.country_code)

    def clean_ror_id(self) -> str | None:
        value = self.cleaned_data.get("ror_id") or ""
        if not value:
            return None
        ror_id = normalise_ror_id(value)
        validate_ror_id(ror_id)
        clash = Organisation.objects.filter(ror_id=ror_id).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("%(organisation)s already has this ROR id.") % {"organisation": clash.first()}
            )
        return ror_id


class PersonForm(StaffModelForm[Person]):
    organisation = OrganisationField(label=_("Organisation"), required=False)
    create = staticmethod(person_create_from_form)
    update = staticmethod(person_update)

    class Meta:
        model = Person
        fields = [
            "honorific",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "email",
            "orcid",
            "organisation",
            "unit",
        ]
