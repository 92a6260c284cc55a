from django.urls import path

from baylink.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("initiatives/", views.initiative_list, name="initiative-list"),
    path("initiatives/<slug:slug>/", views.initiative_detail, name="initiative-detail"),
    path("partners/", views.partner_list, name="partner-list"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("figures/", views.figures, name="figures"),
]
