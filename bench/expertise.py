"""Cross-lingual expertise search: quality on the development set, speed at 100,000 profiles.

    .venv/bin/python bench/expertise.py [--size 100000] [--sample 5000] [--skip-scale] [--cv]

Quality: a fresh SQLite database under bench/out/expertise/dev/ is filled by
`baylink import-profiles ../shared/bench/expertise/profiles.jsonl` (the importer ignores the
annotators' `topics`), and `baylink expertise-search` writes a TREC run for each mode (bm25,
dense, hybrid) in the same run. Reported: nDCG@10 (gains 2/1/0), Recall@20 (grade >= 1), MRR
(first grade-2 profile), overall, per query language and per (query language -> profile
language) pair as ../shared/bench/expertise/README.md defines them. Because a pair cell counts
only the relevant profiles of one language while ranking over all, even a perfect ranking
scores below 1 there; the "ideal" line gives that ceiling (mean of 50 random tie orders), and a
linear programme bounds the least spread that a perfect ranking can reach. A
variant that is 1 for a perfect ranking is printed too: each cell's ranking with the relevant
profiles of the other languages removed (condensed lists), not counted as misses.

--cv: the hybrid fusion settings (engine Tuning: lexical weight, cross-language neighbours,
feedback, smoothing) are chosen by 5-fold cross-validation over the dev queries (folds by query,
stratified by query language, three shuffles); the held-out folds' nDCG@10 is reported next to
each setting's full-dev figure.

Scale: a generated trilingual corpus (bench/_expertise_corpus.py, fixed seed) is indexed by
the engine directly in a separate process: lexical build time (analysis with jieba + postings),
dense encoding rate measured on the first --sample profiles (the full dense time is
extrapolated from it; the other profiles' vectors are replayed from the sample so that the
index has its full size), query latency p50/p95 (dev queries plus generated ones, hybrid, k=100)
and peak memory (max RSS of the process; forked workers reported apart).
Targets: hybrid nDCG@10 >= 0.85 and >= 1.5 x bm25; query languages within 0.05; pairs within
0.10; p95 <= 100 ms; lexical <= 2 min and dense <= 30 min at 100,000; <= 2 GB.
"""

import argparse
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "bench" / "expertise"
OUT = ROOT / "bench" / "out" / "expertise"
MODES = ("bm25", "dense", "hybrid")
LANGUAGES = ("en", "zh-Hant", "zh-Hans")

Qrels = dict[str, dict[str, int]]
Run = dict[str, list[str]]


# ---------- metrics ----------
def ndcg(ranked: list[str], relevant: dict[str, int], depth: int = 10) -> float:
    gain = sum(relevant.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:depth]))
    ideal = sorted(relevant.values(), reverse=True)[:depth]
    best = sum(grade / math.log2(i + 2) for i, grade in enumerate(ideal))
    return gain / best if best else 0.0


def recall(ranked: list[str], relevant: dict[str, int], depth: int = 20) -> float:
    wanted = {doc for doc, grade in relevant.items() if grade >= 1}
    return len(wanted & set(ranked[:depth])) / len(wanted) if wanted else 0.0


def mrr(ranked: list[str], relevant: dict[str, int]) -> float:
    for rank, doc in enumerate(ranked, start=1):
        if relevant.get(doc, 0) >= 2:
            return 1.0 / rank
    return 0.0


def read_qrels(path: Path) -> Qrels:
    qrels: Qrels = defaultdict(dict)
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            query, _, doc, grade = line.split()
            qrels[query][doc] = int(grade)
    return qrels


def read_run(path: Path) -> Run:
    run: Run = defaultdict(list)
    for line in path.read_text(encoding="utf-8").splitlines():
        query, _, doc, _rank, _score, _tag = line.split()
        run[query].append(doc)
    return run


def evaluate(
    run: Run, qrels: Qrels, query_language: dict[str, str], profile_language: dict[str, str]
) -> dict[str, object]:
    overall: dict[str, list[float]] = defaultdict(list)
    by_language: dict[str, list[float]] = defaultdict(list)
    pairs: dict[str, list[float]] = defaultdict(list)
    condensed: dict[str, list[float]] = defaultdict(list)
    for query, relevant in qrels.items():
        ranked = run.get(query, [])
        overall["ndcg@10"].append(ndcg(ranked, relevant))
        overall["recall@20"].append(recall(ranked, relevant))
        overall["mrr"].append(mrr(ranked, relevant))
        by_language[query_language[query]].append(ndcg(ranked, relevant))
        for language in LANGUAGES:
            cell = {d: g for d, g in relevant.items() if profile_language[d] == language}
            if any(grade > 0 for grade in cell.values()):
                pairs[f"{query_language[query]}->{language}"].append(ndcg(ranked, cell))
                # The variant: relevant profiles of the other languages are left out of the
                # ranking (not counted as misses), so a perfect ranking scores 1 in every cell.
                others = {d for d, g in relevant.items() if g > 0 and d not in cell}
                kept = [doc for doc in ranked if doc not in others]
                condensed[f"{query_language[query]}->{language}"].append(ndcg(kept, cell))
    return {
        "overall": {name: statistics.mean(values) for name, values in overall.items()},
        "languages": {name: statistics.mean(values) for name, values in by_language.items()},
        "pairs": {name: statistics.mean(values) for name, values in sorted(pairs.items())},
        "pairs_condensed": {
            name: statistics.mean(values) for name, values in sorted(condensed.items())
        },
        "pair_queries": {name: len(values) for name, values in sorted(pairs.items())},
    }


def ideal_run(qrels: Qrels, documents: list[str], seed: int) -> Run:
    rng = random.Random(seed)
    run = {}
    for query, relevant in qrels.items():
        shuffled = documents[:]
        rng.shuffle(shuffled)
        run[query] = sorted(shuffled, key=lambda doc: -relevant.get(doc, 0))
    return run


def spread(values: dict[str, float]) -> float:
    return max(values.values()) - min(values.values())


def least_pair_spread(
    qrels: Qrels, query_language: dict[str, str], profile_language: dict[str, str]
) -> float:
    """A lower bound on the pair spread of every perfect ranking (grade 2, then 1, then 0).

    A perfect ranking may still order each grade's profiles by language as it likes. A cell's
    DCG is linear in which positions its language holds, and the discount falls with rank, so
    every order within a grade lies in the convex hull of the orders that place the languages
    in blocks (rearrangement inequality). A linear programme over mixtures of the 6 x 6 block
    orders per query therefore bounds from below the spread any perfect ranking can reach.
    """
    import itertools

    import numpy as np
    from scipy.optimize import linprog

    orders = list(itertools.permutations(LANGUAGES))
    options: list[tuple[str, list[dict[str, float]]]] = []
    for query, relevant in qrels.items():
        per_order = []
        for first, second in itertools.product(orders, orders):
            ranked = [
                doc
                for grade, order in ((2, first), (1, second))
                for language in order
                for doc in sorted(relevant)
                if relevant[doc] == grade and profile_language[doc] == language
            ]
            cells = {}
            for language in LANGUAGES:
                cell = {d: g for d, g in relevant.items() if profile_language[d] == language}
                if any(grade > 0 for grade in cell.values()):
                    cells[f"{query_language[query]}->{language}"] = ndcg(ranked, cell)
            per_order.append(cells)
        options.append((query, per_order))
    names = sorted({name for _, per_order in options for name in per_order[0]})
    counts = {name: sum(name in per_order[0] for _, per_order in options) for name in names}
    width = sum(len(per_order) for _, per_order in options)
    high, low = width, width + 1  # the last two variables: the highest and lowest cell mean
    objective = np.zeros(width + 2)
    objective[high], objective[low] = 1.0, -1.0
    bounds_rows, equal_rows = [], []
    offset = 0
    for _, per_order in options:
        equal = np.zeros(width + 2)
        equal[offset : offset + len(per_order)] = 1.0
        equal_rows.append(equal)
        offset += len(per_order)
    for name in names:
        mean = np.zeros(width + 2)
        offset = 0
        for _, per_order in options:
            for i, cells in enumerate(per_order):
                mean[offset + i] = cells.get(name, 0.0) / counts[name]
            offset += len(per_order)
        below_high, above_low = mean.copy(), -mean
        below_high[high], above_low[low] = -1.0, 1.0
        bounds_rows += [below_high, above_low]
    solution = linprog(
        objective,
        A_ub=np.array(bounds_rows),
        b_ub=np.zeros(len(bounds_rows)),
        A_eq=np.array(equal_rows),
        b_eq=np.ones(len(equal_rows)),
        bounds=[(0.0, 1.0)] * width + [(None, None)] * 2,
    )
    if not solution.success:
        raise RuntimeError(f"the linear programme failed: {solution.message}")
    return float(solution.fun)


# ---------- development set through the commands ----------
def quality(cv: bool = False) -> dict[str, object]:
    folder = OUT / "dev"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    os.environ["BAYLINK_DATA_DIR"] = str(folder)
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'baylink.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baylink.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("import_profiles", str(SHARED / "profiles.jsonl"))
    import_seconds = time.perf_counter() - started
    profiles = [json.loads(line) for line in (SHARED / "profiles.jsonl").open(encoding="utf-8")]
    queries = [json.loads(line) for line in (SHARED / "queries.jsonl").open(encoding="utf-8")]
    qrels = read_qrels(SHARED / "qrels.tsv")
    query_language = {query["id"]: query["lang"] for query in queries}
    profile_language = {profile["id"]: profile["lang"] for profile in profiles}
    results: dict[str, object] = {"import_seconds": import_seconds}
    for mode in MODES:
        path = folder / f"run-{mode}.tsv"
        started = time.perf_counter()
        call_command(
            "expertise_search",
            "--queries", str(SHARED / "queries.jsonl"),
            "--output", str(path),
            "--mode", mode,
        )  # fmt: skip
        seconds = time.perf_counter() - started
        scores = evaluate(read_run(path), qrels, query_language, profile_language)
        scores["seconds_per_query"] = seconds / len(queries)
        results[mode] = scores
    documents = [profile["id"] for profile in profiles]
    ideal_pairs: dict[str, list[float]] = defaultdict(list)
    for seed in range(50):
        cells = evaluate(ideal_run(qrels, documents, seed), qrels, query_language, profile_language)
        for name, value in cells["pairs"].items():  # type: ignore[attr-defined]
            ideal_pairs[name].append(value)
    results["ideal_pairs"] = {name: statistics.mean(v) for name, v in ideal_pairs.items()}
    results["least_pair_spread"] = least_pair_spread(qrels, query_language, profile_language)
    if cv:
        results["cv"] = cross_validation(queries, qrels, query_language)
    return results


# ---------- cross-validation of the fusion settings ----------
def tuning_grid() -> dict[str, object]:
    """Named Tuning variants around the defaults (the first is the engine's default)."""
    from baylink.expertise.engine.index import Tuning

    grid: dict[str, object] = {"default": Tuning()}
    for weight in (0.3, 0.4, 0.5, 0.6):
        for neighbours in (1, 2):
            for documents, feedback in ((0, 0.0), (3, 0.5)):
                for smoothing in (0.0, 0.3):
                    name = f"lw={weight} n={neighbours} fb={documents} sm={smoothing}"
                    grid[name] = Tuning(
                        lexical_weight=weight,
                        translation_neighbours=neighbours,
                        feedback_documents=documents,
                        feedback_weight=feedback,
                        smoothing_weight=smoothing,
                    )
    grid["before (single translation at 0.6, no feedback, no smoothing)"] = Tuning(
        lexical_weight=0.4,
        translation_threshold=0.6,
        translation_neighbours=1,
        feedback_documents=0,
        feedback_weight=0.0,
        smoothing_weight=0.0,
    )
    return grid


def query_folds(query_language: dict[str, str], folds: int, seed: int) -> list[list[str]]:
    """Queries dealt into folds, each query language spread evenly."""
    rng = random.Random(seed)
    dealt: list[list[str]] = [[] for _ in range(folds)]
    for language in LANGUAGES:
        ids = sorted(query for query, found in query_language.items() if found == language)
        rng.shuffle(ids)
        for position, query in enumerate(ids):
            dealt[position % folds].append(query)
    return dealt


def cross_validation(
    queries: list[dict[str, str]],
    qrels: Qrels,
    query_language: dict[str, str],
    folds: int = 5,
    seeds: Sequence[int] = (0, 1, 2),
) -> dict[str, object]:
    """Pick the setting on k-1 folds of queries, score it on the held-out fold; repeat.

    The hybrid ranking of every grid setting is computed once through the engine (on the
    index the commands built); the choice of setting never sees the fold it is scored on.
    """
    from baylink.expertise import indexing, selectors

    index = indexing.expertise_index()
    external = selectors.external_ids(index.keys())
    chosen_tuning = index.tuning
    per_query: dict[str, dict[str, float]] = {}
    try:
        for name, tuning in tuning_grid().items():
            index.tuning = tuning  # type: ignore[assignment]
            per_query[name] = {
                query["id"]: ndcg(
                    [external[hit.key] for hit in index.search(query["text"], k=100)],
                    qrels[query["id"]],
                )
                for query in queries
            }
    finally:
        index.tuning = chosen_tuning
    outer: list[float] = []
    picks: dict[str, int] = defaultdict(int)
    for seed in seeds:
        scored: dict[str, float] = {}
        dealt = query_folds(query_language, folds, seed)
        for held_out in dealt:
            train = [query for fold in dealt if fold is not held_out for query in fold]
            best = max(
                per_query, key=lambda name: statistics.mean(per_query[name][q] for q in train)
            )
            picks[best] += 1
            scored.update({query: per_query[best][query] for query in held_out})
        outer.append(statistics.mean(scored.values()))
    full = {name: statistics.mean(values.values()) for name, values in per_query.items()}
    return {
        "folds": folds,
        "seeds": list(seeds),
        "cv_ndcg@10": statistics.mean(outer),
        "cv_ndcg@10_per_seed": outer,
        "picked": dict(sorted(picks.items(), key=lambda item: -item[1])),
        "full_dev_ndcg@10": full,
    }


def print_cv(result: dict[str, object]) -> None:
    full = result["full_dev_ndcg@10"]
    assert isinstance(full, dict)
    print(
        f"\n## Cross-validation of the fusion settings ({result['folds']}-fold by query, "
        f"stratified by query language, seeds {result['seeds']})\n"
    )
    per_seed = ", ".join(f"{value:.3f}" for value in result["cv_ndcg@10_per_seed"])  # type: ignore[attr-defined]
    print(f"hybrid nDCG@10, held-out folds: {result['cv_ndcg@10']:.3f} (per seed {per_seed})")
    print(f"settings picked on the training folds: {result['picked']}\n")
    print("| setting | full-dev nDCG@10 |")
    print("|---|---|")
    for name, value in sorted(full.items(), key=lambda item: -item[1]):
        print(f"| {name} | {value:.3f} |")


def print_quality(results: dict[str, object]) -> None:
    print(f"\n## Development set ({SHARED}): 160 profiles, 60 queries")
    print(f"import-profiles: {results['import_seconds']:.1f} s\n")
    print("| mode | nDCG@10 | Recall@20 | MRR | en | zh-Hant | zh-Hans | lang spread | s/query |")
    print("|---|---|---|---|---|---|---|---|---|")
    for mode in MODES:
        scores = results[mode]
        assert isinstance(scores, dict)
        overall, languages = scores["overall"], scores["languages"]
        print(
            f"| {mode} | {overall['ndcg@10']:.3f} | {overall['recall@20']:.3f} | "
            f"{overall['mrr']:.3f} | "
            + " | ".join(f"{languages[lang]:.3f}" for lang in LANGUAGES)
            + f" | {spread(languages):.3f} | {scores['seconds_per_query']:.3f} |"
        )
    hybrid, bm25 = results["hybrid"], results["bm25"]
    assert isinstance(hybrid, dict)
    assert isinstance(bm25, dict)
    ratio = hybrid["overall"]["ndcg@10"] / max(bm25["overall"]["ndcg@10"], 1e-9)
    print(f"\nhybrid / bm25 nDCG@10 = {ratio:.2f} (target >= 1.5)")
    ideal = results["ideal_pairs"]
    assert isinstance(ideal, dict)
    counts = hybrid["pair_queries"]
    print("\nnDCG@10 per query language -> profile language (README definition)\n")
    print("| pair | queries | bm25 | dense | hybrid | ideal ranking | hybrid / ideal |")
    print("|---|---|---|---|---|---|---|")
    for name in ideal:
        cells = [results[mode]["pairs"].get(name, 0.0) for mode in MODES]  # type: ignore[index]
        print(
            f"| {name} | {counts[name]} | "
            + " | ".join(f"{value:.3f}" for value in cells)
            + f" | {ideal[name]:.3f} | {cells[2] / ideal[name]:.2f} |"
        )
    pairs = hybrid["pairs"]
    relative = {name: pairs[name] / ideal[name] for name in pairs}
    print(
        f"\nhybrid pair spread: {spread(pairs):.3f} (ideal ranking's own spread "
        f"{spread(ideal):.3f}); spread of hybrid / ideal: {spread(relative):.3f}"
    )
    print(
        "the least pair spread of a perfect ranking (grade 2, then 1, then 0), whatever its "
        f"order within a grade (linear-programme bound): {results['least_pair_spread']:.3f}; "
        "a ranking below the ideal that trades order for balance between languages can spread "
        "less"
    )
    print(
        "\nVariant (condensed lists): other-language relevant profiles are removed from the "
        "ranking instead of counting as misses; a perfect ranking scores 1.000 in every cell.\n"
    )
    print("| pair | queries | bm25 | dense | hybrid |")
    print("|---|---|---|---|---|")
    for name in ideal:
        cells = [results[mode]["pairs_condensed"].get(name, 0.0) for mode in MODES]  # type: ignore[index]
        print(
            f"| {name} | {counts[name]} | " + " | ".join(f"{value:.3f}" for value in cells) + " |"
        )
    print(f"\nhybrid condensed pair spread: {spread(hybrid['pairs_condensed']):.3f}")


# ---------- scale, in a separate process ----------
def scale_worker(size: int, sample: int) -> dict[str, object]:
    import numpy as np

    sys.path.insert(0, str(ROOT / "bench"))
    from _expertise_corpus import generate

    from baylink.core import segmentation
    from baylink.expertise.engine import ExpertiseIndex, analysis, default_encoder
    from baylink.expertise.engine.encoder import Vectors, encode_cached
    from baylink.expertise.engine.index import researcher_document

    folder = OUT / f"scale-{size}"
    if folder.exists():
        import shutil

        shutil.rmtree(folder)
    segmentation.configure(folder / "jieba")
    started = time.perf_counter()
    documents = [
        researcher_document(
            profile.key,
            keywords=profile.keywords,
            projects=profile.projects,
            statement=profile.statement,
            context=[profile.department],
        )
        for profile in generate(size)
    ]
    generate_seconds = time.perf_counter() - started
    encoder = default_encoder()
    texts = [analysis.fold_text(document.dense_text) for document in documents[:sample]]
    encoder.encode(texts[:10])  # load the model outside the timing
    started = time.perf_counter()
    vectors = encode_cached(encoder, texts, None)
    encode_seconds = time.perf_counter() - started
    rate = len(texts) / encode_seconds
    known = {text: vectors[row] for row, text in enumerate(texts)}
    replayed = list(known.values())

    class ReplayEncoder:
        """Real vectors for words and the sample; the sample's vectors for other passages."""

        name = encoder.name
        dimension = encoder.dimension

        def encode(self, batch: Sequence[str]) -> Vectors:
            rows = []
            real = [text for text in batch if text not in known and len(text) < 60]
            real_vectors = dict(zip(real, encoder.encode(real), strict=True)) if real else {}
            for text in batch:
                if text in known:
                    rows.append(known[text])
                elif text in real_vectors:
                    rows.append(real_vectors[text])
                else:
                    rows.append(replayed[hash(text) % len(replayed)])
            return np.asarray(rows, dtype=np.float32)

    index = ExpertiseIndex(folder / "index", ReplayEncoder())
    started = time.perf_counter()
    stats = index.rebuild(documents)
    build_seconds = time.perf_counter() - started
    reader = ExpertiseIndex(folder / "index", encoder)
    started = time.perf_counter()
    reader.state()
    load_seconds = time.perf_counter() - started
    queries = [json.loads(line)["text"] for line in (SHARED / "queries.jsonl").open()]
    for profile in generate(140, seed=7):
        queries.append(f"{profile.statement} {' '.join(profile.keywords[:2])}")
    reader.search(queries[0])
    latencies = []
    for query in queries:
        started = time.perf_counter()
        reader.search(query, k=100)
        latencies.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    reader.update([documents[0]])
    update_seconds = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "size": size,
        "generate_seconds": generate_seconds,
        "lexical_seconds": stats.lexical_seconds,
        "terms": stats.terms,
        "build_seconds_with_replayed_vectors": build_seconds,
        "sample": len(texts),
        "encode_rate": rate,
        "dense_seconds_extrapolated": size / rate,
        "load_seconds": load_seconds,
        "queries": len(latencies),
        "p50_ms": ordered[len(ordered) // 2],
        "p95_ms": ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))],
        "update_one_seconds": update_seconds,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "workers_peak_rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "cpus": os.cpu_count(),
    }


def print_scale(result: dict[str, object]) -> None:
    size = result["size"]
    print(f"\n## Generated corpus: {size:,} profiles (seed 20261125)\n")
    print("| measure | value | target |")
    print("|---|---|---|")
    rows = [
        ("lexical index (analysis + postings)", f"{result['lexical_seconds']:.1f} s", "<= 120 s"),
        ("terms in the index", f"{result['terms']:,}", ""),
        ("dense encode rate (measured)", f"{result['encode_rate']:.0f} profiles/s "
         f"on {result['sample']:,} profiles, {result['cpus']} CPUs", ""),
        ("dense vectors, all profiles (extrapolated)",
         f"{float(result['dense_seconds_extrapolated']) / 60:.1f} min", "<= 30 min"),  # type: ignore[arg-type]
        ("index load from disk", f"{result['load_seconds']:.2f} s", ""),
        ("query latency p50 (hybrid, k=100)", f"{result['p50_ms']:.1f} ms", ""),
        ("query latency p95", f"{result['p95_ms']:.1f} ms", "<= 100 ms"),
        ("re-index one profile (writes a generation)", f"{result['update_one_seconds']:.2f} s", ""),
        ("peak memory (main process)", f"{result['peak_rss_mb']:.0f} MB", "<= 2048 MB"),
        ("peak memory (one forked worker)", f"{result['workers_peak_rss_mb']:.0f} MB", ""),
    ]  # fmt: skip
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=5000)
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument(
        "--cv", action="store_true", help="cross-validate the fusion settings on the dev queries"
    )
    parser.add_argument("--scale-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.scale_worker:
        print(json.dumps(scale_worker(args.size, args.sample)))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    report: dict[str, object] = {}
    if not args.skip_quality:
        report["quality"] = quality(cv=args.cv)
        print_quality(report["quality"])  # type: ignore[arg-type]
        if args.cv:
            print_cv(report["quality"]["cv"])  # type: ignore[index]
    if not args.skip_scale:
        command = [sys.executable, __file__, "--scale-worker", f"--size={args.size}",
                   f"--sample={min(args.sample, args.size)}"]  # fmt: skip
        finished = subprocess.run(command, capture_output=True, text=True, check=False)
        if finished.returncode != 0:
            print(finished.stderr, file=sys.stderr)
            raise SystemExit(finished.returncode)
        report["scale"] = json.loads(finished.stdout.strip().splitlines()[-1])
        print_scale(report["scale"])  # type: ignore[arg-type]
    (OUT / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(f"\nWritten to {OUT / 'report.json'}")


if __name__ == "__main__":
    main()
