"""The site's URLs plus the import and export pages, as the lead mounts them (for tests)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, URLResolver, include, path

from baylink.urls import urlpatterns as site

urlpatterns: list[URLPattern | URLResolver] = [
    *site,
    *i18n_patterns(path("staff/data/", include("baylink.core.urls_tabular"))),
]
