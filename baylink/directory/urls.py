"""Staff directory pages, under /<lang>/staff/directory/."""

from django.urls import URLPattern, URLResolver, path

from baylink.directory import views

app_name = "directory"

urlpatterns: list[URLPattern | URLResolver] = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation-create"),
    path(
        "organisations/suggest/",
        views.OrganisationSuggestView.as_view(),
        name="organisation-suggest",
    ),
    path("people/suggest/", views.PersonSuggestView.as_view(), name="person-suggest"),
    path(
        "organisations/<int:pk>/",
        views.OrganisationDetailView.as_view(),
        name="organisation-detail",
    ),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationUpdateView.as_view(),
        name="organisation-update",
    ),
    path(
        "organisations/<int:pk>/delete/",
        views.OrganisationDeleteView.as_view(),
        name="organisation-delete",
    ),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/new/", views.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-update"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person-delete"),
]
