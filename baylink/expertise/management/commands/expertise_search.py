"""`baylink expertise-search`: rank researchers for a file of queries and write a TREC run."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from baylink.core.files import replace_file
from baylink.expertise.engine import Hit, Mode
from baylink.expertise.selectors import (
    QueryProblem,
    check_query,
    external_ids,
    researcher_keys,
    search_hits,
)


def read_queries(path: Path) -> list[tuple[str, str]]:
    """(id, text) per line of a JSON Lines file; a bad line is an error naming it."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except OSError as error:
        raise CommandError(
            _("Cannot read %(path)s: %(reason)s") % {"path": path, "reason": error.strerror}
        ) from error
    except UnicodeDecodeError as error:
        raise CommandError(_("%(path)s is not UTF-8 text.") % {"path": path}) from error
    queries: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(
                _("%(path)s line %(line)s: not valid JSON (%(reason)s).")
                % {"path": path, "line": number, "reason": error.msg}
            ) from error
        query_id = raw.get("id") if isinstance(raw, dict) else None
        text = raw.get("text") if isinstance(raw, dict) else None
        if not isinstance(query_id, str) or not query_id.strip() or " " in query_id.strip():
            raise CommandError(
                _("%(path)s line %(line)s: “id” must be a text without spaces.")
                % {"path": path, "line": number}
            )
        if not isinstance(text, str):
            raise CommandError(
                _("%(path)s line %(line)s: “text” must be a text.") % {"path": path, "line": number}
            )
        if query_id in seen:
            raise CommandError(
                _("%(path)s line %(line)s: query id “%(id)s” is repeated.")
                % {"path": path, "line": number, "id": query_id}
            )
        seen.add(query_id)
        queries.append((query_id.strip(), text))
    if not queries:
        raise CommandError(_("%(path)s holds no queries.") % {"path": path})
    return queries


class Command(BaseCommand):
    help = _(
        "Rank researcher profiles for each query of a JSON Lines file (id, text) and write a "
        "TREC run: query_id Q0 external_id rank score tag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--queries", type=Path, required=True, help=_("Queries (.jsonl)."))
        parser.add_argument("--output", type=Path, required=True, help=_("The run file to write."))
        parser.add_argument(
            "--k", type=int, default=100, help=_("Results per query (default 100).")
        )
        parser.add_argument(
            "--mode",
            choices=[mode.value for mode in Mode],
            default=Mode.HYBRID.value,
            help=_("hybrid (default), bm25 or dense."),
        )
        parser.add_argument(
            "--include-labs", action="store_true", help=_("Rank labs as well as researchers.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        k: int = options["k"]
        if not 1 <= k <= 10_000:
            raise CommandError(_("--k must be a whole number from 1 to 10000."))
        mode = Mode(options["mode"])
        queries = read_queries(options["queries"])
        allowed = None if options["include_labs"] else researcher_keys()
        runs: list[tuple[str, list[Hit]]] = []
        for query_id, text in queries:
            try:
                checked = check_query(text)
            except QueryProblem as problem:
                self.stderr.write(f"{query_id}: {problem}")
                runs.append((query_id, []))
                continue
            runs.append((query_id, search_hits(checked, mode=mode, k=k, allowed=allowed)))
        names = external_ids([hit.key for _, hits in runs for hit in hits])
        lines = [
            f"{query_id} Q0 {names.get(hit.key, hit.key)} {rank} {hit.score:.6f} baylink-{mode}"
            for query_id, hits in runs
            for rank, hit in enumerate(hits, start=1)
        ]
        output: Path = options["output"]
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
            replace_file(output, ("\n".join(lines) + ("\n" if lines else "")).encode())
        except OSError as error:
            raise CommandError(
                _("Cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        self.stdout.write(
            _("Wrote %(lines)s results for %(queries)s queries to %(path)s.")
            % {"lines": len(lines), "queries": len(queries), "path": output}
        )
