"""Staff forms of the exchange office; every write goes through `services.py`."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.agreements.models import Agreement
from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor
from baylink.core.editing import edit_token
from baylink.core.staff_forms import DATE, AcademicYearField, style_fields
from baylink.core.widgets import Textarea
from baylink.directory.forms import OrganisationField
from baylink.exchange.lifecycle import INBOUND_STEPS, NOMINATION_STEPS
from baylink.exchange.models import InboundApplication, Mobility, Nomination
from baylink.exchange.selectors import only_partner
from baylink.exchange.services import (
    inbound_application_create,
    inbound_application_transition,
    inbound_application_update,
    nomination_create,
    nomination_transition,
    nomination_update,
)
from baylink.talent.models import Student

MOBILITY_FIELDS = ["agreement", "partner", "academic_year", "term", "months", "notes"]


class MobilityForm(forms.ModelForm[Any]):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)
    agreement = forms.ModelChoiceField(
        label=_("Exchange agreement"),
        queryset=Agreement.objects.all(),
        to_field_name="reference",
        widget=forms.TextInput,
        help_text=_("The reference number of a student exchange agreement."),
        error_messages={"invalid_choice": _("There is no agreement with this reference.")},
    )
    partner = OrganisationField(
        label=_("Partner"),
        required=False,
        help_text=_("Leave empty when the agreement has a single partner."),
    )
    academic_year = AcademicYearField(label=_("Academic year"), help_text=_("e.g. 2024/25"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance: Mobility = self.instance
        if instance.pk:
            self.fields["edit_token"].initial = edit_token(instance)
            self.initial["academic_year"] = AcademicYear(instance.academic_year).label
            self.initial["agreement"] = instance.agreement.reference
            self.initial["partner"] = instance.partner
        self.fields["notes"].widget = Textarea(attrs={"rows": 3})
        style_fields(self)

    def _post_clean(self) -> None:
        # The services validate the whole record (full_clean) and report field errors.
        pass

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        agreement = data.get("agreement")
        if agreement is not None and not data.get("partner"):
            try:
                data["partner"] = only_partner(agreement)
            except ValidationError as error:
                self.add_error(None, error)
        return data

    def values(self) -> tuple[str, dict[str, Any]]:
        data = dict(self.cleaned_data)
        token = data.pop("edit_token", "") or ""
        return token, data


class NominationForm(MobilityForm):
    student = forms.CharField(
        label=_("Student number"), max_length=20, help_text=_("The home student nominated.")
    )

    class Meta:
        model = Nomination
        fields = ["student", *MOBILITY_FIELDS, "transfer_agreed_on"]
        widgets = {"transfer_agreed_on": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["student"] = self.instance.student.student_number

    def clean_student(self) -> Student:
        number = self.cleaned_data["student"].strip()
        student = Student.objects.filter(student_number__iexact=number).first()
        if student is None:
            raise forms.ValidationError(
                _("There is no student with the number %(number)s.") % {"number": number}
            )
        return student

    def save(self, commit: bool = True, *, actor: Actor = None) -> Nomination:
        token, values = self.values()
        if self.instance.pk:
            return nomination_update(
                actor=actor, nomination=self.instance, edit_token=token, values=values
            )
        return nomination_create(actor=actor, **values)


class InboundApplicationForm(MobilityForm):
    class Meta:
        model = InboundApplication
        fields = ["name", "email", *MOBILITY_FIELDS]
        labels = {"partner": pgettext_lazy("exchange student", "Home institution")}

    def save(self, commit: bool = True, *, actor: Actor = None) -> InboundApplication:
        token, values = self.values()
        if self.instance.pk:
            return inbound_application_update(
                actor=actor, application=self.instance, edit_token=token, values=values
            )
        return inbound_application_create(actor=actor, **values)


class TransitionForm(forms.Form):
    """Any status is accepted here: the service refuses a step the lifecycle does not allow."""

    to_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    edit_token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, record: Nomination | InboundApplication, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = type(record).Status.choices
        steps = NOMINATION_STEPS if isinstance(record, Nomination) else INBOUND_STEPS
        labels = dict(type(record).Status.choices)
        self.offered = [(status, labels[status]) for status in steps.get(record.status, ())]
        self.fields["edit_token"].initial = edit_token(record)

    def save(self, *, actor: Actor) -> Nomination | InboundApplication:
        data = self.cleaned_data
        if isinstance(self.record, Nomination):
            return nomination_transition(
                actor=actor,
                nomination=self.record,
                to_status=data["to_status"],
                edit_token=data["edit_token"],
                note=data["note"],
            )
        return inbound_application_transition(
            actor=actor,
            application=self.record,
            to_status=data["to_status"],
            edit_token=data["edit_token"],
            note=data["note"],
        )
