"""URL map: the API outside the language prefix; pages under /en/, /zh-hant/, /zh-hans/."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView

from baylink.api.main import api

handler400 = "baylink.core.views.bad_request"
handler403 = "baylink.core.views.permission_denied"
handler404 = "baylink.core.views.page_not_found"
handler500 = "baylink.core.views.server_error"

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/", api.urls),
]
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("expertise/", include("baylink.expertise.urls")),
    path("accounts/", include("baylink.accounts.urls")),
    path("staff/agreements/", include("baylink.agreements.urls")),
    path("staff/directory/", include("baylink.directory.urls")),
    path("staff/initiatives/", include("baylink.initiatives.urls")),
    path("staff/research/", include("baylink.research.urls")),
    path("staff/talent/", include("baylink.talent.urls")),
    path("staff/evaluations/", include("baylink.evaluations.urls")),
    path("staff/exchange/", include("baylink.exchange.urls")),
    path("staff/ventures/", include("baylink.ventures.urls")),
    path("staff/resolution/", include("baylink.resolution.urls")),
    path("wie/evaluations/", include("baylink.evaluations.urls_self_service")),
    path("wie/", include("baylink.talent.urls_self_service")),
    path("staff/data/", include("baylink.core.urls_tabular")),
    # The staff area's own address (typed, or a link from elsewhere) opens the overview.
    path("staff/", RedirectView.as_view(pattern_name="accounts:dashboard"), name="staff-home"),
    path("", include("baylink.portal.urls")),
)
