"""baylink import KIND FILE: records of one kind from a CSV file or workbook."""

# ruff: noqa: N999  # Django names a command after its module: `baylink import` is import.py

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baylink.core.tabular import describe, run_import, summary
from baylink.core.tabular.encoding import CHOICES
from baylink.core.tabular.importing import describe_note, encoding_line
from baylink.core.tabular.registry import KINDS


class Command(BaseCommand):
    help = (
        "Import records of one kind from a CSV file (UTF-8 with or without "
        "byte-order mark, Big5-HKSCS or GB18030, detected) or an Excel workbook (.xlsx, first "
        "sheet). Row 1 names the columns (any case); unknown columns are reported and ignored. "
        "Every row is checked first: if any row has a problem, nothing is written and the "
        "command exits with status 1. Rows are matched to stored records (organisations by "
        "ROR id then name; people by e-mail, ORCID iD, then name and organisation; agreements, "
        "projects and KT outputs by reference; initiatives by slug; students by student "
        "number; WIE records by student and placement; facilities by id or name; others by id) "
        "and updated rather than duplicated. A blank cell keeps the stored value."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="what the file holds")
        parser.add_argument("file", help="a .csv or .xlsx file, or - to read standard input")
        parser.add_argument(
            "--encoding",
            choices=CHOICES,
            default="auto",
            help="the CSV file's encoding (default: detect it)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check every row and report what would change, without writing anything",
        )
        parser.add_argument(
            "--user", default="", help="the user the audit log names (default: system)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = KINDS[options["kind"]]
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(_("There is no user “%(user)s”.") % {"user": options["user"]})
        source = options["file"]
        if source == "-":
            data, filename = sys.stdin.buffer.read(), "stdin"
        else:
            path = Path(source)
            try:
                data, filename = path.read_bytes(), path.name
            except OSError as error:
                raise CommandError(
                    _("Cannot read %(file)s: %(reason)s")
                    % {"file": source, "reason": error.strerror}
                ) from error
        importer = kind.importer_class()(actor=actor, source=filename)
        preview = run_import(
            importer,
            data,
            filename=filename,
            encoding=options["encoding"],
            dry_run=options["dry_run"],
        )
        if preview.encoding:
            self.stdout.write(_("Encoding: %(encoding)s") % {"encoding": encoding_line(preview)})
        for warning in preview.warnings:
            self.stdout.write(self.style.WARNING(_("Warning: %(warning)s") % {"warning": warning}))
        for row, note in preview.all_notes:
            self.stdout.write(self.style.NOTICE(describe_note(row, note)))
        problems = preview.all_problems
        for problem in problems:
            self.stdout.write(self.style.ERROR(describe(problem)))
        if preview.rows:
            self.stdout.write(summary(preview))
        if problems:
            raise CommandError(
                ngettext(
                    "%(count)s problem: nothing was imported.",
                    "%(count)s problems: nothing was imported.",
                    len(problems),
                )
                % {"count": len(problems)}
            )
        if preview.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(_("Imported %(file)s.") % {"file": filename}))
