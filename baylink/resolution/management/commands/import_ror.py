"""baylink import-ror PATH: load or refresh the registry from a ROR schema-v2 data dump."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from tqdm import tqdm

from baylink.resolution.services import ror_import


class Command(BaseCommand):
    help = _(
        "Import a ROR schema-v2 data dump (.zip, .json or .json.gz): creates new organisations, "
        "updates changed ones, marks inactive and withdrawn ones, keeps parent, child and "
        "successor links. Re-importing the same dump changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help=_("the ROR dump (.zip, .json or .json.gz)"))
        parser.add_argument(
            "--no-progress", action="store_true", help=_("do not show the progress bar")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(_("%(path)s does not exist or is not a file.") % {"path": path})
        with tqdm(
            desc=_("ROR records"),
            unit=" " + pgettext("count", "records"),
            file=sys.stderr,
            disable=options["no_progress"],
            mininterval=0.5,
        ) as bar:
            try:
                report = ror_import(path=path, progress=bar.update)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            _(
                "%(records)s records read: %(created)s created, %(updated)s updated, "
                "%(unchanged)s unchanged, %(withdrawn)s marked inactive or withdrawn; "
                "%(curated)s curated names in place."
            )
            % {
                "records": f"{report.records:,}",
                "created": f"{report.created:,}",
                "updated": f"{report.updated:,}",
                "unchanged": f"{report.unchanged:,}",
                "withdrawn": f"{report.withdrawn:,}",
                "curated": f"{report.curated_names:,}",
            }
        )
