"""Organisation-name resolution against ROR: accuracy, throughput and index build time.

    .venv/bin/python bench/resolution.py [--ror ZIP] [--bench DIR]
                                         [--train [--repeats 3] [--min-precision 0.935]]
                                         [--out CSV]

Reads every CSV in ../shared/bench/resolution (columns source, affiliation, ror_id; an empty
ror_id means the string must not be matched) and the ROR subset dump. Scores like ROR's
published f-score script: a wrong id is a false positive, no id where the gold has one a false
negative, an id where the gold has none a false positive. "Hierarchy-aware" also accepts the
gold record's parent or child. "most specific" is the resolver asked for the unit where a
string names a unit and its parent (the reading a partnership list wants; ROR's gold often
names the parent). A naive exact-name matcher runs in the same process as the baseline.
--train refits the decision model on these files (cross-validated) and saves it to
baylink/resolution/data/model.json; the held-out sets are never available here.
"""

import argparse
import csv
import gc
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from baylink.resolution.engine import (  # noqa: E402
    Resolver,
    iter_ror_dump,
    record_from_ror,
    training,
)
from baylink.resolution.engine.model import MODEL_PATH  # noqa: E402
from baylink.resolution.engine.records import OrgRecord, short_ror_id  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_ROR = SHARED / "data" / "ror" / "ror-subset-v2.zip"
DEFAULT_BENCH = SHARED / "bench" / "resolution"
WARM_UP = 500
TARGETS = "targets: ROR gold strict P >= 0.93 and F1 >= 0.92; GBA F1 >= 0.95; >= 1,000 strings/s"


@dataclass
class Row:
    source: str
    affiliation: str
    gold: str


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def read_rows(directory: Path) -> list[Row]:
    rows = []
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for item in csv.DictReader(handle):
                rows.append(
                    Row(item["source"], item["affiliation"], short_ror_id(item.get("ror_id", "")))
                )
    return rows


def score(
    rows: Sequence[Row],
    predictions: Sequence[str],
    related: Callable[[str, str], bool] | None = None,
) -> Score:
    result = Score()
    for row, predicted in zip(rows, predictions, strict=True):
        if predicted and (
            predicted == row.gold or (related and row.gold and related(predicted, row.gold))
        ):
            result.tp += 1
        elif predicted:
            result.fp += 1
        elif row.gold:
            result.fn += 1
    return result


class ExactNameBaseline:
    """The naive matcher: a comma-separated part equal (case-folded) to one record's name."""

    _SPLIT = re.compile(r"[,;()]")

    def __init__(self, records: Iterable[OrgRecord]) -> None:
        self.names: dict[str, set[str]] = {}
        for record in records:
            for name in record.names:
                if name.kind != "acronym":
                    self.names.setdefault(self._fold(name.value), set()).add(record.key)

    @staticmethod
    def _fold(text: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    def resolve(self, text: str) -> str:
        for part in reversed(self._SPLIT.split(text)):
            keys = self.names.get(self._fold(part), set())
            if len(keys) == 1:
                return next(iter(keys))
        return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ror", type=Path, default=DEFAULT_ROR)
    parser.add_argument("--bench", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--train", action="store_true", help="refit and save the model first")
    parser.add_argument(
        "--repeats",
        type=int,
        default=3,
        help="with --train: cross-validate with this many pairs of fold seeds (1-3)",
    )
    parser.add_argument(
        "--min-precision",
        type=float,
        default=0.935,
        help="with --train: the precision the threshold must keep on out-of-fold answers",
    )
    parser.add_argument("--out", type=Path, help="write per-string predictions (bench/out/...)")
    args = parser.parse_args()

    rows = read_rows(args.bench)
    started = time.perf_counter()
    records = [record_from_ror(item) for item in iter_ror_dump(args.ror)]
    loaded = time.perf_counter()
    resolver = Resolver.build(records)
    built = time.perf_counter()
    print(f"registry: {len(records):,} records from {args.ror.name}")
    print(
        f"read dump {loaded - started:.1f} s; index build {built - loaded:.1f} s (target <= 60 s)"
    )

    cross_validated: list[str] | None = None
    repeats: list[list[str]] = []
    if args.train:
        timer = time.perf_counter()
        model, repeats = training.train_cross_validated(
            resolver,
            [(r.affiliation, r.gold) for r in rows],
            min_precision=args.min_precision,
            repeats=args.repeats,
        )
        cross_validated = repeats[0]
        model.save(MODEL_PATH)
        resolver.model = model
        print(
            f"trained on {len(rows):,} strings in {time.perf_counter() - timer:.0f} s; "
            f"threshold {model.threshold}; saved {MODEL_PATH.relative_to(ROOT)}"
        )

    baseline = ExactNameBaseline(records)
    index = resolver.index

    def related(a: str, b: str) -> bool:
        i, j = index.position.get(a), index.position.get(b)
        return i is not None and j is not None and (j in index.parents[i] or j in index.children[i])

    texts = [r.affiliation for r in rows]
    # Warm-up on the first strings (module caches, OpenCC); only the others are timed, so that
    # no timed string was seen before: what a part of a string resolves to is kept, and a
    # timed pass over strings already seen would measure those caches, not the resolver.
    warmed = [resolver.resolve(text) for text in texts[:WARM_UP]]
    timed = texts[WARM_UP:]
    gc.collect()
    gc.freeze()  # the index is long-lived: keep the collector from rescanning it
    timer, cpu = time.perf_counter(), time.process_time()
    resolutions = warmed + [resolver.resolve(text) for text in timed]
    elapsed, cpu = time.perf_counter() - timer, time.process_time() - cpu
    predictions = [r.key for r in resolutions]
    # The reading a partnership list wants: a unit named with its parent is the unit.
    most_specific = [resolver.resolve(text, most_specific=True).key for text in texts]
    naive = [baseline.resolve(text) for text in texts[:WARM_UP]]
    timer = time.perf_counter()
    naive += [baseline.resolve(text) for text in timed]
    naive_elapsed = time.perf_counter() - timer

    groups: dict[str, list[int]] = {}
    for i, row in enumerate(rows):
        groups.setdefault(row.source, []).append(i)
    groups["ROR gold (crossref+logs)"] = [i for i, r in enumerate(rows) if r.source != "gba"]
    groups["all"] = list(range(len(rows)))

    header = (
        f"{'set':<26}{'n':>6}  {'matcher':<16}{'P':>7}{'R':>7}{'F1':>7}"
        f"   {'hier P':>7}{'hier F1':>8}"
    )
    matchers: list[tuple[str, Sequence[str]]] = [
        ("baylink in-sample", predictions),
        ("most specific", most_specific),
    ]
    if cross_validated is not None:
        # 5-fold: each string answered by a model fitted without it (the honest figure).
        matchers.insert(0, ("baylink CV", cross_validated))
    matchers.append(("naive", naive))
    print()
    print(header)
    print("-" * len(header))
    for name, members in groups.items():
        subset = [rows[i] for i in members]
        for label, values in matchers:
            chosen = [values[i] for i in members]
            strict, hierarchy = score(subset, chosen), score(subset, chosen, related)
            print(
                f"{name:<26}{len(subset):>6}  {label:<16}"
                f"{strict.precision:>7.3f}{strict.recall:>7.3f}{strict.f1:>7.3f}"
                f"   {hierarchy.precision:>7.3f}{hierarchy.f1:>8.3f}"
            )
    if len(repeats) > 1:
        members = groups["ROR gold (crossref+logs)"]
        subset = [rows[i] for i in members]
        f1s = [score(subset, [answers[i] for i in members]).f1 for answers in repeats]
        print(
            f"\nROR gold CV F1 over {len(repeats)} pairs of fold seeds: "
            + ", ".join(f"{f1:.3f}" for f1 in f1s)
            + f" (mean {sum(f1s) / len(f1s):.3f})"
        )
    print()
    print(
        f"throughput: {len(timed) / elapsed:,.0f} strings/s wall clock, "
        f"{len(timed) / cpu:,.0f} strings/s of CPU time (baylink, one process, {len(timed):,} "
        f"strings after a warm-up on {WARM_UP} others); "
        f"naive {len(timed) / naive_elapsed:,.0f} strings/s; "
        f"baylink/naive time ratio {elapsed / naive_elapsed:.1f}x"
    )
    print(TARGETS)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        with args.out.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(
                ["source", "affiliation", "gold", "predicted", "score", "matched_name", "naive"]
            )
            for row, resolution, guess in zip(rows, resolutions, naive, strict=True):
                writer.writerow(
                    [
                        row.source,
                        row.affiliation,
                        row.gold,
                        resolution.key,
                        resolution.score,
                        resolution.matched_name,
                        guess,
                    ]
                )


if __name__ == "__main__":
    main()
