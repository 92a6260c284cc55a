"""baylink export KIND OUT: records of one kind in the import's columns."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from baylink.core.files import replace_file
from baylink.core.tabular.registry import KINDS, export_table
from baylink.core.tabular.writing import FORMATS


class Command(BaseCommand):
    help = (
        "Export records of one kind in the same columns the import reads, as "
        "CSV (UTF-8 with a byte-order mark, so that Excel shows Chinese correctly) or as an "
        "Excel workbook, chosen by the file's extension. Text that a spreadsheet would run as a "
        "formula (starting with = + - @) gets a leading apostrophe."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=sorted(KINDS), help="what to export")
        parser.add_argument("out", help="the file to write: a name ending in .csv or .xlsx")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="filter as the staff list does (e.g. --filter q=深圳 --filter country=CN)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        kind = KINDS[options["kind"]]
        out = Path(options["out"])
        file_format = out.suffix.lower().lstrip(".")
        if file_format not in FORMATS:
            raise CommandError(
                _("Name the output file .csv or .xlsx (not “%(name)s”).") % {"name": out.name}
            )
        filters = QueryDict(mutable=True)
        for item in options["filter"]:
            name, separator, value = item.partition("=")
            if not separator:
                raise CommandError(
                    _("Write each filter as NAME=VALUE (not “%(filter)s”).") % {"filter": item}
                )
            filters.appendlist(name.strip(), value)
        filterset = import_string(kind.filterset)(
            filters, queryset=kind.model_class()._default_manager.all()
        )
        if not filterset.is_valid():
            name, messages = next(iter(filterset.errors.items()))
            raise CommandError(
                _("The filter %(name)s is not valid: %(message)s")
                % {"name": name, "message": messages[0]}
            )
        unknown = sorted(set(filters) - set(filterset.filters))
        if unknown:
            raise CommandError(
                _("Unknown filter %(names)s: use %(known)s.")
                % {"names": ", ".join(unknown), "known": ", ".join(filterset.filters)}
            )
        queryset = filterset.qs
        try:
            exported = export_table(kind, queryset, file_format)
            replace_file(out, exported.body)
        except OSError as error:
            raise CommandError(
                _("Cannot write %(file)s: %(reason)s") % {"file": out, "reason": error.strerror}
            ) from error
        if kind.personal_data:
            from baylink.accounts.services import personal_data_export_record

            personal_data_export_record(
                user=None,
                kind=kind.name,
                rows=exported.rows,
                file_format=file_format,
                query=filters.urlencode(),
            )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Wrote %(count)s record to %(file)s.",
                    "Wrote %(count)s records to %(file)s.",
                    exported.rows,
                )
                % {"count": exported.rows, "file": out}
            )
        )
