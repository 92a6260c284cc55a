"""Form fields and forms for directory records."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from baylink.core.audit import Actor
from baylink.core.countries import CountryField, country_name
from baylink.core.staff_forms import M, StaffModelForm
from baylink.core.trilingual import reader_order
from baylink.directory.lookup import (
    organisation_label,
    organisation_lookup,
    person_label,
    person_lookup,
)
from baylink.directory.models import (
    City,
    Organisation,
    Person,
    normalise_ror_id,
    validate_ror_id,
)
from baylink.directory.selectors import CITY_LEAD
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


class PartnerRowForm(forms.Form):
    """One row of a record's partner organisations: the organisation and its role (subclasses
    give the roles and may add fields); a row left empty is dropped."""

    role_choices: Any = ()
    default_role = ""

    organisation = OrganisationField(label=_("Organisation"), required=False)
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role = self.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = self.role_choices
        role.initial = self.default_role
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )


class PartnerRowFormSet(forms.BaseFormSet[PartnerRowForm]):
    """A record's partners: each organisation once; `spec` makes a row what the service takes."""

    def spec(self, row: dict[str, Any]) -> Any:
        raise NotImplementedError

    def specs(self) -> list[Any]:
        return [self.spec(row) for row in self.rows()]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        chosen = [row["organisation"].pk for row in self.rows()]
        if len(set(chosen)) != len(chosen):
            raise forms.ValidationError(_("The same organisation appears twice."))

    def rows(self) -> list[dict[str, Any]]:
        """The cleaned rows that name an organisation, in their order."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("organisation")]


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
        city = self.fields["city"]
        assert isinstance(city, forms.ModelChoiceField)
        city.queryset = City.objects.order_by(*CITY_LEAD, reader_order(), "pk")
        city.label_from_instance = _city_label  # type: ignore[method-assign,assignment]  # Django's documented hook

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


def _city_label(city: City) -> str:
    """A city outside the Greater Bay Area with its country: there are two Cambridges."""
    if city.is_gba:
        return city.name
    return f"{city.name} ({country_name(city.country_code)})"


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


class PartneredModelForm(StaffModelForm[M]):
    """A staff form with the record's partner organisations as rows below it (`partners`),
    written together: `create(..., partners=)` and `update(..., partners=)`."""

    partner_formset: type[PartnerRowFormSet]
    partner_fields: tuple[str, ...] = ("role",)  # besides the organisation, read from each link

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Projects and initiatives both call their links to partners `partnerships`.
        partnerships: Any = getattr(self.instance, "partnerships", None)
        links = partnerships.select_related("organisation") if self.instance.pk else []
        initial = [
            {
                "organisation": link.organisation,
                **{name: getattr(link, name) for name in self.partner_fields},
            }
            for link in links
        ]
        self.partners = self.partner_formset(
            data=kwargs.get("data") or (args[0] if args else None),
            prefix="partners",
            initial=initial,
        )

    def is_valid(self) -> bool:
        own = super().is_valid()
        return self.partners.is_valid() and own

    def save(self, commit: bool = True, *, actor: Actor = None) -> M:
        token, data, many = self.written()
        partners = self.partners.specs()
        if self.instance.pk:
            return type(self).update(
                actor=actor,
                instance=self.instance,
                edit_token=token,
                values=data,
                many=many,
                partners=partners,
            )
        return type(self).create(actor=actor, values=data, many=many, partners=partners)
