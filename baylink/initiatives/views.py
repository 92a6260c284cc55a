"""Staff pages for initiatives (the public pages are in the portal)."""

from functools import cached_property
from typing import Any

from django.db.models import Model, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from baylink.core.staff import (
    Column,
    Section,
    StaffDeleteView,
    StaffDetailView,
    StaffFormView,
    StaffListView,
)
from baylink.initiatives.filters import FacilityFilterSet, InitiativeFilterSet
from baylink.initiatives.forms import FacilityForm, InitiativeForm
from baylink.initiatives.models import Facility, Initiative, InitiativePartner
from baylink.initiatives.services import facility_delete, initiative_delete


class InitiativeListView(StaffListView):
    permission_required = "initiatives.view_initiative"
    filterset_class = InitiativeFilterSet
    title = _("Initiatives")
    detail_url = "initiatives:staff-detail"
    create_url = "initiatives:staff-create"
    create_permission = "initiatives.add_initiative"
    export_kind = "initiatives"
    columns = [
        Column(_("Name"), lambda i: i.name, "name"),
        Column(_("Kind"), lambda i: i.get_kind_display()),
        Column(_("Status"), lambda i: i.get_status_display()),
        Column(_("City"), lambda i: i.city.name if i.city else ""),
        Column(_("Established"), lambda i: i.starts_on, "starts_on"),
    ]

    def base_queryset(self) -> QuerySet[Initiative]:
        return Initiative.objects.select_related("city")


class FacilityListView(StaffListView):
    """Every lab's facilities in one list: who runs a cleanroom, which are open to companies."""

    permission_required = "initiatives.view_facility"
    filterset_class = FacilityFilterSet
    title = _("Facilities")
    export_kind = "facilities"
    columns = [
        Column(_("Name"), lambda f: f.name, "name"),
        Column(_("Initiative"), lambda f: f.initiative.name, "initiative"),
        Column(_("City"), lambda f: f.initiative.city.name if f.initiative.city else ""),
        Column(
            _("Open to companies and partners"),
            lambda f: gettext("Yes") if f.open_to_industry else gettext("No"),
        ),
    ]

    def base_queryset(self) -> QuerySet[Facility]:
        return Facility.objects.select_related("initiative__city")

    def row_url(self, item: Facility) -> str:
        # A facility is shown and edited on its initiative's page.
        return reverse("initiatives:staff-detail", args=[item.initiative_id])


def _partner_line(partnership: InitiativePartner) -> str:
    """'Shenzhen University (Co-founder, 1 March 2019 – …)': its role, and since when."""
    values = {
        "organisation": partnership.organisation.name,
        "role": partnership.get_role_display(),
    }
    if partnership.joined_on is None and partnership.left_on is None:
        return gettext("%(organisation)s (%(role)s)") % values
    values["joined"] = date_format(partnership.joined_on) if partnership.joined_on else "…"
    values["left"] = date_format(partnership.left_on) if partnership.left_on else "…"
    return gettext("%(organisation)s (%(role)s, %(joined)s – %(left)s)") % values


class InitiativeDetailView(StaffDetailView):
    permission_required = "initiatives.view_initiative"
    list_url = "initiatives:staff-list"
    list_title = _("Initiatives")
    update_url = "initiatives:staff-update"
    update_permission = "initiatives.change_initiative"
    delete_url = "initiatives:staff-delete"
    delete_permission = "initiatives.delete_initiative"

    def get_object(self) -> Initiative:
        return get_object_or_404(
            Initiative.objects.select_related("city", "lead_unit", "parent").prefetch_related(
                "themes", "partnerships__organisation", "facilities"
            ),
            pk=self.kwargs["pk"],
        )

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        return [
            (_("Kind"), instance.get_kind_display()),
            (_("Status"), instance.get_status_display()),
            (_("Name (English)"), instance.name_en),
            (_("Name (Traditional Chinese)"), instance.name_zh_hant),
            (_("Name (Simplified Chinese)"), instance.name_zh_hans),
            (_("Short name"), instance.acronym),
            (_("City"), instance.city.name if instance.city else ""),
            (_("Lead unit"), instance.lead_unit.name if instance.lead_unit else ""),
            (_("Part of"), instance.parent.name if instance.parent else ""),
            (_("Established on"), instance.starts_on),
            (_("Themes"), ", ".join(t.name for t in instance.themes.all())),
            (_("Description"), instance.description),
        ]

    def sections(self, instance: Any) -> list[Section]:
        return [
            Section(
                _("Partners"),
                [
                    {
                        "text": _partner_line(p),
                        "url": reverse("directory:organisation-detail", args=[p.organisation_id]),
                    }
                    for p in instance.partnerships.all()
                ],
            ),
            Section(_("Facilities"), self.facility_rows(instance)),
            Section(
                _("Public page"),
                [
                    {
                        "text": instance.name,
                        "url": reverse("portal:initiative-detail", args=[instance.slug]),
                    }
                ],
            ),
        ]

    def facility_rows(self, instance: Initiative) -> list[dict[str, str]]:
        """Each facility (to its edit page, for those who may change it), then 'Add', then the
        list of them that exports and imports (a lab with many keeps them in a spreadsheet)."""
        user = self.request.user
        editable = user.has_perm("initiatives.change_facility")
        rows = [
            {
                "text": _facility_line(facility),
                "url": reverse("initiatives:facility-update", args=[facility.pk])
                if editable
                else "",
            }
            for facility in instance.facilities.all()
        ]
        if user.has_perm("initiatives.add_facility"):
            rows.append(
                {
                    "text": gettext("Add a facility"),
                    "url": reverse("initiatives:facility-create", args=[instance.pk]),
                }
            )
        if rows and user.has_perm("initiatives.view_facility"):
            listed = reverse("initiatives:facility-list")
            rows.append(
                {
                    "text": gettext("List, export or import these facilities"),
                    "url": f"{listed}?{urlencode({'initiative': instance.slug})}",
                }
            )
        return rows


def _facility_line(facility: Facility) -> str:
    if facility.open_to_industry:
        return gettext("%(facility)s (open to companies and partners)") % {
            "facility": facility.name
        }
    return facility.name


class InitiativeCreateView(StaffFormView):
    permission_required = "initiatives.add_initiative"
    form_class = InitiativeForm
    model = Initiative
    detail_url = "initiatives:staff-detail"
    list_url = "initiatives:staff-list"
    template_name = "staff/form_partners.html"
    title = _("New initiative")


class InitiativeUpdateView(InitiativeCreateView):
    permission_required = "initiatives.change_initiative"
    title = _("Edit initiative")


class InitiativeDeleteView(StaffDeleteView):
    permission_required = "initiatives.delete_initiative"
    model = Initiative
    detail_url = "initiatives:staff-detail"
    list_url = "initiatives:staff-list"
    delete_service = staticmethod(initiative_delete)
    instance_name = "initiative"


class FacilityViews:
    """A facility's pages lead back to its initiative's."""

    list_url = "initiatives:staff-list"

    def success_url(self, saved: Model) -> str:
        assert isinstance(saved, Facility)
        return reverse("initiatives:staff-detail", args=[saved.initiative_id])


class FacilityCreateView(FacilityViews, StaffFormView):
    model = Facility
    permission_required = "initiatives.add_facility"
    form_class = FacilityForm
    title = _("New facility")

    def get_object(self) -> Model | None:
        return None

    @cached_property
    def initiative(self) -> Initiative:
        return get_object_or_404(Initiative, pk=self.kwargs["initiative"])

    def form_kwargs(self) -> dict[str, Any]:
        return {"initiative": self.initiative}

    def cancel_url(self, instance: Model | None) -> str:
        return reverse("initiatives:staff-detail", args=[self.initiative.pk])


class FacilityUpdateView(FacilityViews, StaffFormView):
    model = Facility
    permission_required = "initiatives.change_facility"
    form_class = FacilityForm
    title = _("Edit facility")

    def cancel_url(self, instance: Model | None) -> str:
        assert isinstance(instance, Facility)
        return reverse("initiatives:staff-detail", args=[instance.initiative_id])

    def render_form(self, form: BaseForm, **extra: Any) -> HttpResponse:
        # The page's own way out: deleting the facility (confirmed on the next page).
        instance = self.get_object()
        assert instance is not None
        if self.request.user.has_perm("initiatives.delete_facility"):
            extra["delete_url"] = reverse("initiatives:facility-delete", args=[instance.pk])
        return super().render_form(form, **extra)


class FacilityDeleteView(FacilityViews, StaffDeleteView):
    model = Facility
    permission_required = "initiatives.delete_facility"
    delete_service = staticmethod(facility_delete)
    instance_name = "facility"
    initiative_id: int = 0

    def cancel_url(self, instance: Model) -> str:
        return reverse("initiatives:facility-update", args=[instance.pk])

    def done_url(self) -> str:
        return reverse("initiatives:staff-detail", args=[self.initiative_id])

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        facility = self.get_object()
        assert isinstance(facility, Facility)
        self.initiative_id = facility.initiative_id
        return super().post(request, *args, **kwargs)
