"""Reads: the finder's ranked researchers and labs with why they matched, challenges, profiles."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from baylink.core.chinese import fold
from baylink.core.trilingual import reader_order, trilingual_values
from baylink.directory.models import City, Organisation
from baylink.expertise import indexing
from baylink.expertise.engine import Hit, IndexOutOfDate, Mode, analysis
from baylink.expertise.filters import awaiting_shortlist, with_shortlist_size
from baylink.expertise.highlight import as_shown, highlight, in_reader_script
from baylink.expertise.models import Challenge, ResearcherProfile, ShortlistEntry
from baylink.initiatives.models import Facility, Initiative, Theme
from baylink.research.models import KnowledgeTransferOutput, Project

MAX_QUERY_CHARS = 2000
MAX_RESULTS = 100
# The finder's "Show" filter: only researchers, or only labs and institutes.
RESEARCHERS = "researchers"
LABS = "labs"


class QueryProblem(Exception):  # noqa: N818  # names the condition the reader is told about
    """The query cannot be searched as typed; the message says what to do."""


@dataclass(frozen=True)
class FinderFilters:
    organisation: Organisation | None = None
    city: City | None = None
    theme: Theme | None = None
    kind: str = ""  # RESEARCHERS or LABS only; "" for both

    @property
    def active(self) -> bool:
        return any((self.organisation, self.city, self.theme, self.kind))


@dataclass
class FinderResult:
    key: str
    kind: str  # "researcher" or "lab"
    score: float
    terms: tuple[str, ...]
    profile: ResearcherProfile | None = None
    lab: Initiative | None = None
    keywords: list[SafeString] = field(default_factory=list)
    matched_projects: list[SafeString] = field(default_factory=list)
    matched_facilities: list[SafeString] = field(default_factory=list)
    summary: str = ""
    matched_terms: list[str] = field(default_factory=list)


def check_query(query: str) -> str:
    """The query trimmed, or QueryProblem when there is nothing to search or far too much."""
    text = " ".join(query.split())
    # Punctuation alone ("？？？", "...") says nothing to search for either.
    if not any(character.isalnum() for character in text):
        raise QueryProblem(_("Describe a problem or a topic, in any language, to find experts."))
    if len(text) > MAX_QUERY_CHARS:
        raise QueryProblem(
            _(
                "Your text is %(length)s characters long; shorten it to at most %(limit)s "
                "characters (the main problem and goal are enough)."
            )
            % {"length": len(text), "limit": MAX_QUERY_CHARS}
        )
    return text


def _allowed_keys(filters: FinderFilters) -> set[str] | None:
    if not filters.active:
        return None
    profiles = ResearcherProfile.objects.filter(is_public=True)
    labs = indexing.indexed_labs()
    if filters.organisation is not None:
        organisation = filters.organisation
        profiles = profiles.filter(person__organisation=organisation)
        labs = labs.filter(
            Q(partners=organisation) | Q(lead_unit__organisation=organisation)
        ).distinct()
    if filters.city is not None:
        profiles = profiles.filter(person__organisation__city=filters.city)
        labs = labs.filter(city=filters.city)
    if filters.theme is not None:
        profiles = profiles.filter(projects__themes=filters.theme).distinct()
        labs = labs.filter(themes=filters.theme).distinct()
    if filters.kind == LABS:
        profiles = profiles.none()
    elif filters.kind == RESEARCHERS:
        labs = labs.none()
    keys = {indexing.profile_key(pk) for pk in profiles.values_list("pk", flat=True)}
    keys |= {indexing.lab_key(pk) for pk in labs.values_list("pk", flat=True)}
    return keys


def search_hits(
    query: str,
    *,
    mode: Mode = Mode.HYBRID,
    k: int | None = None,
    allowed: set[str] | None = None,
) -> list[Hit]:
    """Engine hits (k, else MAX_RESULTS) for a checked query; an index built another way, or
    none, reads as empty (and is built in the background)."""
    k = MAX_RESULTS if k is None else k
    index = indexing.expertise_index()
    try:
        hits = index.search(query, mode=mode, k=k, allowed=allowed)
    except IndexOutOfDate:
        indexing.rebuild_soon()
        return []
    if not hits and not index.exists():
        indexing.rebuild_soon()
    return hits


def _profiles(ids: Sequence[int]) -> dict[int, ResearcherProfile]:
    queryset = ResearcherProfile.objects.select_related(
        "person__organisation__city", "person__unit"
    ).prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("pk")))
    return {profile.pk: profile for profile in queryset.filter(pk__in=ids, is_public=True)}


def _labs(ids: Sequence[int]) -> dict[int, Initiative]:
    queryset = Initiative.objects.select_related("city").prefetch_related("themes", "facilities")
    return {lab.pk: lab for lab in queryset.filter(pk__in=ids)}


def _matched_facilities(lab: Initiative, terms: set[str]) -> list[Facility]:
    """The lab's facilities whose name or description holds a matched term."""
    return [
        facility
        for facility in lab.facilities.all()
        if _matching(
            [
                *trilingual_values(facility, "name"),
                *trilingual_values(facility, "description"),
            ],
            terms,
        )
    ]


def _reasons(
    terms: Sequence[str], shown: Sequence[str], spelled: dict[str, str], language: str | None
) -> list[str]:
    """The matched terms as the reader sees them written in the result (an index term the
    result's texts do not show, a piece of a longer word, is left out); if none is shown, the
    terms as the index spells them, in the reader's script."""
    written = list(dict.fromkeys(form for term in terms if (form := as_shown(term, shown))))
    return written or [in_reader_script(spelled[term], language) for term in terms]


def _matching(texts: Sequence[str], terms: set[str]) -> list[str]:
    return [text for text in texts if terms & set(analysis.terms(text))]


def finder_results(
    query: str, *, filters: FinderFilters | None = None, language: str | None = None
) -> list[FinderResult]:
    """Ranked researchers and labs for a checked query, each with what it matched."""
    filters = filters or FinderFilters()
    hits = search_hits(query, allowed=_allowed_keys(filters))
    parsed = [(hit, *indexing.parse_key(hit.key)) for hit in hits]
    profiles = _profiles([pk for _, kind, pk in parsed if kind == indexing.RESEARCHER])
    labs = _labs([pk for _, kind, pk in parsed if kind == indexing.LAB])
    results = []
    for hit, kind, pk in parsed:
        terms = set(hit.terms)
        shown = sorted(hit.terms, key=lambda term: (not analysis.is_word(term), term))
        spelled = dict(zip(hit.terms, hit.words or hit.terms, strict=True))
        if kind == indexing.RESEARCHER and pk in profiles:
            profile = profiles[pk]
            titles = _matching(indexing.profile_project_titles(profile), terms)
            # Each text put in the reader's script once: marked, and read for the reasons.
            keywords = [in_reader_script(keyword, language) for keyword in profile.keywords]
            projects = [in_reader_script(title, language) for title in titles]
            statement = in_reader_script(profile.statement, language)
            results.append(
                FinderResult(
                    key=hit.key,
                    kind="researcher",
                    score=hit.score,
                    terms=hit.terms,
                    profile=profile,
                    keywords=[highlight(keyword, shown) for keyword in keywords],
                    matched_projects=[highlight(title, shown) for title in projects],
                    summary=highlight(statement, shown),
                    matched_terms=_reasons(
                        shown, [*keywords, *projects, statement], spelled, language
                    ),
                )
            )
        elif kind == indexing.LAB and pk in labs:
            lab = labs[pk]
            facilities = [
                in_reader_script(facility.name, language)
                for facility in _matched_facilities(lab, terms)
            ]
            description = in_reader_script(lab.description, language)
            results.append(
                FinderResult(
                    key=hit.key,
                    kind="lab",
                    score=hit.score,
                    terms=hit.terms,
                    lab=lab,
                    summary=highlight(description, shown),
                    matched_facilities=[highlight(name, shown) for name in facilities],
                    matched_terms=_reasons(shown, [description, *facilities], spelled, language),
                )
            )
    return results


def finder_organisations() -> QuerySet[Organisation]:
    """Organisations with a public researcher profile, for the finder's filter."""
    return (
        Organisation.objects.filter(people__profile__is_public=True)
        .distinct()
        .order_by(reader_order(), "pk")
    )


def external_ids(keys: Sequence[str]) -> dict[str, str]:
    """The id each indexed document has outside Baylink: a profile's external id, a lab's slug."""
    parsed = [indexing.parse_key(key) for key in keys]
    profile_ids = [pk for kind, pk in parsed if kind == indexing.RESEARCHER]
    lab_ids = [pk for kind, pk in parsed if kind == indexing.LAB]
    found: dict[str, str] = {}
    for start in range(0, len(profile_ids), 900):
        batch = profile_ids[start : start + 900]
        for pk, external in ResearcherProfile.objects.filter(pk__in=batch).values_list(
            "pk", "external_id"
        ):
            found[indexing.profile_key(pk)] = external or indexing.profile_key(pk)
    for pk, slug in Initiative.objects.filter(pk__in=lab_ids).values_list("pk", "slug"):
        found[indexing.lab_key(pk)] = f"lab:{slug}"
    return found


def researcher_keys() -> set[str]:
    try:
        keys = indexing.expertise_index().keys()
    except IndexOutOfDate:
        return set()
    return {key for key in keys if key.startswith(indexing.RESEARCHER)}


def profile_for_user(user_id: int) -> ResearcherProfile | None:
    return ResearcherProfile.objects.select_related("person").filter(user_id=user_id).first()


def public_profile(pk: int) -> ResearcherProfile:
    queryset = ResearcherProfile.objects.select_related(
        "person__organisation__city", "person__unit"
    ).prefetch_related(Prefetch("projects", queryset=Project.objects.order_by("pk")))
    return queryset.get(pk=pk, is_public=True)


def challenge_list() -> QuerySet[Challenge]:
    """Every challenge with its partner, who saved it and how many are on its shortlist."""
    return with_shortlist_size(Challenge.objects.select_related("partner", "created_by"))


def _entries() -> Prefetch[str]:
    return Prefetch(
        "entries",
        queryset=ShortlistEntry.objects.select_related(
            "profile__person__organisation__city", "profile__person__unit", "initiative__city"
        ).order_by("position", "pk"),
    )


def _outcomes() -> Prefetch[str]:
    return Prefetch(
        "outcomes",
        queryset=KnowledgeTransferOutput.objects.order_by("-occurred_on", "reference"),
    )


def challenge_detail(pk: int) -> Challenge:
    return (
        Challenge.objects.select_related("partner")
        .prefetch_related(_entries(), _outcomes())
        .get(pk=pk)
    )


def outcome_suggestions(challenge: Challenge, limit: int = 5) -> list[KnowledgeTransferOutput]:
    """The partner's newest KT outputs not yet recorded as this challenge's outcomes: the
    contract signed with the company is likely among them."""
    if challenge.partner_id is None:
        return []
    linked = [output.pk for output in challenge.outcomes.all()]
    return list(
        KnowledgeTransferOutput.objects.filter(counterparty_id=challenge.partner_id)
        .exclude(pk__in=linked)
        .order_by("-occurred_on", "reference")[:limit]
    )


def challenge_saved_before(*, text: str, partner_name: str) -> Challenge | None:
    """A challenge with this text and this industry partner (named in any script or alias,
    or neither naming one): the same search saved twice, by a second click or a colleague."""
    partner = fold(partner_name.strip())
    for challenge in Challenge.objects.filter(text=text.strip()).select_related("partner"):
        if challenge.partner is None:
            if not partner:
                return challenge
        elif partner and partner in challenge.partner.search_text.split(" | "):
            return challenge
    return None


def challenges_awaiting_shortlist() -> int:
    """Challenges still under way with nobody shortlisted for them yet."""
    return awaiting_shortlist(Challenge.objects.all()).count()


def shortlist_columns() -> list[str]:
    """The download's headings, in the reader's language: it is read, not imported."""
    return [
        _("Position"),
        _("Researcher or lab"),
        _("Name"),
        _("Organisation"),
        _("Unit"),
        _("City"),
        _("Note"),
        _("Page"),
    ]


def shortlist_rows(challenge: Challenge, page_address: Callable[[str], str]) -> list[list[str]]:
    """The shortlist as a table (shortlist_columns()), names in the reader's language;
    `page_address` makes a path into the full address the reader can open."""
    rows = []
    for number, entry in enumerate(challenge.entries.all(), start=1):
        if entry.profile is not None:
            person = entry.profile.person
            path = reverse("expertise:profile-detail", args=[entry.profile.pk])
            kind, name = _("Researcher"), person.name
            organisation = person.organisation.name if person.organisation else ""
            unit = person.unit.name if person.unit else ""
            place = person.organisation.city if person.organisation else None
            city = place.name if place else ""
        else:
            lab = entry.initiative
            assert lab is not None  # an entry names a researcher or a lab (check constraint)
            path = reverse("portal:initiative-detail", args=[lab.slug])
            kind, name = _("Lab or institute"), lab.name
            organisation, unit = "", ""
            city = lab.city.name if lab.city else ""
        rows.append(
            [str(number), kind, name, organisation, unit, city, entry.note, page_address(path)]
        )
    return rows


def shared_shortlist_url(request: HttpRequest, challenge: Challenge) -> str:
    """The full address of the challenge's shortlist for whoever holds the link."""
    return request.build_absolute_uri(
        reverse("expertise:shared-shortlist", args=[challenge.share_token])
    )


def shared_challenge(token: str) -> Challenge:
    return (
        Challenge.objects.select_related("partner")
        .prefetch_related(_entries())
        .get(share_token=token)
    )
