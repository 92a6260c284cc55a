"""Staff forms: placement records and the two evaluations; every save goes through a service."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor
from baylink.core.staff_forms import DATE, AcademicYearField, StaffModelForm, style_fields
from baylink.core.widgets import Textarea
from baylink.evaluations.models import (
    HIGHEST_RATING,
    LOWEST_RATING,
    HostEvaluation,
    LearningOutcome,
    PlacementRecord,
    StudentEvaluation,
)
from baylink.evaluations.services import (
    host_evaluation_save,
    own_evaluation_submit,
    placement_record_create_from_form,
    placement_record_update,
    student_evaluation_save,
)
from baylink.talent.models import Placement, Student

RATING_CHOICES = [
    ("", "—"),
    (1, gettext_lazy("1 – poor")),
    (2, gettext_lazy("2 – fair")),
    (3, gettext_lazy("3 – good")),
    (4, gettext_lazy("4 – very good")),
    (5, gettext_lazy("5 – excellent")),
]
assert [c[0] for c in RATING_CHOICES[1:]] == list(range(LOWEST_RATING, HIGHEST_RATING + 1))


class PlacementRecordForm(StaffModelForm[PlacementRecord]):
    """New records name the student and the placement; an edit keeps them."""

    create = staticmethod(placement_record_create_from_form)
    update = staticmethod(placement_record_update)

    student_number = forms.CharField(label=gettext_lazy("Student number"), max_length=20)
    placement_number = forms.IntegerField(
        label=gettext_lazy("Placement number"),
        min_value=1,
        help_text=gettext_lazy("The number in the placement's address in the workspace."),
    )
    academic_year = AcademicYearField(
        label=gettext_lazy("Academic year"),
        required=False,
        help_text=gettext_lazy(
            "e.g. 2019/20. Empty: the academic year the placement starts in. A placement that "
            "runs across 1 July may count in either year."
        ),
    )

    class Meta:
        model = PlacementRecord
        fields = ["status", "wie_hours", "completed_on", "notes"]
        widgets = {"completed_on": DATE, "notes": Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["student_number", "placement_number", "academic_year"])
        if self.instance.pk:
            del self.fields["student_number"]
            del self.fields["placement_number"]
            self.fields["academic_year"].required = True
            self.initial["academic_year"] = AcademicYear(self.instance.academic_year).label

    def clean_student_number(self) -> Student:
        number = self.cleaned_data["student_number"].strip()
        student = Student.objects.filter(student_number__iexact=number).first()
        if student is None:
            raise forms.ValidationError(
                _("There is no student with the number “%(number)s”.") % {"number": number}
            )
        return student

    def clean_placement_number(self) -> Placement:
        number = self.cleaned_data["placement_number"]
        placement = Placement.objects.filter(pk=number).first()
        if placement is None:
            raise forms.ValidationError(
                _("There is no placement number %(number)s.") % {"number": number}
            )
        return placement

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "student_number" in cleaned:
            cleaned["student"] = cleaned.pop("student_number")
        if "placement_number" in cleaned:
            cleaned["placement"] = cleaned.pop("placement_number")
        return cleaned

    def add_error(self, field: str | None, error: Any) -> None:
        # The services name the model's fields; the form asks for them by number.
        renamed = {"student": "student_number", "placement": "placement_number"}
        if field in renamed and renamed[field] in self.fields:
            field = renamed[field]
        super().add_error(field, error)


class EvaluationForm(StaffModelForm[Any]):
    """Ratings as 1-5 choices; `record` is the placement record evaluated."""

    criteria: tuple[str, ...] = ()

    def __init__(self, *args: Any, record: PlacementRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.record = record
        for name in self.criteria:
            self.fields[name] = forms.TypedChoiceField(
                label=self._meta.model.criterion_label(name),
                choices=RATING_CHOICES,
                coerce=int,
            )
            if self.instance.pk:
                self.initial[name] = getattr(self.instance, name)
        style_fields(self)

    def save_evaluation(self, **kwargs: Any) -> HostEvaluation | StudentEvaluation:
        raise NotImplementedError

    def save(self, commit: bool = True, *, actor: Actor = None) -> Any:
        data = dict(self.cleaned_data)
        token = data.pop("edit_token", "") or ""
        evaluation = self.save_evaluation(actor=actor, values=data, edit_token=token)
        return evaluation.record


class HostEvaluationForm(EvaluationForm):
    criteria = HostEvaluation.CRITERIA

    class Meta:
        model = HostEvaluation
        fields = [
            "supervisor_name",
            "supervisor_title",
            *HostEvaluation.CRITERIA,
            "would_host_again",
            "comments",
            "submitted_on",
        ]
        widgets = {"submitted_on": DATE, "comments": Textarea(attrs={"rows": 4})}

    def save_evaluation(self, **kwargs: Any) -> HostEvaluation:
        return host_evaluation_save(record=self.record, **kwargs)


class StudentEvaluationForm(EvaluationForm):
    criteria = StudentEvaluation.CRITERIA

    learning_outcomes = forms.MultipleChoiceField(
        label=gettext_lazy("Learning outcomes reached"),
        choices=LearningOutcome.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = StudentEvaluation
        fields = [
            *StudentEvaluation.CRITERIA,
            "learning_outcomes",
            "would_recommend",
            "comments",
            "submitted_on",
        ]
        widgets = {"submitted_on": DATE, "comments": Textarea(attrs={"rows": 4})}

    def save_evaluation(self, **kwargs: Any) -> StudentEvaluation:
        return student_evaluation_save(record=self.record, **kwargs)


class OwnEvaluationForm(EvaluationForm):
    """A student's or host contact's own evaluation: no date to enter (it is sent today), sent
    once through own_evaluation_submit. Put before the host or student form it completes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["submitted_on"]

    def save_evaluation(self, **kwargs: Any) -> Any:  # the model of the form it completes
        kwargs.pop("edit_token", None)
        return own_evaluation_submit(self._meta.model, record=self.record, **kwargs)


class OwnHostEvaluationForm(OwnEvaluationForm, HostEvaluationForm):
    pass


class OwnStudentEvaluationForm(OwnEvaluationForm, StudentEvaluationForm):
    pass
