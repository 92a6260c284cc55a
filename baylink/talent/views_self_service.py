"""Self-service WIE pages: students rank placements and answer offers; hosts rank applicants."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from baylink.talent.eligibility import eligibility_problems
from baylink.talent.forms import ApplicationForm, HostRankingForm, OfferAnswerForm
from baylink.talent.models import AllocationRound, HostRanking, Offer, Placement, Student
from baylink.talent.selectors import (
    host_rounds,
    open_rounds_for,
    placement_applicants,
    student_applications,
    student_offers,
)
from baylink.talent.services import (
    application_submit,
    host_ranking_save,
    is_host_contact,
    offer_answer,
    round_admits,
)


def _student(request: HttpRequest) -> Student | None:
    return Student.objects.filter(user_id=int(request.user.pk or 0)).select_related("unit").first()


class WieHomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        student = _student(request)
        context: dict[str, Any] = {
            "student": student,
            "is_host": request.user.host_contacts.exists(),  # type: ignore[union-attr]  # signed in
        }
        if student is not None:
            context.update(
                {
                    "rounds": open_rounds_for(student, now=timezone.now()),
                    "applications": student_applications(student),
                    "offers": list(student_offers(student)),
                    "answer_form": OfferAnswerForm(),
                }
            )
        return render(request, "talent/wie_home.html", context)


class ApplyView(LoginRequiredMixin, View):
    """Rank up to N placements of an open round; editable until the deadline."""

    def setup_round(self, request: HttpRequest, pk: int) -> tuple[Student, AllocationRound]:
        student = _student(request)
        if student is None:
            raise PermissionDenied
        allocation_round = get_object_or_404(AllocationRound, pk=pk)
        if allocation_round.status != AllocationRound.Status.OPEN or not round_admits(
            allocation_round, student
        ):
            raise Http404(_("This round is not open for your applications."))
        return student, allocation_round

    def render_form(
        self,
        request: HttpRequest,
        student: Student,
        allocation_round: AllocationRound,
        form: ApplicationForm,
        placements: list[Placement],
        status: int = 200,
    ) -> HttpResponse:
        rows = [{"placement": p, "problems": eligibility_problems(p, student)} for p in placements]
        return render(
            request,
            "talent/apply.html",
            {
                "round": allocation_round,
                "form": form,
                "rows": rows,
                "past_deadline": timezone.now() > allocation_round.application_deadline,
            },
            status=status,
        )

    def _placements(self, allocation_round: AllocationRound) -> list[Placement]:
        return list(
            allocation_round.placements.select_related("host__city", "city").order_by(
                "title_en", "pk"
            )
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        student, allocation_round = self.setup_round(request, pk)
        placements = self._placements(allocation_round)
        applications = allocation_round.applications.filter(student=student).order_by("rank")
        current = [application.placement_id for application in applications]
        form = ApplicationForm(
            allocation_round=allocation_round,
            placements=placements,
            current=current,
            agreed=any(application.transfer_agreed_at for application in applications),
        )
        return self.render_form(request, student, allocation_round, form, placements)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        student, allocation_round = self.setup_round(request, pk)
        placements = self._placements(allocation_round)
        form = ApplicationForm(
            request.POST, allocation_round=allocation_round, placements=placements
        )
        if not form.is_valid():
            return self.render_form(request, student, allocation_round, form, placements, 400)
        try:
            application_submit(
                actor=request.user,
                student=student,
                allocation_round=allocation_round,
                placements=form.ranked(),
                transfer_agreed=form.transfer_agreed(),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_form(request, student, allocation_round, form, placements, 400)
        messages.success(request, _("Your ranking is saved. You can change it until the deadline."))
        return HttpResponseRedirect(reverse("wie:home"))


class OfferAnswerView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        offer = get_object_or_404(Offer, pk=pk, student__user_id=request.user.pk)
        form = OfferAnswerForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Accept or decline the offer."))
            return HttpResponseRedirect(reverse("wie:home"))
        accept = form.cleaned_data["answer"] == "accept"
        try:
            offer_answer(actor=request.user, offer=offer, accept=accept)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("You accepted the offer.") if accept else _("You declined the offer.")
            )
        return HttpResponseRedirect(reverse("wie:home"))


class HostHomeView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not request.user.host_contacts.exists():  # type: ignore[union-attr]  # signed in
            raise PermissionDenied
        return render(request, "talent/host_home.html", {"rounds": host_rounds(request.user)})  # type: ignore[arg-type]  # signed in


class HostRankView(LoginRequiredMixin, View):
    """A host contact ranks or accepts the applicants of one of their placements."""

    def setup_pair(
        self, request: HttpRequest, pk: int, placement_pk: int
    ) -> tuple[AllocationRound, Placement]:
        allocation_round = get_object_or_404(AllocationRound, pk=pk)
        placement = get_object_or_404(allocation_round.placements, pk=placement_pk)
        if not is_host_contact(request.user, placement):
            raise PermissionDenied
        return allocation_round, placement

    def render_form(
        self,
        request: HttpRequest,
        allocation_round: AllocationRound,
        placement: Placement,
        form: HostRankingForm,
        status: int = 200,
    ) -> HttpResponse:
        return render(
            request,
            "talent/host_rank.html",
            {"round": allocation_round, "placement": placement, "form": form},
            status=status,
        )

    def get(self, request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
        allocation_round, placement = self.setup_pair(request, pk, placement_pk)
        current = dict(
            HostRanking.objects.filter(round=allocation_round, placement=placement).values_list(
                "student_id", "rank"
            )
        )
        form = HostRankingForm(
            applicants=placement_applicants(allocation_round, placement), current=current
        )
        return self.render_form(request, allocation_round, placement, form)

    def post(self, request: HttpRequest, pk: int, placement_pk: int) -> HttpResponse:
        allocation_round, placement = self.setup_pair(request, pk, placement_pk)
        form = HostRankingForm(
            request.POST,
            applicants=placement_applicants(allocation_round, placement),
            current={},
        )
        if not form.is_valid():
            return self.render_form(request, allocation_round, placement, form, 400)
        try:
            host_ranking_save(
                actor=request.user,
                allocation_round=allocation_round,
                placement=placement,
                ranks=form.ranks(),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_form(request, allocation_round, placement, form, 400)
        messages.success(request, _("Your ranking of the applicants is saved."))
        return HttpResponseRedirect(reverse("wie:host-home"))
