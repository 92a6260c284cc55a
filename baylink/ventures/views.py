"""Staff pages of start-up programmes, cohorts and their participants, start-ups and outcomes.

Students' names and numbers are personal data: roles without accounts.view_personal_data see
them masked, here and in the audit log's record names (participants and founders are named by
number, never by student).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Model, ProtectedError, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baylink.accounts.personal_data import can_view_personal_data, personal_value
from baylink.core.http import record_id
from baylink.core.staff import (
    Column,
    Section,
    StaffDeleteView,
    StaffDetailView,
    StaffFormView,
    StaffListView,
    StaffView,
)
from baylink.ventures import selectors, services
from baylink.ventures.filters import ProgrammeFilterSet, StartupFilterSet
from baylink.ventures.forms import (
    CohortForm,
    FounderAddForm,
    OutcomeForm,
    ParticipantsAddForm,
    ProgrammeForm,
    StartupForm,
)
from baylink.ventures.models import Cohort, Founder, Outcome, Participant, Programme, Startup


def _money(amount: Any, currency: str) -> str:
    return f"{currency} {amount:,.0f}" if amount is not None else ""


def _error_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# Programmes


class ProgrammeListView(StaffListView):
    permission_required = "ventures.view_programme"
    filterset_class = ProgrammeFilterSet
    title = gettext_lazy("Start-up programmes")
    detail_url = "ventures:programme-detail"
    create_url = "ventures:programme-create"
    create_permission = "ventures.add_programme"
    columns = [
        Column(gettext_lazy("Name"), lambda p: p.name, "name"),
        Column(gettext_lazy("Kind"), lambda p: p.get_kind_display(), "kind"),
        Column(gettext_lazy("Organised by"), lambda p: p.organiser.name if p.organiser else ""),
        Column(gettext_lazy("Cohorts"), lambda p: p.cohort_count),
    ]
    template_name = "ventures/programme_list.html"

    def base_queryset(self) -> QuerySet[Programme]:
        return selectors.programme_list()


class ProgrammeDetailView(StaffDetailView):
    permission_required = "ventures.view_programme"
    list_url = "ventures:programme-list"
    list_title = gettext_lazy("Start-up programmes")
    update_url = "ventures:programme-update"
    update_permission = "ventures.change_programme"
    delete_url = "ventures:programme-delete"
    delete_permission = "ventures.delete_programme"
    template_name = "ventures/programme_detail.html"

    def get_object(self) -> Programme:
        return get_object_or_404(
            Programme.objects.select_related("organiser"), pk=self.kwargs["pk"]
        )

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        return [
            (gettext_lazy("Kind"), instance.get_kind_display()),
            (gettext_lazy("Name (English)"), instance.name_en),
            (gettext_lazy("Name (Traditional Chinese)"), instance.name_zh_hant),
            (gettext_lazy("Name (Simplified Chinese)"), instance.name_zh_hans),
            (gettext_lazy("Organised by"), instance.organiser.name if instance.organiser else ""),
            (gettext_lazy("Website"), instance.website),
            (gettext_lazy("Description"), instance.description),
        ]

    def extra_context(self, instance: Any, **forms: BaseForm) -> dict[str, Any]:
        can_add = self.request.user.has_perm("ventures.add_cohort")
        return {
            "cohorts": selectors.programme_cohorts(instance),
            "cohort_create_url": (
                f"{reverse('ventures:cohort-create')}?programme={instance.pk}" if can_add else ""
            ),
        }


class ProgrammeCreateView(StaffFormView):
    permission_required = "ventures.add_programme"
    form_class = ProgrammeForm
    model = Programme
    detail_url = "ventures:programme-detail"
    list_url = "ventures:programme-list"
    title = gettext_lazy("New start-up programme")


class ProgrammeUpdateView(ProgrammeCreateView):
    permission_required = "ventures.change_programme"
    title = gettext_lazy("Edit start-up programme")


class ProgrammeDeleteView(StaffDeleteView):
    permission_required = "ventures.delete_programme"
    model = Programme
    detail_url = "ventures:programme-detail"
    list_url = "ventures:programme-list"
    delete_service = staticmethod(services.programme_delete)
    instance_name = "programme"


# Cohorts and participants


class CohortDetailView(StaffDetailView):
    permission_required = "ventures.view_cohort"
    list_url = "ventures:programme-list"
    list_title = gettext_lazy("Start-up programmes")
    update_url = "ventures:cohort-update"
    update_permission = "ventures.change_cohort"
    delete_url = "ventures:cohort-delete"
    delete_permission = "ventures.delete_cohort"
    template_name = "ventures/cohort_detail.html"

    def get_object(self) -> Cohort:
        return get_object_or_404(
            Cohort.objects.select_related("programme").prefetch_related("cities"),
            pk=self.kwargs["pk"],
        )

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        capacity = instance.capacity if instance.capacity is not None else _("not limited")
        return [
            (pgettext_lazy("start-up", "Programme"), instance.programme.name),
            (gettext_lazy("Academic year"), instance.year.label),
            (gettext_lazy("Label"), instance.label),
            (gettext_lazy("Starts on"), instance.starts_on),
            (gettext_lazy("Ends on"), instance.ends_on),
            (gettext_lazy("Days"), instance.duration_days),
            (gettext_lazy("Cities visited"), ", ".join(c.name for c in instance.cities.all())),
            (gettext_lazy("Places"), capacity),
        ]

    def sections(self, instance: Any) -> list[Section]:
        return [
            Section(
                pgettext_lazy("start-up", "Programme"),
                [
                    {
                        "text": instance.programme.name,
                        "url": reverse("ventures:programme-detail", args=[instance.programme_id]),
                    }
                ],
            )
        ]

    def extra_context(self, instance: Any, **forms: BaseForm) -> dict[str, Any]:
        user = self.request.user
        participants = list(selectors.cohort_participants(instance))
        rows = [
            {
                "participant": participant,
                "student_number": personal_value(user, participant.student.student_number),
                "name": personal_value(user, participant.student.name_en),
                "name_zh": personal_value(user, participant.student.name_zh),
                "programme": participant.student.programme,
                "year_of_study": participant.student.year_of_study,
            }
            for participant in participants
        ]
        holding = sum(1 for p in participants if p.status in Participant.HOLDS_A_PLACE)
        export_url = ""
        from baylink.core.tabular.registry import KINDS

        kind = KINDS.get("venture-participants")
        if kind is not None and kind.can_export(user):
            export_url = f"{reverse('tabular:export', args=[kind.name])}?cohort={instance.pk}"
        return {
            "participant_rows": rows,
            "holding": holding,
            "shows_personal_data": can_view_personal_data(user),
            "statuses": Participant.Status.choices,
            "can_add": user.has_perm("ventures.add_participant"),
            "can_change": user.has_perm("ventures.change_participant"),
            "can_remove": user.has_perm("ventures.delete_participant"),
            "add_form": forms.get("add_form") or ParticipantsAddForm(),
            "outcomes": instance.outcomes.order_by("-occurred_on", "-pk"),
            "outcome_create_url": reverse("ventures:cohort-outcome-create", args=[instance.pk])
            if user.has_perm("ventures.add_outcome")
            else "",
            "can_delete_outcome": user.has_perm("ventures.delete_outcome"),
            "export_url": export_url,
        }


class CohortCreateView(StaffFormView):
    permission_required = "ventures.add_cohort"
    form_class = CohortForm
    model = Cohort
    detail_url = "ventures:cohort-detail"
    list_url = "ventures:programme-list"
    title = gettext_lazy("New cohort")

    @cached_property
    def programme(self) -> Programme | None:
        """The programme a new cohort was started from (?programme= on its page's link)."""
        raw = self.request.GET.get("programme", "")
        number = record_id(raw)
        if "pk" in self.kwargs or number is None:
            return None
        return Programme.objects.filter(pk=number).first()

    def form_kwargs(self) -> dict[str, Any]:
        kwargs = super().form_kwargs()
        if self.programme is not None:
            kwargs["programme"] = self.programme
        return kwargs

    def cancel_url(self, instance: Model | None) -> str:
        if instance is None and self.programme is not None:
            return reverse("ventures:programme-detail", args=[self.programme.pk])
        return super().cancel_url(instance)


class CohortUpdateView(CohortCreateView):
    permission_required = "ventures.change_cohort"
    title = gettext_lazy("Edit cohort")


class CohortDeleteView(StaffDeleteView):
    permission_required = "ventures.delete_cohort"
    model = Cohort
    detail_url = "ventures:cohort-detail"
    list_url = "ventures:programme-list"
    delete_service = staticmethod(services.cohort_delete)
    instance_name = "cohort"

    programme_id: int = 0

    def get_object(self) -> Cohort:
        return get_object_or_404(Cohort, pk=self.kwargs["pk"])

    def done_url(self) -> str:
        return reverse("ventures:programme-detail", args=[self.programme_id])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.programme_id = self.get_object().programme_id
        return super().post(request, *args, **kwargs)


class ParticipantsAddView(CohortDetailView):
    permission_required = "ventures.add_participant"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        cohort = get_object_or_404(Cohort, pk=self.kwargs["pk"])
        form = ParticipantsAddForm(data=request.POST)
        if form.is_valid():
            try:
                added = services.participants_add(
                    actor=request.user,
                    cohort=cohort,
                    student_numbers=form.cleaned_data["student_numbers"],
                    status=form.cleaned_data["status"],
                    team=form.cleaned_data["team"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error("student_numbers", message)
            else:
                messages.success(
                    request, _("Added %(count)s participant(s).") % {"count": len(added)}
                )
                return HttpResponseRedirect(reverse("ventures:cohort-detail", args=[cohort.pk]))
        response = self.render_page(add_form=form)
        response.status_code = 400
        return response


class ParticipantStatusView(StaffView):
    permission_required = "ventures.change_participant"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = get_object_or_404(Participant, pk=pk)
        try:
            services.participant_update(
                actor=request.user, participant=participant, status=request.POST.get("status", "")
            )
        except ValidationError as error:
            _error_messages(request, error)
        else:
            messages.success(request, _("Saved."))
        return HttpResponseRedirect(reverse("ventures:cohort-detail", args=[participant.cohort_id]))


class ParticipantRemoveView(StaffView):
    permission_required = "ventures.delete_participant"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        participant = get_object_or_404(Participant, pk=pk)
        services.participant_remove(actor=request.user, participant=participant)
        messages.success(request, _("Removed the participant from the cohort."))
        return HttpResponseRedirect(reverse("ventures:cohort-detail", args=[participant.cohort_id]))


# Start-ups, founders and outcomes


class StartupListView(StaffListView):
    permission_required = "ventures.view_startup"
    filterset_class = StartupFilterSet
    title = gettext_lazy("Start-ups")
    detail_url = "ventures:startup-detail"
    create_url = "ventures:startup-create"
    create_permission = "ventures.add_startup"
    export_kind = "venture-startups"
    columns = [
        Column(gettext_lazy("Name"), lambda s: s.name, "name"),
        Column(gettext_lazy("Stage"), lambda s: s.get_stage_display()),
        Column(gettext_lazy("Status"), lambda s: s.get_status_display()),
        Column(gettext_lazy("City"), lambda s: s.city.name if s.city else ""),
        Column(gettext_lazy("Incubating initiative"), lambda s: s.incubator or ""),
        Column(gettext_lazy("Founded"), lambda s: s.founded_on, "founded_on"),
        Column(
            gettext_lazy("Funding raised"),
            lambda s: _money(s.funding_raised, s.funding_currency),
            "-funding",
        ),
        Column(gettext_lazy("Founders"), lambda s: s.founder_count),
    ]
    template_name = "ventures/startup_list.html"

    def base_queryset(self) -> QuerySet[Startup]:
        return selectors.startup_list()


class StartupDetailView(StaffDetailView):
    permission_required = "ventures.view_startup"
    list_url = "ventures:startup-list"
    list_title = gettext_lazy("Start-ups")
    update_url = "ventures:startup-update"
    update_permission = "ventures.change_startup"
    delete_url = "ventures:startup-delete"
    delete_permission = "ventures.delete_startup"
    template_name = "ventures/startup_detail.html"

    def get_object(self) -> Startup:
        return get_object_or_404(selectors.startup_with_relations(self.kwargs["pk"]))

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        city = instance.city
        region = _("Greater Bay Area")
        return [
            (gettext_lazy("Name (English)"), instance.name_en),
            (gettext_lazy("Name (Traditional Chinese)"), instance.name_zh_hant),
            (gettext_lazy("Name (Simplified Chinese)"), instance.name_zh_hans),
            (gettext_lazy("Stage"), instance.get_stage_display()),
            (gettext_lazy("Status"), instance.get_status_display()),
            (gettext_lazy("Incubating initiative"), instance.incubator or ""),
            (gettext_lazy("Came out of cohort"), instance.cohort or ""),
            (
                gettext_lazy("City"),
                f"{city.name} ({region})" if city and city.is_gba else city or "",
            ),
            (gettext_lazy("Founded on"), instance.founded_on),
            (gettext_lazy("Closed on"), instance.closed_on),
            (
                gettext_lazy("Funding raised"),
                _money(instance.funding_raised, instance.funding_currency),
            ),
            (gettext_lazy("Website"), instance.website),
            (gettext_lazy("Description"), instance.description),
        ]

    def extra_context(self, instance: Any, **forms: BaseForm) -> dict[str, Any]:
        user = self.request.user
        founders = [
            {
                "founder": founder,
                "name": (
                    personal_value(user, founder.student.name_en)
                    if founder.student
                    else founder.person.name
                ),
                "kind": _("Student") if founder.student else _("Person"),
            }
            for founder in instance.founders.all()
        ]
        outcomes = list(instance.outcomes.all())
        rounds = [o for o in outcomes if o.kind == Outcome.Kind.FUNDING_ROUND]
        return {
            "founder_rows": founders,
            "founder_form": forms.get("founder_form") or FounderAddForm(),
            "can_add_founder": user.has_perm("ventures.add_founder"),
            "can_remove_founder": user.has_perm("ventures.delete_founder"),
            "outcomes": outcomes,
            "rounds_total_hkd": sum((o.amount_hkd or 0) for o in rounds),
            "outcome_create_url": reverse("ventures:startup-outcome-create", args=[instance.pk])
            if user.has_perm("ventures.add_outcome")
            else "",
            "can_delete_outcome": user.has_perm("ventures.delete_outcome"),
        }


class StartupCreateView(StaffFormView):
    permission_required = "ventures.add_startup"
    form_class = StartupForm
    model = Startup
    detail_url = "ventures:startup-detail"
    list_url = "ventures:startup-list"
    title = gettext_lazy("New start-up")


class StartupUpdateView(StartupCreateView):
    permission_required = "ventures.change_startup"
    title = gettext_lazy("Edit start-up")


class StartupDeleteView(StaffDeleteView):
    permission_required = "ventures.delete_startup"
    model = Startup
    detail_url = "ventures:startup-detail"
    list_url = "ventures:startup-list"
    delete_service = staticmethod(services.startup_delete)
    instance_name = "startup"


class FounderAddView(StartupDetailView):
    permission_required = "ventures.add_founder"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        startup = get_object_or_404(Startup, pk=self.kwargs["pk"])
        form = FounderAddForm(data=request.POST)
        if form.is_valid():
            try:
                services.founder_add(
                    actor=request.user,
                    startup=startup,
                    student_number=form.cleaned_data["student_number"],
                    person=form.cleaned_data["person"],
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                messages.success(request, _("Added the founder."))
                return HttpResponseRedirect(reverse("ventures:startup-detail", args=[startup.pk]))
        response = self.render_page(founder_form=form)
        response.status_code = 400
        return response


class FounderRemoveView(StaffView):
    permission_required = "ventures.delete_founder"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        founder = get_object_or_404(Founder, pk=pk)
        services.founder_remove(actor=request.user, founder=founder)
        messages.success(request, _("Removed the founder."))
        return HttpResponseRedirect(reverse("ventures:startup-detail", args=[founder.startup_id]))


class OutcomeCreateView(StaffFormView):
    """A new outcome of the start-up (`startup` in the URL) or the cohort (`cohort`)."""

    permission_required = "ventures.add_outcome"
    form_class = OutcomeForm
    model = Outcome
    title = gettext_lazy("New outcome")

    def form_kwargs(self) -> dict[str, Any]:
        kwargs = super().form_kwargs()
        if "startup" in self.kwargs:
            kwargs["startup"] = get_object_or_404(Startup, pk=self.kwargs["startup"])
        if "cohort" in self.kwargs:
            kwargs["cohort"] = get_object_or_404(Cohort, pk=self.kwargs["cohort"])
        return kwargs

    def cancel_url(self, instance: Model | None) -> str:
        if instance is not None:
            return self.success_url(instance)
        if "startup" in self.kwargs:
            return reverse("ventures:startup-detail", args=[self.kwargs["startup"]])
        return reverse("ventures:cohort-detail", args=[self.kwargs["cohort"]])

    def success_url(self, saved: Any) -> str:
        if saved.startup_id:
            return reverse("ventures:startup-detail", args=[saved.startup_id])
        return reverse("ventures:cohort-detail", args=[saved.cohort_id])


class OutcomeUpdateView(OutcomeCreateView):
    permission_required = "ventures.change_outcome"
    title = gettext_lazy("Edit outcome")


class OutcomeDeleteView(StaffView):
    permission_required = "ventures.delete_outcome"
    http_method_names = ["post"]

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        outcome = get_object_or_404(Outcome, pk=pk)
        target = (
            reverse("ventures:startup-detail", args=[outcome.startup_id])
            if outcome.startup_id
            else reverse("ventures:cohort-detail", args=[outcome.cohort_id])
        )
        try:
            services.outcome_delete(actor=request.user, outcome=outcome)
        except ProtectedError:  # pragma: no cover - nothing refers to an outcome
            messages.error(request, _("This outcome cannot be deleted."))
        else:
            messages.success(request, _("Deleted the outcome."))
        return HttpResponseRedirect(target)
