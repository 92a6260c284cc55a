"""Pages for students (rank placements, answer offers) and host organisations (rank)."""

from django.urls import URLPattern, URLResolver, path

from baylink.talent import views_self_service as views

app_name = "wie"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.WieHomeView.as_view(), name="home"),
    path("rounds/<int:pk>/apply/", views.ApplyView.as_view(), name="apply"),
    path("offers/<int:pk>/answer/", views.OfferAnswerView.as_view(), name="offer-answer"),
    path("host/", views.HostHomeView.as_view(), name="host-home"),
    path(
        "host/rounds/<int:pk>/placements/<int:placement_pk>/",
        views.HostRankView.as_view(),
        name="host-rank",
    ),
]
