"""Staff pages for organisations and people, and organisation suggestions for forms."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from baylink.accounts.permissions import agreement_scope
from baylink.agreements.models import Agreement
from baylink.core.countries import country_name
from baylink.core.search import search_filter
from baylink.core.staff import (
    Column,
    Section,
    StaffDeleteView,
    StaffDetailView,
    StaffFormView,
    StaffListView,
    StaffView,
    newest_rows,
)
from baylink.core.trilingual import trilingual_values
from baylink.directory.filters import PersonFilterSet, StaffOrganisationFilterSet
from baylink.directory.forms import OrganisationForm, PersonForm
from baylink.directory.lookup import organisation_label, person_label
from baylink.directory.models import Organisation, Person
from baylink.directory.selectors import others_named
from baylink.directory.services import organisation_delete, person_delete
from baylink.research.models import KnowledgeTransferOutput, Project

SUGGESTIONS = 10


class OrganisationListView(StaffListView):
    permission_required = "directory.view_organisation"
    filterset_class = StaffOrganisationFilterSet
    title = _("Organisations")
    detail_url = "directory:organisation-detail"
    create_url = "directory:organisation-create"
    create_permission = "directory.add_organisation"
    export_kind = "organisations"
    columns = [
        Column(_("Name"), lambda o: o.name, "name"),
        Column(_("ROR id"), lambda o: o.ror_id or ""),
        Column(_("City"), lambda o: o.city.name if o.city else "", "city"),
        Column(_("Country or region"), lambda o: country_name(o.country_code), "country"),
        Column(_("Partner"), lambda o: _("Yes") if o.is_partner else ""),
        Column(_("ROR status"), lambda o: o.get_status_display()),
    ]

    def base_queryset(self) -> QuerySet[Organisation]:
        return Organisation.objects.select_related("city")


class OrganisationDetailView(StaffDetailView):
    permission_required = "directory.view_organisation"
    list_url = "directory:organisation-list"
    list_title = _("Organisations")
    update_url = "directory:organisation-update"
    update_permission = "directory.change_organisation"
    delete_url = "directory:organisation-delete"
    delete_permission = "directory.delete_organisation"

    def get_object(self) -> Organisation:
        return get_object_or_404(
            Organisation.objects.select_related("city").prefetch_related("types", "names"),
            pk=self.kwargs["pk"],
        )

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        return [
            (_("Name (English)"), instance.name_en),
            (_("Name (Traditional Chinese)"), instance.name_zh_hant),
            (_("Name (Simplified Chinese)"), instance.name_zh_hans),
            (_("ROR id"), instance.ror_id),
            (_("ROR status"), instance.get_status_display()),
            (_("Types"), ", ".join(str(t) for t in instance.types.all())),
            (_("City"), instance.city.name if instance.city else ""),
            (_("Country or region"), country_name(instance.country_code)),
            (_("Website"), instance.website),
        ]

    def sections(self, instance: Any) -> list[Section]:
        agreements = Agreement.objects.filter(
            agreement_scope(self.request.user), parties__organisation=instance
        ).distinct()[:50]
        names = [
            {
                "text": f"{n.value} ({n.language or '—'}, {n.get_kind_display()}, "
                f"{n.get_source_display()})"
            }
            for n in instance.names.all()
        ]
        if self.request.user.has_perm("directory.change_organisation"):
            # Adding and removing aliases lives with name resolution, which reads them.
            url = reverse("resolution:aliases", args=[instance.pk])
            names.append({"text": str(_("Add or remove aliases…")), "url": url})
        sections = [
            Section(_("Other names"), names),
            Section(
                _("Agreements"),
                [
                    {"text": str(a), "url": reverse("agreements:detail", args=[a.pk])}
                    for a in agreements
                ],
            ),
        ]
        if self.request.user.has_perm("research.view_project"):
            sections.append(Section(_("Research projects"), _project_rows(instance)))
        if self.request.user.has_perm("research.view_knowledgetransferoutput"):
            sections.append(Section(_("KT outputs"), _kt_output_rows(instance)))
        return sections


def _project_rows(organisation: Organisation) -> list[dict[str, str]]:
    """The newest projects with this partner, and a link to the filtered list of all."""
    return newest_rows(
        Project.objects.filter(partners=organisation).order_by("-starts_on", "-pk"),
        text=lambda project: f"{project.reference} {project.title}",
        detail_url="research:project-detail",
        all_text=_("All research projects with this partner…"),
        all_url=f"{reverse('research:project-list')}?partner={organisation.pk}",
    )


def _kt_output_rows(organisation: Organisation) -> list[dict[str, str]]:
    """The newest KT outputs with this counterparty, and a link to the filtered list of all."""
    return newest_rows(
        KnowledgeTransferOutput.objects.filter(counterparty=organisation).order_by(
            "-occurred_on", "-pk"
        ),
        text=KnowledgeTransferOutput.listing_label,
        detail_url="research:kt-output-detail",
        all_text=_("All KT outputs with this counterparty…"),
        all_url=f"{reverse('research:kt-output-list')}?counterparty={organisation.pk}",
    )


class OrganisationCreateView(StaffFormView):
    permission_required = "directory.add_organisation"
    form_class = OrganisationForm
    model = Organisation
    detail_url = "directory:organisation-detail"
    list_url = "directory:organisation-list"
    title = _("New organisation")

    def success_url(self, saved: Model) -> str:
        assert isinstance(saved, Organisation)
        names = {name for name in trilingual_values(saved, "name") if name}
        others = {other for name in names for other in others_named(name, saved.pk)}
        if others:
            # Saved (two organisations may share a name), but staff are told while they can
            # still merge the two.
            messages.warning(
                self.request,
                _(
                    "Another organisation has this name: %(others)s. If it is the same "
                    "organisation, merge the two from Possible duplicates."
                )
                % {"others": ", ".join(f"{o} (#{o.pk})" for o in sorted(others, key=str))},
            )
        return super().success_url(saved)


class OrganisationUpdateView(OrganisationCreateView):
    permission_required = "directory.change_organisation"
    title = _("Edit organisation")

    def success_url(self, saved: Model) -> str:
        return StaffFormView.success_url(self, saved)  # warned when it was created


class OrganisationDeleteView(StaffDeleteView):
    permission_required = "directory.delete_organisation"
    model = Organisation
    detail_url = "directory:organisation-detail"
    list_url = "directory:organisation-list"
    delete_service = staticmethod(organisation_delete)
    instance_name = "organisation"


class _SuggestView(StaffView):
    """Options for a typed-record input's datalist (htmx), best matches first."""

    records: Callable[[], QuerySet[Any]]
    label: Callable[[Any], str]

    def get(self, request: HttpRequest) -> HttpResponse:
        # htmx sends the input's own name (parties-0-organisation, owner, ...); a link sends q.
        text = str(request.GET.get("q") or next(iter(request.GET.values()), ""))[:200].strip()
        found = self.records().filter(search_filter(text))[:SUGGESTIONS] if len(text) >= 2 else []
        labels = [type(self).label(record) for record in found]
        return render(request, "directory/suggestions.html", {"labels": labels})


class OrganisationSuggestView(_SuggestView):
    permission_required = "directory.view_organisation"
    records = staticmethod(Organisation.objects.all)
    label = staticmethod(organisation_label)


class PersonSuggestView(_SuggestView):
    permission_required = "directory.view_person"
    records = staticmethod(
        lambda: Person.objects.select_related("unit", "organisation").order_by("name_en", "pk")
    )
    label = staticmethod(person_label)


class PersonListView(StaffListView):
    permission_required = "directory.view_person"
    filterset_class = PersonFilterSet
    title = _("People")
    detail_url = "directory:person-detail"
    create_url = "directory:person-create"
    create_permission = "directory.add_person"
    export_kind = "people"
    columns = [
        Column(pgettext_lazy("person", "Name"), lambda p: p.name, "name"),
        Column(_("E-mail"), lambda p: p.email),
        Column(_("Organisation"), lambda p: p.organisation.name if p.organisation else ""),
        Column(_("Unit"), lambda p: p.unit.name if p.unit else ""),
    ]

    def base_queryset(self) -> QuerySet[Person]:
        return Person.objects.select_related("organisation", "unit")


class PersonDetailView(StaffDetailView):
    permission_required = "directory.view_person"
    list_url = "directory:person-list"
    list_title = _("People")
    update_url = "directory:person-update"
    update_permission = "directory.change_person"
    delete_url = "directory:person-delete"
    delete_permission = "directory.delete_person"

    def get_object(self) -> Person:
        return get_object_or_404(
            Person.objects.select_related("organisation", "unit"), pk=self.kwargs["pk"]
        )

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        return [
            (_("Title"), instance.honorific),
            (pgettext_lazy("person", "Name (English)"), instance.name_en),
            (_("Name (Traditional Chinese)"), instance.name_zh_hant),
            (_("Name (Simplified Chinese)"), instance.name_zh_hans),
            (_("E-mail"), instance.email),
            (_("ORCID iD"), instance.orcid),
            (_("Organisation"), instance.organisation.name if instance.organisation else ""),
            (_("Unit"), instance.unit.name if instance.unit else ""),
        ]


class PersonCreateView(StaffFormView):
    permission_required = "directory.add_person"
    form_class = PersonForm
    model = Person
    detail_url = "directory:person-detail"
    list_url = "directory:person-list"
    title = _("New person")


class PersonUpdateView(PersonCreateView):
    permission_required = "directory.change_person"
    title = _("Edit person")


class PersonDeleteView(StaffDeleteView):
    permission_required = "directory.delete_person"
    model = Person
    detail_url = "directory:person-detail"
    list_url = "directory:person-list"
    delete_service = staticmethod(person_delete)
    instance_name = "person"
