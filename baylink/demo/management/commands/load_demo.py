"""baylink load-demo: load the deterministic demo data set into an empty database."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from baylink.demo.services import DEFAULT_SEED, DemoAlreadyLoaded, demo_load


class Command(BaseCommand):
    help = (
        "Load the demo data: the organisations, initiatives and agreements on the university's "
        "GBA page, plus generated records (flagged as demo data) for 2016/17 to 2025/26."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            load = demo_load(
                seed=options["seed"], on_step=lambda step: self.stdout.write(f"Loading {step}…")
            )
        except DemoAlreadyLoaded:
            self.stdout.write("Demo data is already loaded; nothing to do.")
            return
        for what, count in load.counts.items():
            self.stdout.write(f"  {count:>7,} {what}")
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded in {elapsed:.1f} s."))
