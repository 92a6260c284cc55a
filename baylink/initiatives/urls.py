"""Staff initiative pages, under /<lang>/staff/initiatives/."""

from django.urls import URLPattern, URLResolver, path

from baylink.initiatives import views

app_name = "initiatives"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.InitiativeListView.as_view(), name="staff-list"),
    path("new/", views.InitiativeCreateView.as_view(), name="staff-create"),
    path("<int:pk>/", views.InitiativeDetailView.as_view(), name="staff-detail"),
    path("<int:pk>/edit/", views.InitiativeUpdateView.as_view(), name="staff-update"),
    path("<int:pk>/delete/", views.InitiativeDeleteView.as_view(), name="staff-delete"),
    path(
        "<int:initiative>/facilities/new/",
        views.FacilityCreateView.as_view(),
        name="facility-create",
    ),
    path("facilities/", views.FacilityListView.as_view(), name="facility-list"),
    path("facilities/<int:pk>/edit/", views.FacilityUpdateView.as_view(), name="facility-update"),
    path("facilities/<int:pk>/delete/", views.FacilityDeleteView.as_view(), name="facility-delete"),
]
