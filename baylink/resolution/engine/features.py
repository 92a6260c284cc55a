"""What is known about each candidate, as numbers a linear model can weigh (and explain)."""

import math
from dataclasses import dataclass, field

from baylink.resolution.engine.candidates import (
    HOSPITAL_HEADS,
    SCHOOL_HEADS,
    Candidate,
    Found,
    Match,
    city_evidence,
    country_evidence,
)
from baylink.resolution.engine.conventions import FEATURE_NAMES as CONVENTION_FEATURES
from baylink.resolution.engine.index import GENERIC_WORDS, MEDICAL_WORDS, NameIndex
from baylink.resolution.engine.normalise import CONNECTORS
from baylink.resolution.engine.places import Place

# A state's "national" university is another than the one its name holds (folded tokens).
_NATIONAL = (("national",), ("国", "立"))
TYPES = ("education", "healthcare", "facility", "company", "government", "nonprofit", "other")

FEATURES = (
    "bias",
    "exact",
    "variant",
    "acronym",
    "fuzzy",
    "fuzzy_similarity",
    "stem",
    "kind_alias",
    "kind_curated",
    "full_segment",
    "unmatched_prefix",
    "next_city_other",
    "whole_string",
    "length",
    "rarity",
    "generic",
    "ambiguity",
    "last_segment",
    "first_segment",
    "competitors",
    "same_name_competitors",
    "prominence",
    "prominence_margin",
    "country_agree",
    "country_disagree",
    "city_agree",
    "city_disagree",
    "no_country",
    "inactive",
    "via_successor",
    *(f"type_{t}" for t in TYPES),
    "funder_only",
    "has_parent_candidate",
    "has_child_candidate",
    "has_related_candidate",
    "child_healthcare",
    "child_facility",
    "child_education",
    "parent_of_healthcare",
    "child_of_government",
    "child_of_education",
    "parent_government",
    "child_generic",
    "child_full_segment",
    "child_rarity",
    "nested_prefix",
    "nested_prefix_school",
    "nested_prefix_medical",
    "contains_prefix",
    "contains_prefix_school",
    "contains_prefix_medical",
    "nested_related",
    "contains_related",
    "cjk",
    "all_caps",
    "segments",
    "full_segment_others",
    "string_length",
    "fuzzy_reordered",
    "fuzzy_morph",
    "fuzzy_contained",
    "medical_string_medical_record",
    "medical_string_other_record",
    *CONVENTION_FEATURES,
)


@dataclass
class Scored:
    candidate: Candidate
    features: dict[str, float]
    evidence: list[str] = field(default_factory=list)
    score: float = 0.0
    probability: float = 0.0


def _contains(outer: Match, inner: Match) -> bool:
    return (
        outer.start <= inner.start
        and inner.end <= outer.end
        and (outer.end - outer.start) > (inner.end - inner.start)
    )


def _extra_tokens(outer: Match, inner: Match) -> set[str]:
    return set(outer.key.split(" ")) - set(inner.key.split(" "))


def build_candidates(index: NameIndex, found: Found) -> list[Candidate]:
    """Group matches by organisation; drop coincidental sub-matches; follow successors."""
    spanning = [m for m in found.matches if m.method in ("exact", "variant")]
    kept: list[Match] = []
    elsewhere: list[Match] = []  # names set aside for a campus in another city
    for match in found.matches:
        if match.entry.requires_place:
            agrees, _ = city_evidence(index, found, match.record)
            if not agrees:
                continue
        if match.method != "acronym" and _national_before(found, match):
            continue
        after = _cities_after(index, found, match)
        branch = _branch(index, match.record, after)
        if match.method == "acronym" and _acronym_with_foreign_city(index, found, match):
            continue  # "CUHK-Shenzhen", "CUHK Shenzhen": the campus, as above
        if branch == "other" and (
            _foreign_city(index, match.record, after)
            or (found.parsed.is_cjk and _campus_in(index, match.record, after))
        ):
            # 香港中文大學（深圳）, "The Chinese University of Hong Kong, Shenzhen": a campus in
            # that city (across a border, a separate institution), not the parent itself; and
            # 清華大學（深圳） where the registry has the campus. 中山大学，珠海 is the university.
            elsewhere.append(match)
            continue
        outers = [o for o in spanning if o.record != match.record and _contains(o, match)]
        if any(
            o.method == "exact"
            and o.start == match.start
            and o.end > match.end
            and (branch == "other" or _into_next_part(found, match, o))
            for o in outers
        ):
            # "HKUST (Guangzhou)", "HKUST (GZ)": the registry has the campus under the name
            # and the city, or the name and the part the string writes after it.
            continue
        if outers and match.method in ("exact", "variant", "acronym"):
            explained = any(
                index.is_related(match.record, o.record) or o.key.startswith(match.key + " ")
                for o in outers
            )
            if not explained:
                continue
            if found.parsed.is_cjk and any(
                o.method == "exact"
                and _whole_part(found, o)
                and index.is_related(match.record, o.record)
                for o in outers
            ):
                # 清华大学深圳国际研究生院, 中国科学院华南植物园: a part that is a unit's whole name
                # names the unit; its university or academy is in it only as part of the name.
                continue
        kept.append(match)
    # A short form inside a name set aside (清华 in 清华大学（深圳）) goes with it.
    kept = [
        m
        for m in kept
        if not any(
            o.record == m.record and o.start <= m.start and m.end <= o.end for o in elsewhere
        )
    ]
    by_record: dict[int, Candidate] = {}
    for match in kept:
        by_record.setdefault(match.record, Candidate(match.record)).matches.append(match)
    for record, candidate in list(by_record.items()):
        status = index.records[record].status
        if status == "active":
            continue
        for successor in current_successors(index, record):
            if successor not in by_record:
                by_record[successor] = Candidate(
                    successor, list(candidate.matches), via_successor_of=record
                )
        if status == "withdrawn":
            # A withdrawn record is a duplicate or an error: never the answer; its successor
            # (if ROR names one) stands in for it.
            del by_record[record]
    return list(by_record.values())


def current_successors(index: NameIndex, record: int) -> list[int]:
    """The record's successors, following withdrawn ones on to theirs (a few steps at most)."""
    found: list[int] = []
    frontier, seen = list(index.successors[record]), {record}
    for _ in range(4):
        following: list[int] = []
        for successor in frontier:
            if successor in seen:
                continue
            seen.add(successor)
            if index.records[successor].status == "withdrawn":
                following.extend(index.successors[successor])
            else:
                found.append(successor)
        frontier = following
    return found


def _cities_after(index: NameIndex, found: Found, match: Match) -> list[Place]:
    """The cities the part right after the name names, where the name ends its part."""
    parsed = found.parsed
    if not parsed.tokens or match.end >= len(parsed.tokens):
        return []
    segment = parsed.segments[parsed.token_segment[match.end - 1]]
    if match.end != segment.end or segment.index + 1 >= len(parsed.segments):
        return []
    following = parsed.segments[segment.index + 1]
    return [p for p in index.places.lookup(" ".join(following.tokens)) if p.city]


def _branch(index: NameIndex, record: int, after: list[Place]) -> str:
    """'same' or 'other' when the part right after the name is only a city; else ''."""
    if not after:
        return ""
    return "same" if {p.city for p in after} & index.city_keys[record] else "other"


def _foreign_city(index: NameIndex, record: int, after: list[Place]) -> bool:
    """The part after the name is a city only in countries other than the record's own."""
    country = index.records[record].country
    return bool(country and after) and all(country not in p.countries for p in after)


def _whole_part(found: Found, match: Match) -> bool:
    part = found.parsed.segments[found.parsed.token_segment[match.start]]
    return match.start == part.start and match.end == part.end


def _into_next_part(found: Found, inner: Match, outer: Match) -> bool:
    """The outer name is the inner one and the whole one-word part after it ("(GZ)")."""
    parsed = found.parsed
    following = parsed.token_segment[inner.end - 1] + 1
    if following >= len(parsed.segments):
        return False
    part = parsed.segments[following]
    return len(part.tokens) == 1 and outer.end == part.end and inner.end == part.start


def _national_before(found: Found, match: Match) -> bool:
    """'National' or 國立 just before the name, in its part, and not part of it: "National Sun
    Yat-sen University" and 國立清華大學 are Taiwan's, not Sun Yat-sen University or Tsinghua."""
    parsed = found.parsed
    part_start = parsed.segments[parsed.token_segment[match.start]].start
    return any(
        match.start - len(words) >= part_start
        and tuple(parsed.tokens[match.start - len(words) : match.start]) == words
        for words in _NATIONAL
    )


def _campus_in(index: NameIndex, record: int, after: list[Place]) -> bool:
    """A college or university under or beside the record is in the city the next part names
    (a campus of its own in the registry; an affiliated hospital there is not one)."""
    cities = {p.city for p in after}
    return any(
        index.records[other].status != "withdrawn"
        and "education" in index.records[other].types
        and bool(cities & index.city_keys[other])
        for other in index.children[record] | index.related[record]
    )


def _acronym_with_foreign_city(index: NameIndex, found: Found, match: Match) -> bool:
    """The acronym's part is the acronym and a city only in other countries than its record's."""
    rest = [token for token in found.parsed.tokens[match.start : match.end] if token != match.key]
    if not rest or len(rest) == match.end - match.start:
        return False
    country = index.records[match.record].country
    places = [p for p in index.places.lookup(" ".join(rest)) if p.city]
    return bool(country and places) and all(country not in p.countries for p in places)


def _unmatched_prefix(index: NameIndex, found: Found, match: Match) -> bool:
    """Words of a name before the match in its part ("Guangdong" University of Technology)."""
    parsed = found.parsed
    segment = parsed.segments[parsed.token_segment[match.start]]
    return any(
        token not in GENERIC_WORDS and token not in CONNECTORS and not token.isdigit()
        for token in parsed.tokens[segment.start : match.start]
    )


def _segment_of(found: Found, match: Match) -> int:
    return found.parsed.token_segment[match.start] if found.parsed.tokens else 0


def _content_bounds(found: Found) -> dict[int, tuple[int, int]]:
    """Per part, the first and last token that is neither a place nor a number."""
    place_positions = {i for p in found.free_places for i in range(p.start, p.end)}
    tokens = found.parsed.tokens
    bounds = {}
    for segment in found.parsed.segments:
        content = [
            i
            for i in range(segment.start, segment.end)
            if i not in place_positions and not tokens[i].isdigit()
        ]
        if content:
            bounds[segment.index] = (content[0], content[-1])
    return bounds


def _covers(match: Match, bounds: tuple[int, int] | None) -> bool:
    return bounds is not None and match.start <= bounds[0] and bounds[1] < match.end


def featurise(index: NameIndex, found: Found, candidates: list[Candidate]) -> list[Scored]:
    parsed = found.parsed
    records = [c.record for c in candidates]
    best = {c.record: c.best for c in candidates}
    segment_of = {r: _segment_of(found, m) for r, m in best.items()}
    segments_with_matches = sorted(set(segment_of.values()))
    bounds = _content_bounds(found)
    text_segments = [s.index for s in parsed.segments if not s.set_aside and s.index in bounds]
    string_bounds = (
        (bounds[text_segments[0]][0], bounds[text_segments[-1]][1]) if text_segments else None
    )
    segment_count = math.log(sum(1 for s in parsed.segments if not s.set_aside) or 1)
    string_length = math.log1p(len(parsed.tokens))
    medical_string = not MEDICAL_WORDS.isdisjoint(parsed.tokens)
    full_segment = {
        r for r, m in best.items() if m.method == "exact" and _covers(m, bounds.get(segment_of[r]))
    }
    scored = []
    for candidate in candidates:
        record = candidate.record
        org = index.records[record]
        match = best[record]
        f = dict.fromkeys(FEATURES, 0.0)
        evidence: list[str] = []
        f["bias"] = 1.0
        f[match.method] = 1.0
        if match.method == "fuzzy":
            f["fuzzy_similarity"] = (match.similarity - 0.87) / 0.13
            f["fuzzy_reordered"] = float(match.reordered)
            f["fuzzy_morph"] = float(match.morph)
            f["fuzzy_contained"] = float(match.contained)
        kind = match.entry.kind
        f["kind_alias"] = float(kind == "alias")
        f["kind_curated"] = float(kind in ("curated", "staff"))
        segment_index = segment_of[record]
        f["full_segment"] = float(_covers(match, bounds.get(segment_index)))
        f["unmatched_prefix"] = float(
            match.method in ("exact", "variant") and _unmatched_prefix(index, found, match)
        )
        after = _cities_after(index, found, match)
        f["next_city_other"] = float(_branch(index, record, after) == "other")
        f["whole_string"] = float(_covers(match, string_bounds))
        f["length"] = math.log1p(match.weight)
        f["rarity"] = index.rarity(match.key) if match.method != "acronym" else 0.5
        f["generic"] = float(match.method != "acronym" and index.is_generic(match.key))
        shared = {
            "exact": index.exact,
            "variant": index.variants,
            "acronym": index.acronyms,
        }.get(match.method)
        f["ambiguity"] = math.log(len(shared.get(match.key, ()) or [0])) if shared else 0.0
        f["last_segment"] = float(segment_index == segments_with_matches[-1])
        f["first_segment"] = float(segment_index == segments_with_matches[0])
        f["competitors"] = math.log(len(candidates))
        same = [
            other.record
            for other in candidates
            if other.record != record and best[other.record].key == match.key
        ]
        f["same_name_competitors"] = math.log1p(len(same))
        f["prominence"] = index.prominence[record]
        if same:
            margin = index.prominence[record] - max(index.prominence[r] for r in same)
            f["prominence_margin"] = max(-3.0, min(3.0, margin))
        agrees, disagrees = country_evidence(index, found, record)
        f["country_agree"], f["country_disagree"] = float(agrees), float(disagrees)
        f["no_country"] = float(not found.stated_countries)
        city_agrees, city_disagrees = city_evidence(index, found, record)
        f["city_agree"], f["city_disagree"] = float(city_agrees), float(city_disagrees)
        f["inactive"] = float(org.status != "active")
        # A withdrawn record's successor replaces it outright (ROR's own judgement), unmarked;
        # an inactive one's successor competes with it and is marked.
        if candidate.via_successor_of is not None:
            predecessor = index.records[candidate.via_successor_of]
            f["via_successor"] = float(predecessor.status != "withdrawn")
        for kind_name in TYPES:
            f[f"type_{kind_name}"] = float(kind_name in org.types)
        f["funder_only"] = float(set(org.types) <= {"funder"})
        others = [r for r in records if r != record]
        parents = index.parents[record]
        children = index.children[record]
        f["has_parent_candidate"] = float(any(r in parents for r in others))
        f["has_child_candidate"] = float(any(r in children for r in others))
        f["has_related_candidate"] = float(any(r in index.related[record] for r in others))
        if f["has_parent_candidate"]:
            f["child_healthcare"] = float("healthcare" in org.types)
            f["child_facility"] = float("facility" in org.types)
            f["child_education"] = float("education" in org.types)
            evidence.append("is_child_of_candidate")
        parent_types = {t for r in others if r in parents for t in index.records[r].types}
        if f["has_parent_candidate"]:
            f["child_of_government"] = float("government" in parent_types)
            f["child_of_education"] = float("education" in parent_types)
            f["child_generic"] = f["generic"]
            f["child_full_segment"] = f["full_segment"]
            f["child_rarity"] = f["rarity"]
        f["parent_government"] = float(f["has_child_candidate"] and "government" in org.types)
        f["parent_of_healthcare"] = float(
            any(r in children and "healthcare" in index.records[r].types for r in others)
        )
        if f["has_child_candidate"]:
            evidence.append("is_parent_of_candidate")
        for other in candidates:
            outer = best[other.record]
            if other.record == record or outer.end <= match.start or match.end <= outer.start:
                continue
            related = index.is_related(record, other.record)
            if _contains(outer, match):
                extra = _extra_tokens(outer, match)
                if outer.key.startswith(match.key + " "):
                    f["nested_prefix"] = 1.0
                    f["nested_prefix_school"] = max(
                        f["nested_prefix_school"], float(bool(extra & SCHOOL_HEADS))
                    )
                    f["nested_prefix_medical"] = max(
                        f["nested_prefix_medical"],
                        float(bool(extra & (MEDICAL_WORDS | HOSPITAL_HEADS))),
                    )
                f["nested_related"] = max(f["nested_related"], float(related))
            elif _contains(match, outer):
                extra = _extra_tokens(match, outer)
                if match.key.startswith(outer.key + " "):
                    f["contains_prefix"] = 1.0
                    f["contains_prefix_school"] = max(
                        f["contains_prefix_school"], float(bool(extra & SCHOOL_HEADS))
                    )
                    f["contains_prefix_medical"] = max(
                        f["contains_prefix_medical"],
                        float(bool(extra & (MEDICAL_WORDS | HOSPITAL_HEADS))),
                    )
                f["contains_related"] = max(f["contains_related"], float(related))
        f["segments"] = segment_count
        f["string_length"] = string_length
        f["full_segment_others"] = math.log1p(len(full_segment - {record}))
        f["cjk"] = float(parsed.is_cjk)
        if medical_string:
            medical_record = index.is_medical(record)
            f["medical_string_medical_record"] = float(medical_record)
            f["medical_string_other_record"] = float(not medical_record)
        f["all_caps"] = float(parsed.is_all_caps)
        if agrees:
            evidence.append("country_agrees")
        if disagrees:
            evidence.append("country_disagrees")
        if city_agrees:
            evidence.append("city_agrees")
        if candidate.via_successor_of is not None:
            evidence.append("successor_of_" + index.records[candidate.via_successor_of].key)
        scored.append(Scored(candidate, f, evidence))
    return scored
