"""`baylink reindex`: rebuild the expertise search index from every profile and lab."""

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from baylink.expertise.indexing import index_everything
from baylink.expertise.management.commands._progress import progress_bars


class Command(BaseCommand):
    help = _(
        "Rebuild the expertise search index (researcher profiles and labs). Texts that have "
        "not changed reuse their cached vectors."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-progress", action="store_true", help=_("Do not show progress bars.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        bars = progress_bars(sys.stderr, enabled=not options["no_progress"])
        stats = index_everything(bars)
        self.stdout.write(
            _("Indexed %(documents)s profiles and labs (%(terms)s terms) in %(seconds).1f s.")
            % {
                "documents": stats.documents,
                "terms": stats.terms,
                "seconds": time.perf_counter() - started,
            }
        )
