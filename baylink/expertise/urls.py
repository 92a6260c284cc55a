"""Public expertise finder pages, under /en|zh-hant|zh-hans/expertise/."""

from django.urls import URLPattern, URLResolver

app_name = "expertise"

urlpatterns: list[URLPattern | URLResolver] = []
