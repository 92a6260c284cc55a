"""/api/organisations and /api/people: list, read, create, change, delete (staff only)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId
from baylink.core.countries import country_code_problem
from baylink.directory.filters import PersonFilterSet, StaffOrganisationFilterSet
from baylink.directory.lookup import sent_city, sent_organisation, sent_unit
from baylink.directory.models import Organisation, OrganisationType, Person
from baylink.directory.schemas import (
    OrganisationIn,
    OrganisationOut,
    OrganisationPage,
    OrganisationPatch,
    OrganisationQuery,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    PersonQuery,
)
from baylink.directory.selectors import organisation_list, person_list
from baylink.directory.services import (
    organisation_create,
    organisation_delete,
    organisation_update,
    person_create,
    person_delete,
    person_update,
)

API_PREFIX = "/"
router = Router(tags=["directory"], auth=STAFF_AUTH)

# Text fields that an explicit null empties (a missing field leaves the value as it is).
ORGANISATION_TEXT = ("name_en", "name_zh_hant", "name_zh_hans", "country_code", "website")
PERSON_TEXT = ("honorific", "name_en", "name_zh_hant", "name_zh_hans", "email", "orcid")


def _types(codes: list[str]) -> list[OrganisationType]:
    unknown = sorted(set(codes) - set(OrganisationType.Code.values))
    if unknown:
        raise ValidationError(
            {"types": _("Unknown organisation type: %(types)s.") % {"types": ", ".join(unknown)}}
        )
    return list(OrganisationType.objects.filter(code__in=codes))


def _organisation_values(sent: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: "" if value is None and name in ORGANISATION_TEXT else value
        for name, value in sent.items()
    }
    if "city" in values:
        values["city"] = sent_city(values["city"])
    problem = country_code_problem(values.get("country_code") or "")
    if problem:
        raise ValidationError({"country_code": problem})
    return values


@router.get(
    "organisations",
    response={200: OrganisationPage, **READ_ERRORS},
    summary="List organisations",
)
def list_organisations(request: HttpRequest, query: Query[OrganisationQuery]) -> dict[str, Any]:
    """The staff list's filters and sorts; `q` finds any name in any script."""
    require(request, "directory.view_organisation")
    return paginated(filtered(StaffOrganisationFilterSet, query, organisation_list()), query)


@router.get(
    "organisations/{organisation_id}",
    response={200: OrganisationOut, **READ_ERRORS},
    summary="Read an organisation",
)
def get_organisation(request: HttpRequest, organisation_id: RecordId) -> Organisation:
    require(request, "directory.view_organisation")
    return get_object_or_404(organisation_list(), pk=organisation_id)


@router.post(
    "organisations",
    response={201: OrganisationOut, **WRITE_ERRORS},
    summary="Create an organisation",
)
def create_organisation(request: HttpRequest, payload: OrganisationIn) -> Status[Organisation]:
    require(request, "directory.add_organisation")
    values = _organisation_values(payload.model_dump(exclude_none=True))
    types = _types(values.pop("types", []))
    created = organisation_create(actor=request.user, types=[t.code for t in types], **values)
    return Status(201, organisation_list().get(pk=created.pk))


@router.patch(
    "organisations/{organisation_id}",
    response={200: OrganisationOut, **WRITE_ERRORS},
    summary="Change an organisation",
)
def update_organisation(
    request: HttpRequest, organisation_id: RecordId, payload: OrganisationPatch
) -> Organisation:
    """Only the fields sent change; `edit_token` must be the one read last."""
    require(request, "directory.change_organisation")
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    many = {"types": _types(sent.pop("types") or [])} if "types" in sent else None
    organisation_update(
        actor=request.user,
        instance=organisation,
        edit_token=token,
        values=_organisation_values(sent),
        many=many,
    )
    return organisation_list().get(pk=organisation_id)


@router.delete(
    "organisations/{organisation_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Delete an organisation",
)
def delete_organisation(request: HttpRequest, organisation_id: RecordId) -> Status[None]:
    """Refused (409) while agreements, initiatives or people still refer to it."""
    require(request, "directory.delete_organisation")
    organisation = get_object_or_404(Organisation, pk=organisation_id)
    organisation_delete(actor=request.user, organisation=organisation)
    return Status(204, None)


def _person_values(sent: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        name: "" if value is None and name in PERSON_TEXT else value for name, value in sent.items()
    }
    if "organisation" in values:
        chosen = values["organisation"]
        values["organisation"] = (
            None if chosen in (None, "") else sent_organisation(chosen, "organisation")
        )
    if "unit" in values:
        unit_id = values["unit"]
        values["unit"] = sent_unit(unit_id, "unit") if unit_id else None
    return values


@router.get("people", response={200: PersonPage, **READ_ERRORS}, summary="List people")
def list_people(request: HttpRequest, query: Query[PersonQuery]) -> dict[str, Any]:
    require(request, "directory.view_person")
    return paginated(filtered(PersonFilterSet, query, person_list()), query)


@router.get("people/{person_id}", response={200: PersonOut, **READ_ERRORS}, summary="Read a person")
def get_person(request: HttpRequest, person_id: RecordId) -> Person:
    require(request, "directory.view_person")
    return get_object_or_404(person_list(), pk=person_id)


@router.post("people", response={201: PersonOut, **WRITE_ERRORS}, summary="Add a person")
def create_person(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    require(request, "directory.add_person")
    created = person_create(
        actor=request.user, **_person_values(payload.model_dump(exclude_none=True))
    )
    return Status(201, person_list().get(pk=created.pk))


@router.patch(
    "people/{person_id}", response={200: PersonOut, **WRITE_ERRORS}, summary="Change a person"
)
def update_person(request: HttpRequest, person_id: RecordId, payload: PersonPatch) -> Person:
    """Only the fields sent change; `edit_token` must be the one read last."""
    require(request, "directory.change_person")
    person = get_object_or_404(Person, pk=person_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    person_update(
        actor=request.user, instance=person, edit_token=token, values=_person_values(sent)
    )
    return person_list().get(pk=person_id)


@router.delete(
    "people/{person_id}", response={204: None, **WRITE_ERRORS}, summary="Delete a person"
)
def delete_person(request: HttpRequest, person_id: RecordId) -> Status[None]:
    require(request, "directory.delete_person")
    person_delete(actor=request.user, person=get_object_or_404(Person, pk=person_id))
    return Status(204, None)
