"""Document pages, added to the agreements URLconf (namespace "agreements")."""

from django.urls import URLPattern, path

from baylink.agreements import views_documents

document_urlpatterns: list[URLPattern] = [
    path(
        "<int:pk>/documents/upload/",
        views_documents.DocumentUploadView.as_view(),
        name="document-upload",
    ),
    path(
        "documents/<int:pk>/download/",
        views_documents.DocumentDownloadView.as_view(),
        name="document-download",
    ),
]
