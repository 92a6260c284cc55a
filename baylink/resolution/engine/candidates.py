"""Finding the organisations a string may name: exact names, variants, acronyms, fuzzy names."""

from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from baylink.core.segmentation import segmenter
from baylink.resolution.engine.index import (
    CITY_STATES,
    GENERIC_WORDS,
    MAX_SHARED,
    Entry,
    NameIndex,
    fuzzy_terms,
    is_cjk_token,
    key_weight,
)
from baylink.resolution.engine.normalise import CONNECTORS, loose_key, same_stems
from baylink.resolution.engine.places import Place, countries_agree
from baylink.resolution.engine.split import Parsed

FUZZY_MIN = 87.0
# The similarity given to a name the string has one word more than (between its first and last).
ONE_WORD_MORE = 0.88
# A unit of an organisation the string names may be compared a little more loosely.
FUZZY_CHILD_MIN = 88.0
# How a fuzzy match was made, besides edit similarity in the same order: the words sorted, or
# the part's words a run of a longer name's (given this similarity, at most so many words more).
REORDERED = "reordered"
CONTAINED = "contained"
CONTAINED_SIMILARITY = 0.87
CONTAINED_EXTRA = 4
# Words of a part looked for among near words (a slip, a short form) only if this rare or unknown:
# "Belarus", "Belarusain"; not "Biochemistry", which most parts with nothing alike have.
NEAR_MAX_DF = 50
_CONNECTORS = frozenset({"of", "at", "in", "de", "du", "des", "di", "da", "do", "and", "for"})
# Names compared by edit similarity per part: the rarest words' names, narrowed to about this.
_FUZZY_POOL = 400
# A word in at most this many names, near one in this many times as many, is taken for a slip.
SLIP_MAX_DF = 3
SLIP_RATIO = 50
# How many Chinese characters after a short form are cut into words to see whether it starts one.
_WORD_LOOKAHEAD = 6
FUZZY_ANSWERS_KEPT = 50_000
# Tokens a department or unit name is made of; a part made only of these names no institution.
SCHOOL_HEADS = frozenset(
    {"school", "college", "faculty", "department", "graduate", "division", "academy"}
)
HOSPITAL_HEADS = frozenset({"hospital", "hospitals", "clinic", "clinics", "health", "healthcare"})
# "Harvard School of Public Health", "Duke Medical School": a university's stem, then these.
STEM_FOLLOWERS = frozenset(
    {"school", "college", "medical", "faculty", "graduate", "law", "business", "dental", "medicine"}
)


@dataclass
class Match:
    record: int
    entry: Entry
    key: str
    start: int  # token positions in Parsed.tokens; end is exclusive
    end: int
    method: str  # exact | variant | acronym | stem | fuzzy
    similarity: float = 1.0
    reordered: bool = False  # a fuzzy match only with the words sorted
    morph: bool = False  # a fuzzy match whose words differ only in their endings
    contained: bool = False  # a fuzzy match: the part's words are a run of the name's

    @property
    def weight(self) -> float:
        return key_weight(self.key)


@dataclass
class PlaceSpan:
    start: int
    end: int
    key: str
    places: list[Place]


@dataclass
class Candidate:
    record: int
    matches: list[Match] = field(default_factory=list)
    via_successor_of: int | None = None

    @property
    def best(self) -> Match:
        return max(self.matches, key=_match_rank)


def _match_rank(match: Match) -> tuple[float, float, float]:
    method = {"exact": 3.0, "acronym": 2.0, "variant": 1.5, "stem": 1.2, "fuzzy": 1.0}[match.method]
    return (method * match.similarity, match.weight, -match.start)


@dataclass
class Found:
    parsed: Parsed
    matches: list[Match]
    places: list[PlaceSpan]
    free_places: list[PlaceSpan]  # places outside any organisation's name
    stated_countries: set[str]
    stated_cities: set[str]


def _spans(
    tokens: list[str],
    blocked: list[bool],
    prefixes: set[str],
    lookup: dict[str, list[Entry]] | dict[str, list[Place]],
) -> list[tuple[int, int, str]]:
    found = []
    for i in range(len(tokens)):
        if blocked[i]:
            continue
        key = tokens[i]
        j = i + 1
        while key in prefixes:
            if key in lookup:
                found.append((i, j, key))
            if j >= len(tokens) or blocked[j]:
                break
            key = f"{key} {tokens[j]}"
            j += 1
    return found


def _begins_a_word(parsed: Parsed, start: int, end: int) -> bool:
    """Whether Chinese characters written on from a short form make a word with it or with
    part of it: 北大荒 (a farm, not 北大), 中大型 (medium-sized); not 北大医学部 or 港大医学院,
    where the short form is a word of its own. The part's characters, up to a few, are cut
    into words and the short form must end where a word ends."""
    tokens, segment = parsed.tokens, parsed.token_segment[start]
    stop = end
    while (
        stop < min(len(tokens), end + _WORD_LOOKAHEAD)
        and parsed.token_segment[stop] == segment
        and is_cjk_token(tokens[stop])
    ):
        stop += 1
    if stop == end:
        return False
    edge = 0
    for word in segmenter().cut("".join(tokens[start:stop]), HMM=False):
        edge += len(word)
        if edge >= end - start:
            return edge != end - start
    return False


def _segment_starts(parsed: Parsed) -> list[int]:
    """For each token, the position where its part starts."""
    starts = [0] * len(parsed.tokens)
    for segment in parsed.segments:
        for position in range(segment.start, segment.end):
            starts[position] = segment.start
    return starts


def find(index: NameIndex, parsed: Parsed) -> Found:
    tokens = parsed.tokens
    blocked = [False] * len(tokens)
    for segment in parsed.segments:
        if segment.set_aside:
            for position in range(segment.start, segment.end):
                blocked[position] = True
    seg_start = _segment_starts(parsed)

    def whole_parts(start: int, end: int) -> bool:
        """A name may run across a separator only from the start of a part (UC, San Francisco)."""
        if parsed.token_segment[start] == parsed.token_segment[end - 1]:
            return True
        return start == seg_start[start]

    matches: list[Match] = []
    for start, end, key in _spans(tokens, blocked, index.prefixes, index.exact):
        if not whole_parts(start, end):
            continue
        entries = index.exact[key]
        if len(entries) > MAX_SHARED:
            continue
        short_cjk = key_weight(key) <= 1.5 and is_cjk_token(tokens[start])
        if short_cjk and (start != seg_start[start] or _begins_a_word(parsed, start, end)):
            continue  # a short form inside a longer word (北大荒, 中大型) is a coincidence
        matches.extend(Match(e.record, e, key, start, end, "exact") for e in entries)
    for start, end, key in _spans(tokens, blocked, index.prefixes, index.variants):
        if not whole_parts(start, end):
            continue
        entries = index.variants[key]
        if len(entries) > MAX_SHARED:
            continue
        matches.extend(Match(e.record, e, key, start, end, "variant") for e in entries)
    for start, end, key in _spans(tokens, blocked, index.prefixes, index.stems):
        if start != seg_start[start]:
            continue
        # "Harvard Medical School", and a school named after a donor: "Harvard T.H. Chan
        # School", "Johns Hopkins Bloomberg School" (up to three names between).
        for follower in range(end, min(end + 4, len(tokens))):
            if tokens[follower] in STEM_FOLLOWERS:
                entry = index.stems[key][0]
                matches.append(Match(entry.record, entry, key, start, follower + 1, "stem"))
                break
            if (
                blocked[follower]
                or parsed.token_segment[follower] != parsed.token_segment[start]
                or tokens[follower] in GENERIC_WORDS
                or tokens[follower] in CONNECTORS
            ):
                break
    for segment_index, acronym, capitals in parsed.acronyms:
        segment = parsed.segments[segment_index]
        if segment.set_aside:
            continue
        if not capitals and index.token_df.get(acronym, 0) > 3:
            continue  # an ordinary word written with a capital ("Embrapa" yes, "Science" no)
        for entry in index.acronyms.get(acronym, ())[:MAX_SHARED]:
            matches.append(
                Match(entry.record, entry, acronym, segment.start, segment.end, "acronym")
            )

    places = [
        PlaceSpan(s, e, k, index.places.lookup(k))
        for s, e, k in _spans(
            tokens, [False] * len(tokens), index.places.prefixes, index.places.places
        )
    ]
    org_spans = [(m.start, m.end) for m in matches if m.method in ("exact", "variant")]
    free = [
        p
        for p in places
        if not any(
            s <= p.start and p.end <= e and (e - s) > (p.end - p.start) for s, e in org_spans
        )
    ]
    # Keep the longest place where places overlap ("new york" over "york").
    free = [
        p
        for p in free
        if not any(
            q is not p
            and q.start <= p.start
            and p.end <= q.end
            and (q.end - q.start) > (p.end - p.start)
            for q in free
        )
    ]
    countries: set[str] = set()
    cities: set[str] = set()
    for span in free:
        for place in span.places:
            if place.kind == "country":
                countries |= place.countries
            elif place.city:
                cities.add(place.city)
    countries |= _trailing_country_codes(index, parsed, matches)
    # A city-state named is its city too ("..., Macau", "Macao SAR, China").
    for country in countries:
        cities.update(CITY_STATES.get(country, ()))
    found = Found(parsed, matches, places, free, countries, cities)
    _add_fuzzy(index, found)
    _add_children(index, found)
    return found


def _trailing_country_codes(index: NameIndex, parsed: Parsed, matches: list[Match]) -> set[str]:
    """'... Technology CN', '..., Beijing, PRC', 'Saint Louis, MO, USA': codes at the end.

    Not the last word of a name the string gives ("Erasmus MC" names no place in Monaco).
    """
    found: set[str] = set()
    if not parsed.segments:
        return found
    last_token = len(parsed.tokens) - 1
    if any(m.method in ("exact", "variant") and m.start < last_token < m.end for m in matches):
        return found
    words = parsed.segments[-1].raw.split()
    last = words[-1].strip(".") if words else ""
    if last.isupper() and 2 <= len(last) <= 3:
        if last in ("USA", "US"):
            found.add("US")
        elif last == "UK":
            found.add("GB")
        elif last == "PRC":
            found.add("CN")
        elif last in index.places.country_codes and last not in index.places.state_codes:
            found.add(last)
    return found


def _add_fuzzy(index: NameIndex, found: Found) -> None:
    """Parts no exact name covers whole are compared, by edit similarity, with likely names."""
    parsed = found.parsed
    place_positions = {i for p in found.free_places for i in range(p.start, p.end)}
    for segment in parsed.segments:
        if segment.set_aside:
            continue
        positions = [
            i
            for i in range(segment.start, segment.end)
            if i not in place_positions and not parsed.tokens[i].isdigit()
        ]
        if not positions or len(positions) > 14:
            continue
        first, last = positions[0], positions[-1] + 1
        if any(m.method == "exact" and m.start <= first and last <= m.end for m in found.matches):
            continue
        every = [i for i in range(segment.start, segment.end) if not parsed.tokens[i].isdigit()]
        keys = {" ".join(index.split_glued(parsed.tokens[i]) for i in positions)}
        if every[-1] + 1 - every[0] <= 14:
            # Place names inside a part are often part of the name ("Università di Udine").
            whole = " ".join(index.split_glued(parsed.tokens[i]) for i in every)
            # A Chinese name mostly starts with its place (广东药科大学): without it, what is
            # left (药科大学) is in many names and names none of them.
            chinese = all(is_cjk_token(parsed.tokens[i]) for i in every)
            keys = {whole} if chinese else keys | {whole}
        seen: dict[int, tuple[float, str, str]] = {}
        for key in sorted(keys):
            if key_weight(key) < 2:
                continue
            for number, similarity, how in _fuzzy_lookup(index, key):
                if similarity > seen.get(number, (0.0, "", ""))[0]:
                    seen[number] = (similarity, how, key)
        for short_form, owners in _short_forms(index, parsed, segment.index):
            # A short form in capitals names its organisation: a name without it is another's
            # unless of that organisation or a relative ("CUHK Shenzhen Research Institute" is
            # not "CityU Shenzhen Research Institute").
            seen = {
                number: value
                for number, value in seen.items()
                if short_form in index.fuzzy_loose[number].split(" ")
                or _related_to_any(index, index.fuzzy_entries[number].record, owners)
            }
        ranked = sorted(seen.items(), key=lambda item: -item[1][0])[:5]
        for number, (similarity, how, key) in ranked:
            entry = index.fuzzy_entries[number]
            reordered = how == REORDERED
            found.matches.append(
                Match(
                    entry.record,
                    entry,
                    index.fuzzy_keys[number],
                    first,
                    last,
                    "fuzzy",
                    similarity,
                    reordered,
                    not how and same_stems(loose_key(key), index.fuzzy_loose[number]),
                    how == CONTAINED,
                )
            )


def _short_forms(index: NameIndex, parsed: Parsed, segment: int) -> list[tuple[str, set[int]]]:
    """The part's words written in capitals that are organisations' acronyms, with those (of
    three letters or more: "UR 875" is a French lab's number, not Rochester)."""
    found = []
    for where, acronym, capitals in parsed.acronyms:
        if where == segment and capitals and len(acronym) >= 3:
            owners = {entry.record for entry in index.acronyms.get(acronym, ())}
            if owners:
                found.append((acronym, owners))
    return found


def _related_to_any(index: NameIndex, record: int, others: set[int]) -> bool:
    return record in others or any(index.is_related(record, other) for other in others)


def _add_children(index: NameIndex, found: Found) -> None:
    """Words beside a named organisation, compared with the names of its own units only.

    "Shengjing Hospital of China Medical University": the registry's child "Sheng Jing
    Hospital" is spelt differently, and too common in its words to be found among all names.
    """
    parsed = found.parsed
    parents: dict[int, Match] = {}
    for match in found.matches:
        if match.method in ("exact", "variant", "acronym") and index.children[match.record]:
            parents.setdefault(match.record, match)
    if not parents or len(parents) > 4:
        return
    place_positions = {i for p in found.free_places for i in range(p.start, p.end)}
    windows: dict[str, tuple[int, int]] = {}
    for segment in parsed.segments:
        if segment.set_aside:
            continue
        content = [
            i
            for i in range(segment.start, segment.end)
            if i not in place_positions and not parsed.tokens[i].isdigit()
        ]
        if content:
            windows.setdefault(
                " ".join(parsed.tokens[i] for i in content), (content[0], content[-1] + 1)
            )
        for match in parents.values():
            if segment.start < match.start < segment.end:
                words = parsed.tokens[segment.start : match.start]
                while words and words[-1] in _CONNECTORS:
                    words = words[:-1]  # "X of <parent>": X, without the "of"
                if words:
                    windows.setdefault(" ".join(words), (segment.start, segment.start + len(words)))
    windows = {k: span for k, span in windows.items() if key_weight(k) >= 2}
    if not windows:
        return
    covered = {(m.record, m.start, m.end) for m in found.matches}
    for parent in parents:
        names = index.unit_names(parent)
        if not names:
            continue
        for key, (start, end) in windows.items():
            for _, score, (child, child_key) in process.extract(
                loose_key(key), names, scorer=fuzz.ratio, score_cutoff=FUZZY_CHILD_MIN, limit=2
            ):
                if (child, start, end) in covered:
                    continue
                entry = next((e for e in index.exact.get(child_key, ()) if e.record == child), None)
                if entry is not None:
                    found.matches.append(
                        Match(child, entry, child_key, start, end, "fuzzy", score / 100.0)
                    )
                    covered.add((child, start, end))


def _fuzzy_lookup(index: NameIndex, key: str) -> list[tuple[int, float, str]]:
    # Parts recur across strings ("Department of Medicine", "School of Life Sciences"), and
    # the index does not change once built: the answer for a part is kept (bounded).
    known = index.fuzzy_answers.get(key)
    if known is None:
        if len(index.fuzzy_answers) >= FUZZY_ANSWERS_KEPT:
            index.fuzzy_answers.clear()
        known = index.fuzzy_answers[key] = _fuzzy_search(index, key)
    return known


def _fuzzy_search(index: NameIndex, key: str) -> list[tuple[int, float, str]]:
    """(name number, similarity, how: "" | REORDERED | CONTAINED) of the names most alike."""
    terms = [t for t in set(fuzzy_terms(key)) if t in index.postings]
    pool = _pool(index, terms)
    found = _fuzzy_scores(index, key, pool)
    if not found and len(terms) > 1 and _common_slip(index, terms[0]):
        # The rarest word is a slip a few names share too ("Univeristy"): the names with the
        # other words.
        others = _pool(index, terms[1:]) - pool
        found = _fuzzy_scores(index, key, others)
        pool |= others
    if not found:
        # Nothing alike among the names with the rarest word: the word may be misspelt, or a
        # short form of the registry's ("Belarus State University").
        found = _fuzzy_scores(index, key, _near_pool(index, key) - pool)
    if not found and len(pool) <= _FUZZY_POOL:
        found = _contained(index, key, pool)
    return found


def _common_slip(index: NameIndex, term: str) -> bool:
    """A word a few names have that is a slip of one many names have."""
    postings = len(index.postings[term])
    return postings <= SLIP_MAX_DF and any(
        len(index.postings[near]) >= SLIP_RATIO * postings for near in index.near_terms(term)
    )


def _contained(index: NameIndex, key: str, pool: set[int]) -> list[tuple[int, float, str]]:
    """Names the part is a run of words of, a few words longer: "Gregor Mendel Institute" (of
    Molecular Plant Biology), "University of Arad" (Aurel Vlaicu University of Arad)."""
    loose = loose_key(key)
    words = loose.count(" ") + 1
    if words < 2 or not index.distinctive(key):
        return []
    found = []
    for number in sorted(pool):
        name = index.fuzzy_loose[number]
        if (
            loose in name  # most names fail here, before the words are counted
            and f" {loose} " in f" {name} "
            and name.count(" ") + 1 - words <= CONTAINED_EXTRA
        ):
            found.append((number, CONTAINED_SIMILARITY, CONTAINED))
    return found[:5]


def _pool(index: NameIndex, terms: list[str]) -> set[int]:
    """The names with the part's rarest word, narrowed by the next rarest to about _FUZZY_POOL."""
    if not terms:
        return set()
    terms.sort(key=lambda t: (len(index.postings[t]), t))  # ties by name: the same every run
    pool = set(index.postings[terms[0]])
    for term in terms[1:]:
        if len(pool) <= _FUZZY_POOL:
            break
        narrowed = pool.intersection(index.postings[term])
        if not narrowed:
            break
        pool = narrowed
    return pool if len(pool) <= _FUZZY_POOL * 3 else set()


def _near_pool(index: NameIndex, key: str) -> set[int]:
    """The names holding a word near one of the part's distinctive words."""
    pool: set[int] = set()
    for term in set(fuzzy_terms(key)):
        if term in GENERIC_WORDS or len(index.postings.get(term, ())) > NEAR_MAX_DF:
            continue
        for near in index.near_terms(term):
            pool.update(index.postings[near])
    return pool if len(pool) <= _FUZZY_POOL * 3 else set()


def _fuzzy_scores(index: NameIndex, key: str, pool: set[int]) -> list[tuple[int, float, str]]:
    if not pool:
        return []
    loose = loose_key(key)
    choices = {number: index.fuzzy_loose[number] for number in pool}
    scores: dict[int, tuple[float, str]] = {}
    for scorer, penalty, how in (
        (fuzz.ratio, 0.0, ""),
        (fuzz.token_sort_ratio, 3.0, REORDERED),
    ):
        # Reordered words are a weaker sign than the same words in the same order
        # ("Washington University" is not "University of Washington").
        for _, score, number in process.extract(
            loose, choices, scorer=scorer, score_cutoff=FUZZY_MIN + penalty, limit=5
        ):
            similarity = (score - penalty) / 100.0
            if similarity > scores.get(number, (0.0, ""))[0]:
                scores[number] = (similarity, how)
    words = loose.split(" ")
    if all(is_cjk_token(word) for word in words):
        # Chinese is typed through an input method, so not misspelt: a character another than
        # the name's makes another name (國立中山大學 is not 國立中正大學). Characters more or
        # fewer are a longer or shorter form of it.
        mine = Counter(words)
        scores = {
            number: value
            for number, value in scores.items()
            if _more_or_fewer(mine, Counter(choices[number].split(" ")))
        }
    if len(words) >= 4:
        # One word more than a name, the rest in its order: "Fred Hutchinson Cancer Research
        # Center" for "Fred Hutchinson Cancer Center" (too far apart in characters).
        spaces = len(words) - 2
        for number, name in choices.items():
            if (
                number not in scores
                and name.count(" ") == spaces
                and _one_word_inserted(words, name.split(" "))
            ):
                scores[number] = (ONE_WORD_MORE, "")
    ranked = sorted(scores.items(), key=lambda item: -item[1][0])[:5]
    return [(number, similarity, how) for number, (similarity, how) in ranked]


def _more_or_fewer(mine: Counter[str], theirs: Counter[str]) -> bool:
    return not mine - theirs or not theirs - mine


def _one_word_inserted(words: list[str], name: list[str]) -> bool:
    if len(name) != len(words) - 1:
        return False
    # Never the first or the last word: those make another organisation's name.
    return any(words[:skip] + words[skip + 1 :] == name for skip in range(1, len(words) - 1))


def country_evidence(index: NameIndex, found: Found, record: int) -> tuple[bool, bool]:
    """(agrees, disagrees) between the countries the string states and the record's country."""
    country = index.records[record].country
    if not found.stated_countries or not country:
        return False, False
    agrees = any(countries_agree(stated, country) for stated in found.stated_countries)
    return agrees, not agrees


def city_evidence(index: NameIndex, found: Found, record: int) -> tuple[bool, bool]:
    cities = index.city_keys[record]
    if not found.stated_cities or not cities:
        return False, False
    agrees = bool(found.stated_cities & cities)
    return agrees, not agrees
