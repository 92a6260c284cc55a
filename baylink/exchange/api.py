"""/api/nominations: outbound exchange nominations; list, read, write, status steps.

Students' details are masked for roles that may not see personal data, as on the staff pages.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.accounts.permissions import agreement_scope
from baylink.agreements.models import Agreement
from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId
from baylink.core.academic_year import AcademicYear
from baylink.directory.lookup import sent_organisation
from baylink.exchange.filters import NominationFilterSet
from baylink.exchange.models import Nomination
from baylink.exchange.schemas import (
    NominationIn,
    NominationOut,
    NominationPage,
    NominationPatch,
    NominationQuery,
    NominationStep,
)
from baylink.exchange.selectors import exchange_partner, nomination_list
from baylink.exchange.services import (
    nomination_create,
    nomination_transition,
    nomination_update,
)
from baylink.talent.models import Student

API_PREFIX = "/nominations"
router = Router(tags=["exchange"], auth=STAFF_AUTH)


def _visible(request: HttpRequest, nomination_id: int) -> Nomination:
    """The nomination if its agreement is one this user may see; otherwise 404."""
    return get_object_or_404(nomination_list(scope=agreement_scope(request.user)), pk=nomination_id)


def _values(sent: dict[str, Any], current: Nomination | None = None) -> dict[str, Any]:
    """The records the sent numbers, references and names stand for."""
    values = {
        name: "" if value is None and name == "notes" else value for name, value in sent.items()
    }
    if "student" in values:
        number = (values["student"] or "").strip()
        values["student"] = Student.objects.filter(student_number__iexact=number).first()
        if values["student"] is None:
            raise ValidationError(
                {
                    "student": _("There is no student with the number %(number)s.")
                    % {"number": number}
                }
            )
    if "academic_year" in values:
        try:
            values["academic_year"] = AcademicYear.parse(values["academic_year"] or "").start_year
        except ValidationError as error:
            raise ValidationError({"academic_year": error.messages}) from error
    agreement = current.agreement if current else None
    if "agreement" in values:
        agreement = Agreement.objects.filter(reference=values["agreement"]).first()
        if agreement is None:
            raise ValidationError({"agreement": _("There is no agreement with this reference.")})
        values["agreement"] = agreement
    if values.get("partner") is not None:
        values["partner"] = sent_organisation(values["partner"], "partner")
    elif current is None and agreement is not None:
        values["partner"] = exchange_partner(agreement, None)
    elif "partner" in values:
        del values["partner"]  # a change that leaves the partner out keeps it
    return values


@router.get("", response={200: NominationPage, **READ_ERRORS}, summary="List nominations")
def list_nominations(request: HttpRequest, query: Query[NominationQuery]) -> dict[str, Any]:
    """The staff list's filters and sorts, under the agreements this user may see."""
    require(request, "exchange.view_nomination")
    records = nomination_list(scope=agreement_scope(request.user))
    return paginated(filtered(NominationFilterSet, query, records), query)


@router.get(
    "/{nomination_id}", response={200: NominationOut, **READ_ERRORS}, summary="Read a nomination"
)
def get_nomination(request: HttpRequest, nomination_id: RecordId) -> Nomination:
    require(request, "exchange.view_nomination")
    return _visible(request, nomination_id)


@router.post("", response={201: NominationOut, **WRITE_ERRORS}, summary="Create a nomination")
def create_nomination(request: HttpRequest, payload: NominationIn) -> Status[Nomination]:
    """A draft; nominate it with a status step once the student's consent is recorded."""
    require(request, "exchange.add_nomination")
    created = nomination_create(
        actor=request.user, **_values(payload.model_dump(exclude_none=True))
    )
    return Status(201, _visible(request, created.pk))


@router.patch(
    "/{nomination_id}", response={200: NominationOut, **WRITE_ERRORS}, summary="Change a nomination"
)
def update_nomination(
    request: HttpRequest, nomination_id: RecordId, payload: NominationPatch
) -> Nomination:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "exchange.change_nomination")
    nomination = _visible(request, nomination_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    nomination_update(
        actor=request.user,
        nomination=nomination,
        edit_token=token,
        values=_values(sent, nomination),
    )
    return _visible(request, nomination_id)


@router.post(
    "/{nomination_id}/status",
    response={200: NominationOut, **WRITE_ERRORS},
    summary="Move a nomination one step",
)
def step_nomination(
    request: HttpRequest, nomination_id: RecordId, payload: NominationStep
) -> Nomination:
    """draft → nominated (refused without the student's consent for a partner outside Hong
    Kong) → accepted → completed, or withdrawn or rejected."""
    require(request, "exchange.change_nomination")
    nomination_transition(
        actor=request.user,
        nomination=_visible(request, nomination_id),
        to_status=payload.to_status,
        edit_token=payload.edit_token,
        note=payload.note,
    )
    return _visible(request, nomination_id)
