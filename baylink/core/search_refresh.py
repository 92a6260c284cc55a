"""Stored search texts follow the folding rules.

Every list finds records by a folded `search_text` made when the record is written. When the
folding rules change (the Hong Kong / mainland phrase table, an OpenCC release), texts stored
before would no longer meet queries folded the new way: 养老院 would not find 護老院. After each
`migrate`, the texts are made again where the rules they were made with are not the current ones.

The sources are named by dotted paths, as the import kinds are, so that the shared kernel does
not depend on the apps whose records it refreshes.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Model
from django.utils.module_loading import import_string

from baylink.core.chinese import folding_signature
from baylink.core.content_version import bump_content_version
from baylink.core.models import SearchFolding

BATCH = 1000


@dataclass(frozen=True)
class SearchTextSource:
    model: str  # app_label.ModelName
    compute: str  # function(record) -> its search text, as its services write it
    related: tuple[str, ...] = ()  # what `compute` reads through relations (prefetched)


SOURCES = (
    SearchTextSource(
        "directory.Organisation", "baylink.directory.services.organisation_search_text", ("names",)
    ),
    SearchTextSource("directory.Person", "baylink.directory.services.person_search_text"),
    SearchTextSource(
        "agreements.Agreement",
        "baylink.agreements.services.agreement_search_text_with_parties",
        ("parties__organisation",),
    ),
    SearchTextSource(
        "initiatives.Initiative", "baylink.initiatives.services.initiative_search_text"
    ),
    SearchTextSource("research.Project", "baylink.research.services.project_search_text"),
    SearchTextSource(
        "research.KnowledgeTransferOutput", "baylink.research.services.kt_output_search_text"
    ),
    SearchTextSource("ventures.Programme", "baylink.ventures.services.programme_search_text"),
    SearchTextSource("ventures.Startup", "baylink.ventures.services.startup_search_text"),
    SearchTextSource("expertise.Challenge", "baylink.expertise.services.challenge_search_text"),
)


def _refresh(model: type[Model], compute: Callable[[Any], str], related: tuple[str, ...]) -> int:
    """Make each record's search text again; write only those that differ. How many did."""
    records = model._default_manager.prefetch_related(*related).order_by("pk")
    changed: list[Any] = []
    written = 0
    record: Any
    for record in records.iterator(chunk_size=BATCH):
        text = compute(record)
        if text != record.search_text:
            record.search_text = text
            changed.append(record)
        if len(changed) >= BATCH:
            written += model._default_manager.bulk_update(changed, ["search_text"])
            changed = []
    return written + model._default_manager.bulk_update(changed, ["search_text"])


def refresh_search_texts() -> dict[str, int]:
    """Every source's search texts made with the current rules: records changed per model."""
    changed = {}
    with transaction.atomic():
        for source in SOURCES:
            model = apps.get_model(source.model)
            changed[source.model] = _refresh(model, import_string(source.compute), source.related)
        SearchFolding.objects.all().delete()
        SearchFolding.objects.create(signature=folding_signature())
    if any(changed.values()):
        bump_content_version()
    return changed


def search_texts_follow_folding(using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """After `migrate`: refresh the stored search texts if they were made with other rules.

    Skipped while any migration is still to be applied (a migrate of a single app, or back to
    an earlier state): a table or column the sources read may not be there yet."""
    if using != DEFAULT_DB_ALIAS:
        return
    connection = connections[using]
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    stored = SearchFolding.objects.values_list("signature", flat=True).first()
    if stored != folding_signature():
        refresh_search_texts()
