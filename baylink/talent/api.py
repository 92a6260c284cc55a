"""/api/placements: WIE placements for the careers office's other systems; list, read, write."""

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
from baylink.directory.lookup import sent_city, sent_organisation
from baylink.talent.filters import PlacementFilterSet
from baylink.talent.models import Placement
from baylink.talent.schemas import (
    PlacementIn,
    PlacementOut,
    PlacementPage,
    PlacementPatch,
    PlacementQuery,
)
from baylink.talent.selectors import placement_list
from baylink.talent.services import placement_create, placement_delete, placement_update

API_PREFIX = "/placements"
router = Router(tags=["placements"], auth=STAFF_AUTH)

TEXT_FIELDS = trilingual_columns("title", "description")
LIST_FIELDS = ("eligible_programmes", "eligible_years", "required_languages")


def _values(sent: dict[str, Any]) -> dict[str, Any]:
    """The records the sent codes and names stand for; null clears a text, a list or the city."""
    values = cleared_texts(sent, TEXT_FIELDS)
    for name in LIST_FIELDS:
        if name in values and values[name] is None:
            values[name] = []
    if "host" in values:
        if values["host"] is None:  # a placement always has its host
            raise ValidationError({"host": _("This field is required.")})
        values["host"] = sent_organisation(values["host"], "host")
    if "city" in values:
        values["city"] = sent_city(values["city"])
    if "allowance_currency" in values:
        values["allowance_currency"] = (values["allowance_currency"] or "HKD").strip().upper()
    return values


@router.get("", response={200: PlacementPage, **READ_ERRORS}, summary="List WIE placements")
def list_placements(request: HttpRequest, query: Query[PlacementQuery]) -> dict[str, Any]:
    """The staff list's filters and sorts."""
    require(request, "talent.view_placement")
    return paginated(filtered(PlacementFilterSet, query, placement_list()), query)


@router.get(
    "/{placement_id}", response={200: PlacementOut, **READ_ERRORS}, summary="Read a placement"
)
def get_placement(request: HttpRequest, placement_id: RecordId) -> Placement:
    require(request, "talent.view_placement")
    return get_object_or_404(placement_list(), pk=placement_id)


@router.post("", response={201: PlacementOut, **WRITE_ERRORS}, summary="Create a placement")
def create_placement(request: HttpRequest, payload: PlacementIn) -> Status[Placement]:
    require(request, "talent.add_placement")
    created = placement_create(
        actor=request.user, values=_values(payload.model_dump(exclude_none=True))
    )
    return Status(201, placement_list().get(pk=created.pk))


@router.patch(
    "/{placement_id}", response={200: PlacementOut, **WRITE_ERRORS}, summary="Change a placement"
)
def update_placement(
    request: HttpRequest, placement_id: RecordId, payload: PlacementPatch
) -> Placement:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "talent.change_placement")
    placement = get_object_or_404(Placement, pk=placement_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    placement_update(actor=request.user, instance=placement, edit_token=token, values=_values(sent))
    return placement_list().get(pk=placement_id)


@router.delete(
    "/{placement_id}", response={204: None, **WRITE_ERRORS}, summary="Delete a placement"
)
def delete_placement(request: HttpRequest, placement_id: RecordId) -> Status[None]:
    """Refused (409) while allocation rounds or records still use it."""
    require(request, "talent.delete_placement")
    placement_delete(actor=request.user, placement=get_object_or_404(Placement, pk=placement_id))
    return Status(204, None)
