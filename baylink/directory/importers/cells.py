"""Cells that name directory records, as the record imports read them: units, organisations
and lists of partner organisations with their roles.
"""

from django.db import models
from django.utils.translation import gettext as _

from baylink.core.tabular.cells import NAME_SEPARATORS, ROLE_SEPARATORS, choice, choices
from baylink.core.tabular.importing import RowCheck
from baylink.directory.importers.indexes import OrganisationIndex, UnitIndex, UnresolvedError

Partners = list[tuple[int, str]]  # (organisation pk, role), in the order the cell lists them


def cell_unit(
    row: RowCheck, units: UnitIndex, home_pk: int | None, column: str = "unit"
) -> int | None:
    """A unit of the university, by code or name."""
    text = row.cell(column)
    if not text:
        return None
    try:
        return units.find(text, home_pk).pk
    except UnresolvedError as error:
        row.problem(column, str(error))
        return None


def found_organisation(
    row: RowCheck, column: str, text: str, organisations: OrganisationIndex
) -> int | None:
    """An organisation by ROR id or name, else as the resolver reads it (said in a row note)."""
    try:
        pk, note = organisations.find_or_resolve(text)
    except UnresolvedError as error:
        row.problem(column, str(error))
        return None
    if note:
        row.note(note)
    return pk


class PartnersCell:
    """'organisation[:role]' separated by ';' (the organisation a ROR id or a name in any
    script; the role a code or label of `roles`, `default_role` when left out)."""

    def __init__(
        self,
        organisations: OrganisationIndex,
        roles: type[models.TextChoices],
        default_role: str,
        column: str = "partners",
    ) -> None:
        self.organisations = organisations
        self.role_values = roles.values
        self.roles = choices(roles)
        self.default_role = default_role
        self.column = column

    def _partner(self, row: RowCheck, text: str) -> tuple[int, str] | None:
        """One 'organisation[:role]' of the cell (problems reported on the row)."""
        name, role, unknown_role = text, "", ""
        for separator in ROLE_SEPARATORS:
            if separator in text:
                before, after = text.rsplit(separator, 1)
                if choice(after, self.roles):
                    name, role, unknown_role = before.strip(), str(choice(after, self.roles)), ""
                    break
                unknown_role = unknown_role or after.strip()
        if unknown_role:
            # Unless the whole text names an organisation (a ROR URL, a name with a colon),
            # the part after the colon is a role we do not know: say so rather than guess.
            try:
                return self.organisations.find(text), self.default_role
            except UnresolvedError:
                row.problem(
                    self.column,
                    _("“%(role)s” is not a partner role: use %(choices)s.")
                    % {"role": unknown_role, "choices": ", ".join(self.role_values)},
                )
                return None
        pk = found_organisation(row, self.column, name, self.organisations)
        if pk is None:
            return None
        return pk, role or self.default_role

    def read(self, row: RowCheck) -> Partners | None:
        """The partners listed, in order; None when the cell is blank (keep the stored ones)."""
        if not row.cell(self.column):
            return None
        partners: dict[int, str] = {}
        for part in NAME_SEPARATORS.split(row.cell(self.column)):
            text = part.strip()
            if not text:
                continue
            found = self._partner(row, text)
            if found is None:
                continue
            pk, role = found
            if pk in partners:
                row.problem(self.column, _("“%(party)s” is listed twice.") % {"party": text})
                continue
            partners[pk] = role
        return list(partners.items())
