"""Forms of WIE internships: placements, students, rounds, officers' decisions, applications."""

import re
from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor
from baylink.core.editing import edit_token
from baylink.core.languages import language_codes_problem
from baylink.core.staff_forms import DATE, AcademicYearField, StaffModelForm, style_fields
from baylink.core.trilingual import reader_order
from baylink.core.widgets import Textarea
from baylink.directory.forms import OrganisationField
from baylink.directory.selectors import home_units
from baylink.talent.models import (
    YEARS_OF_STUDY,
    AllocationRound,
    AllocationRun,
    PairRule,
    Placement,
    Student,
)
from baylink.talent.selectors import Applicant
from baylink.talent.services import (
    MANUAL_TRANSITIONS,
    pair_rule_add,
    placement_create,
    placement_update,
    round_create,
    round_transition,
    round_update,
    student_create,
    student_update,
)

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
YEARS_OF_STUDY_CHOICES = [(year, str(year)) for year in YEARS_OF_STUDY]


def _items(text: str) -> list[str]:
    """Entries separated by commas, semicolons or new lines, without blanks or repeats."""
    return list(dict.fromkeys(item.strip() for item in re.split(r"[,;\n]", text) if item.strip()))


class ListField(forms.CharField):
    """A list typed as text, one entry per line or separated by commas."""

    widget = Textarea(attrs={"rows": 2})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]  # a list, not text
        return _items(str(super().to_python(value) or ""))


class LanguagesField(ListField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("Language codes separated by commas, e.g. en, yue, zh."))
        super().__init__(**kwargs)

    def validate(self, value: Any) -> None:
        super().validate(value)
        problem = language_codes_problem(value)
        if problem:
            raise forms.ValidationError(problem)


class PlacementForm(StaffModelForm[Placement]):
    host = OrganisationField(label=_("Host organisation"))
    eligible_programmes = ListField(
        label=_("Eligible programmes"),
        required=False,
        help_text=_("One programme per line; leave empty for every programme."),
    )
    eligible_years = forms.TypedMultipleChoiceField(
        label=_("Eligible years of study"),
        choices=YEARS_OF_STUDY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none for every year."),
    )
    required_languages = LanguagesField(label=_("Required languages"), required=False)
    create = staticmethod(placement_create)
    update = staticmethod(placement_update)

    class Meta:
        model = Placement
        fields = [
            "host",
            "title_en",
            "title_zh_hant",
            "title_zh_hans",
            "description_en",
            "description_zh_hant",
            "description_zh_hans",
            "city",
            "mode",
            "starts_on",
            "ends_on",
            "hours",
            "capacity",
            "allowance",
            "allowance_currency",
            "eligible_programmes",
            "eligible_years",
            "required_languages",
        ]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description_en": Textarea(attrs={"rows": 3}),
            "description_zh_hant": Textarea(attrs={"rows": 3}),
            "description_zh_hans": Textarea(attrs={"rows": 3}),
        }


class StudentForm(StaffModelForm[Student]):
    languages = LanguagesField(label=_("Languages"), required=False)
    username = forms.CharField(
        label=_("Sign-in account"),
        required=False,
        max_length=150,
        help_text=_("The user name the student signs in with, if they have one."),
    )
    create = staticmethod(student_create)
    update = staticmethod(student_update)

    class Meta:
        model = Student
        fields = [
            "student_number",
            "name_en",
            "name_zh",
            "email",
            "programme",
            "unit",
            "year_of_study",
            "languages",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = self.fields["unit"]
        assert isinstance(unit_field, forms.ModelChoiceField)
        unit_field.queryset = home_units()
        if self.instance.pk and self.instance.user_id:
            self.fields["username"].initial = self.instance.user.get_username()  # type: ignore[union-attr]  # user_id is set

    def clean_username(self) -> User | None:
        name = self.cleaned_data.get("username") or ""
        if not name:
            return None
        user = User.objects.filter(username=name).first()
        if user is None:
            raise forms.ValidationError(_("There is no user “%(name)s”.") % {"name": name})
        taken = Student.objects.filter(user=user).exclude(pk=self.instance.pk).first()
        if taken is not None:
            raise forms.ValidationError(_("This account already belongs to another student."))
        return user

    def save(self, commit: bool = True, *, actor: Actor = None) -> Student:
        self.cleaned_data["user"] = self.cleaned_data.pop("username", None)
        return super().save(commit, actor=actor)


def _placement_label(placement: Placement) -> str:
    return f"{placement} – {placement.host} ({placement.starts_on})"


class RoundForm(StaffModelForm[AllocationRound]):
    academic_year = AcademicYearField(label=_("Academic year"), help_text=_("e.g. 2026/27"))
    many_fields = ("placements",)
    create = staticmethod(round_create)
    update = staticmethod(round_update)

    class Meta:
        model = AllocationRound
        fields = ["name", "academic_year", "application_deadline", "max_preferences", "placements"]
        widgets = {
            "application_deadline": DATETIME,
            "placements": forms.SelectMultiple(
                attrs={"size": 12, "data-option-filter": _("Type to narrow the list")}
            ),
        }
        help_texts = {
            "placements": _(
                "The placements that start in the round's academic year. For another year, "
                "change the academic year and save first."
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        year = self.offered_year()
        offered = Q(starts_on__gte=year.starts_on, starts_on__lte=year.ends_on)
        if self.instance.pk:
            offered |= Q(pk__in=self.instance.placements.values("pk"))
        placements = self.fields["placements"]
        assert isinstance(placements, forms.ModelMultipleChoiceField)
        # Every placement ever offered would be thousands of choices, and a page that takes
        # seconds to build; a round offers one academic year's placements.
        placements.queryset = (
            Placement.objects.filter(offered)
            .select_related("host")
            .order_by(reader_order("title"), "pk")
        )
        placements.label_from_instance = _placement_label  # type: ignore[method-assign,assignment]  # Django's documented hook
        deadline = self.fields["application_deadline"]
        assert isinstance(deadline, forms.DateTimeField)
        deadline.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def offered_year(self) -> AcademicYear:
        """The year whose placements are offered: as typed (so that a form sent back with an
        error offers the year just typed), else the round's, else the current one."""
        typed = self.data.get(self.add_prefix("academic_year")) if self.is_bound else None
        if typed:
            try:
                return AcademicYear.parse(typed)
            except ValidationError:
                pass  # the field reports it
        if self.instance.pk:
            return AcademicYear(self.instance.academic_year)
        return AcademicYear.containing(timezone.localdate())


class RoundTransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Next step"), choices=[])
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, allocation_round: AllocationRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allocation_round = allocation_round
        labels = dict(AllocationRound.Status.choices)
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [
            (status, labels[status])
            for status in MANUAL_TRANSITIONS.get(allocation_round.status, ())
        ]
        self.fields["edit_token"].initial = edit_token(allocation_round)
        style_fields(self)

    def save(self, *, actor: Actor) -> AllocationRound:
        return round_transition(
            actor=actor,
            allocation_round=self.allocation_round,
            to_status=self.cleaned_data["to_status"],
            edit_token=self.cleaned_data.get("edit_token") or "",
        )


class StudentNumberField(forms.CharField):
    def clean(self, value: Any) -> Student:  # cleans to the record
        number = str(super().clean(value)).strip()
        student = Student.objects.filter(student_number=number).first()
        if student is None:
            raise forms.ValidationError(
                _("There is no student with the number “%(number)s”.") % {"number": number}
            )
        return student


class PairRuleForm(forms.Form):
    student = StudentNumberField(label=_("Student number"), max_length=20)
    placement = forms.ModelChoiceField(label=_("Placement"), queryset=Placement.objects.none())
    kind = forms.ChoiceField(label=_("Rule"), choices=PairRule.Kind.choices)
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args: Any, allocation_round: AllocationRound, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allocation_round = allocation_round
        placement = self.fields["placement"]
        assert isinstance(placement, forms.ModelChoiceField)
        placement.queryset = allocation_round.placements.order_by(reader_order("title"), "pk")
        style_fields(self)

    def save(self, *, actor: Actor) -> PairRule:
        return pair_rule_add(
            actor=actor,
            allocation_round=self.allocation_round,
            student=self.cleaned_data["student"],
            placement=self.cleaned_data["placement"],
            kind=self.cleaned_data["kind"],
            note=self.cleaned_data.get("note") or "",
        )


class RunForm(forms.Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=AllocationRun.Mode.choices)
    lottery_seed = forms.IntegerField(
        label=_("Lottery seed"),
        required=False,
        min_value=0,
        max_value=2_000_000_000,
        help_text=_("Breaks ties between students a host did not rank; empty: application order."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class PublishForm(forms.Form):
    offer_deadline = forms.DateTimeField(
        label=_("Students answer by"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class CloseOffersForm(forms.Form):
    follow_up_deadline = forms.DateTimeField(
        label=_("Application deadline of the next round"),
        widget=DATETIME,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style_fields(self)


class ApplicationForm(forms.Form):
    """Up to N placements of the round, best first (`choice_1` … `choice_N`)."""

    def __init__(
        self,
        *args: Any,
        allocation_round: AllocationRound,
        placements: Sequence[Placement],
        current: Sequence[int] = (),
        agreed: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.by_pk = {placement.pk: placement for placement in placements}
        choices = [("", "—"), *((str(p.pk), f"{p} – {p.host}") for p in placements)]
        for position in range(1, allocation_round.max_preferences + 1):
            self.fields[f"choice_{position}"] = forms.TypedChoiceField(
                label=_("Choice %(number)s") % {"number": position},
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=current[position - 1] if position <= len(current) else "",
            )
        if any(placement.host_outside_hong_kong for placement in placements):
            self.fields["transfer_agreed"] = forms.BooleanField(
                label=_(
                    "I agree that my name goes to the host of each placement I rank whose host "
                    "is outside Hong Kong, for it to consider my application."
                ),
                help_text=_(
                    "Hong Kong's privacy law asks for your consent before your personal data "
                    "leaves Hong Kong; a mainland host receives it under the GBA standard "
                    "contract. Without it, leave those placements out; they are marked below."
                ),
                required=False,
                initial=agreed,
            )
        style_fields(self)

    def transfer_agreed(self) -> bool:
        return bool(self.cleaned_data.get("transfer_agreed"))

    def ranked(self) -> list[Placement]:
        """The chosen placements in the order given, gaps closed."""
        chosen = [self.cleaned_data.get(name) for name in self.fields if name.startswith("choice_")]
        return [self.by_pk[pk] for pk in chosen if pk is not None]


class HostRankingForm(forms.Form):
    """Per applicant a rank (1 is best), or a tick for acceptable without a rank; neither means
    not acceptable.

    A rank box per applicant rather than a list of every rank: with a hundred applicants the
    lists came to ten thousand options, and a page that took over a second to build.
    """

    def __init__(
        self,
        *args: Any,
        applicants: Sequence[Applicant],
        current: dict[int, int | None],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.applicants = list(applicants)
        for student in (applicant.student for applicant in self.applicants):
            self.fields[f"rank_{student.pk}"] = forms.IntegerField(
                label=_("Rank"),
                min_value=1,
                max_value=len(self.applicants),
                required=False,
                initial=current.get(student.pk),
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
            )
            self.fields[f"acceptable_{student.pk}"] = forms.BooleanField(
                label=_("Acceptable"), required=False, initial=student.pk in current
            )
        style_fields(self)

    def rows(self) -> list[tuple[Applicant, forms.BoundField, forms.BoundField]]:
        """(applicant, rank box, acceptable tick), in the order the applicants came."""
        return [
            (
                applicant,
                self[f"rank_{applicant.student.pk}"],
                self[f"acceptable_{applicant.student.pk}"],
            )
            for applicant in self.applicants
        ]

    def ranks(self) -> dict[int, int | None]:
        ranks: dict[int, int | None] = {}
        for student in (applicant.student for applicant in self.applicants):
            rank = self.cleaned_data.get(f"rank_{student.pk}")
            if rank is not None:
                ranks[student.pk] = rank
            elif self.cleaned_data.get(f"acceptable_{student.pk}"):
                ranks[student.pk] = None
        return ranks


class OfferAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
