"""Resolving one free-text organisation name to a record, or abstaining, with the reasons."""

import csv
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from baylink.resolution.engine.candidates import Match, find
from baylink.resolution.engine.conventions import groups_of
from baylink.resolution.engine.features import (
    Scored,
    build_candidates,
    current_successors,
    featurise,
)
from baylink.resolution.engine.index import NameIndex
from baylink.resolution.engine.model import Model
from baylink.resolution.engine.normalise import display_key
from baylink.resolution.engine.records import Name, OrgRecord, short_ror_id
from baylink.resolution.engine.split import split_affiliation

ALIASES_PATH = Path(__file__).resolve().parent.parent / "data" / "aliases.csv"
MAX_LENGTH = 1000


@dataclass
class Resolution:
    text: str
    key: str = ""
    ror_id: str = ""
    organisation_id: int | None = None
    score: float = 0.0
    matched_name: str = ""
    explanation: dict[str, Any] = field(default_factory=dict)

    @property
    def abstained(self) -> bool:
        return not self.key


@dataclass
class Analysis:
    """Everything the resolver considered for one string (for training and debugging)."""

    text: str
    scored: list[Scored]
    # Names found and then set aside (a campus elsewhere, "National ..."), when none is left.
    ruled_out: list[str] = field(default_factory=list)


def load_curated_aliases(path: Path = ALIASES_PATH) -> dict[str, list[Name]]:
    """The curated table: ROR id -> extra names (kind curated, or curated_contextual)."""
    aliases: dict[str, list[Name]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = (line for line in handle if not line.startswith("#"))
        for row in csv.DictReader(rows):
            kind = "curated_contextual" if row.get("needs_place") == "1" else "curated"
            aliases.setdefault(short_ror_id(row["ror_id"]), []).append(
                Name(row["alias"].strip(), kind, row.get("language", "").strip())
            )
    return aliases


def with_aliases(
    records: Iterable[OrgRecord], aliases: Mapping[str, list[Name]]
) -> list[OrgRecord]:
    """The records with the curated names added (new objects: the inputs stay as they were)."""
    result = []
    for record in records:
        extra = aliases.get(record.ror_id) if record.ror_id else None
        if extra:
            known = {(n.value, n.kind) for n in record.names}
            names = [*record.names, *(n for n in extra if (n.value, n.kind) not in known)]
            record = replace(record, names=names)
        result.append(record)
    return result


class Resolver:
    def __init__(self, index: NameIndex, model: Model | None = None) -> None:
        self.index = index
        self.model = model or Model.load()
        # Record -> its key and the keys of its groups (conventions), built as candidates come.
        self._memberships: dict[int, tuple[str, dict[str, list[str]]]] = {}

    @classmethod
    def build(
        cls,
        records: Iterable[OrgRecord],
        *,
        aliases: Mapping[str, list[Name]] | None = None,
        model: Model | None = None,
    ) -> "Resolver":
        curated = load_curated_aliases() if aliases is None else aliases
        return cls(NameIndex(with_aliases(records, curated)), model)

    def analyse(self, text: str, exclude: Collection[str] = ()) -> Analysis:
        """All candidates with features and ranking; `exclude` leaves records (keys) out."""
        parsed = split_affiliation((text or "")[:MAX_LENGTH])
        if not parsed.tokens:
            return Analysis(text, [])
        found = find(self.index, parsed)
        candidates = build_candidates(self.index, found)
        if exclude:
            candidates = [c for c in candidates if self.index.records[c.record].key not in exclude]
        if not candidates:
            longest: dict[int, Match] = {}
            for match in found.matches:
                known = longest.get(match.record)
                if known is None or match.end - match.start > known.end - known.start:
                    longest[match.record] = match
            names = [
                m.entry.name
                for record, m in longest.items()
                if self.index.records[record].key not in exclude
            ]
            return Analysis(text, [], ruled_out=names)
        scored = featurise(self.index, found, candidates)
        self.model.score(scored, [self._keys(item.candidate.record) for item in scored])
        scored.sort(key=lambda item: -item.probability)
        return Analysis(text, scored)

    def _keys(self, record: int) -> tuple[str, dict[str, list[str]]]:
        known = self._memberships.get(record)
        if known is None:
            organisation = self.index.records[record]
            known = self._memberships[record] = (
                organisation.key,
                groups_of(organisation.parents, organisation.related),
            )
        return known

    def resolve(
        self, text: str, exclude: Collection[str] = (), *, most_specific: bool = False
    ) -> Resolution:
        """The organisation the string names, or an abstention.

        By default a string naming a unit and its parent gets the one ROR's own matching would
        (often the parent: its published gold data is what the model learned). With
        `most_specific`, it gets the unit, as a partnership list would have it: the Shenzhen
        institute, not the whole Academy; the eye hospital, not the university.
        """
        analysis = self.analyse(text, exclude)
        if analysis.ruled_out:
            return Resolution(
                text,
                explanation={
                    "decision": "abstained",
                    "reason": "ruled_out",
                    "ruled_out": analysis.ruled_out,
                },
            )
        if not analysis.scored:
            return Resolution(text, explanation={"decision": "abstained", "reason": "no_candidate"})
        top = analysis.scored[0]
        confidence = self.model.confidence(analysis.scored)
        explanation = self._explain(top, analysis.scored)
        explanation["confidence"] = round(confidence, 4)
        unit = self._named_unit(analysis.scored) if most_specific else None
        if unit is not None:
            # The ranker's belief in the family (the unit or its parent) is what is at stake:
            # which of the two is the answer is the reader's convention, not a doubt.
            family = top.probability + unit.probability
            if max(confidence, family) >= self.model.threshold:
                parent = self.index.records[top.candidate.record].display_name
                top, confidence = unit, max(confidence, family)
                ordered = [unit, *(item for item in analysis.scored if item is not unit)]
                explanation = self._explain(top, ordered)
                explanation.update(confidence=round(confidence, 4), instead_of_parent=parent)
        if confidence < self.model.threshold:
            explanation.update(decision="abstained", reason="below_threshold")
            return Resolution(text, score=round(confidence, 4), explanation=explanation)
        record = self.index.records[top.candidate.record]
        match = top.candidate.best
        return Resolution(
            text,
            key=record.key,
            ror_id=record.ror_id,
            organisation_id=record.organisation_id,
            score=round(confidence, 4),
            matched_name=match.entry.name,
            explanation=explanation,
        )

    def _named_unit(self, scored: list[Scored]) -> Scored | None:
        """The likeliest unit of the best candidate that the string names too, by a name or
        short form (not a near spelling); None when it names none."""
        children = self.index.children[scored[0].candidate.record]
        for item in scored[1:]:
            if item.candidate.record in children and item.candidate.best.method != "fuzzy":
                return item
        return None

    def _also_named(self, top: Scored, scored: list[Scored]) -> list[str]:
        """Other organisations the string names whole, in parts of their own, unrelated to the
        answer (a string naming several parties)."""
        index = self.index
        answer = top.candidate.record
        spans = {(top.candidate.best.start, top.candidate.best.end)}
        # A name or short form a better candidate has too is a namesake's, not another party
        # (HKU is also Hasan Kalyoncu's; "Institute of Physics" is also a Dutch institute's).
        taken = {m.key for m in top.candidate.matches}
        names = []
        for item in scored[1:]:  # best first: of names sharing words, the likeliest
            record = item.candidate.record
            match = item.candidate.best
            if (
                (match.method == "exact" or (match.method == "acronym" and len(match.key) > 2))
                and item.features["full_segment"]
                and (match.start, match.end) not in spans
                and match.key not in taken
                and not index.is_related(answer, record)
            ):
                spans.add((match.start, match.end))
                names.append(index.records[record].display_name)
            taken.update(m.key for m in item.candidate.matches)
        return names

    def resolve_many(self, texts: Iterable[str]) -> list[Resolution]:
        return [self.resolve(text) for text in texts]

    def _explain(self, top: Scored, scored: list[Scored]) -> dict[str, Any]:
        record = self.index.records[top.candidate.record]
        match = top.candidate.best
        explanation: dict[str, Any] = {
            "decision": "matched",
            "organisation": record.display_name,
            "key": record.key,
            "matched_name": match.entry.name,
            "name_kind": match.entry.kind,
            "method": match.method,
            "similarity": round(match.similarity, 3),
            "matched_text": display_key(match.key),
            "evidence": list(top.evidence),
            "weights": [list(part) for part in self.model.contributions(top)],
            "threshold": self.model.threshold,
        }
        if record.status != "active":
            # ROR keeps a closed or merged organisation's record: say so, and what followed it.
            explanation["status"] = record.status
            explanation["successors"] = [
                self.index.records[s].display_name
                for s in current_successors(self.index, top.candidate.record)
            ]
        others = self._also_named(top, scored)
        if others:
            # "CUHK, HKUST, HKU", "HKU / CUHK": one answer, and the reader is told of the rest.
            explanation["also_named"] = others
        if len(scored) > 1:
            runner = scored[1]
            explanation["runner_up"] = {
                "organisation": self.index.records[runner.candidate.record].display_name,
                "key": self.index.records[runner.candidate.record].key,
                "score": round(runner.probability, 4),
            }
        return explanation
