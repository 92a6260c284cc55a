"""baylink resolve --input IN.csv --output OUT.csv: organisation names -> registry records."""

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baylink.resolution.selectors import resolve_affiliations

COLUMNS = ["affiliation", "ror_id", "organisation_id", "score", "matched_name"]
ENCODINGS = ("utf-8-sig", "big5hkscs", "gb18030")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(
        _("%(path)s is not UTF-8, Big5-HKSCS or GB18030 text. Save it as UTF-8 CSV and retry.")
        % {"path": path}
    )


class Command(BaseCommand):
    help = _(
        "Resolve the organisation names in a CSV's 'affiliation' column against the registry. "
        "Writes the same rows in the same order with the columns affiliation, ror_id, "
        "organisation_id, score and matched_name; an empty ror_id means no confident match."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, type=Path, help=_("CSV with an 'affiliation' column")
        )
        parser.add_argument("--output", required=True, type=Path, help=_("CSV to write"))

    def handle(self, *args: Any, **options: Any) -> None:
        source: Path = options["input"]
        target: Path = options["output"]
        if not source.is_file():
            raise CommandError(_("%(path)s does not exist or is not a file.") % {"path": source})
        reader = csv.DictReader(io.StringIO(_read_text(source), newline=""))
        if "affiliation" not in (reader.fieldnames or []):
            raise CommandError(
                _("%(path)s has no 'affiliation' column (columns found: %(columns)s).")
                % {"path": source, "columns": ", ".join(reader.fieldnames or []) or "-"}
            )
        texts = [row.get("affiliation") or "" for row in reader]
        resolutions = resolve_affiliations(texts)
        try:
            with target.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                for text, resolution in zip(texts, resolutions, strict=True):
                    writer.writerow(
                        [
                            text,
                            resolution.ror_id,
                            resolution.organisation_id or "",
                            f"{resolution.score:.4f}",
                            resolution.matched_name if not resolution.abstained else "",
                        ]
                    )
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
