"""Staff pages: placement records, their evaluations, and the outcome report."""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django_filters import FilterSet

from baylink.accounts.personal_data import can_view_personal_data, personal_value
from baylink.core.history import HistoryEntry, readable_history
from baylink.core.selectors import audit_history
from baylink.core.staff import (
    Column,
    StaffDeleteView,
    StaffFormView,
    StaffListView,
    StaffView,
)
from baylink.core.tabular.writing import FORMATS
from baylink.core.views_tabular import table_download
from baylink.evaluations.filters import (
    PersonalPlacementRecordFilterSet,
    PlacementRecordFilterSet,
)
from baylink.evaluations.forms import (
    HostEvaluationForm,
    PlacementRecordForm,
    StudentEvaluationForm,
)
from baylink.evaluations.models import HostEvaluation, PlacementRecord, StudentEvaluation
from baylink.evaluations.outcomes import DIMENSIONS, FIGURE_LABELS, outcome_report, report_table
from baylink.evaluations.report_form import OutcomeReportForm
from baylink.evaluations.selectors import Region, record_detail, record_list
from baylink.evaluations.services import placement_record_delete

VIEW = "evaluations.view_placementrecord"


def _score(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _student(user: Any, record: PlacementRecord) -> object:
    return personal_value(user, record.student.name_en)


def _student_number(user: Any, record: PlacementRecord) -> object:
    return personal_value(user, record.student.student_number)


class PlacementRecordListView(StaffListView):
    permission_required = VIEW
    title = gettext_lazy("WIE placement records")
    detail_url = "evaluations:record-detail"
    create_url = "evaluations:record-create"
    create_permission = "evaluations.add_placementrecord"
    export_kind = "placement-records"
    template_name = "evaluations/record_list.html"

    @property
    def filterset_class(self) -> type[FilterSet]:  # type: ignore[override]  # chosen per user
        if can_view_personal_data(self.request.user):
            return PersonalPlacementRecordFilterSet
        return PlacementRecordFilterSet

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]  # masked per user
        user = self.request.user
        return [
            Column(_("Record"), lambda r: r.pk),
            Column(_("Student number"), lambda r: _student_number(user, r)),
            Column(_("Student"), lambda r: _student(user, r)),
            Column(_("Programme"), lambda r: r.student.programme),
            Column(_("Placement"), lambda r: r.placement.title),
            Column(_("Host"), lambda r: r.placement.host.name, "host"),
            Column(_("City"), lambda r: r.placement.city.name if r.placement.city else ""),
            Column(_("Academic year"), lambda r: r.academic_year_label, "academic_year"),
            Column(_("Status"), lambda r: r.get_status_display()),
            Column(_("WIE hours"), lambda r: r.wie_hours, "-wie_hours"),
            Column(_("Host rating"), lambda r: _score(r.host_score)),
            Column(_("Student rating"), lambda r: _score(r.student_score)),
        ]

    def base_queryset(self) -> QuerySet[PlacementRecord]:
        return record_list()


def _history(record: PlacementRecord) -> list[HistoryEntry]:
    """The record's changes and its evaluations', newest first."""
    entries = list(audit_history(record)[:200])
    for evaluation in _evaluations(record):
        if evaluation is not None:
            entries += audit_history(evaluation)[:100]
    return readable_history(sorted(entries, key=lambda entry: entry.at, reverse=True))


def _evaluations(record: PlacementRecord) -> list[HostEvaluation | StudentEvaluation | None]:
    return [
        getattr(record, "host_evaluation", None),
        getattr(record, "student_evaluation", None),
    ]


def _ratings(evaluation: HostEvaluation | StudentEvaluation) -> list[tuple[str, int]]:
    return [
        (evaluation.criterion_label(name), value) for name, value in evaluation.ratings().items()
    ]


class PlacementRecordDetailView(StaffView):
    permission_required = VIEW

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            record = record_detail(pk)
        except PlacementRecord.DoesNotExist as missing:
            raise Http404(_("There is no WIE record %(number)s.") % {"number": pk}) from missing
        user = request.user
        student = record.student
        tab = "history" if request.GET.get("tab") == "history" else "details"
        host, student_evaluation = _evaluations(record)
        context: dict[str, Any] = {
            "object": record,
            "record": record,
            "tab": tab,
            "student_fields": [
                (_("Student number"), personal_value(user, student.student_number)),
                (pgettext_lazy("person", "Name"), personal_value(user, student.name_en)),
                (_("Chinese name"), personal_value(user, student.name_zh)),
                (_("E-mail"), personal_value(user, student.email)),
                (_("Programme"), student.programme),
                (_("Faculty or department"), student.unit.name if student.unit else ""),
                (_("Year of study"), student.year_of_study),
            ],
            "host_evaluation": host,
            "host_ratings": _ratings(host) if host else [],
            "student_evaluation": student_evaluation,
            "student_ratings": _ratings(student_evaluation) if student_evaluation else [],
            "can_edit": user.has_perm("evaluations.change_placementrecord"),
            "can_delete": user.has_perm("evaluations.delete_placementrecord"),
            "can_evaluate_host": user.has_perm(
                "evaluations.change_hostevaluation" if host else "evaluations.add_hostevaluation"
            ),
            "can_evaluate_student": user.has_perm(
                "evaluations.change_studentevaluation"
                if student_evaluation
                else "evaluations.add_studentevaluation"
            ),
            "completed": record.status == PlacementRecord.Status.COMPLETED,
        }
        if tab == "history":
            context["history"] = _history(record)
        return render(request, "evaluations/record_detail.html", context)


class PlacementRecordCreateView(StaffFormView):
    permission_required = "evaluations.add_placementrecord"
    form_class = PlacementRecordForm
    model = PlacementRecord
    detail_url = "evaluations:record-detail"
    list_url = "evaluations:record-list"
    title = gettext_lazy("New WIE placement record")


class PlacementRecordUpdateView(PlacementRecordCreateView):
    permission_required = "evaluations.change_placementrecord"
    title = gettext_lazy("Edit WIE placement record")


class PlacementRecordDeleteView(StaffDeleteView):
    permission_required = "evaluations.delete_placementrecord"
    model = PlacementRecord
    detail_url = "evaluations:record-detail"
    list_url = "evaluations:record-list"
    delete_service = staticmethod(placement_record_delete)
    instance_name = "record"


class EvaluationFormView(StaffFormView):
    """Enter a record's evaluation, or edit the one entered."""

    evaluation_model: type[HostEvaluation] | type[StudentEvaluation]
    detail_url = "evaluations:record-detail"

    @property
    def permission_required(self) -> str:
        action = "change" if self.get_object() is not None else "add"
        return f"evaluations.{action}_{self.evaluation_model._meta.model_name}"

    def record(self) -> PlacementRecord:
        if not hasattr(self, "_record"):
            self._record = get_object_or_404(
                PlacementRecord.objects.select_related("placement"), pk=self.kwargs["pk"]
            )
        return self._record

    def get_object(self) -> Model | None:
        return self.evaluation_model._default_manager.filter(record_id=self.kwargs["pk"]).first()

    def form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"record": self.record()}
        instance = self.get_object()
        if instance is not None:
            kwargs["instance"] = instance
        else:
            kwargs["initial"] = {"submitted_on": timezone.localdate()}
        return kwargs

    def render_form(self, form: Any, **extra: Any) -> HttpResponse:
        context = {
            "form": form,
            "object": self.record(),
            "title": self.title,
            "cancel_url": reverse(self.detail_url, args=[self.kwargs["pk"]]),
            **extra,
        }
        return render(self.request, "evaluations/evaluation_form.html", context)


class HostEvaluationView(EvaluationFormView):
    evaluation_model = HostEvaluation
    form_class = HostEvaluationForm
    title = gettext_lazy("Host evaluation")


class StudentEvaluationView(EvaluationFormView):
    evaluation_model = StudentEvaluation
    form_class = StudentEvaluationForm
    title = gettext_lazy("Student evaluation")


class OutcomeReportView(StaffView):
    """Figures by programme, place and academic year; ?export=csv|xlsx downloads them."""

    permission_required = VIEW

    def get(self, request: HttpRequest) -> HttpResponse:
        form = OutcomeReportForm(request.GET or None)
        if request.GET and not form.is_valid():
            return render(
                request, "evaluations/report.html", {"form": form, "report": None}, status=400
            )
        report = outcome_report(dimensions=form.dimensions(), filters=form.filters())
        export = request.GET.get("export", "")
        if export in FORMATS:
            columns, rows = report_table(report)
            stamp = timezone.localdate().isoformat()
            return table_download(columns, rows, export, f"wie-outcomes-{stamp}")
        context = {
            "form": form,
            "report": report,
            "dimension_labels": [DIMENSIONS[code] for code in report.dimensions],
            "figure_labels": FIGURE_LABELS,
            "regions": Region.labels,
        }
        return render(request, "evaluations/report.html", context)
