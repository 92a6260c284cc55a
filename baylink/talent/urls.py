"""Staff pages of WIE placements, students, allocation rounds, runs and offers."""

from django.urls import URLPattern, URLResolver, path

from baylink.talent import views, views_rounds

app_name = "talent"
urlpatterns: list[URLPattern | URLResolver] = [
    path("placements/", views.PlacementListView.as_view(), name="placement-list"),
    path("placements/new/", views.PlacementCreateView.as_view(), name="placement-create"),
    path("placements/<int:pk>/", views.PlacementDetailView.as_view(), name="placement-detail"),
    path("placements/<int:pk>/edit/", views.PlacementUpdateView.as_view(), name="placement-update"),
    path(
        "placements/<int:pk>/delete/",
        views.PlacementDeleteView.as_view(),
        name="placement-delete",
    ),
    path("students/", views.StudentListView.as_view(), name="student-list"),
    path("students/new/", views.StudentCreateView.as_view(), name="student-create"),
    path("students/<int:pk>/", views.StudentDetailView.as_view(), name="student-detail"),
    path("students/<int:pk>/edit/", views.StudentUpdateView.as_view(), name="student-update"),
    path("rounds/", views_rounds.RoundListView.as_view(), name="round-list"),
    path("rounds/new/", views_rounds.RoundCreateView.as_view(), name="round-create"),
    path("rounds/<int:pk>/", views_rounds.RoundDetailView.as_view(), name="round-detail"),
    path("rounds/<int:pk>/edit/", views_rounds.RoundUpdateView.as_view(), name="round-update"),
    path("rounds/<int:pk>/delete/", views_rounds.RoundDeleteView.as_view(), name="round-delete"),
    path(
        "rounds/<int:pk>/status/",
        views_rounds.RoundTransitionView.as_view(),
        name="round-transition",
    ),
    path("rounds/<int:pk>/rules/", views_rounds.PairRuleAddView.as_view(), name="rule-add"),
    path(
        "rounds/<int:pk>/rules/<int:rule_pk>/delete/",
        views_rounds.PairRuleDeleteView.as_view(),
        name="rule-delete",
    ),
    path("rounds/<int:pk>/runs/", views_rounds.RunCreateView.as_view(), name="run-create"),
    path("rounds/<int:pk>/compare/", views_rounds.RunCompareView.as_view(), name="run-compare"),
    path(
        "rounds/<int:pk>/runs/<int:run_pk>/",
        views_rounds.RunDetailView.as_view(),
        name="run-detail",
    ),
    path(
        "rounds/<int:pk>/runs/<int:run_pk>/publish/",
        views_rounds.RunPublishView.as_view(),
        name="run-publish",
    ),
    path(
        "rounds/<int:pk>/close-offers/",
        views_rounds.OffersCloseView.as_view(),
        name="offers-close",
    ),
]
