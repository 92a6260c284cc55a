"""Staff forms of the entrepreneurship pages; every save goes through the services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from baylink.core.staff_forms import DATE, StaffModelForm, style_fields
from baylink.core.widgets import Textarea
from baylink.directory.models import Person
from baylink.ventures import services
from baylink.ventures.models import Cohort, Outcome, Participant, Programme, Startup

TEXTAREA = Textarea(attrs={"rows": 4})


class ProgrammeForm(StaffModelForm[Programme]):
    create = staticmethod(services.programme_create)
    update = staticmethod(services.programme_update)

    class Meta:
        model = Programme
        fields = [
            "kind",
            "slug",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "description_en",
            "description_zh_hant",
            "description_zh_hans",
            "organiser",
            "website",
        ]
        widgets = {
            "description_en": TEXTAREA,
            "description_zh_hant": TEXTAREA,
            "description_zh_hans": TEXTAREA,
        }


class CohortForm(StaffModelForm[Cohort]):
    many_fields = ("cities",)
    create = staticmethod(services.cohort_create)
    update = staticmethod(services.cohort_update)

    class Meta:
        model = Cohort
        fields = ["programme", "label", "starts_on", "ends_on", "capacity", "cities"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "cities": forms.SelectMultiple(attrs={"size": 8}),
        }

    def __init__(self, *args: Any, programme: Programme | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.fields["programme"].initial = programme.pk


class StartupForm(StaffModelForm[Startup]):
    create = staticmethod(services.startup_create)
    update = staticmethod(services.startup_update)

    class Meta:
        model = Startup
        fields = [
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "description_en",
            "description_zh_hant",
            "description_zh_hans",
            "incubator",
            "cohort",
            "city",
            "stage",
            "status",
            "founded_on",
            "closed_on",
            "funding_raised",
            "funding_currency",
            "website",
        ]
        widgets = {
            "founded_on": DATE,
            "closed_on": DATE,
            "description_en": TEXTAREA,
            "description_zh_hant": TEXTAREA,
            "description_zh_hans": TEXTAREA,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort = self.fields["cohort"]
        assert isinstance(cohort, forms.ModelChoiceField)
        cohort.queryset = Cohort.objects.select_related("programme")


class OutcomeForm(StaffModelForm[Outcome]):
    """An outcome of the start-up or cohort given to the form (not chosen in it)."""

    class Meta:
        model = Outcome
        fields = ["kind", "occurred_on", "description", "amount", "currency", "amount_hkd", "jobs"]
        widgets = {"occurred_on": DATE}

    def __init__(
        self,
        *args: Any,
        startup: Startup | None = None,
        cohort: Cohort | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.subject: dict[str, Any] = {"startup": startup, "cohort": cohort}

    def save(self, commit: bool = True, *, actor: Any = None) -> Outcome:
        data = dict(self.cleaned_data)
        token = data.pop("edit_token", "") or ""
        if self.instance.pk:
            return services.outcome_update(
                actor=actor, instance=self.instance, edit_token=token, values=data
            )
        return services.outcome_create(actor=actor, values={**data, **self.subject})


class ParticipantsAddForm(forms.Form):
    student_numbers = forms.CharField(
        label=_("Student numbers"),
        widget=Textarea(attrs={"rows": 4}),
        max_length=20000,
        help_text=_("One per line, or separated by commas or spaces."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=Participant.Status.choices, initial=Participant.Status.ADMITTED
    )
    team = forms.CharField(label=_("Team"), max_length=100, required=False)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean_student_numbers(self) -> list[str]:
        numbers = services.parse_student_numbers(self.cleaned_data["student_numbers"])
        if not numbers:
            raise forms.ValidationError(_("Give at least one student number."))
        return numbers


class ParticipantStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Participant.Status.choices)


class FounderAddForm(forms.Form):
    student_number = forms.CharField(label=_("Student number"), max_length=20, required=False)
    person = forms.ModelChoiceField(
        label=_("Or a person in the directory"),
        queryset=Person.objects.all(),
        required=False,
    )
    role = forms.CharField(label=_("Role"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if bool(cleaned.get("student_number", "").strip()) == (cleaned.get("person") is not None):
            raise forms.ValidationError(_("Give either a student number or a person, not both."))
        return cleaned
