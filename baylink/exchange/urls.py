"""Staff pages of the exchange office (dashboard, quotas, nominations, applications)."""

from django.urls import URLPattern, URLResolver, path

from baylink.exchange import views

app_name = "exchange"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("agreements/<int:pk>/", views.AgreementExchangeView.as_view(), name="agreement"),
    path("nominations/", views.NominationListView.as_view(), name="nomination-list"),
    path("nominations/new/", views.NominationCreateView.as_view(), name="nomination-create"),
    path("nominations/<int:pk>/", views.NominationDetailView.as_view(), name="nomination-detail"),
    path(
        "nominations/<int:pk>/edit/",
        views.NominationUpdateView.as_view(),
        name="nomination-update",
    ),
    path(
        "nominations/<int:pk>/status/",
        views.NominationTransitionView.as_view(),
        name="nomination-transition",
    ),
    path("inbound/", views.InboundApplicationListView.as_view(), name="inbound-list"),
    path("inbound/new/", views.InboundApplicationCreateView.as_view(), name="inbound-create"),
    path("inbound/<int:pk>/", views.InboundApplicationDetailView.as_view(), name="inbound-detail"),
    path(
        "inbound/<int:pk>/edit/",
        views.InboundApplicationUpdateView.as_view(),
        name="inbound-update",
    ),
    path(
        "inbound/<int:pk>/status/",
        views.InboundApplicationTransitionView.as_view(),
        name="inbound-transition",
    ),
]
