"""Staff pages for initiatives (the public pages are in the portal)."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
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
from baylink.initiatives.filters import InitiativeFilterSet
from baylink.initiatives.forms import InitiativeForm
from baylink.initiatives.models import Initiative, InitiativePartner
from baylink.initiatives.services import initiative_delete


class InitiativeListView(StaffListView):
    permission_required = "initiatives.view_initiative"
    filterset_class = InitiativeFilterSet
    title = _("Initiatives")
    detail_url = "initiatives:staff-detail"
    create_url = "initiatives:staff-create"
    create_permission = "initiatives.add_initiative"
    columns = [
        Column(_("Name"), lambda i: i.name, "name"),
        Column(_("Kind"), lambda i: i.get_kind_display()),
        Column(_("Status"), lambda i: i.get_status_display()),
        Column(_("City"), lambda i: i.city.name if i.city else ""),
        Column(_("Established"), lambda i: i.starts_on, "starts_on"),
    ]

    def base_queryset(self) -> QuerySet[Initiative]:
        return Initiative.objects.select_related("city")


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
                "themes", "partnerships__organisation"
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
