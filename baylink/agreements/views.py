"""Staff pages for agreements: list, detail with tabs, create, edit, lifecycle, exchange terms."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.accounts.permissions import agreement_scope
from baylink.agreements.filters import AgreementFilterSet
from baylink.agreements.forms import AgreementForm, MobilitySpecForm, TransitionForm
from baylink.agreements.models import Agreement, MobilitySpec
from baylink.agreements.selectors import agreement_detail, agreement_documents, agreement_list
from baylink.agreements.services import agreement_delete, mobility_spec_delete
from baylink.core.editing import EditConflict
from baylink.core.staff import (
    Column,
    StaffDeleteView,
    StaffFormView,
    StaffListView,
    StaffView,
    history_context,
)


def _parties(agreement: Agreement) -> str:
    return "; ".join(party.organisation.name for party in agreement.parties.all())


class AgreementListView(StaffListView):
    permission_required = "agreements.view_agreement"
    filterset_class = AgreementFilterSet
    title = gettext_lazy("Agreements")
    detail_url = "agreements:detail"
    create_url = "agreements:create"
    create_permission = "agreements.add_agreement"
    export_kind = "agreements"
    columns = [
        Column(gettext_lazy("Reference"), lambda a: a.reference, "reference"),
        Column(gettext_lazy("Title"), lambda a: a.title, "title"),
        Column(gettext_lazy("Parties"), _parties),
        Column(gettext_lazy("Type"), lambda a: a.get_kind_display()),
        Column(gettext_lazy("Status"), lambda a: a.get_status_display(), "status"),
        Column(gettext_lazy("Signed"), lambda a: a.signed_on, "signed_on"),
        Column(gettext_lazy("Ends"), lambda a: a.ends_on, "ends_on"),
    ]

    def base_queryset(self) -> QuerySet[Agreement]:
        return agreement_list(scope=agreement_scope(self.request.user))


def _visible(request: HttpRequest, pk: int) -> Agreement:
    try:
        return agreement_detail(scope=agreement_scope(request.user), pk=pk)
    except Agreement.DoesNotExist as missing:
        raise Http404(
            _("There is no agreement %(number)s you can see.") % {"number": pk}
        ) from missing


def _may_edit_visible(request: HttpRequest) -> bool:
    """For an agreement `_visible` returned: the user's scope is checked, the permission is not.

    (agreement_editable_by would query the scope a second time.)
    """
    return request.user.has_perm("agreements.change_agreement")


def _editable(request: HttpRequest, pk: int) -> Agreement:
    agreement = _visible(request, pk)
    if not _may_edit_visible(request):
        raise PermissionDenied
    return agreement


class AgreementDetailView(StaffView):
    permission_required = "agreements.view_agreement"
    tabs = ("details", "exchange", "documents", "history")

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _visible(request, pk)
        tab = request.GET.get("tab", "details")
        if tab not in self.tabs:
            tab = "details"
        context: dict[str, Any] = {
            "agreement": agreement,
            "tab": tab,
            "can_edit": _may_edit_visible(request),
            "can_delete": request.user.has_perm("agreements.delete_agreement"),
            "transition_form": TransitionForm(agreement=agreement),
        }
        if tab == "history":
            context.update(history_context(agreement))
        if tab == "documents":
            context.update(_documents_context(request, agreement))
        return render(request, "agreements/detail.html", context)


def _documents_context(request: HttpRequest, agreement: Agreement) -> dict[str, Any]:
    return {
        "documents": agreement_documents(agreement),
        "can_upload": request.user.has_perm("agreements.add_document")
        and _may_edit_visible(request),
    }


class AgreementCreateView(StaffFormView):
    permission_required = "agreements.add_agreement"
    form_class = AgreementForm
    detail_url = "agreements:detail"
    list_url = "agreements:list"
    template_name = "agreements/form.html"
    title = gettext_lazy("New agreement")

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user}


class AgreementUpdateView(AgreementCreateView):
    permission_required = "agreements.change_agreement"
    title = gettext_lazy("Edit agreement")

    def get_object(self) -> Agreement:
        if not hasattr(self, "_agreement"):
            self._agreement = _editable(self.request, self.kwargs["pk"])
        return self._agreement

    def form_kwargs(self) -> dict[str, Any]:
        return {"user": self.request.user, "instance": self.get_object()}


class AgreementTransitionView(StaffView):
    permission_required = "agreements.change_agreement"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = _editable(request, pk)
        form = TransitionForm(request.POST, agreement=agreement)
        detail = reverse("agreements:detail", args=[pk])
        if not form.is_valid():
            messages.error(request, _("Choose one of the statuses offered."))
            return HttpResponseRedirect(detail)
        try:
            form.save(actor=request.user)
        except EditConflict as conflict:
            current = _visible(request, pk)
            context = {
                "agreement": current,
                "tab": "details",
                "conflict": conflict.changes,
                "can_edit": True,
                "transition_form": TransitionForm(agreement=current),
            }
            return render(request, "agreements/detail.html", context, status=409)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(detail)
        messages.success(request, _("Status changed."))
        return HttpResponseRedirect(detail)


class AgreementDeleteView(StaffDeleteView):
    permission_required = "agreements.delete_agreement"
    detail_url = "agreements:detail"
    list_url = "agreements:list"
    delete_service = staticmethod(agreement_delete)
    instance_name = "agreement"

    def get_object(self) -> Agreement:
        return _editable(self.request, self.kwargs["pk"])


def _exchange_tab(agreement_pk: int) -> str:
    """The agreement's exchange-terms tab, where its terms' forms lead back to."""
    return reverse("agreements:detail", args=[agreement_pk]) + "?tab=exchange"


class MobilitySpecFormView(StaffFormView):
    permission_required = "agreements.change_agreement"
    form_class = MobilitySpecForm
    title = gettext_lazy("Exchange terms")

    def agreement(self) -> Agreement:
        return _editable(self.request, self.kwargs["pk"])

    def get_object(self) -> MobilitySpec | None:
        spec_pk = self.kwargs.get("spec_pk")
        if spec_pk is None:
            return None
        return get_object_or_404(MobilitySpec, pk=spec_pk, agreement_id=self.kwargs["pk"])

    def form_kwargs(self) -> dict[str, Any]:
        return {"agreement": self.agreement(), "instance": self.get_object()}

    def cancel_url(self, instance: Model | None) -> str:
        return _exchange_tab(self.kwargs["pk"])

    def success_url(self, saved: Model) -> str:
        return _exchange_tab(self.kwargs["pk"])


class MobilitySpecDeleteView(StaffDeleteView):
    permission_required = "agreements.change_agreement"
    delete_service = staticmethod(mobility_spec_delete)
    instance_name = "spec"

    def get_object(self) -> MobilitySpec:
        _editable(self.request, self.kwargs["pk"])
        return get_object_or_404(
            MobilitySpec, pk=self.kwargs["spec_pk"], agreement_id=self.kwargs["pk"]
        )

    def cancel_url(self, instance: Model) -> str:
        return _exchange_tab(self.kwargs["pk"])

    def done_url(self) -> str:
        return _exchange_tab(self.kwargs["pk"])
