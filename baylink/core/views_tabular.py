"""Staff pages to import records from a file (upload, preview, confirm) and to export them.

The uploaded file and its preview stay on the server under a random token (in the shared
cache, so any app process can confirm it) until the import is confirmed or an hour passes:
confirming does not upload the file again, and checks every row again before writing.
"""

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.core.http import filtered
from baylink.core.staff import StaffView
from baylink.core.tabular import ImportPreview, describe, run_import, summary
from baylink.core.tabular.encoding import BIG5_HKSCS, GB18030, UTF8
from baylink.core.tabular.importing import encoding_line
from baylink.core.tabular.preview import CREATE, ERROR, UPDATE
from baylink.core.tabular.registry import KINDS, Kind, export_table, kinds_for
from baylink.core.tabular.writing import FORMATS, MEDIA_TYPES, write_table

MAX_UPLOAD = 20 * 1024 * 1024
KEPT_FOR = 3600  # seconds a checked file waits for its confirmation
SHOWN_ROWS = 200  # rows listed in a preview (every row with a problem is listed too)
CACHE_PREFIX = "baylink:import:"


def _kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError as missing:
        raise Http404(
            _("There is nothing called “%(kind)s” to import.") % {"kind": name}
        ) from missing


def _list_url(kind: Kind) -> str:
    try:
        return reverse(kind.list_url)
    except NoReverseMatch:  # the list page is not installed
        return reverse("tabular:index")


def export_response(
    request: HttpRequest, kind_name: str, queryset: QuerySet[Any], file_format: str
) -> HttpResponse:
    """The records of a (filtered) list as a download; staff lists call this for ?export=.

    Personal data needs its own permission, and each such download is logged.
    """
    kind = KINDS[kind_name]
    if not kind.can_export(request.user):
        raise PermissionDenied
    if file_format not in FORMATS:
        file_format = FORMATS[0]
    exported = export_table(kind, queryset, file_format, request.user)
    if kind.personal_data:
        from baylink.accounts.services import personal_data_export_record

        assert isinstance(request.user, User)  # can_export() is False for anonymous users
        personal_data_export_record(
            user=request.user,
            kind=kind.name,
            rows=exported.rows,
            file_format=file_format,
            query=request.GET.urlencode(),
        )
    return download(exported.body, file_format, f"{kind.name}-{timezone.localdate().isoformat()}")


def download(body: bytes, file_format: str, name: str) -> HttpResponse:
    """A written table as a file to save, `name.csv` or `name.xlsx`."""
    response = HttpResponse(body, content_type=MEDIA_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


def table_download(
    columns: Sequence[str], rows: Iterable[Sequence[Any]], file_format: str, name: str
) -> HttpResponse:
    """Columns and rows as a CSV file or an Excel workbook (any other format asked for: CSV)."""
    if file_format not in FORMATS:
        file_format = FORMATS[0]
    return download(write_table(columns, rows, file_format, title=name), file_format, name)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy(
            "A CSV file or an Excel workbook (.xlsx, first sheet), at most 20 MB. Row 1 names "
            "the columns. For CSV, Excel's “CSV UTF-8” is best; Big5-HKSCS and GB18030 are "
            "read too."
        ),
    )
    encoding = forms.ChoiceField(
        label=gettext_lazy("Encoding of a CSV file"),
        choices=[
            ("auto", gettext_lazy("Detect it")),
            (UTF8, "UTF-8"),
            (BIG5_HKSCS, gettext_lazy("Big5-HKSCS (Traditional Chinese)")),
            (GB18030, gettext_lazy("GB18030 (Simplified Chinese)")),
        ],
        initial="auto",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is larger than 20 MB: split it into several files.")
            )
        return upload


@dataclass
class PendingImport:
    user_id: int
    kind: str
    filename: str
    encoding: str
    data: bytes
    preview: ImportPreview


def _pending(request: HttpRequest, kind: Kind, token: str) -> PendingImport | None:
    pending = cache.get(f"{CACHE_PREFIX}{token}")
    if not isinstance(pending, PendingImport):
        return None
    if pending.user_id != request.user.pk or pending.kind != kind.name:
        return None
    return pending


class TabularView(StaffView):
    """Checks login, then the kind's permission (the kind comes from the URL)."""

    def has_permission(self) -> bool:
        return True  # checked in dispatch, once the kind is known

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if "kind" in kwargs:
            self.kind = _kind(kwargs["kind"])
            if not self.allowed(self.kind, request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def allowed(self, kind: Kind, user: User | AnonymousUser) -> bool:
        return kind.can_import(user)


class DataIndexView(TabularView):
    """Every kind of record the user may import or export."""

    def get(self, request: HttpRequest) -> HttpResponse:
        kinds = [
            {
                "kind": kind,
                "can_import": kind.can_import(request.user),
                "can_export": kind.can_export(request.user),
                "columns": kind.export_columns(),
            }
            for kind in kinds_for(request.user)
        ]
        if not kinds:
            raise PermissionDenied
        return render(request, "core/tabular_index.html", {"kinds": kinds})


class ImportUploadView(TabularView):
    def render_form(self, form: UploadForm) -> HttpResponse:
        return render(
            self.request,
            "core/tabular_import.html",
            {"form": form, "kind": self.kind, "columns": self.kind.export_columns()},
        )

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        return self.render_form(UploadForm())

    def post(self, request: HttpRequest, kind: str) -> HttpResponse:
        form = UploadForm(data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self.render_form(form)
        upload = form.cleaned_data["file"]
        data = upload.read()
        filename = str(upload.name or "")
        encoding = form.cleaned_data["encoding"]
        importer = self.kind.importer_for(request.user, source=filename)
        preview = run_import(importer, data, filename=filename, encoding=encoding, dry_run=True)
        token = secrets.token_urlsafe(16)
        pending = PendingImport(
            int(request.user.pk or 0), self.kind.name, filename, encoding, data, preview
        )
        cache.set(f"{CACHE_PREFIX}{token}", pending, KEPT_FOR)
        return HttpResponseRedirect(reverse("tabular:preview", args=[self.kind.name, token]))


def preview_context(preview: ImportPreview) -> dict[str, Any]:
    """What the preview page shows: counts, problems worded, the rows worth reading first."""
    with_problems = [row for row in preview.rows if row.action == ERROR]
    others = [row for row in preview.rows if row.action != ERROR]
    shown = with_problems + others[: max(SHOWN_ROWS - len(with_problems), 0)]
    return {
        "preview": preview,
        "encoding": encoding_line(preview) if preview.encoding else "",
        "file_problems": [describe(problem) for problem in preview.problems],
        "rows": sorted(shown, key=lambda row: row.row),
        "hidden_rows": len(preview.rows) - len(shown),
        "counts": preview.counts,
        "summary": summary(preview) if preview.rows else "",
        "can_confirm": preview.ok and any(row.action in (CREATE, UPDATE) for row in preview.rows),
    }


class ImportPreviewView(TabularView):
    def render_preview(self, pending: PendingImport, token: str) -> HttpResponse:
        context = preview_context(pending.preview)
        context.update({"kind": self.kind, "token": token, "pending": pending})
        return render(self.request, "core/tabular_preview.html", context)

    def expired(self) -> HttpResponse:
        messages.error(
            self.request,
            _(
                "This import is no longer waiting (it was confirmed, or an hour passed). "
                "Upload the file again."
            ),
        )
        return HttpResponseRedirect(reverse("tabular:import", args=[self.kind.name]))

    def get(self, request: HttpRequest, kind: str, token: str) -> HttpResponse:
        pending = _pending(request, self.kind, token)
        if pending is None:
            return self.expired()
        return self.render_preview(pending, token)

    def post(self, request: HttpRequest, kind: str, token: str) -> HttpResponse:
        pending = _pending(request, self.kind, token)
        if pending is None:
            return self.expired()
        importer = self.kind.importer_for(request.user, source=pending.filename)
        # Checked again: the records may have changed since the preview.
        preview = run_import(
            importer, pending.data, filename=pending.filename, encoding=pending.encoding
        )
        if not preview.written:
            pending.preview = preview
            cache.set(f"{CACHE_PREFIX}{token}", pending, KEPT_FOR)
            messages.error(request, _("Nothing was imported: the file has problems."))
            return self.render_preview(pending, token)
        cache.delete(f"{CACHE_PREFIX}{token}")
        messages.success(request, summary(preview))
        return HttpResponseRedirect(_list_url(self.kind))


class ExportView(TabularView):
    """?format=csv|xlsx plus the staff list's filters (q, city, status, sort...)."""

    def allowed(self, kind: Kind, user: User | AnonymousUser) -> bool:
        return kind.can_export(user)

    def get(self, request: HttpRequest, kind: str) -> HttpResponse:
        file_format = request.GET.get("format", FORMATS[0])
        if file_format not in FORMATS:
            raise BadRequest(_("Exports are CSV or XLSX files: format=csv or format=xlsx."))
        params = request.GET.copy()
        params.pop("format", None)
        filterset = import_string(self.kind.filterset)(
            params, queryset=self.kind.visible_records(request.user), request=request
        )
        return export_response(request, self.kind.name, filtered(filterset), file_format)
