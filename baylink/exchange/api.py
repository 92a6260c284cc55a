"""/api/nominations and /api/inbound-applications: exchange mobilities; list, read, write,
status steps, under the agreements the user may see.

Students' details are masked for roles that may not see personal data, as on the staff pages.
Mobilities are withdrawn, not deleted.
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
from baylink.exchange.filters import InboundApplicationFilterSet, NominationFilterSet
from baylink.exchange.models import InboundApplication, Mobility, Nomination
from baylink.exchange.schemas import (
    InboundApplicationIn,
    InboundApplicationOut,
    InboundApplicationPage,
    InboundApplicationPatch,
    InboundApplicationQuery,
    MobilityStep,
    NominationIn,
    NominationOut,
    NominationPage,
    NominationPatch,
    NominationQuery,
)
from baylink.exchange.selectors import (
    inbound_application_list,
    nomination_list,
    only_partner,
)
from baylink.exchange.services import (
    inbound_application_create,
    inbound_application_transition,
    inbound_application_update,
    nomination_create,
    nomination_transition,
    nomination_update,
)
from baylink.talent.models import Student

# Mounted at the root: the app answers under two paths.
API_PREFIX = "/"
router = Router(tags=["exchange"], auth=STAFF_AUTH)


def _nomination(request: HttpRequest, nomination_id: int) -> Nomination:
    """The nomination if its agreement is one this user may see; otherwise 404."""
    scope = agreement_scope(request.user)
    return get_object_or_404(nomination_list(scope=scope), pk=nomination_id)


def _application(request: HttpRequest, application_id: int) -> InboundApplication:
    scope = agreement_scope(request.user)
    return get_object_or_404(inbound_application_list(scope=scope), pk=application_id)


def _mobility_values(sent: dict[str, Any], current: Mobility | None = None) -> dict[str, Any]:
    """The records the sent references, years and names stand for; a new mobility without a
    partner gets the agreement's only one, a change without one keeps its own."""
    values = {
        name: "" if value is None and name in ("notes", "email") else value
        for name, value in sent.items()
    }
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
        values["partner"] = only_partner(agreement)
    else:
        values.pop("partner", None)
    return values


def _nomination_values(sent: dict[str, Any], current: Nomination | None = None) -> dict[str, Any]:
    values = _mobility_values(sent, current)
    if "student" in values:
        number = (values["student"] or "").strip()
        values["student"] = Student.objects.filter(student_number__iexact=number).first()
        if values["student"] is None:
            message = _("There is no student with the number %(number)s.")
            raise ValidationError({"student": message % {"number": number}})
    return values


# -- Nominations (outbound) ----------------------------------------------------------------------


@router.get(
    "nominations", response={200: NominationPage, **READ_ERRORS}, summary="List nominations"
)
def list_nominations(request: HttpRequest, query: Query[NominationQuery]) -> dict[str, Any]:
    """The staff list's filters (consent included) and sorts."""
    require(request, "exchange.view_nomination")
    records = nomination_list(scope=agreement_scope(request.user))
    return paginated(filtered(NominationFilterSet, query, records), query)


@router.get(
    "nominations/{nomination_id}",
    response={200: NominationOut, **READ_ERRORS},
    summary="Read a nomination",
)
def get_nomination(request: HttpRequest, nomination_id: RecordId) -> Nomination:
    require(request, "exchange.view_nomination")
    return _nomination(request, nomination_id)


@router.post(
    "nominations", response={201: NominationOut, **WRITE_ERRORS}, summary="Create a nomination"
)
def create_nomination(request: HttpRequest, payload: NominationIn) -> Status[Nomination]:
    """A draft; nominate it with a status step once the student's consent is recorded."""
    require(request, "exchange.add_nomination")
    values = _nomination_values(payload.model_dump(exclude_none=True))
    created = nomination_create(actor=request.user, **values)
    return Status(201, _nomination(request, created.pk))


@router.patch(
    "nominations/{nomination_id}",
    response={200: NominationOut, **WRITE_ERRORS},
    summary="Change a nomination",
)
def update_nomination(
    request: HttpRequest, nomination_id: RecordId, payload: NominationPatch
) -> Nomination:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "exchange.change_nomination")
    nomination = _nomination(request, nomination_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    values = _nomination_values(sent, nomination)
    nomination_update(actor=request.user, nomination=nomination, edit_token=token, values=values)
    return _nomination(request, nomination_id)


@router.post(
    "nominations/{nomination_id}/status",
    response={200: NominationOut, **WRITE_ERRORS},
    summary="Move a nomination one step",
)
def step_nomination(
    request: HttpRequest, nomination_id: RecordId, payload: MobilityStep
) -> Nomination:
    """draft → nominated (refused without the student's consent for a partner outside Hong
    Kong) → accepted → completed, or withdrawn or rejected."""
    require(request, "exchange.change_nomination")
    nomination_transition(
        actor=request.user,
        nomination=_nomination(request, nomination_id),
        to_status=payload.to_status,
        edit_token=payload.edit_token,
        note=payload.note,
    )
    return _nomination(request, nomination_id)


# -- Inbound applications -------------------------------------------------------------------------


@router.get(
    "inbound-applications",
    response={200: InboundApplicationPage, **READ_ERRORS},
    summary="List inbound applications",
)
def list_inbound_applications(
    request: HttpRequest, query: Query[InboundApplicationQuery]
) -> dict[str, Any]:
    require(request, "exchange.view_inboundapplication")
    records = inbound_application_list(scope=agreement_scope(request.user))
    return paginated(filtered(InboundApplicationFilterSet, query, records), query)


@router.get(
    "inbound-applications/{application_id}",
    response={200: InboundApplicationOut, **READ_ERRORS},
    summary="Read an inbound application",
)
def get_inbound_application(request: HttpRequest, application_id: RecordId) -> InboundApplication:
    require(request, "exchange.view_inboundapplication")
    return _application(request, application_id)


@router.post(
    "inbound-applications",
    response={201: InboundApplicationOut, **WRITE_ERRORS},
    summary="Record an inbound application",
)
def create_inbound_application(
    request: HttpRequest, payload: InboundApplicationIn
) -> Status[InboundApplication]:
    require(request, "exchange.add_inboundapplication")
    values = _mobility_values(payload.model_dump(exclude_none=True))
    created = inbound_application_create(actor=request.user, **values)
    return Status(201, _application(request, created.pk))


@router.patch(
    "inbound-applications/{application_id}",
    response={200: InboundApplicationOut, **WRITE_ERRORS},
    summary="Change an inbound application",
)
def update_inbound_application(
    request: HttpRequest, application_id: RecordId, payload: InboundApplicationPatch
) -> InboundApplication:
    require(request, "exchange.change_inboundapplication")
    application = _application(request, application_id)
    sent = payload.model_dump(exclude_unset=True)
    token = sent.pop("edit_token")
    inbound_application_update(
        actor=request.user,
        application=application,
        edit_token=token,
        values=_mobility_values(sent, application),
    )
    return _application(request, application_id)


@router.post(
    "inbound-applications/{application_id}/status",
    response={200: InboundApplicationOut, **WRITE_ERRORS},
    summary="Move an inbound application one step",
)
def step_inbound_application(
    request: HttpRequest, application_id: RecordId, payload: MobilityStep
) -> InboundApplication:
    """received → accepted → arrived → completed, or withdrawn or rejected."""
    require(request, "exchange.change_inboundapplication")
    inbound_application_transition(
        actor=request.user,
        application=_application(request, application_id),
        to_status=payload.to_status,
        edit_token=payload.edit_token,
        note=payload.note,
    )
    return _application(request, application_id)
