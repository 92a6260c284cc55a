"""Background work: keeping the search index in step after edits (run by the task worker)."""

from django_tasks import task

from baylink.expertise import indexing


@task()
def index_profiles(profile_ids: list[int]) -> int:
    """Re-index these researcher profiles; returns the number of documents in the index."""
    return indexing.index_profiles(profile_ids).documents


@task()
def index_labs(initiative_ids: list[int]) -> int:
    """Re-index these initiatives (call after an initiative's text, kind or status changes)."""
    return indexing.index_labs(initiative_ids).documents


@task()
def rebuild_index() -> int:
    return indexing.index_everything().documents
