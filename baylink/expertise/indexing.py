"""Keeping the search index in step with the records: what a profile or a lab is to the engine.

The index lives under BAYLINK_DATA_DIR/expertise/. Researchers are keyed `r<profile id>`, labs
(initiatives) `l<initiative id>`.
"""

from collections.abc import Iterable, Sequence
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from baylink.core import segmentation
from baylink.core.chinese import fold
from baylink.core.trilingual import trilingual_values
from baylink.expertise.engine import (
    BuildStats,
    Document,
    ExpertiseIndex,
    IndexOutOfDate,
    Progress,
    VectorCache,
    default_encoder,
)
from baylink.expertise.engine.index import null_progress, researcher_document
from baylink.expertise.models import ResearcherProfile
from baylink.initiatives.models import Initiative
from baylink.research.models import Project

RESEARCHER = "r"
LAB = "l"
# Initiatives that do research someone can be introduced to (not campuses or alliances).
LAB_KINDS = (
    Initiative.Kind.INSTITUTE,
    Initiative.Kind.JOINT_LAB,
    Initiative.Kind.RESEARCH_INSTITUTE,
    Initiative.Kind.PLATFORM,
    Initiative.Kind.COOPERATION,
)

_indexes: dict[Path, ExpertiseIndex] = {}


def data_directory() -> Path:
    return Path(settings.DATA_DIR) / "expertise"


def expertise_index() -> ExpertiseIndex:
    """The index of this data directory, one per process (it caches arrays in memory)."""
    directory = data_directory()
    index = _indexes.get(directory)
    if index is None:
        segmentation.configure(directory / "jieba")
        index = ExpertiseIndex(
            directory / "index",
            default_encoder(),
            cache=VectorCache(directory / "vectors.sqlite3"),
        )
        _indexes[directory] = index
    return index


def _distinct(values: Iterable[str]) -> list[str]:
    """Each text once, whatever its script (a machine conversion repeats the original)."""
    seen: dict[str, str] = {}
    for value in values:
        if value and fold(value) not in seen:
            seen[fold(value)] = value
    return list(seen.values())


def indexed_profiles() -> QuerySet[ResearcherProfile]:
    return ResearcherProfile.objects.select_related("person__unit").prefetch_related(
        Prefetch("projects", queryset=Project.objects.order_by("pk"))
    )


def indexed_labs() -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(kind__in=LAB_KINDS)
        .exclude(status=Initiative.Status.CLOSED)
        .prefetch_related("themes", "facilities")
    )


def profile_project_titles(profile: ResearcherProfile) -> list[str]:
    """Titles as listed by the researcher, then those of linked projects (each once)."""
    linked = [title for project in profile.projects.all() for title in _title(project)]
    return _distinct([*profile.project_titles, *linked])


def _title(project: Project) -> list[str]:
    return _distinct(trilingual_values(project, "title"))


def profile_document(profile: ResearcherProfile) -> Document:
    person = profile.person
    context = [*_distinct(trilingual_values(person, "name")), *profile.outputs]
    if person.unit is not None:
        context += _distinct(trilingual_values(person.unit, "name"))
    return researcher_document(
        f"{RESEARCHER}{profile.pk}",
        keywords=list(profile.keywords),
        projects=profile_project_titles(profile),
        statement=profile.statement,
        context=context,
    )


def lab_document(initiative: Initiative) -> Document:
    names = _distinct([*trilingual_values(initiative, "name"), initiative.acronym])
    descriptions = _distinct(trilingual_values(initiative, "description"))
    themes = [name for theme in initiative.themes.all() for name in _distinct(
        trilingual_values(theme, "name"))]  # fmt: skip
    # A company that needs a cleanroom or a test bed finds the lab that runs one.
    facilities = [
        text
        for facility in initiative.facilities.all()
        for field in ("name", "description")
        for text in _distinct(trilingual_values(facility, field))
    ]
    described = " ".join([*names[:1], *descriptions[:1]])
    return Document(
        key=f"{LAB}{initiative.pk}",
        text=" ; ".join([*names, *descriptions, *themes, *facilities]),
        dense_text=described,
    )


# While an out-of-date index is being rebuilt, searches do not ask for it again.
REBUILD_ASKED = "baylink:expertise:rebuild-asked"
REBUILD_ASKED_FOR = 600  # seconds


def rebuild_soon() -> None:
    """Queue a rebuild of an index built another way (after an upgrade) or never built, once
    at a time."""
    from baylink.expertise.tasks import rebuild_index

    if cache.add(REBUILD_ASKED, True, timeout=REBUILD_ASKED_FOR):
        rebuild_index.enqueue()


def _update(documents: Sequence[Document], removed: Sequence[str]) -> BuildStats:
    index = expertise_index()
    if not index.exists():
        # Never built here (a new or lost data directory): built from every record, so that
        # an index of the one just changed does not pass for a whole one.
        return index_everything()
    try:
        return index.update(documents, removed)
    except IndexOutOfDate:
        # Built with another encoder or other folding rules (an upgrade): made again likewise.
        return index_everything()


def index_profiles(profile_ids: Sequence[int]) -> BuildStats:
    """Re-read these profiles; public ones are (re)indexed, the others dropped."""
    profiles = list(indexed_profiles().filter(pk__in=profile_ids, is_public=True))
    public = {profile.pk for profile in profiles}
    removed = [f"{RESEARCHER}{pk}" for pk in profile_ids if pk not in public]
    return _update([profile_document(p) for p in profiles], removed)


def index_labs(initiative_ids: Sequence[int]) -> BuildStats:
    labs = list(indexed_labs().filter(pk__in=initiative_ids))
    kept = {lab.pk for lab in labs}
    removed = [f"{LAB}{pk}" for pk in initiative_ids if pk not in kept]
    return _update([lab_document(lab) for lab in labs], removed)


def index_everything(progress: Progress | None = None) -> BuildStats:
    """Rebuild from all public profiles and open labs (unchanged texts keep their vectors)."""
    documents = [
        profile_document(profile)
        for profile in indexed_profiles().filter(is_public=True).order_by("pk").iterator(2000)
    ]
    documents += [lab_document(lab) for lab in indexed_labs().order_by("pk").iterator(2000)]
    return expertise_index().rebuild(documents, progress or null_progress())


def index_in_step() -> bool:
    """Whether the index holds exactly the public profiles and open labs (a fresh data
    directory, or records written in bulk past the services, leave it behind)."""
    try:
        held = set(expertise_index().keys())
    except IndexOutOfDate:  # built with another encoder
        return False
    public = ResearcherProfile.objects.filter(is_public=True).values_list("pk", flat=True)
    expected = {profile_key(pk) for pk in public}
    expected |= {lab_key(pk) for pk in indexed_labs().values_list("pk", flat=True)}
    return held == expected


def profile_key(profile_id: int) -> str:
    return f"{RESEARCHER}{profile_id}"


def lab_key(initiative_id: int) -> str:
    return f"{LAB}{initiative_id}"


def parse_key(key: str) -> tuple[str, int]:
    return key[:1], int(key[1:])
