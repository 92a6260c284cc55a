"""/api/agreements: agreements with parties, exchange terms and documents; lifecycle steps.

The staff pages' rules: a role's permission for each action, and a unit coordinator sees (and
changes) only their unit's agreements; others' are 404, as if they did not exist.
"""

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from baylink.accounts.permissions import agreement_scope, coordinator_units
from baylink.agreements.filters import AgreementFilterSet
from baylink.agreements.models import Agreement, MobilitySpec, Party
from baylink.agreements.schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPage,
    AgreementPatch,
    AgreementQuery,
    ExchangeTermsIn,
    ExchangeTermsOut,
    ExchangeTermsPatch,
    PartyIn,
    StatusIn,
)
from baylink.agreements.selectors import agreement_records
from baylink.agreements.services import (
    PartySpec,
    agreement_create,
    agreement_delete,
    agreement_transition,
    agreement_update,
    mobility_spec_delete,
    mobility_spec_save,
)
from baylink.api.auth import STAFF_AUTH, require
from baylink.api.lists import filtered, paginated
from baylink.api.schemas import READ_ERRORS, WRITE_ERRORS, RecordId, cleared_texts
from baylink.core.editing import content_token, edit_token
from baylink.core.trilingual import trilingual_columns
from baylink.directory.lookup import sent_organisation, sent_person, sent_unit
from baylink.directory.models import Unit
from baylink.directory.selectors import home_units
from baylink.initiatives.models import Initiative

API_PREFIX = "/agreements"
router = Router(tags=["agreements"], auth=STAFF_AUTH)

TEXT_FIELDS = (*trilingual_columns("title"), "notes")


def _visible(request: HttpRequest, agreement_id: int) -> Agreement:
    """The agreement if this user may see it; otherwise 404, as on the staff pages."""
    found = agreement_records(scope=agreement_scope(request.user)).filter(pk=agreement_id).first()
    if found is None:
        raise Http404(_("There is no agreement %(number)s you can see.") % {"number": agreement_id})
    return found


def _party_specs(parties: Sequence[PartyIn]) -> list[PartySpec]:
    specs = [
        PartySpec(
            organisation=sent_organisation(party.organisation, "parties"),
            role=party.role,
            unit=None if party.unit is None else sent_unit(party.unit, "parties"),
            signatory_name=party.signatory_name,
            signatory_title=party.signatory_title,
        )
        for party in parties
    ]
    keys = [(spec.organisation.pk, spec.unit.pk if spec.unit else None) for spec in specs]
    if len(set(keys)) != len(keys):
        raise ValidationError({"parties": _("The same organisation and unit appear twice.")})
    if len(specs) < 2:
        raise ValidationError({"parties": _("An agreement needs at least two parties.")})
    return specs


def _owner_unit(request: HttpRequest, unit_id: int | None) -> Unit | None:
    """A unit of the university; for a unit coordinator, one of their own (as the form offers)."""
    allowed = coordinator_units(request.user)
    if unit_id is None:
        if allowed is not None:
            raise ValidationError({"owner_unit": _("Choose one of your units as the owner.")})
        return None
    unit = home_units().filter(pk=unit_id).first()
    if unit is None or (allowed is not None and unit.pk not in allowed):
        raise ValidationError(
            {"owner_unit": _("Unit %(number)s is not one you can choose.") % {"number": unit_id}}
        )
    return unit


def _initiatives(ids: list[int]) -> list[Initiative]:
    found = list(Initiative.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {initiative.pk for initiative in found})
    if missing:
        raise ValidationError(
            {
                "initiatives": _("There is no initiative %(numbers)s.")
                % {"numbers": ", ".join(str(number) for number in missing)}
            }
        )
    return found


def _values(request: HttpRequest, sent: dict[str, Any]) -> dict[str, Any]:
    values = cleared_texts(sent, TEXT_FIELDS)
    if "owner_unit" in values:
        values["owner_unit"] = _owner_unit(request, values["owner_unit"])
    if "owner" in values and values["owner"] is not None:
        values["owner"] = sent_person(values["owner"], "owner")
    if values.get("is_public") is None and "is_public" in values:
        values["is_public"] = False
    return values


@router.get("", response={200: AgreementPage, **READ_ERRORS}, summary="List agreements")
def list_agreements(request: HttpRequest, query: Query[AgreementQuery]) -> dict[str, Any]:
    """The staff list's filters and sorts; a unit coordinator gets only their unit's."""
    require(request, "agreements.view_agreement")
    records = agreement_records(scope=agreement_scope(request.user))
    return paginated(filtered(AgreementFilterSet, query, records), query)


@router.get(
    "/{agreement_id}", response={200: AgreementOut, **READ_ERRORS}, summary="Read an agreement"
)
def get_agreement(request: HttpRequest, agreement_id: RecordId) -> Agreement:
    require(request, "agreements.view_agreement")
    return _visible(request, agreement_id)


@router.post("", response={201: AgreementOut, **WRITE_ERRORS}, summary="Create an agreement")
def create_agreement(request: HttpRequest, payload: AgreementIn) -> Status[Agreement]:
    """A new draft; move it along its lifecycle with POST …/status."""
    require(request, "agreements.add_agreement")
    sent = payload.model_dump(exclude_none=True, exclude={"parties", "initiatives"})
    sent.setdefault("owner_unit", None)
    values = _values(request, sent)
    owner = values.pop("owner", None)
    with transaction.atomic():
        agreement = agreement_create(
            actor=request.user,
            parties=_party_specs(payload.parties),
            initiatives=_initiatives(payload.initiatives),
            **values,
        )
        if owner is not None:
            agreement_update(
                actor=request.user,
                agreement=agreement,
                edit_token=edit_token(agreement),
                values={"owner": owner},
            )
    return Status(201, _visible(request, agreement.pk))


@router.patch(
    "/{agreement_id}", response={200: AgreementOut, **WRITE_ERRORS}, summary="Change an agreement"
)
def update_agreement(
    request: HttpRequest, agreement_id: RecordId, payload: AgreementPatch
) -> Agreement:
    """Only the fields sent change; `edit_token` must be the one read last (else 409)."""
    require(request, "agreements.change_agreement")
    agreement = _visible(request, agreement_id)
    sent = payload.model_dump(exclude_unset=True, exclude={"parties", "initiatives"})
    token = sent.pop("edit_token")
    agreement_update(
        actor=request.user,
        agreement=agreement,
        edit_token=token,
        values=_values(request, sent),
        parties=_party_specs(payload.parties) if payload.parties is not None else None,
        initiatives=_initiatives(payload.initiatives) if payload.initiatives is not None else None,
    )
    return _visible(request, agreement_id)


@router.delete(
    "/{agreement_id}", response={204: None, **WRITE_ERRORS}, summary="Delete an agreement"
)
def delete_agreement(request: HttpRequest, agreement_id: RecordId) -> Status[None]:
    """Deletes its parties, exchange terms and documents too; the audit log keeps the record."""
    require(request, "agreements.delete_agreement")
    agreement_delete(actor=request.user, agreement=_visible(request, agreement_id))
    return Status(204, None)


@router.post(
    "/{agreement_id}/status",
    response={200: AgreementOut, **WRITE_ERRORS},
    summary="Move an agreement along its lifecycle",
)
def change_status(request: HttpRequest, agreement_id: RecordId, payload: StatusIn) -> Agreement:
    """draft → negotiation → signed → active → expiring → expired / renewed / terminated."""
    require(request, "agreements.change_agreement")
    agreement_transition(
        actor=request.user,
        agreement=_visible(request, agreement_id),
        to_status=payload.to_status,
        edit_token=payload.edit_token,
        note=payload.note,
    )
    return _visible(request, agreement_id)


def _party(agreement: Agreement, party_id: int, field: str) -> Party:
    for party in agreement.parties.all():
        if party.pk == party_id:
            return party
    raise ValidationError(
        {field: _("Party %(number)s is not a party to this agreement.") % {"number": party_id}}
    )


def _spec(agreement: Agreement, spec_id: int) -> MobilitySpec:
    spec = MobilitySpec.objects.filter(pk=spec_id, agreement=agreement).first()
    if spec is None:
        raise Http404(_("This agreement has no exchange terms %(number)s.") % {"number": spec_id})
    return spec


def _apply_terms(agreement: Agreement, spec: MobilitySpec, sent: dict[str, Any]) -> None:
    for name in ("sending_party", "receiving_party"):
        if name in sent:
            setattr(spec, name, _party(agreement, sent.pop(name), name))
    for name, value in sent.items():
        setattr(spec, name, "" if value is None else value)


@router.post(
    "/{agreement_id}/exchange-terms",
    response={201: ExchangeTermsOut, **WRITE_ERRORS},
    summary="Add exchange terms (one direction)",
)
def create_exchange_terms(
    request: HttpRequest, agreement_id: RecordId, payload: ExchangeTermsIn
) -> Status[MobilitySpec]:
    """One direction of mobility, as in an EWP inter-institutional agreement."""
    require(request, "agreements.change_agreement")
    agreement = _visible(request, agreement_id)
    spec = MobilitySpec(agreement=agreement)
    _apply_terms(agreement, spec, payload.model_dump(exclude_none=True))
    return Status(201, mobility_spec_save(actor=request.user, spec=spec))


@router.patch(
    "/{agreement_id}/exchange-terms/{terms_id}",
    response={200: ExchangeTermsOut, **WRITE_ERRORS},
    summary="Change exchange terms",
)
def update_exchange_terms(
    request: HttpRequest, agreement_id: RecordId, terms_id: RecordId, payload: ExchangeTermsPatch
) -> MobilitySpec:
    require(request, "agreements.change_agreement")
    agreement = _visible(request, agreement_id)
    spec = _spec(agreement, terms_id)
    loaded = content_token(spec)  # a PATCH changes the terms as this request read them
    _apply_terms(agreement, spec, payload.model_dump(exclude_unset=True))
    return mobility_spec_save(actor=request.user, spec=spec, edit_token=loaded)


@router.delete(
    "/{agreement_id}/exchange-terms/{terms_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove exchange terms",
)
def delete_exchange_terms(
    request: HttpRequest, agreement_id: RecordId, terms_id: RecordId
) -> Status[None]:
    require(request, "agreements.change_agreement")
    agreement = _visible(request, agreement_id)
    mobility_spec_delete(actor=request.user, spec=_spec(agreement, terms_id))
    return Status(204, None)
