"""/api/initiatives (institutes, joint labs, campuses, alliances) and /api/facilities (what the
labs run and share): list, read, write (staff)."""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId, cleared_texts
from baylink.core.trilingual import trilingual_columns
from baylink.directory.lookup import sent_city, sent_organisation
from baylink.directory.models import Unit
from baylink.initiatives.filters import FacilityFilterSet, InitiativeFilterSet
from baylink.initiatives.models import Facility, Initiative
from baylink.initiatives.schemas import (
    FacilityIn,
    FacilityOut,
    FacilityPage,
    FacilityPatch,
    FacilityQuery,
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
    facility_create,
    facility_delete,
    facility_update,
    initiative_create_from_form,
    initiative_delete,
    initiative_update,
)

API_PREFIX = "/"
router = Router(tags=["initiatives"], auth=STAFF_AUTH)

TEXT_FIELDS = ("acronym", *trilingual_columns("name", "description"), "website")
FACILITY_TEXT_FIELDS = (*trilingual_columns("name", "description"), "booking_url")


def _values(sent: dict[str, Any]) -> dict[str, Any]:
    values = cleared_texts(sent, TEXT_FIELDS)
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


@router.get(
    "/initiatives", response={200: InitiativePage, **READ_ERRORS}, summary="List initiatives"
)
def list_initiatives(request: HttpRequest, query: Query[InitiativeQuery]) -> dict[str, Any]:
    require(request, "initiatives.view_initiative")
    return paginated(filtered(InitiativeFilterSet, query, initiative_list()), query)


@router.get(
    "/initiatives/{initiative_id}",
    response={200: InitiativeOut, **READ_ERRORS},
    summary="Read an initiative",
)
def get_initiative(request: HttpRequest, initiative_id: RecordId) -> Initiative:
    require(request, "initiatives.view_initiative")
    return get_object_or_404(initiative_list(), pk=initiative_id)


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **WRITE_ERRORS},
    summary="Create an initiative",
)
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
    "/initiatives/{initiative_id}",
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
    "/initiatives/{initiative_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete an initiative",
)
def delete_initiative(request: HttpRequest, initiative_id: RecordId) -> Status[None]:
    require(request, "initiatives.delete_initiative")
    initiative_delete(
        actor=request.user, initiative=get_object_or_404(Initiative, pk=initiative_id)
    )
    return Status(204, None)


# Facilities


def _facilities() -> QuerySet[Facility]:
    return Facility.objects.select_related("initiative")


def _facility_values(sent: dict[str, Any]) -> dict[str, Any]:
    """A text sent as null clears it; other nulls (open_to_industry) are left out."""
    values = cleared_texts(sent, FACILITY_TEXT_FIELDS)
    return {name: value for name, value in values.items() if value is not None}


def sent_initiative(value: int | str, *, field: str = "initiative") -> Initiative:
    """The initiative a request names by id or by slug, else an error on that field."""
    if isinstance(value, int):
        found = Initiative.objects.filter(pk=value).first()
        message = _("There is no record %(number)s.") % {"number": value}
    else:
        found = Initiative.objects.filter(slug__iexact=value.strip()).first()
        message = _("There is no initiative with the slug “%(slug)s”.") % {"slug": value}
    if found is None:
        raise ValidationError({field: message})
    return found


@router.get("/facilities", response={200: FacilityPage, **READ_ERRORS}, summary="List facilities")
def list_facilities(request: HttpRequest, query: Query[FacilityQuery]) -> dict[str, Any]:
    require(request, "initiatives.view_facility")
    return paginated(filtered(FacilityFilterSet, query, _facilities()), query)


@router.get(
    "/facilities/{facility_id}",
    response={200: FacilityOut, **READ_ERRORS},
    summary="Read a facility",
)
def get_facility(request: HttpRequest, facility_id: RecordId) -> Facility:
    require(request, "initiatives.view_facility")
    return get_object_or_404(_facilities(), pk=facility_id)


@router.post("/facilities", response={201: FacilityOut, **WRITE_ERRORS}, summary="Add a facility")
def create_facility(request: HttpRequest, payload: FacilityIn) -> Status[Facility]:
    """Listed after the initiative's other facilities; the lab is found by it in the finder."""
    require(request, "initiatives.add_facility")
    initiative = sent_initiative(payload.initiative)
    values = _facility_values(payload.model_dump(exclude_unset=True, exclude={"initiative"}))
    created = facility_create(actor=request.user, initiative=initiative, values=values)
    return Status(201, _facilities().get(pk=created.pk))


@router.patch(
    "/facilities/{facility_id}",
    response={200: FacilityOut, **WRITE_ERRORS},
    summary="Change a facility",
)
def update_facility(
    request: HttpRequest, facility_id: RecordId, payload: FacilityPatch
) -> Facility:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "initiatives.change_facility")
    facility = get_object_or_404(Facility, pk=facility_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    facility_update(
        actor=request.user, instance=facility, edit_token=token, values=_facility_values(sent)
    )
    return _facilities().get(pk=facility_id)


@router.delete(
    "/facilities/{facility_id}", response={204: None, **WRITE_ERRORS}, summary="Remove a facility"
)
def delete_facility(request: HttpRequest, facility_id: RecordId) -> Status[None]:
    require(request, "initiatives.delete_facility")
    facility_delete(actor=request.user, facility=get_object_or_404(Facility, pk=facility_id))
    return Status(204, None)
