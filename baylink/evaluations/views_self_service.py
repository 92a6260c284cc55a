"""Students and host contacts evaluate completed placements themselves (under /wie/)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from baylink.evaluations.forms import OwnHostEvaluationForm, OwnStudentEvaluationForm
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.selectors import own_host_records, own_student_records
from baylink.evaluations.services import may_evaluate_own


class OwnEvaluationsView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(
            request,
            "evaluations/own_evaluations.html",
            {
                "student_records": list(own_student_records(request.user)),
                "host_records": list(own_host_records(request.user)),
            },
        )


class OwnEvaluationView(LoginRequiredMixin, View):
    """One evaluation form; once sent it is shown, not edited (the careers office corrects)."""

    evaluation_model: type[HostEvaluation] | type[StudentEvaluation]
    form_class: type[OwnHostEvaluationForm] | type[OwnStudentEvaluationForm]

    def record(self, request: HttpRequest, pk: int) -> PlacementRecord:
        record = (
            PlacementRecord.objects.select_related("placement__host", "student")
            .filter(pk=pk, status=PlacementRecord.Status.COMPLETED)
            .first()
        )
        # Someone else's placement is answered as if it did not exist.
        if record is None or not may_evaluate_own(request.user, record, self.evaluation_model):
            raise Http404(_("There is no completed placement of yours with this number."))
        return record

    def render_page(
        self, request: HttpRequest, record: PlacementRecord, form: Any, status: int = 200
    ) -> HttpResponse:
        sent = self.evaluation_model._default_manager.filter(record=record).first()
        return render(
            request,
            "evaluations/own_evaluation_form.html",
            {
                "record": record,
                "form": form,
                "sent": sent,
                "is_host_form": self.evaluation_model is HostEvaluation,
            },
            status=status,
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.record(request, pk)
        return self.render_page(request, record, self.form_class(record=record))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.record(request, pk)
        form = self.form_class(request.POST, record=record)
        if not form.is_valid():
            return self.render_page(request, record, form, 400)
        try:
            form.save(actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.render_page(request, record, form, 400)
        messages.success(request, _("Thank you: your evaluation is sent."))
        return HttpResponseRedirect(reverse("wie-evaluations:list"))


class OwnStudentEvaluationView(OwnEvaluationView):
    evaluation_model = StudentEvaluation
    form_class = OwnStudentEvaluationForm


class OwnHostEvaluationView(OwnEvaluationView):
    evaluation_model = HostEvaluation
    form_class = OwnHostEvaluationForm
