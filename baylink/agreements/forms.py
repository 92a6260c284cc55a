"""Staff forms for agreements: the agreement with its parties, lifecycle steps, exchange terms."""

from typing import Any

from django import forms
from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext_lazy as _

from baylink.accounts.permissions import coordinator_units
from baylink.agreements.lifecycle import ACTIONS, next_statuses
from baylink.agreements.models import Agreement, MobilitySpec, Party
from baylink.agreements.services import (
    PartySpec,
    agreement_create,
    agreement_transition,
    agreement_update,
    mobility_spec_save,
)
from baylink.core.choices import NameChoiceField
from baylink.core.editing import content_token, edit_token
from baylink.core.staff_forms import DATE
from baylink.core.widgets import Textarea
from baylink.directory.forms import OrganisationField, PersonField
from baylink.directory.models import Organisation, Unit
from baylink.directory.selectors import home_units

FIELDS = [
    "reference",
    "kind",
    "title_en",
    "title_zh_hant",
    "title_zh_hans",
    "signed_on",
    "starts_on",
    "ends_on",
    "owner_unit",
    "owner",
    "initiatives",
    "is_public",
    "notes",
]


class PartyForm(forms.Form):
    organisation = OrganisationField(label=_("Organisation"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Party.Role.choices, initial="partner")
    unit = NameChoiceField(label=_("Unit"), queryset=Unit.objects.all(), required=False)
    signatory_name = forms.CharField(label=_("Signatory"), max_length=200, required=False)
    signatory_title = forms.CharField(
        label=_("Signatory's position"), max_length=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault(
                "class", "form-select form-select-sm" if select else "form-control form-control-sm"
            )


class BasePartyFormSet(forms.BaseFormSet[PartyForm]):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        chosen = [f.cleaned_data for f in self.forms if f.cleaned_data.get("organisation")]
        if len(chosen) < 2:
            raise forms.ValidationError(_("An agreement needs at least two parties."))
        keys = [(row["organisation"].pk, row["unit"].pk if row["unit"] else None) for row in chosen]
        if len(set(keys)) != len(keys):
            raise forms.ValidationError(_("The same organisation and unit appear twice."))

    def specs(self) -> list[PartySpec]:
        return [
            PartySpec(
                organisation=row["organisation"],
                role=row["role"],
                unit=row["unit"],
                signatory_name=row["signatory_name"],
                signatory_title=row["signatory_title"],
            )
            for row in (f.cleaned_data for f in self.forms)
            if row.get("organisation")
        ]


PartyFormSet: type[BasePartyFormSet] = forms.formset_factory(  # type: ignore[assignment]  # factory returns the given base's subclass
    PartyForm, formset=BasePartyFormSet, extra=2, max_num=50
)


class AgreementForm(forms.ModelForm[Agreement]):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    # Typed, not a list of everyone in the directory.
    owner = PersonField(label=_("Owner"), required=False)

    class Meta:
        model = Agreement
        fields = FIELDS
        widgets = {
            "signed_on": DATE,
            "starts_on": DATE,
            "ends_on": DATE,
            "notes": Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: User | AnonymousUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = coordinator_units(user)
        unit_field = self.fields["owner_unit"]
        if isinstance(unit_field, forms.ModelChoiceField):
            own_units = home_units()
            unit_field.queryset = own_units if units is None else own_units.filter(pk__in=units)
            unit_field.required = units is not None
        if self.instance.pk:
            self.fields["edit_token"].initial = edit_token(self.instance)
        initial_parties = [
            {
                "organisation": party.organisation,
                "role": party.role,
                "unit": party.unit,
                "signatory_name": party.signatory_name,
                "signatory_title": party.signatory_title,
            }
            for party in (self.instance.parties.all() if self.instance.pk else [])
        ]
        if not initial_parties:
            home = Organisation.objects.filter(is_home=True).first()
            initial_parties = [{"organisation": home, "role": "home"}] if home else []
        self.parties: BasePartyFormSet = PartyFormSet(
            data=kwargs.get("data") or (args[0] if args else None),
            prefix="parties",
            initial=initial_parties,
        )
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def is_valid(self) -> bool:
        own = super().is_valid()
        return self.parties.is_valid() and own

    def _post_clean(self) -> None:
        # Model validation runs in the services, with the parties; the form checks fields only.
        pass

    def save(self, commit: bool = True, *, actor: Any = None) -> Agreement:
        data = self.cleaned_data
        values = {name: data[name] for name in FIELDS if name != "initiatives"}
        if self.instance.pk:
            return agreement_update(
                actor=actor,
                agreement=self.instance,
                edit_token=data.get("edit_token") or "",
                values=values,
                parties=self.parties.specs(),
                initiatives=data["initiatives"],
            )
        owner = values.pop("owner")
        agreement = agreement_create(
            actor=actor, parties=self.parties.specs(), initiatives=data["initiatives"], **values
        )
        if owner:
            agreement_update(
                actor=actor,
                agreement=agreement,
                edit_token=edit_token(agreement),
                values={"owner": owner},
            )
        return agreement


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    edit_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [
            (status, ACTIONS[status]) for status in next_statuses(agreement.status)
        ]
        self.fields["edit_token"].initial = edit_token(agreement)

    def save(self, *, actor: Any) -> Agreement:
        return agreement_transition(
            actor=actor,
            agreement=self.agreement,
            to_status=self.cleaned_data["to_status"],
            edit_token=self.cleaned_data["edit_token"],
            note=self.cleaned_data["note"],
        )


class MobilitySpecForm(forms.ModelForm[MobilitySpec]):
    # The terms as loaded (see core.editing.content_token): a stale save is refused.
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MobilitySpec
        fields = [
            "mobility_type",
            "sending_party",
            "receiving_party",
            "first_academic_year",
            "last_academic_year",
            "mobilities_per_year",
            "months_per_mobility",
            "study_level",
            "isced_f",
            "language",
            "cefr_level",
        ]
        help_texts = {
            "first_academic_year": _("The year it starts in: 2025 means 2025/26."),
            "last_academic_year": _("The year it starts in: 2027 means 2027/28."),
        }

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        parties = agreement.parties.select_related("organisation", "unit")
        for name in ("sending_party", "receiving_party"):
            field = self.fields[name]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = parties
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        if self.instance.pk is not None:
            self.fields["edit_token"].initial = content_token(self.instance)

    def clean(self) -> dict[str, Any] | None:
        self.instance.agreement = self.agreement
        return super().clean()

    def save(self, commit: bool = True, *, actor: Any = None) -> MobilitySpec:
        return mobility_spec_save(
            actor=actor, spec=self.instance, edit_token=self.cleaned_data.get("edit_token") or ""
        )
