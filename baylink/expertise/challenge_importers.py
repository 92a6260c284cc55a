"""Importing and exporting the industry challenges saved from the expertise finder (CSV or XLSX).

Columns: id, title, status, received_on, industry_partner, text, kt_outputs.

- `id`: a stored challenge's number (as exported) updates it. A row without one updates the
  challenge with the same title (in either Chinese script, any case) and the same industry
  partner, else adds one, so that an enquiry log imported twice is not doubled.
- `title`: left blank on a new challenge, the start of its text (as the finder's form does).
- `status`: a code or label in any of the site's languages; open when a new challenge leaves
  it blank.
- `received_on`: the day the enquiry reached the university (YYYY-MM-DD, not in the future);
  today when a new challenge leaves it blank.
- `industry_partner`: an organisation's name in any script, an alias or a ROR id; a name the
  directory does not know becomes a new local company when the import is written.
- `text`: the problem as the company put it; needed for a new challenge.
- `kt_outputs`: the references of the KT outputs (contracts, consultancies...) it led to,
  separated by commas; they replace the recorded ones. A challenge not yet matched that gains
  one becomes matched, unless the row gives its status. A dash (-) or "none" (無 / 无) takes
  every recorded one off: a blank cell keeps them. Needs the permission to read KT outputs.

A blank cell leaves the stored value. Each challenge written gets an entry on its History.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from baylink.core.audit import Snapshot, snapshot
from baylink.core.http import record_id
from baylink.core.tabular.auditing import AuditBatch
from baylink.core.tabular.cells import (
    LIST_SEPARATORS,
    References,
    as_text,
    batches,
    cell_choice,
    cell_date,
    choices,
    clean_cells,
)
from baylink.core.tabular.importing import Importer, Planned, RowCheck, RowError, clean_fields_of
from baylink.core.tabular.preview import ERROR, UNCHANGED, RowPreview
from baylink.core.tabular.reading import SourceRow
from baylink.directory.importers.indexes import (
    OrganisationIndex,
    UnknownNameError,
    UnresolvedError,
    folded,
)
from baylink.directory.models import Organisation
from baylink.expertise.models import SEE_OUTCOMES, Challenge
from baylink.expertise.services import (
    BEFORE_MATCHED,
    UNAUDITED,
    challenge_search_text,
    challenge_title,
    partner_for_name,
)
from baylink.research.models import KnowledgeTransferOutput

# The list separators, kept by a split: a reference that holds one is read whole.
SEPARATED = re.compile(f"({LIST_SEPARATORS.pattern})")

COLUMNS = ("id", "title", "status", "received_on", "industry_partner", "text", "kt_outputs")
# A kt_outputs cell that takes the recorded outcomes off (a blank cell keeps them, so that a file
# exported without them, for a role that may not read them, imports back unchanged).
NO_OUTCOMES = frozenset({"-", "–", "—", "none", "無", "无"})
CLEANED_FIELDS = ("title", "text", "status", "received_on")

# A stored challenge as a row without `id` finds it: its folded title and its partner's pk.
MatchKey = tuple[str, int | None]
# A challenge added by an earlier row: folded title, partner's pk, folded name of a new partner.
AddedKey = tuple[str, int | None, str]


def challenge_row(challenge: Challenge, partner: str, outcomes: Iterable[str]) -> list[Any]:
    """A challenge as the import reads it; `partner` is how the cell names its partner,
    `outcomes` the references of the KT outputs it led to."""
    return [
        challenge.pk or "",
        challenge.title,
        challenge.status,
        challenge.received_on,
        partner,
        challenge.text,
        ", ".join(sorted(outcomes)),
    ]


def export_options(user: User | AnonymousUser) -> dict[str, Any]:
    """Who may not read KT outputs gets the kt_outputs column blank (which imports back as
    "keep what is recorded")."""
    return {"with_outcomes": user.has_perm(SEE_OUTCOMES)}


def export_challenges(
    queryset: QuerySet[Challenge], *, with_outcomes: bool = True
) -> Iterator[list[Any]]:
    """In the order of the queryset: the staff list's sort, when exported from it."""
    organisations = OrganisationIndex()
    if with_outcomes:
        queryset = queryset.prefetch_related(
            Prefetch("outcomes", queryset=KnowledgeTransferOutput.objects.only("reference"))
        )
    for challenge in queryset.iterator(chunk_size=2000):
        partner = organisations.label(challenge.partner_id) if challenge.partner_id else ""
        outcomes = challenge.outcomes.all() if with_outcomes else []
        yield challenge_row(challenge, partner, (output.reference for output in outcomes))


def _row_title(row: RowCheck) -> str:
    return challenge_title(row.cell("title"), row.cell("text"))


@dataclass(frozen=True)
class PartnerCell:
    """The industry partner a row names: a stored organisation, or the name of a new one."""

    pk: int | None = None
    new_name: str = ""


def _added_key(row: RowCheck, partner: PartnerCell | None) -> AddedKey:
    if partner is None:
        return folded(_row_title(row)), None, ""
    return folded(_row_title(row)), partner.pk, folded(partner.new_name)


@dataclass
class ChallengePlan:
    challenge: Challenge
    before: Snapshot = field(default_factory=dict)  # empty for a new challenge
    new_partner: str = ""  # the name of a company to add to the directory as its partner
    outcomes: list[int] | None = None  # the KT outputs it led to; None: keep the recorded ones


class ChallengeImporter(Importer[ChallengePlan]):
    kind = "challenges"
    columns = COLUMNS
    one_of_columns = ("id", "title", "text")

    def prepare(self, rows: Sequence[SourceRow]) -> None:
        self.organisations = OrganisationIndex()
        self.statuses = choices(Challenge.Status)
        titles = {folded(challenge_title(row.get("title"), row.get("text"))) for row in rows}
        self.by_key: dict[MatchKey, list[int]] = defaultdict(list)
        for pk, title, partner_id in Challenge.objects.values_list(
            "pk", "title", "partner_id"
        ).order_by("pk"):
            if (key := folded(title)) in titles:
                self.by_key[key, partner_id].append(pk)
        ids = {found for row in rows if (found := record_id(row.get("id"))) is not None}
        wanted = sorted(ids | {pk for pks in self.by_key.values() for pk in pks})
        self.by_id: dict[int, Challenge] = {}
        for batch in batches(wanted):
            # Locked until the import ends: nobody changes them between check and write.
            for challenge in Challenge.objects.select_for_update().filter(pk__in=batch):
                self.by_id[challenge.pk] = challenge
        # Every KT output's reference (as the KT import matches them): a cell finds one as
        # written, else case-folded when only one has that reference in any case.
        stored = KnowledgeTransferOutput.objects.values_list("reference", "pk").order_by()
        self.kt_references = References(stored)
        self.outcome_references = {
            pk: reference for reference, pk in self.kt_references.exact.items()
        }
        self.stored_outcomes: dict[int, list[int]] = defaultdict(list)
        through = Challenge.outcomes.through._default_manager
        for batch in batches(sorted(self.by_id)):
            for challenge_id, output_id in through.filter(challenge_id__in=batch).values_list(
                "challenge_id", "knowledgetransferoutput_id"
            ):
                self.stored_outcomes[challenge_id].append(output_id)
        self.claimed: dict[int, int] = {}  # challenge pk -> the row that updates it
        self.added: dict[AddedKey, int] = {}  # the challenges added so far -> their row

    def _outcomes(self, row: RowCheck) -> list[int] | None:
        """The KT outputs the cell lists, in order and once each; None when it is blank."""
        text = row.cell("kt_outputs")
        if not text:
            return None
        if text.casefold() in NO_OUTCOMES and self.kt_references.find(text) is None:
            return []
        found: list[int] = []
        for reference, pk in self._references_in(text):
            if pk is None:
                row.problem(
                    "kt_outputs",
                    _("There is no KT output with the reference “%(reference)s”.")
                    % {"reference": reference},
                )
            elif pk not in found:
                found.append(pk)
        return found

    def _references_in(self, text: str) -> Iterator[tuple[str, int | None]]:
        """Each reference the text lists, with its KT output (None: there is none). A reference
        may itself hold a separator (CR/2024;07): the longest run of pieces that names a KT
        output is taken as one."""
        parts = SEPARATED.split(text)
        pieces, separators = parts[0::2], parts[1::2]
        start = 0
        while start < len(pieces):
            for end in range(len(pieces) - 1, start - 1, -1):
                joined = pieces[start] + "".join(
                    separators[i] + pieces[i + 1] for i in range(start, end)
                )
                pk = self.kt_references.find(joined.strip()) if joined.strip() else None
                if pk is not None:
                    yield joined.strip(), pk
                    start = end + 1
                    break
            else:
                if pieces[start].strip():
                    yield pieces[start].strip(), None
                start += 1

    def _may_record_outcomes(self, row: RowCheck) -> None:
        if isinstance(self.actor, User) and not self.actor.has_perm(SEE_OUTCOMES):
            row.problem("kt_outputs", _("Your role may not read KT outputs, so not record them."))

    def _outcome_labels(self, pks: Sequence[int]) -> list[str]:
        return [self.outcome_references[pk] for pk in pks if pk in self.outcome_references]

    def _partner(self, row: RowCheck) -> PartnerCell | None:
        """The partner the cell names; None when it is blank or names nothing usable."""
        text = row.cell("industry_partner")
        if not text:
            return None
        try:
            pk, note = self.organisations.find_or_resolve(text)
        except UnknownNameError:
            company = Organisation(name_en=text)
            try:
                clean_fields_of(company, ["name_en"])
            except ValidationError as error:
                row.validation_error(error, {"name_en": "industry_partner"})
                return None
            row.note(
                _("No organisation is called “%(name)s”: it will be added as a company.")
                % {"name": text}
            )
            return PartnerCell(new_name=text)
        except UnresolvedError as error:
            row.problem("industry_partner", str(error))
            return None
        if note:
            row.note(note)
        return PartnerCell(pk=pk)

    def _status(self, row: RowCheck) -> str | None:
        return cell_choice(
            row,
            "status",
            Challenge.Status,
            self.statuses,
            unknown=_("“%(value)s” is not a status of a challenge: use %(choices)s."),
        )

    def _by_id(self, row: RowCheck) -> Challenge | None:
        text = row.cell("id")
        pk = record_id(text)
        found = self.by_id.get(pk) if pk is not None else None
        if found is None:
            row.problem("id", _("There is no challenge %(id)s.") % {"id": text})
        return found

    def _by_title(self, row: RowCheck, partner: PartnerCell | None) -> Challenge | None:
        if partner is not None and partner.new_name:
            return None  # a new organisation has no challenges yet
        key = (folded(_row_title(row)), partner.pk if partner else None)
        found = self.by_key.get(key, [])
        if len(found) > 1:
            row.problem(
                "title",
                _(
                    "Challenges %(ids)s have this title and industry partner: give the id of "
                    "the one to change."
                )
                % {"ids": ", ".join(str(pk) for pk in found)},
            )
            return None
        return self.by_id.get(found[0]) if found else None

    def _partner_label(self, challenge: Challenge) -> str:
        pk = challenge.partner_id
        return self.organisations.label(pk) if pk else ""

    def _refuse_repeats(
        self, row: RowCheck, existing: Challenge | None, partner: PartnerCell | None
    ) -> None:
        """Two rows may not change the same challenge, nor add the same one."""
        if existing is not None:
            if existing.pk in self.claimed:
                row.problem(
                    "id" if row.cell("id") else "title",
                    _("Row %(row)s changes the same challenge.")
                    % {"row": self.claimed[existing.pk]},
                )
        elif (added := self.added.get(_added_key(row, partner))) is not None:
            row.problem("title", _("Row %(row)s adds the same challenge.") % {"row": added})

    def _matched(self, row: RowCheck, partner: PartnerCell | None) -> Challenge | None:
        """The stored challenge the row changes; None for a new one (or a problem)."""
        if row.cell("id"):
            return self._by_id(row)
        existing = self._by_title(row, partner)
        if existing is None and not row.has_problems() and not row.cell("text"):
            row.problem("text", _("Give the text of a new challenge."))
        return existing

    def check(self, row: RowCheck) -> Planned[ChallengePlan]:
        label = _row_title(row)
        partner = self._partner(row)
        # A partner that could not be read leaves unknown which challenge the row means.
        existing = self._matched(row, partner) if not row.has_problems() else None
        if not row.has_problems():
            self._refuse_repeats(row, existing, partner)
        status = self._status(row)
        received_on = cell_date(row, "received_on")
        outcomes = self._outcomes(row)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        challenge = existing or Challenge(
            created_by=self.actor if isinstance(self.actor, User) else None
        )
        before_row, before = {}, {}
        stored_outcomes = sorted(self.stored_outcomes.get(challenge.pk, [])) if existing else []
        if existing is not None:
            before_row = as_text(
                COLUMNS,
                challenge_row(
                    existing,
                    self._partner_label(existing),
                    self._outcome_labels(stored_outcomes),
                ),
            )
            before = snapshot(existing, exclude=UNAUDITED) | {"outcomes": stored_outcomes}
        if existing is None:
            challenge.title = label
        elif row.cell("id") and row.cell("title"):
            # Found by its title, a challenge keeps it as stored (the file may write it in the
            # other script); found by its id, it takes the title the file gives.
            challenge.title = challenge_title(row.cell("title"), "")
        if row.cell("text"):
            challenge.text = row.cell("text")
        if outcomes is not None and sorted(outcomes) == stored_outcomes:
            outcomes = None  # listed as they are (an exported file): nothing to rewrite
        elif outcomes is not None:
            self._may_record_outcomes(row)
        if status is not None:
            challenge.status = status
        elif challenge.status in BEFORE_MATCHED and set(outcomes or []) - set(stored_outcomes):
            challenge.status = Challenge.Status.MATCHED  # as recording one on its page does
        if received_on is not None:
            challenge.received_on = received_on
        if partner is not None and partner.pk is not None:
            challenge.partner_id = partner.pk
        clean_cells(row, challenge, CLEANED_FIELDS)
        if row.has_problems():
            return Planned(RowPreview(row.number, ERROR, label))
        new_partner = partner.new_name if partner is not None else ""
        if existing is not None:
            self.claimed[existing.pk] = row.number
            partner_label = new_partner or self._partner_label(challenge)
            listed = stored_outcomes if outcomes is None else outcomes
            after_row = challenge_row(
                challenge,
                partner_label,
                self._outcome_labels(listed),
            )
            changes = self.changes(before_row, as_text(COLUMNS, after_row))
        else:
            self.added[_added_key(row, partner)] = row.number
            changes = []
        action = self.action(existing is None, changes)
        preview = RowPreview(row.number, action, challenge.title, changes)
        if action == UNCHANGED:
            return Planned(preview)
        return Planned(preview, ChallengePlan(challenge, before, new_partner, outcomes))

    def write(self, plans: Sequence[Planned[ChallengePlan]]) -> None:
        added: dict[str, Organisation] = {}  # folded name -> the company added for it
        with AuditBatch(self.actor) as audit:
            for planned in plans:
                plan = planned.payload
                assert plan is not None  # checked rows carry their plan
                challenge = plan.challenge
                if plan.new_partner:
                    key = folded(plan.new_partner)
                    if key not in added:
                        added[key] = self._add_company(planned.preview.row, plan.new_partner)
                    challenge.partner = added[key]
                if not challenge.share_token:
                    challenge.share_token = Challenge.new_token()
                challenge.search_text = challenge_search_text(challenge)
                challenge.save()
                outcomes = plan.outcomes
                if outcomes is not None:
                    challenge.outcomes.set(outcomes)
                else:
                    outcomes = plan.before.get("outcomes", [])
                audit.add(
                    challenge,
                    before=plan.before,
                    after=snapshot(challenge, exclude=UNAUDITED) | {"outcomes": sorted(outcomes)},
                    note=self.audit_note(planned.preview.row),
                )

    def _add_company(self, row: int, name: str) -> Organisation:
        try:
            company = partner_for_name(actor=self.actor, name=name)
        except ValidationError as error:
            raise RowError(row, "industry_partner", "; ".join(error.messages)) from error
        assert company is not None  # the name is not blank
        return company
