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
]
