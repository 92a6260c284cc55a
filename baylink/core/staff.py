"""Building blocks of the staff workspace: permission-checked list, detail, form and delete pages.

Every entity's pages are these classes with the entity's filter set, columns, form and services;
so each list sorts, filters, searches, paginates and exports the same way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, ProtectedError, QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views import View
from django_filters import FilterSet

from baylink.core.editing import EditConflict
from baylink.core.history import readable_history
from baylink.core.http import filtered, paginate
from baylink.core.selectors import audit_history
from baylink.core.tabular.registry import KINDS

PER_PAGE = 25


class StaffAccess(LoginRequiredMixin, PermissionRequiredMixin):
    """Signed-out users go to the login page; signed-in users without the permission get a 403."""

    raise_exception = False
    request: HttpRequest

    def handle_no_permission(self) -> HttpResponseRedirect:
        if self.request.user.is_authenticated:
            raise PermissionDenied
        return super().handle_no_permission()


class StaffView(StaffAccess, View):
    """A permission-checked staff page (set `permission_required`)."""


@dataclass(frozen=True)
class Column:
    label: str | Promise
    value: Callable[[Any], Any]
    sort: str = ""  # the filter set's sort key, when the column sorts


class StaffListView(StaffView):
    filterset_class: type[FilterSet]
    columns: list[Column]
    title: str | Promise = ""
    detail_url: str = ""
    create_url: str = ""
    create_permission: str = ""
    export_kind: str = ""
    template_name = "staff/list.html"

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError

    def row_url(self, item: Any) -> str:
        """Where a row leads: the record's own page."""
        return reverse(self.detail_url, args=[item.pk]) if self.detail_url else ""

    def get(self, request: HttpRequest) -> HttpResponse:
        filterset = self.filterset_class(
            request.GET, queryset=self.base_queryset(), request=request
        )
        export = request.GET.get("export", "")
        if not export and not filterset.is_valid():
            # A value typed into a filter box (a year as 26/27) is shown wrong beside its box,
            # with the filters kept to mend, not on a page of its own.
            return self._render(request, filterset, rows=[], page=None, status=400)
        queryset = filtered(filterset)  # an export's bad parameter is a 400 naming it
        if export and self.export_kind:
            from baylink.core.views_tabular import export_response

            return export_response(request, self.export_kind, queryset, export)
        page = paginate(request, queryset, PER_PAGE)
        rows = [
            {
                "object": item,
                "url": self.row_url(item),
                "cells": [column.value(item) for column in self.columns],
            }
            for item in page.object_list
        ]
        return self._render(request, filterset, rows=rows, page=page)

    def _render(
        self,
        request: HttpRequest,
        filterset: FilterSet,
        *,
        rows: list[dict[str, Any]],
        page: Any,
        status: int = 200,
    ) -> HttpResponse:
        headers = sort_headers(self.columns, filterset)
        can_create = bool(self.create_url) and request.user.has_perm(self.create_permission)
        # Personal data needs a permission of its own: no export button that leads to a 403.
        can_export = bool(self.export_kind) and KINDS[self.export_kind].can_export(request.user)
        can_import = bool(self.export_kind) and KINDS[self.export_kind].can_import(request.user)
        return render(
            request,
            self.template_name,
            {
                "title": self.title,
                "filter": filterset,
                "headers": headers,
                "rows": rows,
                "page": page,
                "create_url": reverse(self.create_url) if can_create else "",
                "export_kind": self.export_kind if can_export else "",
                "import_url": reverse("tabular:import", args=[self.export_kind])
                if can_import
                else "",
            },
            status=status,
        )


def sort_headers(columns: list[Column], filterset: FilterSet) -> list[dict[str, Any]]:
    """Column headings: a click sorts by the column; a second click reverses the order where the
    filter set offers the reverse (a link to an order it refuses would be a 400)."""
    sort_filter = filterset.filters.get("sort")
    offered = (
        {str(value) for value, _label in sort_filter.extra.get("choices", [])}
        if sort_filter
        else set()
    )
    current = filterset.form.cleaned_data.get("sort") or getattr(filterset, "default_sort", "")
    headers = []
    for column in columns:
        first = column.sort
        other = first[1:] if first.startswith("-") else f"-{first}"
        is_sorted = bool(first) and current in (first, other)
        headers.append(
            {
                "label": column.label,
                "sort": first,
                "next_sort": other
                if is_sorted and current == first and other in offered
                else first,
                "sorted": is_sorted,
                "descending": is_sorted and current.startswith("-"),
            }
        )
    return headers


def history_context(instance: Model) -> dict[str, Any]:
    return {"history": readable_history(list(audit_history(instance)[:200]))}


class StaffFormView(StaffView):
    """Create (no `pk` in the URL) or edit a record through a form whose `save(actor=...)` calls
    the entity's service; a stale edit re-shows the form with what changed meanwhile."""

    form_class: type[BaseForm]
    model: type[Model] | None = None
    detail_url = ""
    list_url = ""  # where Cancel leads from a new record's form
    template_name = "staff/form.html"
    title: str | Promise = ""

    def get_object(self) -> Model | None:
        if self.model is None or "pk" not in self.kwargs:
            return None
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def form_kwargs(self) -> dict[str, Any]:
        instance = self.get_object()
        return {"instance": instance} if instance is not None else {}

    def success_url(self, saved: Model) -> str:
        return reverse(self.detail_url, args=[saved.pk])

    def cancel_url(self, instance: Model | None) -> str:
        """Where Cancel leads: the record's page when editing it, the list when adding one."""
        if instance is not None and self.detail_url:
            return reverse(self.detail_url, args=[instance.pk])
        return reverse(self.list_url)

    def render_form(self, form: BaseForm, **extra: Any) -> HttpResponse:
        instance = self.get_object()
        context = {
            "form": form,
            "object": instance,
            "title": self.title,
            "cancel_url": self.cancel_url(instance),
            **extra,
        }
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_form(self.form_class(**self.form_kwargs()))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        form = self.form_class(data=request.POST, files=request.FILES, **self.form_kwargs())
        if not form.is_valid():
            return self.render_form(form)
        try:
            saved = form.save(actor=request.user)  # type: ignore[attr-defined]  # our forms
        except EditConflict as conflict:
            return self.render_form(form, conflict=conflict.changes)
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_form(form)
        messages.success(request, _("Saved."))
        return HttpResponseRedirect(self.success_url(saved))


def _add_errors(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error)


class StaffDeleteView(StaffView):
    """Confirm, then delete through the entity's service: `delete_service(actor=, <name>=)`."""

    template_name = "staff/confirm_delete.html"
    model: type[Model]
    detail_url = ""
    list_url = ""
    delete_service: Callable[..., None]
    instance_name = ""  # the service's keyword for the record, e.g. "organisation"

    def perform(self, instance: Model) -> None:
        type(self).delete_service(actor=self.request.user, **{self.instance_name: instance})

    def get_object(self) -> Model:
        return get_object_or_404(self.model, pk=self.kwargs["pk"])

    def cancel_url(self, instance: Model) -> str:
        return reverse(self.detail_url, args=[instance.pk])

    def done_url(self) -> str:
        return reverse(self.list_url)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_object()
        return render(
            request,
            self.template_name,
            {"object": instance, "cancel_url": self.cancel_url(instance)},
        )

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_object()
        try:
            self.perform(instance)
        except ProtectedError:
            messages.error(
                request,
                _("“%(record)s” is still used by other records, so it cannot be deleted.")
                % {"record": instance},
            )
            return HttpResponseRedirect(self.cancel_url(instance))
        messages.success(request, _("Deleted “%(record)s”.") % {"record": instance})
        return HttpResponseRedirect(self.done_url())


@dataclass(frozen=True)
class Section:
    title: str | Promise
    rows: list[dict[str, str]]


class StaffDetailView(StaffView):
    """A record's fields and related lists on one tab, its audit history on another."""

    template_name = "staff/detail.html"
    list_url = ""
    list_title: str | Promise = ""
    update_url = ""
    update_permission = ""
    delete_url = ""
    delete_permission = ""

    def get_object(self) -> Model:
        raise NotImplementedError

    def fields(self, instance: Any) -> list[tuple[str | Promise, Any]]:
        raise NotImplementedError

    def sections(self, instance: Any) -> list[Section]:
        return []

    def extra_context(self, instance: Any, **forms: BaseForm) -> dict[str, Any]:
        """An app's own blocks under the fields (forms given when re-shown with errors)."""
        return {}

    def history_visible(self) -> bool:
        """Whether the user may read the record's history (its old values)."""
        return True

    def render_page(self, **forms: BaseForm) -> HttpResponse:
        instance = self.get_object()
        user = self.request.user
        tab = "history" if self.request.GET.get("tab") == "history" else "details"
        history_visible = self.history_visible()
        if tab == "history" and not history_visible:
            raise PermissionDenied
        context: dict[str, Any] = {
            "object": instance,
            "tab": tab,
            "history_visible": history_visible,
            "list_url": reverse(self.list_url),
            "list_title": self.list_title,
            "edit_url": reverse(self.update_url, args=[instance.pk])
            if self.update_url and user.has_perm(self.update_permission)
            else "",
            "delete_url": reverse(self.delete_url, args=[instance.pk])
            if self.delete_url and user.has_perm(self.delete_permission)
            else "",
        }
        if tab == "history":
            context.update(history_context(instance))
        else:
            context.update({"fields": self.fields(instance), "sections": self.sections(instance)})
            context.update(self.extra_context(instance, **forms))
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_page()


# A detail page lists the newest related records, then links to the filtered list of all.
NEWEST_SHOWN = 10


def newest_rows(
    records: QuerySet[Any],
    *,
    text: Callable[[Any], str],
    detail_url: str,
    all_text: str | Promise,
    all_url: str,
) -> list[dict[str, str]]:
    """The first records of the ordered queryset, and a link to the list of all when there are
    more than are shown."""
    found = list(records[: NEWEST_SHOWN + 1])
    rows = [
        {"text": text(record), "url": reverse(detail_url, args=[record.pk])}
        for record in found[:NEWEST_SHOWN]
    ]
    if len(found) > NEWEST_SHOWN:
        rows.append({"text": str(all_text), "url": all_url})
    return rows
