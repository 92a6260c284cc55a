"""Form fields and forms for directory records."""

from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from baylink.core.staff_forms import StaffModelForm
from baylink.directory.lookup import organisation_label, organisation_lookup
from baylink.directory.models import Organisation, Person, normalise_ror_id, validate_ror_id
from baylink.directory.services import (
    organisation_create_from_form,
    organisation_update,
    person_create_from_form,
    person_update,
)


class OrganisationField(forms.CharField):
    """Type an organisation ('Name #12', a ROR id or a unique name); cleans to the record."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 300)
        kwargs.setdefault(
            "help_text", _("A name in any script, a ROR id, or a suggestion from the list.")
        )
        super().__init__(**kwargs)
        # With JavaScript, htmx fills the shared datalist as the user types.
        self.widget.attrs.update(
            {
                "list": "organisation-suggestions",
                "autocomplete": "off",
                "hx-get": reverse_lazy("directory:organisation-suggest"),
                "hx-trigger": "input changed delay:300ms",
                "hx-target": "#organisation-suggestions",
            }
        )

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Organisation):
            return organisation_label(value)
        return value

    def clean(self, value: Any) -> Organisation | None:
        text = super().clean(value)
        if not text:
            return None
        return organisation_lookup(text)


class OrganisationForm(StaffModelForm[Organisation]):
    # Wider than the stored id: people paste the full https://ror.org/... address.
    ror_id = forms.CharField(
        label=_("ROR id"),
        max_length=60,
        required=False,
        help_text=_("e.g. 0030zas98 or https://ror.org/0030zas98"),
    )
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
