"""Staff pages of name resolution: an organisation's aliases, possible duplicates, merging."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import Model
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from baylink.core.content_version import cached_while_unchanged
from baylink.core.http import paginate
from baylink.core.staff import StaffFormView, StaffView
from baylink.directory.models import Organisation, OrganisationName
from baylink.directory.selectors import others_named
from baylink.resolution.forms import SUGGESTED_LANGUAGES, AliasForm
from baylink.resolution.selectors import organisation_aliases, possible_duplicates
from baylink.resolution.services import (
    merge_aliases,
    merge_result,
    organisation_alias_remove,
    organisation_merge,
)

EDIT_PERMISSION = "directory.change_organisation"
# Merging deletes the merged record, so it also takes the right to delete organisations.
MERGE_PERMISSIONS = (EDIT_PERMISSION, "directory.delete_organisation")
PER_PAGE = 25
MAX_PAIRS = 1000
# Finding the pairs resolves every local organisation's names; the list is kept until the next
# write anywhere (see cached_while_unchanged), or a few minutes at most.
PAIRS_KEPT_FOR = 300


def _organisation_url(organisation: Organisation | int) -> str:
    pk = organisation if isinstance(organisation, int) else organisation.pk
    return reverse("directory:organisation-detail", args=[pk])


class AliasesView(StaffFormView):
    """An organisation's names with their language and source; staff add aliases here."""

    permission_required = EDIT_PERMISSION
    form_class = AliasForm
    template_name = "resolution/aliases.html"
    title = gettext_lazy("Names and aliases")

    def organisation(self) -> Organisation:
        if not hasattr(self, "_organisation"):
            self._organisation = get_object_or_404(Organisation, pk=self.kwargs["pk"])
        return self._organisation

    def form_kwargs(self) -> dict[str, Any]:
        return {"organisation": self.organisation()}

    def render_form(self, form: BaseForm, **extra: Any) -> HttpResponse:
        organisation = self.organisation()
        context = {
            "form": form,
            "object": organisation,
            "organisation_url": _organisation_url(organisation),
            "title": self.title,
            "names": organisation_aliases(organisation),
            "suggested_languages": SUGGESTED_LANGUAGES,
            **extra,
        }
        return render(self.request, self.template_name, context)

    def success_url(self, saved: Model) -> str:
        assert isinstance(saved, OrganisationName)
        messages.success(self.request, _("Added the alias “%(alias)s”.") % {"alias": saved.value})
        others = others_named(saved.value, saved.organisation_id)
        if others:
            # Allowed (two organisations may share a short form), but no longer unique.
            messages.warning(
                self.request,
                _(
                    "“%(alias)s” is also a name of %(others)s: a search for it finds both, and "
                    "an import that gives it must give the ROR id or number instead."
                )
                % {
                    "alias": saved.value,
                    "others": ", ".join(f"{other} (#{other.pk})" for other in others),
                },
            )
        return reverse("resolution:aliases", args=[saved.organisation_id])


class AliasRemoveView(StaffView):
    """Confirm, then remove a staff alias through the service (audited)."""

    permission_required = EDIT_PERMISSION
    template_name = "resolution/alias_remove.html"

    def alias(self) -> OrganisationName:
        return get_object_or_404(
            OrganisationName.objects.select_related("organisation"), pk=self.kwargs["pk"]
        )

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        alias = self.alias()
        context = {
            "alias": alias,
            "object": alias.organisation,
            "cancel_url": reverse("resolution:aliases", args=[alias.organisation_id]),
            "removable": alias.source == OrganisationName.Source.STAFF,
        }
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        alias = self.alias()
        done = reverse("resolution:aliases", args=[alias.organisation_id])
        try:
            organisation_alias_remove(actor=request.user, alias=alias)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return HttpResponseRedirect(done)
        messages.success(request, _("Removed the alias “%(alias)s”.") % {"alias": alias.value})
        return HttpResponseRedirect(done)


Pair = tuple[int, int, float, str]  # keep's pk, merge's pk, score, matched name


def _pairs() -> list[Pair]:
    """(keep, merge, score, matched name) of the possible duplicates, best first."""
    return [
        (pair.keep.pk, pair.merge.pk, pair.score, pair.matched_name)
        for pair in possible_duplicates(limit=MAX_PAIRS)
    ]


@dataclass(frozen=True)
class DuplicateRow:
    keep: Organisation
    merge: Organisation
    score: float
    matched_name: str
    merge_url: str


class DuplicatesView(StaffView):
    """Local organisations whose name resolves confidently to another record, best first."""

    permission_required = EDIT_PERMISSION

    def get(self, request: HttpRequest) -> HttpResponse:
        pairs = cached_while_unchanged("resolution:duplicates", _pairs, PAIRS_KEPT_FOR)
        # A page of plain tuples from the cache; the records themselves are read fresh.
        page: Page[Pair] = paginate(request, pairs, PER_PAGE)
        shown = list(page.object_list)
        records = Organisation.objects.in_bulk(
            {pk for keep, merge, *_ in shown for pk in (keep, merge)}
        )
        rows = [
            DuplicateRow(
                records[keep],
                records[merge],
                score,
                matched_name,
                reverse("resolution:merge", args=[keep, merge]),
            )
            for keep, merge, score, matched_name in shown
            if keep in records and merge in records  # merged or deleted since the list was made
        ]
        return render(
            request,
            "resolution/duplicates.html",
            {"title": _("Possible duplicates"), "page": page, "rows": rows, "limit": MAX_PAIRS},
        )


@dataclass(frozen=True)
class LinkCount:
    label: str
    count: int


def links_of(organisation: Organisation) -> list[LinkCount]:
    """How many records point at the organisation, per relation (what a merge moves).

    One count per relation, walked the way organisation_merge() walks them, so the preview
    names exactly what the merge touches.
    """
    counts = []
    relations = Organisation._meta.related_objects
    models = Counter(relation.related_model for relation in relations)
    for relation in relations:
        model = relation.related_model
        if not isinstance(model, type):
            continue
        found = model._default_manager.filter(**{relation.field.name: organisation}).count()
        if found:
            label = str(capfirst(model._meta.verbose_name_plural))
            if models[model] > 1:  # relationships from it and to it
                label = f"{label} ({relation.field.verbose_name})"
            counts.append(LinkCount(label, found))
    return sorted(counts, key=lambda link: link.label)


class MergeView(StaffView):
    """What merging one organisation into another moves, and the confirmation that does it."""

    permission_required = MERGE_PERMISSIONS
    template_name = "resolution/merge.html"

    def records(self) -> tuple[Organisation, Organisation]:
        keep = get_object_or_404(
            Organisation.objects.select_related("city"), pk=self.kwargs["keep"]
        )
        merge = get_object_or_404(
            Organisation.objects.select_related("city"), pk=self.kwargs["merge"]
        )
        return keep, merge

    def render_preview(
        self, keep: Organisation, merge: Organisation, errors: list[str] | None = None
    ) -> HttpResponse:
        refusal = ""
        if keep.pk == merge.pk:
            refusal = _("An organisation cannot be merged into itself.")
        elif keep.ror_id and merge.ror_id:
            refusal = _(
                "Both organisations have a ROR id (%(keep)s, %(merge)s): ROR records are not "
                "merged here; mark the duplicate in ROR instead."
            ) % {"keep": keep.ror_id, "merge": merge.ror_id}
        context = {
            "title": _("Merge organisations"),
            "keep": keep,
            "merge": merge,
            "keep_url": _organisation_url(keep),
            "merge_url": _organisation_url(merge),
            "moved_links": links_of(merge),
            "kept_links": links_of(keep),
            "new_aliases": merge_aliases(keep, merge),
            "ror_id_moves": bool(merge.ror_id and not keep.ror_id),
            "result": merge_result(keep, merge),
            # Either record may be the one kept, unless that would drop a ROR id.
            "swap_url": reverse("resolution:merge", args=[merge.pk, keep.pk])
            if not refusal
            else "",
            "refusal": refusal,
            "errors": errors or [],
        }
        return render(self.request, self.template_name, context, status=400 if errors else 200)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.render_preview(*self.records())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        keep, merge = self.records()
        merged_label, merged_number = str(merge), merge.pk
        try:
            kept = organisation_merge(keep=keep, merge=merge, actor=request.user)
        except ValidationError as error:
            keep, merge = self.records()  # as stored: the failed merge changed nothing
            return self.render_preview(keep, merge, errors=error.messages)
        messages.success(
            request,
            _(
                "Merged “%(merged)s” (#%(merged_number)s) into “%(kept)s”: its links and names "
                "are now this record's."
            )
            % {"merged": merged_label, "merged_number": merged_number, "kept": kept},
        )
        return HttpResponseRedirect(_organisation_url(kept))
