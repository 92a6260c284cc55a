"""Writes of the exchange office: nominations and inbound applications, their edits and steps.

Every write checks that the agreement is a student exchange agreement in force during the
academic year and that the partner is one of its parties; each is audited.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from baylink.agreements.models import Agreement
from baylink.agreements.selectors import agreements_in_force_during
from baylink.core.academic_year import AcademicYear
from baylink.core.audit import Actor, audit_record, snapshot
from baylink.core.editing import apply_edit, lock_for_edit
from baylink.core.models import AuditEntry
from baylink.directory.models import Organisation
from baylink.exchange.lifecycle import INBOUND_STEPS, NOMINATION_STEPS
from baylink.exchange.models import InboundApplication, Mobility, Nomination, Term
from baylink.talent.models import Student

EDITABLE = ("agreement", "partner", "academic_year", "term", "months", "notes")


def exchange_terms_check(
    *, agreement: Agreement, partner: Organisation, academic_year: int
) -> None:
    """Refuse an agreement that is not a student exchange in force that year with the partner."""
    if agreement.kind != Agreement.Kind.STUDENT_EXCHANGE:
        raise ValidationError(
            {
                "agreement": _(
                    "%(reference)s is a “%(kind)s”: only student exchange agreements can be used."
                )
                % {"reference": agreement.reference, "kind": agreement.get_kind_display()}
            }
        )
    if not 1900 <= academic_year <= 2200:
        raise ValidationError(
            {"academic_year": _("Choose an academic year between 1900/01 and 2200/01.")}
        )
    year = AcademicYear(academic_year)
    in_force = agreements_in_force_during(starts_on=year.starts_on, ends_on=year.ends_on)
    if not in_force.filter(pk=agreement.pk).exists():
        raise ValidationError(
            {
                "academic_year": _(
                    "%(reference)s is not in force during %(year)s: choose an agreement "
                    "signed and running in that academic year."
                )
                % {"reference": agreement.reference, "year": year}
            }
        )
    parties = agreement.parties.filter(organisation=partner, organisation__is_home=False)
    if not parties.exists():
        raise ValidationError(
            {
                "partner": _("%(partner)s is not a partner in %(reference)s.")
                % {"partner": partner.name, "reference": agreement.reference}
            }
        )


def _validate(mobility: Mobility) -> None:
    mobility.full_clean()
    exchange_terms_check(
        agreement=mobility.agreement,
        partner=mobility.partner,
        academic_year=mobility.academic_year,
    )


def _create(mobility: Mobility, *, actor: Actor) -> None:
    _validate(mobility)
    mobility.save()
    audit_record(
        actor=actor,
        instance=mobility,
        action=AuditEntry.Action.CREATE,
        after=snapshot(mobility),
    )


@transaction.atomic
def nomination_create(
    *,
    actor: Actor,
    student: Student,
    agreement: Agreement,
    partner: Organisation,
    academic_year: int,
    months: Decimal,
    term: str = Term.AUTUMN,
    notes: str = "",
    transfer_agreed_on: date | None = None,
    is_demo: bool = False,
) -> Nomination:
    """A draft nomination of a home student to a partner."""
    nomination = Nomination(
        transfer_agreed_on=transfer_agreed_on,
        student=student,
        agreement=agreement,
        partner=partner,
        academic_year=academic_year,
        term=term,
        months=months,
        notes=notes,
        is_demo=is_demo,
    )
    _create(nomination, actor=actor)
    return nomination


@transaction.atomic
def inbound_application_create(
    *,
    actor: Actor,
    name: str,
    agreement: Agreement,
    partner: Organisation,
    academic_year: int,
    months: Decimal,
    email: str = "",
    term: str = Term.AUTUMN,
    notes: str = "",
    is_demo: bool = False,
) -> InboundApplication:
    """An application received from a partner for one of its students."""
    application = InboundApplication(
        name=name,
        email=email,
        agreement=agreement,
        partner=partner,
        academic_year=academic_year,
        term=term,
        months=months,
        notes=notes,
        is_demo=is_demo,
    )
    _create(application, actor=actor)
    return application


def _update(
    model: type[Mobility],
    *,
    actor: Actor,
    instance: Mobility,
    edit_token: str,
    values: Mapping[str, Any],
    allowed: tuple[str, ...],
) -> Any:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        # Status moves only through the lifecycle steps; anything else is a programming error.
        raise ValidationError(
            _("These fields cannot be changed here: %(fields)s.") % {"fields": ", ".join(unknown)}
        )
    locked = lock_for_edit(model._default_manager.all(), instance.pk, edit_token)
    exchange_terms_check(
        agreement=values.get("agreement", locked.agreement),
        partner=values.get("partner", locked.partner),
        academic_year=values.get("academic_year", locked.academic_year),
    )
    # apply_edit validates the record, saves, bumps the version and audits the difference.
    return apply_edit(locked, actor=actor, values=values)


@transaction.atomic
def nomination_update(
    *, actor: Actor, nomination: Nomination, edit_token: str, values: Mapping[str, Any]
) -> Nomination:
    """Save an officer's changes unless someone saved in between (EditConflict).

    Consent covers the partner it was given for: a new partner clears it, unless the edit
    records consent anew."""
    partner = values.get("partner")
    if (
        partner is not None
        and partner.pk != nomination.partner_id
        and values.get("transfer_agreed_on", nomination.transfer_agreed_on)
        == nomination.transfer_agreed_on
    ):
        values = {**values, "transfer_agreed_on": None}
    updated: Nomination = _update(
        Nomination,
        actor=actor,
        instance=nomination,
        edit_token=edit_token,
        values=values,
        allowed=(*EDITABLE, "student", "transfer_agreed_on"),
    )
    return updated


@transaction.atomic
def inbound_application_update(
    *,
    actor: Actor,
    application: InboundApplication,
    edit_token: str,
    values: Mapping[str, Any],
) -> InboundApplication:
    """Save an officer's changes unless someone saved in between (EditConflict)."""
    updated: InboundApplication = _update(
        InboundApplication,
        actor=actor,
        instance=application,
        edit_token=edit_token,
        values=values,
        allowed=(*EDITABLE, "name", "email"),
    )
    return updated


def _transfer_consent_check(nomination: Nomination, to_status: str) -> None:
    """Nominating sends the student's details to the partner; outside Hong Kong only with the
    student's recorded consent."""
    if (
        to_status == Nomination.Status.NOMINATED
        and nomination.transfer_agreed_on is None
        and nomination.partner_outside_hong_kong
    ):
        raise ValidationError(
            {
                "transfer_agreed_on": _(
                    "%(partner)s is outside Hong Kong: record the date the student agreed "
                    "to their details going there before nominating them."
                )
                % {"partner": nomination.partner.name}
            }
        )


def _transition(
    model: type[Nomination] | type[InboundApplication],
    steps: Mapping[str, tuple[str, ...]],
    *,
    actor: Actor,
    instance: Nomination | InboundApplication,
    to_status: str,
    edit_token: str,
    note: str,
) -> Any:
    records: QuerySet[Any] = model._default_manager.all()
    locked: Nomination | InboundApplication = lock_for_edit(records, instance.pk, edit_token)
    if to_status not in steps.get(locked.status, ()):
        labels = dict(model.Status.choices)
        raise ValidationError(
            {
                "status": _("A record that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": labels.get(locked.status, locked.status),
                    "to": labels.get(to_status, to_status),
                }
            }
        )
    if isinstance(locked, Nomination):
        _transfer_consent_check(locked, to_status)
    return apply_edit(locked, actor=actor, values={"status": to_status}, note=note)


@transaction.atomic
def nomination_transition(
    *, actor: Actor, nomination: Nomination, to_status: str, edit_token: str, note: str = ""
) -> Nomination:
    """Move a nomination one step (draft → nominated → accepted → completed, or out)."""
    moved: Nomination = _transition(
        Nomination,
        NOMINATION_STEPS,
        actor=actor,
        instance=nomination,
        to_status=to_status,
        edit_token=edit_token,
        note=note,
    )
    return moved


@transaction.atomic
def inbound_application_transition(
    *,
    actor: Actor,
    application: InboundApplication,
    to_status: str,
    edit_token: str,
    note: str = "",
) -> InboundApplication:
    """Move an application one step (received → accepted → arrived → completed, or out)."""
    moved: InboundApplication = _transition(
        InboundApplication,
        INBOUND_STEPS,
        actor=actor,
        instance=application,
        to_status=to_status,
        edit_token=edit_token,
        note=note,
    )
    return moved
