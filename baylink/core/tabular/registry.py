"""The kinds of records that can be imported and exported, and who may do so.

Named by dotted paths and imported when used, so that the shared kernel does not depend on the
apps whose records it moves.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model, QuerySet
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from baylink.core.tabular.importing import Importer

Exporter = Callable[..., Iterator[list[Any]]]  # (queryset, **exporter options)


@dataclass(frozen=True)
class Kind:
    name: str  # as in `baylink import <name>` and in URLs
    label: str | Promise
    model: str  # app_label.ModelName
    importer: str
    exporter: str
    columns: str
    filterset: str  # the staff list's filters, which exports reuse
    list_url: str  # the staff list the import leads back to
    # function(user) -> Q: the records a user may see (exports); "" for all of them
    visible_to: str = ""
    # function(user) -> dict: extra arguments for the importer (a unit coordinator's units)
    importer_options: str = ""
    # function(user) -> dict: extra arguments for the exporter (a column the user may not read)
    exporter_options: str = ""
    # Students' personal data: exporting needs accounts.export_personal_data and is logged.
    personal_data: bool = False

    @property
    def app_label(self) -> str:
        return self.model.split(".")[0]

    @property
    def model_name(self) -> str:
        return self.model.split(".")[1].lower()

    def permission(self, action: str) -> str:
        return f"{self.app_label}.{action}_{self.model_name}"

    def model_class(self) -> type[Model]:
        from django.apps import apps

        return apps.get_model(self.model)

    def importer_class(self) -> type[Importer[Any]]:
        found: type[Importer[Any]] = import_string(self.importer)
        return found

    def export_function(self) -> Exporter:
        found: Exporter = import_string(self.exporter)
        return found

    def export_columns(self) -> tuple[str, ...]:
        found: tuple[str, ...] = import_string(self.columns)
        return found

    def export_rows(
        self, queryset: QuerySet[Any], user: User | AnonymousUser | None = None
    ) -> Iterator[list[Any]]:
        """The rows of the export, as `user` may read them (None: the command line, all)."""
        options: dict[str, Any] = {}
        if self.exporter_options and user is not None:
            options = import_string(self.exporter_options)(user)
        return self.export_function()(queryset, **options)

    def importer_for(self, user: User | AnonymousUser, *, source: str = "") -> Importer[Any]:
        options: dict[str, Any] = {}
        if self.importer_options:
            options = import_string(self.importer_options)(user)
        return self.importer_class()(actor=user, source=source, **options)

    def visible_records(self, user: User | AnonymousUser) -> QuerySet[Any]:
        records = self.model_class()._default_manager.all()
        if self.visible_to:
            records = records.filter(import_string(self.visible_to)(user))
        return records

    def can_import(self, user: User | AnonymousUser) -> bool:
        return user.has_perm(self.permission("add")) and user.has_perm(self.permission("change"))

    def can_export(self, user: User | AnonymousUser) -> bool:
        if self.personal_data and not user.has_perm("accounts.export_personal_data"):
            return False
        return user.has_perm(self.permission("view"))


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            name="organisations",
            label=_("Organisations"),
            model="directory.Organisation",
            importer="baylink.directory.importers.OrganisationImporter",
            exporter="baylink.directory.importers.export_organisations",
            columns="baylink.directory.importers.ORGANISATION_COLUMNS",
            filterset="baylink.directory.filters.StaffOrganisationFilterSet",
            list_url="directory:organisation-list",
        ),
        Kind(
            name="people",
            label=_("People"),
            model="directory.Person",
            importer="baylink.directory.importers.PersonImporter",
            exporter="baylink.directory.importers.export_people",
            columns="baylink.directory.importers.PERSON_COLUMNS",
            filterset="baylink.directory.filters.PersonFilterSet",
            list_url="directory:person-list",
        ),
        Kind(
            name="agreements",
            label=_("Agreements"),
            model="agreements.Agreement",
            importer="baylink.agreements.importers.AgreementImporter",
            exporter="baylink.agreements.importers.export_agreements",
            columns="baylink.agreements.importers.COLUMNS",
            filterset="baylink.agreements.filters.AgreementFilterSet",
            list_url="agreements:list",
            visible_to="baylink.accounts.permissions.agreement_scope",
            importer_options="baylink.agreements.importers.importer_options",
        ),
    )
}


def register_kind(kind: Kind) -> None:
    """Add an app's kind of record (call it from the app's AppConfig.ready())."""
    KINDS[kind.name] = kind


@dataclass(frozen=True)
class ExportedTable:
    body: bytes
    rows: int  # counted while written: the log of a personal-data export needs no second query


def export_table(
    kind: Kind,
    queryset: QuerySet[Any],
    file_format: str,
    user: User | AnonymousUser | None = None,
) -> ExportedTable:
    """The records of the queryset, in the import's columns, as CSV or XLSX bytes; as `user`
    may read them (None: everything, as on the command line)."""
    from baylink.core.tabular.writing import write_table

    written = 0

    def counted(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        nonlocal written
        for row in rows:
            written += 1
            yield row

    body = write_table(
        kind.export_columns(),
        counted(kind.export_rows(queryset, user)),
        file_format,
        title=kind.name,
    )
    return ExportedTable(body, written)


def kinds_for(user: User | AnonymousUser) -> list[Kind]:
    """The kinds of record the user may import or export (what the data pages offer them)."""
    return [kind for kind in KINDS.values() if kind.can_import(user) or kind.can_export(user)]
