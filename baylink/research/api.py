"""/api/projects and /api/kt-outputs: research projects and KT outputs; list, read, write."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId, cleared_texts
from baylink.core.trilingual import trilingual_columns
from baylink.directory.lookup import sent_organisation, sent_person, sent_unit
from baylink.directory.models import Organisation
from baylink.initiatives.models import Initiative
from baylink.initiatives.selectors import themes_by_slug
from baylink.research.filters import KnowledgeTransferOutputFilterSet, ProjectFilterSet
from baylink.research.models import FundingScheme, KnowledgeTransferOutput, Project
from baylink.research.schemas import (
    KTOutputIn,
    KTOutputOut,
    KTOutputPage,
    KTOutputPatch,
    KTOutputQuery,
    ProjectIn,
    ProjectOut,
    ProjectPage,
    ProjectPartnerIn,
    ProjectPatch,
    ProjectQuery,
)
from baylink.research.selectors import kt_output_list, project_list
from baylink.research.services import (
    PartnerSpec,
    kt_output_create,
    kt_output_delete,
    kt_output_update,
    project_create,
    project_delete,
    project_update,
)

# Mounted at the root, as the directory's router is: the app answers under two paths.
API_PREFIX = "/"
router = Router(tags=["projects"], auth=STAFF_AUTH)

TEXT_FIELDS = trilingual_columns("title")


def _scheme(slug: str) -> FundingScheme:
    found = FundingScheme.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError(
            {"scheme": _("There is no funding scheme with the slug “%(slug)s”.") % {"slug": slug}}
        )
    return found


def _initiative(slug: str) -> Initiative:
    found = Initiative.objects.filter(slug=slug).first()
    if found is None:
        raise ValidationError(
            {"initiative": _("There is no initiative with the slug “%(slug)s”.") % {"slug": slug}}
        )
    return found


def _partner_specs(partners: Sequence[ProjectPartnerIn]) -> list[PartnerSpec]:
    """The partners sent, by organisation id; the service checks roles and repeats."""
    found = Organisation.objects.in_bulk([partner.organisation for partner in partners])
    missing = sorted({partner.organisation for partner in partners} - set(found))
    if missing:
        raise ValidationError(
            {
                "partners": _("There is no organisation %(number)s.")
                % {"number": ", ".join(str(number) for number in missing)}
            }
        )
    return [PartnerSpec(found[partner.organisation], partner.role) for partner in partners]


def _values(sent: dict[str, Any]) -> dict[str, Any]:
    values = cleared_texts(sent, TEXT_FIELDS)
    if values.get("principal_investigator") is not None:
        values["principal_investigator"] = sent_person(
            values["principal_investigator"], "principal_investigator"
        )
    if values.get("unit") is not None:
        values["unit"] = sent_unit(values["unit"], "unit", home_only=True)
    for name, find in (("scheme", _scheme), ("initiative", _initiative)):
        if values.get(name):
            values[name] = find(values[name])
        elif name in values:
            values[name] = None
    return values


@router.get(
    "projects", response={200: ProjectPage, **READ_ERRORS}, summary="List research projects"
)
def list_projects(request: HttpRequest, query: Query[ProjectQuery]) -> dict[str, Any]:
    """The staff list's filters and sorts."""
    require(request, "research.view_project")
    return paginated(filtered(ProjectFilterSet, query, project_list()), query)


@router.get(
    "projects/{project_id}",
    response={200: ProjectOut, **READ_ERRORS},
    summary="Read a research project",
)
def get_project(request: HttpRequest, project_id: RecordId) -> Project:
    require(request, "research.view_project")
    return get_object_or_404(project_list(), pk=project_id)


@router.post(
    "projects", response={201: ProjectOut, **WRITE_ERRORS}, summary="Create a research project"
)
def create_project(request: HttpRequest, payload: ProjectIn) -> Status[Project]:
    """Without a unit, the project is the principal investigator's unit's."""
    require(request, "research.add_project")
    values = _values(payload.model_dump(exclude_none=True, exclude={"partners"}))
    themes = themes_by_slug(values.pop("themes", []))
    partners = _partner_specs(payload.partners)
    created = project_create(actor=request.user, themes=themes, partners=partners, **values)
    return Status(201, project_list().get(pk=created.pk))


@router.patch(
    "projects/{project_id}",
    response={200: ProjectOut, **WRITE_ERRORS},
    summary="Change a research project",
)
def update_project(request: HttpRequest, project_id: RecordId, payload: ProjectPatch) -> Project:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "research.change_project")
    project = get_object_or_404(Project, pk=project_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"partners"})
    token = sent.pop("edit_token")
    many = {"themes": themes_by_slug(sent.pop("themes") or [])} if "themes" in sent else None
    project_update(
        actor=request.user,
        instance=project,
        edit_token=token,
        values=_values(sent),
        many=many,
        partners=_partner_specs(payload.partners) if payload.partners is not None else None,
    )
    return project_list().get(pk=project_id)


@router.delete(
    "projects/{project_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a research project",
)
def delete_project(request: HttpRequest, project_id: RecordId) -> Status[None]:
    """Deletes its partner rows too; the audit log keeps the record."""
    require(request, "research.delete_project")
    project_delete(actor=request.user, project=get_object_or_404(Project, pk=project_id))
    return Status(204, None)


KT_TAGS = ["kt-outputs"]


def _project(reference: str) -> Project:
    found = Project.objects.filter(reference=reference).first()
    if found is None:
        raise ValidationError(
            {
                "project": _("There is no research project with the reference “%(reference)s”.")
                % {"reference": reference}
            }
        )
    return found


def _kt_values(sent: dict[str, Any]) -> dict[str, Any]:
    """The records the sent ids and reference name; an explicit null (or "") clears a link."""
    values = cleared_texts(sent, TEXT_FIELDS)
    if values.get("project"):
        values["project"] = _project(values["project"])
    elif "project" in values:
        values["project"] = None
    if values.get("unit") is not None:
        values["unit"] = sent_unit(values["unit"], "unit", home_only=True)
    if values.get("counterparty") is not None:
        values["counterparty"] = sent_organisation(values["counterparty"], "counterparty")
    return values


@router.get(
    "kt-outputs",
    response={200: KTOutputPage, **READ_ERRORS},
    summary="List KT outputs",
    tags=KT_TAGS,
)
def list_kt_outputs(request: HttpRequest, query: Query[KTOutputQuery]) -> dict[str, Any]:
    """The staff list's filters and sorts."""
    require(request, "research.view_knowledgetransferoutput")
    return paginated(filtered(KnowledgeTransferOutputFilterSet, query, kt_output_list()), query)


@router.get(
    "kt-outputs/{output_id}",
    response={200: KTOutputOut, **READ_ERRORS},
    summary="Read a KT output",
    tags=KT_TAGS,
)
def get_kt_output(request: HttpRequest, output_id: RecordId) -> KnowledgeTransferOutput:
    require(request, "research.view_knowledgetransferoutput")
    return get_object_or_404(kt_output_list(), pk=output_id)


@router.post(
    "kt-outputs",
    response={201: KTOutputOut, **WRITE_ERRORS},
    summary="Create a KT output",
    tags=KT_TAGS,
)
def create_kt_output(request: HttpRequest, payload: KTOutputIn) -> Status[KnowledgeTransferOutput]:
    """The project by its reference; without a unit, the output is the project's unit's."""
    require(request, "research.add_knowledgetransferoutput")
    values = _kt_values(payload.model_dump(exclude_none=True))
    created = kt_output_create(actor=request.user, **values)
    return Status(201, kt_output_list().get(pk=created.pk))


@router.patch(
    "kt-outputs/{output_id}",
    response={200: KTOutputOut, **WRITE_ERRORS},
    summary="Change a KT output",
    tags=KT_TAGS,
)
def update_kt_output(
    request: HttpRequest, output_id: RecordId, payload: KTOutputPatch
) -> KnowledgeTransferOutput:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "research.change_knowledgetransferoutput")
    output = get_object_or_404(KnowledgeTransferOutput, pk=output_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    kt_output_update(actor=request.user, instance=output, edit_token=token, values=_kt_values(sent))
    return kt_output_list().get(pk=output_id)


@router.delete(
    "kt-outputs/{output_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete a KT output",
    tags=KT_TAGS,
)
def delete_kt_output(request: HttpRequest, output_id: RecordId) -> Status[None]:
    """The audit log keeps the record."""
    require(request, "research.delete_knowledgetransferoutput")
    output = get_object_or_404(KnowledgeTransferOutput, pk=output_id)
    kt_output_delete(actor=request.user, output=output)
    return Status(204, None)
