"""Staff pages of programmes, cohorts and start-ups, under /<lang>/staff/ventures/."""

from django.urls import URLPattern, URLResolver, path

from baylink.ventures import views

app_name = "ventures"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/new/", views.ProgrammeCreateView.as_view(), name="programme-create"),
    path("programmes/<int:pk>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.ProgrammeUpdateView.as_view(), name="programme-update"),
    path(
        "programmes/<int:pk>/delete/",
        views.ProgrammeDeleteView.as_view(),
        name="programme-delete",
    ),
    path("cohorts/new/", views.CohortCreateView.as_view(), name="cohort-create"),
    path("cohorts/<int:pk>/", views.CohortDetailView.as_view(), name="cohort-detail"),
    path("cohorts/<int:pk>/edit/", views.CohortUpdateView.as_view(), name="cohort-update"),
    path("cohorts/<int:pk>/delete/", views.CohortDeleteView.as_view(), name="cohort-delete"),
    path(
        "cohorts/<int:pk>/participants/",
        views.ParticipantsAddView.as_view(),
        name="participants-add",
    ),
    path(
        "cohorts/<int:cohort>/outcomes/new/",
        views.OutcomeCreateView.as_view(),
        name="cohort-outcome-create",
    ),
    path(
        "participants/<int:pk>/status/",
        views.ParticipantStatusView.as_view(),
        name="participant-status",
    ),
    path(
        "participants/<int:pk>/remove/",
        views.ParticipantRemoveView.as_view(),
        name="participant-remove",
    ),
    path("startups/", views.StartupListView.as_view(), name="startup-list"),
    path("startups/new/", views.StartupCreateView.as_view(), name="startup-create"),
    path("startups/<int:pk>/", views.StartupDetailView.as_view(), name="startup-detail"),
    path("startups/<int:pk>/edit/", views.StartupUpdateView.as_view(), name="startup-update"),
    path("startups/<int:pk>/delete/", views.StartupDeleteView.as_view(), name="startup-delete"),
    path("startups/<int:pk>/founders/", views.FounderAddView.as_view(), name="founder-add"),
    path(
        "startups/<int:startup>/outcomes/new/",
        views.OutcomeCreateView.as_view(),
        name="startup-outcome-create",
    ),
    path("founders/<int:pk>/remove/", views.FounderRemoveView.as_view(), name="founder-remove"),
    path("outcomes/<int:pk>/edit/", views.OutcomeUpdateView.as_view(), name="outcome-update"),
    path("outcomes/<int:pk>/delete/", views.OutcomeDeleteView.as_view(), name="outcome-delete"),
]
