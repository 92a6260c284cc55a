"""Importing and exporting records (the lead mounts these at /<language>/staff/data/)."""

from django.urls import URLPattern, path

from baylink.core import views_tabular as views

app_name = "tabular"

urlpatterns: list[URLPattern] = [
    path("", views.DataIndexView.as_view(), name="index"),
    path("<slug:kind>/import/", views.ImportUploadView.as_view(), name="import"),
    path("<slug:kind>/import/<str:token>/", views.ImportPreviewView.as_view(), name="preview"),
    path("<slug:kind>/export/", views.ExportView.as_view(), name="export"),
]
