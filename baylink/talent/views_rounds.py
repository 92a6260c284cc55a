"""Staff pages for allocation rounds: lifecycle, pins and forbidden pairs, runs, offers."""

from collections import Counter
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.accounts.personal_data import can_view_personal_data
from baylink.core.academic_year import AcademicYear
from baylink.core.editing import EditConflict
from baylink.core.http import record_id
from baylink.core.staff import (
    Column,
    StaffDeleteView,
    StaffFormView,
    StaffListView,
    StaffView,
    history_context,
)
from baylink.talent.filters import RoundFilterSet
from baylink.talent.forms import (
    CloseOffersForm,
    PairRuleForm,
    PublishForm,
    RoundForm,
    RoundTransitionForm,
    RunForm,
)
from baylink.talent.models import AllocationRound, AllocationRun, Offer, PairRule, Student
from baylink.talent.selectors import (
    round_applicant_count,
    round_list,
    round_placements,
    round_runs,
    run_assignments,
    run_comparison,
    run_offers,
)
from baylink.talent.services import (
    offers_close,
    pair_rule_delete,
    round_delete,
    run_create,
    run_publish,
)

CHANGE = "talent.change_allocationround"


def student_label(request: HttpRequest, student: Student) -> str:
    """A student as this user may see them: name and number, or only the record's number."""
    if can_view_personal_data(request.user):
        return str(student)
    return _("Student #%(number)s") % {"number": student.pk}


def _form_errors(request: HttpRequest, form: BaseForm) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else str(error))


def _detail(pk: int, tab: str = "") -> HttpResponseRedirect:
    url = reverse("talent:round-detail", args=[pk])
    return HttpResponseRedirect(f"{url}?tab={tab}" if tab else url)


class RoundListView(StaffListView):
    permission_required = "talent.view_allocationround"
    filterset_class = RoundFilterSet
    title = gettext_lazy("Allocation rounds")
    detail_url = "talent:round-detail"
    create_url = "talent:round-create"
    create_permission = "talent.add_allocationround"
    columns = [
        Column(gettext_lazy("Name"), lambda r: r.name, "name"),
        Column(gettext_lazy("Academic year"), lambda r: AcademicYear(r.academic_year).label),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
        Column(gettext_lazy("Deadline"), lambda r: r.application_deadline, "-deadline"),
        Column(gettext_lazy("Placements"), lambda r: r.placement_count),
        Column(gettext_lazy("Applicants"), lambda r: r.applicant_count),
    ]

    def base_queryset(self) -> QuerySet[AllocationRound]:
        return round_list()


class RoundDetailView(StaffView):
    permission_required = "talent.view_allocationround"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        allocation_round = get_object_or_404(AllocationRound, pk=pk)
        tab = request.GET.get("tab", "details")
        if tab not in ("details", "runs", "rules", "history"):
            tab = "details"
        can_change = request.user.has_perm(CHANGE)
        context: dict[str, Any] = {
            "round": allocation_round,
            "academic_year": AcademicYear(allocation_round.academic_year).label,
            "tab": tab,
            "can_change": can_change,
            "can_run": request.user.has_perm("talent.add_allocationrun"),
            "transition_form": RoundTransitionForm(allocation_round=allocation_round),
            "applicant_count": round_applicant_count(allocation_round),
            "previous": allocation_round.previous,
            "follow_ups": list(allocation_round.follow_ups.all()),
        }
        if tab == "details":
            context["placements"] = round_placements(allocation_round)
        elif tab == "rules":
            rules = allocation_round.pair_rules.select_related("student", "placement")
            context["rules"] = [
                {"rule": rule, "student": student_label(request, rule.student)} for rule in rules
            ]
            context["rule_form"] = PairRuleForm(allocation_round=allocation_round)
        elif tab == "runs":
            runs = list(round_runs(allocation_round))
            published = next((run for run in runs if run.published_at), None)
            context.update(
                {
                    "runs": runs,
                    "run_form": RunForm(),
                    "publish_form": PublishForm(),
                    "close_form": CloseOffersForm(),
                    "published": published,
                    "offer_counts": _offer_counts(published),
                }
            )
        else:
            context.update(history_context(allocation_round))
        return render(request, "talent/round_detail.html", context)


def _offer_counts(run: AllocationRun | None) -> list[tuple[str, int]]:
    if run is None:
        return []
    counts = Counter(run.offers.values_list("status", flat=True))
    return [(str(label), counts.get(status, 0)) for status, label in Offer.Status.choices]


class RoundCreateView(StaffFormView):
    permission_required = "talent.add_allocationround"
    form_class = RoundForm
    model = AllocationRound
    detail_url = "talent:round-detail"
    list_url = "talent:round-list"
    title = gettext_lazy("New allocation round")


class RoundUpdateView(RoundCreateView):
    permission_required = CHANGE
    title = gettext_lazy("Edit allocation round")


class RoundDeleteView(StaffDeleteView):
    permission_required = "talent.delete_allocationround"
    model = AllocationRound
    detail_url = "talent:round-detail"
    list_url = "talent:round-list"
    delete_service = staticmethod(round_delete)
    instance_name = "allocation_round"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return _detail(kwargs["pk"])


class RoundActionView(StaffView):
    """A POST that changes a round, then back to its page with what happened."""

    permission_required = CHANGE
    tab = ""

    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
        allocation_round = get_object_or_404(AllocationRound, pk=pk)
        try:
            done = self.act(request, allocation_round)
        except EditConflict:
            messages.error(
                request, _("Someone changed this round meanwhile; check it and try again.")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if done:
                messages.success(request, done)
        return _detail(pk, self.tab)


class RoundTransitionView(RoundActionView):
    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        form = RoundTransitionForm(request.POST, allocation_round=allocation_round)
        if not form.is_valid():
            raise ValidationError(_("Choose one of the statuses offered."))
        form.save(actor=request.user)
        return _("Status changed.")


class PairRuleAddView(RoundActionView):
    tab = "rules"

    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        form = PairRuleForm(request.POST, allocation_round=allocation_round)
        if not form.is_valid():
            _form_errors(request, form)
            return ""
        form.save(actor=request.user)
        return _("Saved.")


class PairRuleDeleteView(RoundActionView):
    tab = "rules"

    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        rule = get_object_or_404(PairRule, pk=self.kwargs["rule_pk"], round=allocation_round)
        pair_rule_delete(actor=request.user, rule=rule)
        return _("Removed.")


class RunCreateView(RoundActionView):
    permission_required = "talent.add_allocationrun"
    tab = "runs"

    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        form = RunForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return ""
        run = run_create(
            actor=request.user,
            allocation_round=allocation_round,
            mode=form.cleaned_data["mode"],
            lottery_seed=form.cleaned_data.get("lottery_seed"),
            note=form.cleaned_data.get("note") or "",
        )
        return _(
            "%(run)s: %(matched)s of %(students)s students placed, %(blocking)s blocking pairs."
        ) % {
            "run": run,
            "matched": run.stats.get("matched", 0),
            "students": run.stats.get("students", 0),
            "blocking": run.blocking_pairs,
        }


class RunPublishView(RoundActionView):
    tab = "runs"

    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        run = get_object_or_404(AllocationRun, pk=self.kwargs["run_pk"], round=allocation_round)
        form = PublishForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return ""
        offers = run_publish(
            actor=request.user, run=run, offer_deadline=form.cleaned_data["offer_deadline"]
        )
        return _("Published: %(count)s offers sent.") % {"count": len(offers)}


class OffersCloseView(RoundActionView):
    tab = "runs"

    def act(self, request: HttpRequest, allocation_round: AllocationRound) -> str:
        form = CloseOffersForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return ""
        follow_up = offers_close(
            actor=request.user,
            allocation_round=allocation_round,
            follow_up_deadline=form.cleaned_data["follow_up_deadline"],
        )
        if follow_up is None:
            return _("Offers closed. No places or no students are left for a next round.")
        return _("Offers closed. The next round “%(round)s” is ready as a draft.") % {
            "round": follow_up
        }


class RunDetailView(StaffView):
    permission_required = "talent.view_allocationrun"

    def get(self, request: HttpRequest, pk: int, run_pk: int) -> HttpResponse:
        run = get_object_or_404(
            AllocationRun.objects.select_related("round", "run_by"), pk=run_pk, round_id=pk
        )
        rows = [
            {
                "student": student_label(request, assignment.student),
                "placement": assignment.placement,
                "rank": assignment.rank,
                "pinned": assignment.pinned,
            }
            for assignment in run_assignments(run)
        ]
        offers = [
            {"student": student_label(request, offer.student), "offer": offer}
            for offer in run_offers(run)
        ]
        return render(
            request,
            "talent/run_detail.html",
            {
                "run": run,
                "runs": [run],
                "round": run.round,
                "rows": rows,
                "offers": offers,
                "comparison": run_comparison([run]),
            },
        )


class RunCompareView(StaffView):
    permission_required = "talent.view_allocationrun"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        allocation_round = get_object_or_404(AllocationRound, pk=pk)
        available = list(round_runs(allocation_round))
        wanted = request.GET.getlist("runs")
        if wanted:
            numbers = [record_id(value) for value in wanted]
            if None in numbers:
                messages.error(request, _("Choose runs from the list."))
                return _detail(pk, "runs")
            by_pk = {run.pk: run for run in available}
            chosen = [by_pk[number] for number in dict.fromkeys(numbers) if number in by_pk]
        else:
            chosen = available[:3]
        if not 2 <= len(chosen) <= 3:
            messages.error(request, _("Choose two or three runs of this round to compare."))
            return _detail(pk, "runs")
        return render(
            request,
            "talent/run_compare.html",
            {"round": allocation_round, "runs": chosen, "rows": run_comparison(chosen)},
        )
