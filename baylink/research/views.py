"""Staff pages for research projects and their knowledge-transfer outputs (the figures they feed
are in reporting and the portal)."""

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import formats
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from baylink.core.money import HOME_CURRENCY
from baylink.core.staff import (
    Column,
    Section,
    StaffDeleteView,
    StaffDetailView,
    StaffFormView,
    StaffListView,
    newest_rows,
)
from baylink.research.filters import KnowledgeTransferOutputFilterSet, ProjectFilterSet
from baylink.research.forms import KnowledgeTransferOutputForm, ProjectForm
from baylink.research.models import KnowledgeTransferOutput, Project
from baylink.research.selectors import kt_output_list, project_list
from baylink.research.services import kt_output_delete, project_delete


def _money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    # A no-break space: the currency stays on the amount's line in a narrow column.
    return f"{currency}\u00a0{formats.number_format(amount, 0, force_grouping=True)}"


def _amount(project: Project) -> str:
    return _money(project.amount, project.currency)


def _income(output: KnowledgeTransferOutput) -> str:
    return _money(output.income, output.currency)


class ProjectListView(StaffListView):
    permission_required = "research.view_project"
    filterset_class = ProjectFilterSet
    title = _("Research projects")
    detail_url = "research:project-detail"
    create_url = "research:project-create"
    create_permission = "research.add_project"
    export_kind = "research-projects"
    columns = [
        Column(_("Reference"), lambda p: p.reference, "reference"),
        Column(_("Title"), lambda p: p.title, "title"),
        Column(
            _("Principal investigator"),
            lambda p: p.principal_investigator.name if p.principal_investigator else "",
        ),
        Column(_("Funding scheme"), lambda p: p.scheme.name if p.scheme else ""),
        Column(_("Starts on"), lambda p: p.starts_on, "starts_on"),
        Column(_("Ends on"), lambda p: p.ends_on),
        Column(_("Funding"), _amount),
    ]

    def base_queryset(self) -> QuerySet[Project]:
        return Project.objects.select_related("principal_investigator", "scheme")


class ProjectDetailView(StaffDetailView):
    permission_required = "research.view_project"
    list_url = "research:project-list"
    list_title = _("Research projects")
    update_url = "research:project-update"
    update_permission = "research.change_project"
    delete_url = "research:project-delete"
    delete_permission = "research.delete_project"

    def get_object(self) -> Project:
        return get_object_or_404(project_list(), pk=self.kwargs["pk"])

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        return [
            (_("Reference"), instance.reference),
            (_("Title (English)"), instance.title_en),
            (_("Title (Traditional Chinese)"), instance.title_zh_hant),
            (_("Title (Simplified Chinese)"), instance.title_zh_hans),
            (
                _("Principal investigator"),
                instance.principal_investigator.name if instance.principal_investigator else "",
            ),
            (_("Unit"), instance.unit.name if instance.unit else ""),
            (_("Funding scheme"), instance.scheme.name if instance.scheme else ""),
            (_("Initiative"), instance.initiative.name if instance.initiative else ""),
            (_("Themes"), ", ".join(theme.name for theme in instance.themes.all())),
            (_("Starts on"), instance.starts_on),
            (_("Ends on"), instance.ends_on),
            (_("Funding"), _amount(instance)),
        ]

    def sections(self, instance: Any) -> list[Section]:
        return [
            Section(
                _("Partners"),
                [
                    {
                        "text": f"{p.organisation.name} ({p.get_role_display()})",
                        "url": reverse("directory:organisation-detail", args=[p.organisation_id]),
                    }
                    for p in instance.partnerships.all()
                ],
            ),
            *self._kt_output_sections(instance),
        ]

    def _kt_output_sections(self, project: Project) -> list[Section]:
        if not self.request.user.has_perm("research.view_knowledgetransferoutput"):
            return []
        rows = newest_rows(
            project.kt_outputs.order_by("-occurred_on", "-pk"),
            text=KnowledgeTransferOutput.listing_label,
            detail_url="research:kt-output-detail",
            all_text=_("All KT outputs of this project…"),
            all_url=reverse("research:kt-output-list")
            + f"?{urlencode({'project': project.reference})}",
        )
        return [Section(_("KT outputs"), rows)]


class ProjectCreateView(StaffFormView):
    permission_required = "research.add_project"
    form_class = ProjectForm
    model = Project
    detail_url = "research:project-detail"
    list_url = "research:project-list"
    template_name = "staff/form_partners.html"
    title = _("New research project")


class ProjectUpdateView(ProjectCreateView):
    permission_required = "research.change_project"
    title = _("Edit research project")


class ProjectDeleteView(StaffDeleteView):
    permission_required = "research.delete_project"
    model = Project
    detail_url = "research:project-detail"
    list_url = "research:project-list"
    delete_service = staticmethod(project_delete)
    instance_name = "project"


class KnowledgeTransferOutputListView(StaffListView):
    permission_required = "research.view_knowledgetransferoutput"
    filterset_class = KnowledgeTransferOutputFilterSet
    title = _("KT outputs")
    detail_url = "research:kt-output-detail"
    create_url = "research:kt-output-create"
    create_permission = "research.add_knowledgetransferoutput"
    export_kind = "kt-outputs"
    columns = [
        Column(_("Reference"), lambda o: o.reference, "reference"),
        Column(_("Title"), lambda o: o.title),
        Column(_("Kind"), lambda o: o.get_kind_display()),
        Column(_("Date"), lambda o: o.occurred_on, "occurred_on"),
        Column(_("Counterparty"), lambda o: o.counterparty.name if o.counterparty else ""),
        Column(_("Income"), _income, "-income"),
    ]

    def base_queryset(self) -> QuerySet[KnowledgeTransferOutput]:
        return kt_output_list()


class KnowledgeTransferOutputDetailView(StaffDetailView):
    permission_required = "research.view_knowledgetransferoutput"
    list_url = "research:kt-output-list"
    list_title = _("KT outputs")
    update_url = "research:kt-output-update"
    update_permission = "research.change_knowledgetransferoutput"
    delete_url = "research:kt-output-delete"
    delete_permission = "research.delete_knowledgetransferoutput"

    def get_object(self) -> KnowledgeTransferOutput:
        return get_object_or_404(kt_output_list(), pk=self.kwargs["pk"])

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        return [
            (_("Reference"), instance.reference),
            (_("Kind"), instance.get_kind_display()),
            (_("Title (English)"), instance.title_en),
            (_("Title (Traditional Chinese)"), instance.title_zh_hant),
            (_("Title (Simplified Chinese)"), instance.title_zh_hans),
            (_("Date"), instance.occurred_on),
            (_("Unit"), instance.unit.name if instance.unit else ""),
            (_("Income"), _income(instance)),
            (_("Income in HKD"), _money(instance.income_hkd, HOME_CURRENCY)),
        ]

    def sections(self, instance: Any) -> list[Section]:
        """The project and the counterparty, as links where the user may open them."""
        user = self.request.user
        project: Project | None = instance.project
        counterparty = instance.counterparty
        project_rows = (
            [
                {
                    "text": f"{project.reference} {project.title}",
                    "url": reverse("research:project-detail", args=[project.pk])
                    if user.has_perm("research.view_project")
                    else "",
                }
            ]
            if project
            else []
        )
        counterparty_rows = (
            [
                {
                    "text": counterparty.name,
                    "url": reverse("directory:organisation-detail", args=[counterparty.pk])
                    if user.has_perm("directory.view_organisation")
                    else "",
                }
            ]
            if counterparty
            else []
        )
        sections = [
            Section(_("Research project"), project_rows),
            Section(_("Counterparty"), counterparty_rows),
        ]
        if user.has_perm("expertise.view_challenge"):
            # The industry challenges whose introductions led to it (recorded on the challenge).
            challenges = instance.challenges.order_by("-received_on", "-pk")
            sections.append(
                Section(
                    _("Industry challenges it came from"),
                    [
                        {
                            "text": challenge.title,
                            "url": reverse("expertise:challenge-detail", args=[challenge.pk]),
                        }
                        for challenge in challenges
                    ],
                )
            )
        return sections


class KnowledgeTransferOutputCreateView(StaffFormView):
    permission_required = "research.add_knowledgetransferoutput"
    form_class = KnowledgeTransferOutputForm
    model = KnowledgeTransferOutput
    detail_url = "research:kt-output-detail"
    list_url = "research:kt-output-list"
    title = _("New KT output")


class KnowledgeTransferOutputUpdateView(KnowledgeTransferOutputCreateView):
    permission_required = "research.change_knowledgetransferoutput"
    title = _("Edit KT output")


class KnowledgeTransferOutputDeleteView(StaffDeleteView):
    permission_required = "research.delete_knowledgetransferoutput"
    model = KnowledgeTransferOutput
    detail_url = "research:kt-output-detail"
    list_url = "research:kt-output-list"
    delete_service = staticmethod(kt_output_delete)
    instance_name = "output"
