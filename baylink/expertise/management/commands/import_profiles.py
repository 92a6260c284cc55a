"""`baylink import-profiles FILE.jsonl`: create or update researcher profiles, then index them."""

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baylink.expertise.importers import ProfileImportError, profiles_import
from baylink.expertise.indexing import index_profiles


class Command(BaseCommand):
    help = _(
        "Import researcher profiles from a JSON Lines file (one profile per line: id, name, "
        "organisation, department, lang, keywords, projects, summary). A profile already "
        "imported with the same id is updated. Nothing is written if any line is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help=_("The .jsonl file to import."))
        parser.add_argument(
            "--no-index",
            action="store_true",
            help=_("Leave the search index as it is (run `baylink reindex` later)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(
                _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
            ) from error
        try:
            report = profiles_import(data=data, actor=None)
        except ProfileImportError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Read %(path)s as %(encoding)s: %(created)s profiles created, %(updated)s "
                "updated, %(unchanged)s unchanged."
            )
            % {
                "path": path,
                "encoding": report.encoding,
                "created": len(report.created),
                "updated": len(report.updated),
                "unchanged": len(report.unchanged),
            }
        )
        if report.changed and not options["no_index"]:
            stats = index_profiles(report.changed)
            self.stdout.write(
                _("The search index now holds %(count)s profiles and labs.")
                % {"count": stats.documents}
            )
        elif report.changed:
            self.stderr.write(_("Run `baylink reindex` to make these profiles searchable."))
        sys.stdout.flush()
