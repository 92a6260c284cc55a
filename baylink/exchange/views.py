"""Staff pages of the exchange office: dashboard, agreement page, nominations, applications."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import BadRequest, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from baylink.accounts.permissions import agreement_scope
from baylink.accounts.personal_data import can_view_personal_data, personal_value
from baylink.core.academic_year import AcademicYear
from baylink.core.editing import EditConflict
from baylink.core.http import paginate
from baylink.core.staff import (
    PER_PAGE,
    Column,
    StaffFormView,
    StaffListView,
    StaffView,
    history_context,
)
from baylink.core.views_tabular import table_download
from baylink.exchange.filters import (
    DashboardForm,
    InboundApplicationFilterSet,
    NominationFilterSet,
)
from baylink.exchange.forms import InboundApplicationForm, NominationForm, TransitionForm
from baylink.exchange.models import InboundApplication, Nomination
from baylink.exchange.selectors import (
    INBOUND,
    OUTBOUND,
    PartnerYear,
    agreement_records,
    balance_history,
    balance_limit,
    exchange_agreements,
    inbound_application_list,
    nomination_list,
    partner_years,
    partner_years_sorted,
    quota_use,
)

VIEW_QUOTAS = "agreements.view_mobilityspec"
DASHBOARD_COLUMNS = (
    "agreement",
    "partner",
    "country",
    "city",
    "academic_year",
    "outbound_quota",
    "outbound_taken",
    "outbound_available",
    "inbound_quota",
    "inbound_taken",
    "inbound_available",
    "outbound_months",
    "inbound_months",
    "balance",
    "cumulative_balance",
    "warnings",
)


def _current_year() -> AcademicYear:
    return AcademicYear.containing(timezone.localdate())


def _dashboard_row(row: PartnerYear) -> list[Any]:
    city = row.partner.city
    return [
        row.agreement.reference,
        row.partner.name,
        row.partner.country_code,
        city.name if city else "",
        row.year.label,
        row.outbound.quota,
        row.outbound.used,
        row.outbound.available,
        row.inbound.quota,
        row.inbound.used,
        row.inbound.available,
        row.outbound.months,
        row.inbound.months,
        row.balance,
        row.cumulative,
        " ".join(warning.message for warning in row.warnings),
    ]


def _headers(sort: str) -> list[dict[str, Any]]:
    """The dashboard's column headings; a click sorts by the column, a second click reverses."""
    headings = [
        (gettext_lazy("Partner"), "partner", False),
        (gettext_lazy("Agreement"), "agreement", False),
        (gettext_lazy("Outbound places"), "outbound", True),
        (gettext_lazy("Inbound places"), "inbound", True),
        (gettext_lazy("Balance this year"), "balance", True),
        (gettext_lazy("Cumulative balance"), "cumulative", True),
    ]
    headers = []
    for label, key, most_first in headings:
        first = f"-{key}" if most_first else key
        other = key if most_first else f"-{key}"
        headers.append(
            {
                "label": label,
                "next_sort": other if sort == first else first,
                "sorted": sort.lstrip("-") == key,
                "descending": sort.startswith("-"),
            }
        )
    return headers


class DashboardView(StaffView):
    """Partners with their quotas and balance for an academic year, warnings first."""

    permission_required = VIEW_QUOTAS

    def get(self, request: HttpRequest) -> HttpResponse:
        form = DashboardForm(request.GET)
        if not form.is_valid():
            field, errors = next(iter(form.errors.items()))
            label = form.fields[field].label if field in form.fields else field
            raise BadRequest(_("%(field)s: %(message)s") % {"field": label, "message": errors[0]})
        year = AcademicYear(form.cleaned_data["academic_year"] or _current_year().start_year)
        rows = partner_years(
            scope=agreement_scope(request.user), year=year, partners=form.partners()
        )
        if form.cleaned_data["warnings"]:
            rows = [row for row in rows if row.warnings]
        rows = partner_years_sorted(rows, form.cleaned_data["sort"] or "")
        export = request.GET.get("export", "")
        if export:
            return table_download(
                DASHBOARD_COLUMNS,
                (_dashboard_row(row) for row in rows),
                export,
                f"exchange-balance-{year.start_year}",
            )
        page = paginate(request, rows, PER_PAGE)
        sort = form.cleaned_data["sort"] or ""
        context = {
            "headers": _headers(sort),
            "form": form,
            "year": year,
            "page": page,
            "rows": page.object_list,
            "with_warnings": sum(1 for row in rows if row.warnings),
            "limit": balance_limit(),
            "years": AcademicYear.span(AcademicYear(year.start_year - 5), _current_year()),
        }
        return render(request, "exchange/dashboard.html", context)


def _record_row(user: Any, record: Nomination | InboundApplication) -> dict[str, Any]:
    if isinstance(record, Nomination):
        person = personal_value(user, record.student.name_en)
        number = personal_value(user, record.student.student_number)
        url = reverse("exchange:nomination-detail", args=[record.pk])
    else:
        person = personal_value(user, record.name)
        number = personal_value(user, record.email)
        url = reverse("exchange:inbound-detail", args=[record.pk])
    return {"record": record, "person": person, "number": number, "url": url}


class AgreementExchangeView(StaffView):
    """One exchange agreement: its quotas, records per year and balance history per partner."""

    permission_required = VIEW_QUOTAS

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreements = exchange_agreements(scope=agreement_scope(request.user))
        agreement = (
            agreements.prefetch_related(
                "parties__organisation__city",
                "mobility_specs__sending_party__organisation",
                "mobility_specs__receiving_party__organisation",
            )
            .filter(pk=pk)
            .first()
        )
        if agreement is None:
            raise Http404(
                _("There is no student exchange agreement %(number)s you can see.") % {"number": pk}
            )
        history = balance_history(agreement, today_year=_current_year())
        nominations, applications = agreement_records(agreement)
        user = request.user
        partners: list[dict[str, Any]] = []
        for party in agreement.parties.all():
            partner = party.organisation
            if partner.pk not in history or any(p["partner"] == partner for p in partners):
                continue
            rows = history[partner.pk]
            partners.append(
                {
                    "partner": partner,
                    "history": rows,
                    "chart": {
                        "years": [row.year.label for row in rows],
                        "outbound": [float(row.outbound.months) for row in rows],
                        "inbound": [float(-row.inbound.months) for row in rows],
                        "cumulative": [float(row.cumulative) for row in rows],
                        "labels": {
                            "outbound": _("Outgoing student-months"),
                            "inbound": _("Incoming student-months"),
                            "cumulative": _("Cumulative balance"),
                        },
                    },
                    "nominations": [
                        _record_row(user, n) for n in nominations if n.partner_id == partner.pk
                    ],
                    "applications": [
                        _record_row(user, a) for a in applications if a.partner_id == partner.pk
                    ],
                }
            )
        context = {
            "agreement": agreement,
            "partners": partners,
            "specs": [
                spec
                for spec in agreement.mobility_specs.all()
                if spec.mobility_type.startswith("student")
            ],
            "limit": balance_limit(),
            "can_edit": request.user.has_perm("exchange.add_nomination"),
            "charts": [p["chart"] for p in partners],
        }
        return render(request, "exchange/agreement.html", context)


def _masked(request: HttpRequest) -> bool:
    return not can_view_personal_data(request.user)


class NominationListView(StaffListView):
    permission_required = "exchange.view_nomination"
    filterset_class = NominationFilterSet
    title = gettext_lazy("Nominations (outbound)")
    detail_url = "exchange:nomination-detail"
    create_url = "exchange:nomination-create"
    create_permission = "exchange.add_nomination"
    export_kind = "exchange-nominations"

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]  # depends on who is looking
        user = self.request.user
        return [
            Column(gettext_lazy("Academic year"), lambda n: n.year, "academic_year"),
            Column(
                gettext_lazy("Student"),
                lambda n: personal_value(user, f"{n.student.name_en} ({n.student.student_number})"),
            ),
            Column(gettext_lazy("Partner"), lambda n: n.partner.name, "partner"),
            Column(gettext_lazy("Agreement"), lambda n: n.agreement.reference, "agreement"),
            Column(gettext_lazy("Term"), lambda n: n.get_term_display()),
            Column(gettext_lazy("Months"), lambda n: n.months),
            Column(gettext_lazy("Status"), lambda n: n.get_status_display(), "status"),
            Column(pgettext_lazy("data transfer", "Consent"), _transfer_consent),
        ]

    def base_queryset(self) -> QuerySet[Nomination]:
        return nomination_list(scope=agreement_scope(self.request.user))


class InboundApplicationListView(StaffListView):
    permission_required = "exchange.view_inboundapplication"
    filterset_class = InboundApplicationFilterSet
    title = gettext_lazy("Applications (inbound)")
    detail_url = "exchange:inbound-detail"
    create_url = "exchange:inbound-create"
    create_permission = "exchange.add_inboundapplication"
    export_kind = "exchange-inbound"

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]  # depends on who is looking
        user = self.request.user
        return [
            Column(gettext_lazy("Academic year"), lambda a: a.year, "academic_year"),
            Column(gettext_lazy("Student"), lambda a: personal_value(user, a.name)),
            Column(
                pgettext_lazy("exchange student", "Home institution"),
                lambda a: a.partner.name,
                "partner",
            ),
            Column(gettext_lazy("Agreement"), lambda a: a.agreement.reference, "agreement"),
            Column(gettext_lazy("Term"), lambda a: a.get_term_display()),
            Column(gettext_lazy("Months"), lambda a: a.months),
            Column(gettext_lazy("Status"), lambda a: a.get_status_display(), "status"),
        ]

    def base_queryset(self) -> QuerySet[InboundApplication]:
        return inbound_application_list(scope=agreement_scope(self.request.user))


class RecordViews:
    """What the detail, form and status pages of one kind of record need to know."""

    record_model: type[Nomination] | type[InboundApplication]
    prefix: str  # url names: <prefix>-list, -detail, -update, -transition
    list_title: Any
    direction: str

    def visible(self, request: HttpRequest, pk: int) -> Any:
        queryset: QuerySet[Any] = (
            nomination_list(scope=agreement_scope(request.user))
            if self.record_model is Nomination
            else inbound_application_list(scope=agreement_scope(request.user))
        )
        return get_object_or_404(queryset, pk=pk)


def _transfer_consent(nomination: Nomination) -> Any:
    """The date of the student's consent, or why there is none."""
    if nomination.transfer_agreed_on:
        return nomination.transfer_agreed_on
    if not nomination.partner_outside_hong_kong:
        return _("Not needed: the partner is in Hong Kong")
    if nomination.status == Nomination.Status.DRAFT:
        return _("Not recorded: needed before nominating")
    return _("Not recorded")


class RecordDetailView(RecordViews, StaffView):
    template_name = "exchange/record_detail.html"

    def fields(self, request: HttpRequest, record: Any) -> list[tuple[Any, Any]]:
        user = request.user
        if isinstance(record, Nomination):
            student = record.student
            people: list[tuple[Any, Any]] = [
                (_("Student"), personal_value(user, student.name_en)),
                (_("Student number"), personal_value(user, student.student_number)),
                (_("E-mail"), personal_value(user, student.email)),
                (_("Programme"), student.programme),
                (_("Host partner"), record.partner.name),
                (_("Consent to send details outside Hong Kong"), _transfer_consent(record)),
            ]
        else:
            people = [
                (_("Student"), personal_value(user, record.name)),
                (_("E-mail"), personal_value(user, record.email)),
                (pgettext_lazy("exchange student", "Home institution"), record.partner.name),
            ]
        return [
            *people,
            (_("Exchange agreement"), record.agreement.reference),
            (_("Academic year"), record.year),
            (_("Term"), record.get_term_display()),
            (_("Months"), record.months),
            (_("Status"), record.get_status_display()),
            (_("Notes"), record.notes),
        ]

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.visible(request, pk)
        return self.render_record(request, record)

    def render_record(
        self, request: HttpRequest, record: Any, *, status: int = 200, **extra: Any
    ) -> HttpResponse:
        tab = "history" if request.GET.get("tab") == "history" else "details"
        can_edit = request.user.has_perm(f"exchange.change_{self.record_model._meta.model_name}")
        context: dict[str, Any] = {
            "object": record,
            "tab": tab,
            "list_url": reverse(f"exchange:{self.prefix}-list"),
            "list_title": self.list_title,
            "agreement_url": reverse("exchange:agreement", args=[record.agreement_id]),
            "edit_url": reverse(f"exchange:{self.prefix}-update", args=[record.pk])
            if can_edit
            else "",
            "transition_url": reverse(f"exchange:{self.prefix}-transition", args=[record.pk]),
            "transition_form": TransitionForm(record=record) if can_edit else None,
            "fields": self.fields(request, record),
            **extra,
        }
        if tab == "history":
            context.update(history_context(record))
        return render(request, self.template_name, context, status=status)


class NominationDetailView(RecordDetailView):
    permission_required = "exchange.view_nomination"
    record_model = Nomination
    prefix = "nomination"
    list_title = gettext_lazy("Nominations (outbound)")
    direction = OUTBOUND


class InboundApplicationDetailView(RecordDetailView):
    permission_required = "exchange.view_inboundapplication"
    record_model = InboundApplication
    prefix = "inbound"
    list_title = gettext_lazy("Applications (inbound)")
    direction = INBOUND


class RecordTransitionView(RecordDetailView):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        record = self.visible(request, pk)
        detail = reverse(f"exchange:{self.prefix}-detail", args=[pk])
        form = TransitionForm(request.POST, record=record)
        if not form.is_valid():
            messages.error(request, _("Choose one of the statuses offered."))
            return HttpResponseRedirect(detail)
        try:
            moved = form.save(actor=request.user)
        except EditConflict as conflict:
            current = self.visible(request, pk)
            return self.render_record(request, current, status=409, conflict=conflict.changes)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(detail)
        messages.success(request, _("Status changed."))
        use = quota_use(
            agreement=moved.agreement,
            partner=moved.partner,
            academic_year=moved.academic_year,
            direction=self.direction,
        )
        if use.exceeded:
            messages.warning(
                request,
                _("%(used)s places are now taken of the %(quota)s agreed for %(year)s.")
                % {"used": use.used, "quota": use.quota, "year": moved.year},
            )
        return HttpResponseRedirect(detail)


class NominationTransitionView(RecordTransitionView, NominationDetailView):
    http_method_names = ["post"]
    permission_required = "exchange.change_nomination"


class InboundApplicationTransitionView(RecordTransitionView, InboundApplicationDetailView):
    http_method_names = ["post"]
    permission_required = "exchange.change_inboundapplication"


class RecordFormView(RecordViews, StaffFormView):
    template_name = "staff/form.html"

    def get_object(self) -> Model | None:
        if "pk" not in self.kwargs:
            return None
        if not hasattr(self, "_record"):
            self._record = self.visible(self.request, self.kwargs["pk"])
        record: Model = self._record
        return record

    def cancel_url(self, instance: Model | None) -> str:
        if instance is not None:
            return self.success_url(instance)
        return reverse(f"exchange:{self.prefix}-list")

    def success_url(self, saved: Model) -> str:
        return reverse(f"exchange:{self.prefix}-detail", args=[saved.pk])


class NominationCreateView(RecordFormView):
    permission_required = "exchange.add_nomination"
    record_model = Nomination
    prefix = "nomination"
    form_class = NominationForm
    title = gettext_lazy("New nomination")


class NominationUpdateView(NominationCreateView):
    permission_required = "exchange.change_nomination"
    title = gettext_lazy("Edit nomination")


class InboundApplicationCreateView(RecordFormView):
    permission_required = "exchange.add_inboundapplication"
    record_model = InboundApplication
    prefix = "inbound"
    form_class = InboundApplicationForm
    title = gettext_lazy("New inbound application")


class InboundApplicationUpdateView(InboundApplicationCreateView):
    permission_required = "exchange.change_inboundapplication"
    title = gettext_lazy("Edit inbound application")
