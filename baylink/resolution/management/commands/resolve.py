"""baylink resolve --input IN.csv --output OUT.csv: organisation names -> registry records."""

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baylink.core.files import replace_file
from baylink.core.tabular.reading import read_table
from baylink.core.tabular.writing import neutralise
from baylink.resolution.selectors import resolve_affiliations

COLUMNS = ["affiliation", "ror_id", "organisation_id", "score", "matched_name"]
COLUMN = "affiliation"


def read_affiliations(source: Path) -> list[str]:
    """The column's cells, one per row of the file, blank rows included (the output's rows
    line up with the input's by position alone)."""
    try:
        data = source.read_bytes()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": source, "reason": error.strerror}
        ) from error
    table = read_table(data, filename=source.name)
    # Problems with other columns (a repeated or unnamed one) do not touch what is resolved.
    fatal = [p for p in table.problems if p.row is None or p.column in ("", COLUMN)]
    if fatal:
        where = _("row %(row)s: ") % {"row": fatal[0].row} if fatal[0].row else ""
        raise CommandError(f"{source}: {where}{fatal[0].message}")
    if COLUMN not in table.columns:
        raise CommandError(
            _("%(path)s has no 'affiliation' column (columns found: %(columns)s).")
            % {"path": source, "columns": ", ".join(table.columns) or "-"}
        )
    by_row = {row.number: row.get(COLUMN) for row in table.rows}
    last = max(by_row, default=1)
    return [by_row.get(number, "") for number in range(2, last + 1)]


class Command(BaseCommand):
    help = _(
        "Resolve the organisation names in the 'affiliation' column of a CSV file or Excel "
        "workbook against the registry. Writes a CSV file with the same rows in the same "
        "order with the columns affiliation, ror_id, organisation_id, score and matched_name; "
        "an empty ror_id means no confident match."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, type=Path, help=_("CSV or XLSX with an 'affiliation' column")
        )
        parser.add_argument("--output", required=True, type=Path, help=_("CSV to write"))
        parser.add_argument(
            "--most-specific",
            action="store_true",
            help=_(
                "Where a name gives a unit and its parent (an institute and its academy), "
                "answer the unit; by default the answer follows ROR's own matching."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        if not source.is_file():
            raise CommandError(_("%(path)s does not exist or is not a file.") % {"path": source})
        texts = read_affiliations(source)
        resolutions = resolve_affiliations(texts, most_specific=options["most_specific"])
        written = io.StringIO(newline="")
        writer = csv.writer(written)
        writer.writerow(COLUMNS)
        for text, resolution in zip(texts, resolutions, strict=True):
            # A cell a spreadsheet would run as a formula is marked, as our exports mark it.
            writer.writerow(
                [
                    neutralise(text),
                    resolution.ror_id,
                    resolution.organisation_id or "",
                    f"{resolution.score:.4f}",
                    neutralise(resolution.matched_name) if not resolution.abstained else "",
                ]
            )
        try:
            replace_file(target, written.getvalue().encode("utf-8"))
        except OSError as error:
            raise CommandError(
                _("Could not write %(path)s: %(reason)s")
                % {"path": target, "reason": error.strerror}
            ) from error
        matched = sum(1 for r in resolutions if not r.abstained)
        self.stdout.write(
            _(
                "%(total)s rows resolved: %(matched)s matched, %(abstained)s left blank; "
                "wrote %(path)s."
            )
            % {
                "total": len(texts),
                "matched": matched,
                "abstained": len(texts) - matched,
                "path": target,
            }
        )
