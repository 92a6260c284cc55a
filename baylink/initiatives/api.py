"""/api/initiatives: institutes, joint labs, campuses, alliances; list, read, write (staff)."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId
from baylink.directory.lookup import sent_city, sent_organisation
from baylink.directory.models import Unit
from baylink.initiatives.filters import InitiativeFilterSet
from baylink.initiatives.models import Initiative
from baylink.initiatives.schemas import (
    InitiativeIn,
    InitiativeOut,
    InitiativePage,
    InitiativePartnerIn,
    InitiativePatch,
    InitiativeQuery,
)
from baylink.initiatives.selectors import initiative_list, themes_by_slug
from baylink.initiatives.services import (
    InitiativePartnerSpec,
    initiative_create_from_form,
    initiative_delete,
    initiative_update,
)

API_PREFIX = "/initiatives"
router = Router(tags=["initiatives"], auth=STAFF_AUTH)

TEXT_FIELDS = (
    "acronym",
    "name_en",
    "name_zh_hant",
    "name_zh_hans",
    "description_en",
    "description_zh_hant",
    "description_zh_hans",
    "website",
)


def _values(sent: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: "" if value is None and name in TEXT_FIELDS else value for name, value in sent.items()
    }
    if "city" in values:
        values["city"] = sent_city(values["city"])
    for name, model in (("lead_unit", Unit), ("parent", Initiative)):
        if values.get(name) is not None:
            found = model.objects.filter(pk=values[name]).first()
            if found is None:
                raise ValidationError(
                    {name: _("There is no record %(number)s.") % {"number": values[name]}}
                )
            values[name] = found
    return values


def _partner_specs(partners: Sequence[InitiativePartnerIn]) -> list[InitiativePartnerSpec]:
    """The partners sent; the service checks roles, repeats and dates."""
    return [
        InitiativePartnerSpec(
            organisation=sent_organisation(partner.organisation, "partners"),
            role=partner.role,
            joined_on=partner.joined_on,
            left_on=partner.left_on,
        )
        for partner in partners
    ]


@router.get("", response={200: InitiativePage, **READ_ERRORS}, summary="List initiatives")
def list_initiatives(request: HttpRequest, query: Query[InitiativeQuery]) -> dict[str, Any]:
    require(request, "initiatives.view_initiative")
    return paginated(filtered(InitiativeFilterSet, query, initiative_list()), query)


@router.get(
    "/{initiative_id}",
    response={200: InitiativeOut, **READ_ERRORS},
    summary="Read an initiative",
)
def get_initiative(request: HttpRequest, initiative_id: RecordId) -> Initiative:
    require(request, "initiatives.view_initiative")
    return get_object_or_404(initiative_list(), pk=initiative_id)


@router.post("", response={201: InitiativeOut, **WRITE_ERRORS}, summary="Create an initiative")
def create_initiative(request: HttpRequest, payload: InitiativeIn) -> Status[Initiative]:
    require(request, "initiatives.add_initiative")
    partners = _partner_specs(payload.partners)
    values = _values(payload.model_dump(exclude_none=True, exclude={"partners"}))
    themes = themes_by_slug(values.pop("themes", []))
    created = initiative_create_from_form(
        actor=request.user, values=values, many={"themes": themes}, partners=partners
    )
    return Status(201, initiative_list().get(pk=created.pk))


@router.patch(
    "/{initiative_id}",
    response={200: InitiativeOut, **WRITE_ERRORS},
    summary="Change an initiative",
)
def update_initiative(
    request: HttpRequest, initiative_id: RecordId, payload: InitiativePatch
) -> Initiative:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "initiatives.change_initiative")
    initiative = get_object_or_404(Initiative, pk=initiative_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"partners"})
    token = sent.pop("edit_token")
    many = {"themes": themes_by_slug(sent.pop("themes") or [])} if "themes" in sent else None
    partners = None if payload.partners is None else _partner_specs(payload.partners)
    initiative_update(
        actor=request.user,
        instance=initiative,
        edit_token=token,
        values=_values(sent),
        many=many,
        partners=partners,
    )
    return initiative_list().get(pk=initiative_id)


@router.delete(
    "/{initiative_id}", response={204: None, **WRITE_ERRORS}, summary="Delete an initiative"
)
def delete_initiative(request: HttpRequest, initiative_id: RecordId) -> Status[None]:
    require(request, "initiatives.delete_initiative")
    initiative_delete(
        actor=request.user, initiative=get_object_or_404(Initiative, pk=initiative_id)
    )
    return Status(204, None)
