"""Staff pages for agreement documents: upload (new document or new version) and download."""

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from baylink.accounts.permissions import agreement_editable_by, agreement_visible_to
from baylink.agreements.documents import download_name
from baylink.agreements.forms_documents import DocumentUploadForm
from baylink.agreements.models import Agreement, Document
from baylink.core.http import record_id
from baylink.core.staff import StaffView

logger = logging.getLogger(__name__)


def _documents_tab(agreement: Agreement) -> str:
    return reverse("agreements:detail", args=[agreement.pk]) + "?tab=documents"


class DocumentUploadView(StaffView):
    permission_required = "agreements.add_document"
    template_name = "agreements/documents/upload.html"

    def _agreement(self, pk: int) -> Agreement:
        agreement = get_object_or_404(Agreement.objects.select_related("owner_unit"), pk=pk)
        if not agreement_visible_to(self.request.user, agreement):
            raise Http404(_("There is no agreement %(number)s you can see.") % {"number": pk})
        if not agreement_editable_by(self.request.user, agreement):
            raise PermissionDenied
        return agreement

    def _render(self, form: DocumentUploadForm, agreement: Agreement) -> HttpResponse:
        context: dict[str, Any] = {
            "form": form,
            "agreement": agreement,
            "cancel_url": _documents_tab(agreement),
        }
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self._agreement(pk)
        initial: dict[str, Any] = {}
        replaces = record_id(request.GET.get("replaces", ""))
        if replaces is not None:
            previous = agreement.documents.filter(pk=replaces).first()
            if previous is not None:
                initial = {"replaces": previous.pk, "kind": previous.kind}
        return self._render(DocumentUploadForm(agreement=agreement, initial=initial), agreement)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self._agreement(pk)
        form = DocumentUploadForm(request.POST, request.FILES, agreement=agreement)
        if not form.is_valid():
            return self._render(form, agreement)
        try:
            document = form.save(actor=request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
            return self._render(form, agreement)
        messages.success(
            request,
            _("Uploaded “%(title)s”, version %(version)s.")
            % {"title": document.title, "version": document.version},
        )
        return HttpResponseRedirect(_documents_tab(agreement))


class DocumentDownloadView(StaffView):
    permission_required = "agreements.view_document"

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        document = get_object_or_404(Document.objects.select_related("agreement"), pk=pk)
        # Someone who may not see the agreement is not told that the document exists.
        if not agreement_visible_to(request.user, document.agreement):
            raise Http404(_("There is no document %(number)s you can see.") % {"number": pk})
        try:
            stream = document.file.open("rb")
        except FileNotFoundError as missing:
            logger.error("Document %s: file %s is missing from storage", pk, document.file.name)
            raise Http404(
                _("The file of this document is missing from storage; ask an administrator.")
            ) from missing
        response = FileResponse(
            stream,
            as_attachment=True,
            filename=download_name(document),
            content_type=document.media_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
