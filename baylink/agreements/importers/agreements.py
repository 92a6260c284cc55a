"""Importing and exporting agreements with their parties.

Columns: reference, kind, title_en, title_zh_hant, title_zh_hans, status, signed_on, starts_on,
ends_on, owner_unit, parties. `parties` lists 'organisation[:role]' separated by ';', where the
organisation is a ROR id or a name and the role one of home, partner, lead, sponsor, witness
(partner when left out). The university itself is added as the home party when not listed.
A row is matched to a stored agreement by reference and updated; otherwise it is created.
A blank cell leaves the stored value; a status may only move along the agreement lifecycle.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from baylink.agreements.importers.values import (
    CLEANED_FIELDS,
    COLUMNS,
    DATE_COLUMNS,
    agreement_row,
    status_path,
)
from baylink.agreements.models import Agreement, MobilitySpec, Party, StatusChange
from baylink.agreements.services import agreement_search_text
from baylink.core.audit import Snapshot, note_fields, snapshot
from baylink.core.events import organisation_links_changed
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.cells import (
    NAME_SEPARATORS,
    ROLE_SEPARATORS,
    as_text,
    batches,
    cell_choice,
    cell_dates,
    cell_reference,
    choice,
    choices,
    clean_cells,
    matched_references,
    row_label,
    set_titles,
)
from baylink.core.tabular.importing import (
    Importer,
    Planned,
    RowCheck,
    RowError,
)
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.directory.importers import OrganisationIndex, UnitIndex, UnresolvedError


def importer_options(user: User | AnonymousUser) -> dict[str, Any]:
    """A unit coordinator imports only their own units' agreements."""
    from baylink.accounts.permissions import coordinator_units  # accounts builds on agreements

    return {"allowed_units": coordinator_units(user)}


@dataclass
class AgreementPlan:
    agreement: Agreement
    parties: list[tuple[int, str]] | None  # (organisation pk, role); None: keep the stored ones
    steps: list[str] = field(default_factory=list)  # lifecycle steps of an update
    before: Snapshot = field(default_factory=dict)  # empty for a new agreement


class AgreementImporter(Importer[AgreementPlan]):
    kind = "agreements"
    columns = COLUMNS
    required_columns = ("reference",)

    def __init__(self, *, allowed_units: Sequence[int] | None = None, **kwargs: Any) -> None:
        """`allowed_units`: a unit coordinator's units; None lets every agreement be imported."""
        super().__init__(**kwargs)
        self.allowed_units = set(allowed_units) if allowed_units is not None else None

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.organisations = OrganisationIndex()
        self.units = UnitIndex()
        self.kinds = choices(Agreement.Kind)
        self.statuses = choices(Agreement.Status)
        self.roles = choices(Party.Role)
        self.matches = matched_references(Agreement, rows)
        self.stored_parties: dict[int, list[Party]] = {}
        self.parties_with_terms: set[int] = set()
        for batch in batches(sorted({agreement.pk for agreement in self.matches.values()})):
            for party in Party.objects.filter(agreement_id__in=batch).order_by("position", "pk"):
                self.stored_parties.setdefault(party.agreement_id, []).append(party)
            self.parties_with_terms |= set(
                MobilitySpec.objects.filter(agreement_id__in=batch).values_list(
                    "sending_party_id", flat=True
                )
            ) | set(
                MobilitySpec.objects.filter(agreement_id__in=batch).values_list(
                    "receiving_party_id", flat=True
                )
            )
        self.seen: dict[str, int] = {}

    def _stored_parties(self, pk: int) -> list[tuple[int, str]]:
        parties: dict[int, str] = {}
        for party in self.stored_parties.get(pk, []):
            parties.setdefault(party.organisation_id, party.role)
        return list(parties.items())

    def _parties(self, row: RowCheck) -> list[tuple[int, str]] | None:
        parties: dict[int, str] = {}
        for part in NAME_SEPARATORS.split(row.cell("parties")):
            text, role = part.strip(), ""
            if not text:
                continue
            for separator in ROLE_SEPARATORS:
                if separator in text:
                    name, written_role = text.rsplit(separator, 1)
                    if choice(written_role, self.roles):
                        text, role = name.strip(), str(choice(written_role, self.roles))
                        break
            try:
                pk, note = self.organisations.find_or_resolve(text)
            except UnresolvedError as error:
                row.problem("parties", str(error))
                continue
            if note:
                row.note(note)
            if pk in parties:
                row.problem("parties", _("“%(party)s” is listed twice.") % {"party": text})
                continue
            is_home = pk == self.organisations.home_pk
            parties[pk] = role or (Party.Role.HOME if is_home else Party.Role.PARTNER)
        if row.has_problems():
            return None
        home = self.organisations.home_pk
        if home is not None and home not in parties:
            parties = {home: Party.Role.HOME, **parties}
        if len(parties) < 2:
            row.problem(
                "parties",
                _("An agreement needs at least two parties: list the partners, separated by “;”."),
            )
            return None
        return list(parties.items())

    def _owner_unit(self, row: RowCheck) -> int | None:
        text = row.cell("owner_unit")
        if not text:
            return None
        try:
            return self.units.find(text, self.organisations.home_pk).pk
        except UnresolvedError as error:
            row.problem("owner_unit", str(error))
            return None

    def _in_scope(
        self, row: RowCheck, existing: Agreement | None, owner_unit_id: int | None
    ) -> None:
        if self.allowed_units is None:
            return
        if existing is not None and existing.owner_unit_id not in self.allowed_units:
            row.problem(
                "reference", _("This agreement belongs to another unit: you cannot change it.")
            )
        elif owner_unit_id is not None and owner_unit_id not in self.allowed_units:
            row.problem(
                "owner_unit", _("You can only give your own unit (or one below it) as the owner.")
            )
        elif existing is None and owner_unit_id is None:
            row.problem("owner_unit", _("Give your unit as the owner of a new agreement."))

    def check(self, row: RowCheck) -> Planned[AgreementPlan]:
        reference = cell_reference(row, self.seen, _("Every agreement needs a reference number."))
        label = row_label(row, reference)
        existing = self.matches.get(row.number)
        kind = cell_choice(
            row,
            "kind",
            Agreement.Kind,
            self.kinds,
            unknown=_("“%(value)s” is not a type of agreement: use %(choices)s."),
            required=_("Give the type of a new agreement: %(choices)s.")
            if existing is None
            else "",
        )
        status = cell_choice(
            row,
            "status",
            Agreement.Status,
            self.statuses,
            unknown=_("“%(value)s” is not a status: use %(choices)s."),
        )
        dates = cell_dates(row, DATE_COLUMNS)
        owner_unit_id = self._owner_unit(row)
        parties = self._parties(row) if row.cell("parties") else None
        if existing is None and not row.cell("parties"):
            row.problem("parties", _("List the parties of a new agreement, separated by “;”."))
        self._in_scope(row, existing, owner_unit_id)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        agreement = existing or Agreement(reference=reference)
        stored_parties = self._stored_parties(agreement.pk) if existing else []
        before_row = (
            as_text(
                COLUMNS, agreement_row(agreement, stored_parties, self.organisations, self.units)
            )
            if existing
            else {}
        )
        before = (
            snapshot(agreement, exclude=["search_text"])
            | {"parties": [[pk, role] for pk, role in stored_parties]}
            if existing
            else {}
        )
        set_titles(agreement, row)
        if kind:
            agreement.kind = kind
        for column, value in dates.items():
            setattr(agreement, column, value)
        if owner_unit_id is not None:
            agreement.owner_unit_id = owner_unit_id
        steps: list[str] = []
        if status and existing is None:
            agreement.status = status
        elif status and status != agreement.status:
            path = status_path(agreement.status, status)
            if path is None:
                row.problem(
                    "status",
                    _("An agreement that is “%(from)s” cannot become “%(to)s”.")
                    % {
                        "from": agreement.get_status_display(),
                        "to": Agreement.Status(status).label,
                    },
                )
            steps = path or []
        if parties is not None and parties == stored_parties:
            parties = None  # listed as they are: nothing to rewrite
        if parties is not None and existing is not None:
            removed = {
                p.pk
                for p in self.stored_parties.get(agreement.pk, [])
                if p.organisation_id not in dict(parties)
            }
            if removed & self.parties_with_terms:
                row.problem(
                    "parties",
                    _("A party that is dropped has exchange terms: remove the terms first."),
                )
        if agreement.starts_on and agreement.ends_on and agreement.ends_on < agreement.starts_on:
            row.problem("ends_on", _("The agreement cannot end before it starts."))
        clean_cells(row, agreement, CLEANED_FIELDS)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        if steps:
            agreement.status = steps[-1]
        changes = []
        if existing:
            after = parties if parties is not None else stored_parties
            changes = self.changes(
                before_row,
                as_text(COLUMNS, agreement_row(agreement, after, self.organisations, self.units)),
            )
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, label, changes)
        if action == UNCHANGED:
            return Planned(preview)  # nothing to write
        return Planned(preview, AgreementPlan(agreement, parties, steps, before))

    def _party_names(self, parties: Sequence[tuple[int, str]]) -> list[str]:
        return [
            name
            for pk, _role in parties
            if pk in self.organisations.by_pk
            for name in self.organisations.by_pk[pk].names
            if name
        ]

    def write(self, plans: Sequence[Planned[AgreementPlan]]) -> None:
        """New agreements in batches (a query per few hundred rows); updates one by one."""
        touched: set[int] = set()
        created = [p for p in plans if p.payload is not None and p.payload.agreement.pk is None]
        updated = [p for p in plans if p.payload is not None and p.payload.agreement.pk]
        with AuditBatch(self.actor) as audit:
            for batch in batches(created):
                touched |= self._create(batch, audit)
            for planned in updated:
                assert planned.payload is not None  # filtered above
                try:
                    touched |= self._update(planned.payload, planned.preview.row, audit)
                except ValidationError as error:
                    raise RowError(planned.preview.row, "", "; ".join(error.messages)) from error
        # The partner flags follow; in batches, as the database limits a query's parameters.
        for organisation_ids in batches(sorted(touched)):
            organisation_links_changed.send(
                sender=Agreement, organisation_ids=list(organisation_ids)
            )

    def _create(self, batch: Sequence[Planned[AgreementPlan]], audit: AuditBatch) -> set[int]:
        """As agreement_create() does, for a batch: checked already, so straight to the table."""
        agreements = []
        for planned in batch:
            assert planned.payload is not None  # filtered by write()
            agreement = planned.payload.agreement
            agreement.search_text = agreement_search_text(
                agreement, self._party_names(planned.payload.parties or [])
            )
            agreements.append(agreement)
        Agreement.objects.bulk_create(agreements)
        Party.objects.bulk_create(
            [
                Party(agreement=p.payload.agreement, organisation_id=pk, role=role, position=i)
                for p in batch
                if p.payload is not None
                for i, (pk, role) in enumerate(p.payload.parties or [])
            ]
        )
        touched: set[int] = set()
        for planned in batch:
            assert planned.payload is not None  # filtered by write()
            parties = planned.payload.parties or []
            touched |= {pk for pk, _role in parties}
            audit.add(
                planned.payload.agreement,
                before={},
                after=snapshot(planned.payload.agreement, exclude=["search_text"])
                | {"parties": [[pk, role] for pk, role in parties]},
                note=self.audit_note(planned.preview.row),
            )
        return touched

    def _update(self, plan: AgreementPlan, row: int, audit: AuditBatch) -> set[int]:
        agreement = plan.agreement
        today = timezone.localdate()
        from_status = plan.before.get("status", agreement.status)
        for step in plan.steps:
            if step == Agreement.Status.SIGNED and not agreement.signed_on:
                agreement.signed_on = today
            if step == Agreement.Status.TERMINATED and not agreement.terminated_on:
                agreement.terminated_on = today
        agreement.version += 1
        agreement.updated_at = timezone.now()
        parties = plan.parties if plan.parties is not None else self._stored_parties(agreement.pk)
        agreement.search_text = agreement_search_text(agreement, self._party_names(parties))
        after = snapshot(agreement, exclude=["search_text"])
        # Only the changed columns (and the version): the rest of the row stays as it is.
        changed = {
            field.attname: getattr(agreement, field.attname)
            for field in Agreement._meta.concrete_fields
            if field.name in after and plan.before.get(field.name) != after[field.name]
        }
        Agreement.objects.filter(pk=agreement.pk).update(
            **changed, search_text=agreement.search_text, updated_at=agreement.updated_at
        )
        actor = self.actor if isinstance(self.actor, User) else None
        for step in plan.steps:
            StatusChange.objects.create(
                agreement=agreement,
                from_status=from_status,
                to_status=step,
                actor=actor,
                **note_fields(self.audit_note(row)),
            )
            from_status = step
        touched: set[int] = set()
        if plan.parties is not None:
            touched = self._replace_parties(agreement, plan.parties)
        audit.add(
            agreement,
            before=plan.before,
            after=after | {"parties": [[pk, role] for pk, role in parties]},
            note=self.audit_note(row),
        )
        return touched

    def _replace_parties(self, agreement: Agreement, parties: list[tuple[int, str]]) -> set[int]:
        """Keep the stored rows of organisations still listed (their units, signatories, terms)."""
        stored = self.stored_parties.get(agreement.pk, [])
        wanted = dict(parties)
        position = {pk: index for index, (pk, _role) in enumerate(parties)}
        kept = set()
        for party in stored:
            if party.organisation_id not in wanted:
                continue
            kept.add(party.organisation_id)
            role, place = wanted[party.organisation_id], position[party.organisation_id]
            if (party.role, party.position) != (role, place):
                Party.objects.filter(pk=party.pk).update(role=role, position=place)
        removed = [party.pk for party in stored if party.organisation_id not in wanted]
        if removed:
            Party.objects.filter(pk__in=removed).delete()
        added = [
            Party(agreement=agreement, organisation_id=pk, role=role, position=position[pk])
            for pk, role in parties
            if pk not in kept
        ]
        if added:
            Party.objects.bulk_create(added)
        return {party.organisation_id for party in stored} | set(wanted)
