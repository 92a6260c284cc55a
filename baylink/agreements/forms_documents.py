"""The document upload form: a new document, or a new version of one the agreement has."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from baylink.agreements.documents import document_upload, max_document_bytes
from baylink.agreements.models import Agreement, Document
from baylink.core.audit import Actor


def latest_versions(agreement: Agreement) -> QuerySet[Document]:
    """One row per document series: its newest version."""
    newest = dict(agreement.documents.order_by("series", "version").values_list("series", "pk"))
    return Document.objects.filter(pk__in=newest.values()).order_by("title")


class DocumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]  # stubs' generic is optional
    def label_from_instance(self, obj: Any) -> str:
        return _("%(title)s (version %(version)s, %(name)s)") % {
            "title": obj.title,
            "version": obj.version,
            "name": obj.original_name,
        }


class DocumentUploadForm(forms.Form):
    replaces = DocumentChoiceField(
        label=_("New version of"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("— none: this is a new document —"),
        help_text=_("Choose a document to upload a new version of it; older versions are kept."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file name, or the title of the version it replaces."),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        replaces = self.fields["replaces"]
        assert isinstance(replaces, DocumentChoiceField)
        replaces.queryset = latest_versions(agreement)
        self.fields["file"].help_text = _(
            "PDF, Word (DOCX), PNG, JPEG or WebP, at most %(limit)s."
        ) % {"limit": filesizeformat(max_document_bytes())}
        self.fields["file"].widget.attrs["accept"] = ".pdf,.docx,.png,.jpg,.jpeg,.webp"
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)

    def save(self, *, actor: Actor) -> Document:
        return document_upload(
            agreement=self.agreement,
            kind=self.cleaned_data["kind"],
            title=self.cleaned_data["title"],
            uploaded_file=self.cleaned_data["file"],
            actor=actor,
            replaces=self.cleaned_data["replaces"],
        )
