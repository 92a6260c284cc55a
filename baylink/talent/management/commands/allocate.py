"""baylink allocate: allocate students to placements from a JSON instance."""

import json
import sys
import time
from pathlib import Path
from typing import IO, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext, ngettext

from baylink.core.files import replace_file
from baylink.talent.allocation import InstanceError, Mode, allocate, parse_instance

STDIO = "-"


class Command(BaseCommand):
    help = (
        "Allocate students to placements. INSTANCE.json holds "
        '{"students": [{"id", "preferences": [placement ids, best first]}], '
        '"placements": [{"id", "capacity", "preferences": [student ids, best first] (optional), '
        '"region": gba|local|overseas (optional)}], "pins": [{"student", "placement"}] '
        '(optional), "forbids": [{"student", "placement"}] (optional), "lottery_seed": n '
        "(optional)}. A placement with a list accepts only the students on it; one without a "
        "list accepts everyone and breaks ties by the order of the students in the instance, or "
        "by a lottery (the students shuffled by Python's random.Random(lottery_seed)) when "
        '"lottery_seed" is given. A pin gives the student that placement whatever the '
        "preferences say (pinned students hold one of its places); a forbid makes the pair "
        'unacceptable. Writes {"assignments": {student id: placement id or null}, '
        '"blocking_pairs": n, "stats": {...}}. Every problem in a bad instance is listed and '
        "the command exits with status 1 without writing anything."
    )
    # Lets tests feed standard input through call_command.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--input", required=True, metavar="INSTANCE.json", help="the instance; - reads stdin"
        )
        parser.add_argument(
            "--output", required=True, metavar="RESULT.json", help="the result; - writes stdout"
        )
        parser.add_argument(
            "--mode",
            choices=[mode.value for mode in Mode],
            default=Mode.STABLE.value,
            help="stable: student-proposing deferred acceptance (default); welfare: place the "
            "most students, then minimise the sum of ranks (min-cost flow)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        data = _read(options["input"], options.get("stdin") or sys.stdin)
        try:
            instance = parse_instance(data)
        except InstanceError as error:
            count = len(error.problems)
            heading = ngettext(
                "The instance has %(count)d problem; nothing was allocated:",
                "The instance has %(count)d problems; nothing was allocated:",
                count,
            ) % {"count": count}
            raise CommandError(
                "\n  - ".join([heading, *error.messages(gettext)]), returncode=1
            ) from None
        allocation = allocate(instance, mode=options["mode"])
        text = json.dumps(allocation.as_json(), ensure_ascii=False, indent=1)
        if options["output"] == STDIO:
            self.stdout.write(text)
            return
        _write(Path(options["output"]), text)
        stats = allocation.stats
        self.stdout.write(
            gettext(
                "Placed %(matched)s of %(students)s students (%(rate).1f%%) in %(mode)s mode; "
                "%(blocking)s blocking pairs; mean rank %(mean)s. Result written to %(path)s "
                "in %(seconds).2f s."
            )
            % {
                "matched": f"{stats['matched']:,}",
                "students": f"{stats['students']:,}",
                "rate": stats["match_rate"] * 100,
                "mode": gettext("stable") if allocation.mode is Mode.STABLE else gettext("welfare"),
                "blocking": f"{allocation.blocking_pairs:,}",
                "mean": "–" if stats["mean_rank"] is None else f"{stats['mean_rank']:.2f}",
                "path": options["output"],
                "seconds": time.perf_counter() - started,
            }
        )


def _read(source: str, stdin: IO[Any]) -> object:
    name = gettext("Standard input") if source == STDIO else source
    try:
        if source == STDIO:
            raw = stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read()
        else:
            raw = Path(source).read_bytes()
    except OSError as error:
        raise CommandError(
            gettext("Cannot read %(path)s: %(reason)s.")
            % {"path": source, "reason": error.strerror}
        ) from None
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise CommandError(
            gettext("%(path)s is not UTF-8 text; save the instance as UTF-8 JSON.") % {"path": name}
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CommandError(
            gettext("%(path)s is not valid JSON (line %(line)d, column %(column)d: %(reason)s).")
            % {"path": name, "line": error.lineno, "column": error.colno, "reason": error.msg}
        ) from None


def _write(path: Path, text: str) -> None:
    """Replace the file in one step, so a failed run never leaves half a result behind."""
    try:
        replace_file(path, (text + "\n").encode())
    except OSError as error:
        raise CommandError(
            gettext("Cannot write %(path)s: %(reason)s.")
            % {"path": str(path), "reason": error.strerror}
        ) from None
