"""Staff agreement pages, under /<lang>/staff/agreements/."""

from django.urls import URLPattern, URLResolver, path

from baylink.agreements import views
from baylink.agreements.urls_documents import document_urlpatterns

app_name = "agreements"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("new/", views.AgreementCreateView.as_view(), name="create"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.AgreementUpdateView.as_view(), name="update"),
    path("<int:pk>/status/", views.AgreementTransitionView.as_view(), name="transition"),
    path("<int:pk>/delete/", views.AgreementDeleteView.as_view(), name="delete"),
    path("<int:pk>/exchange/new/", views.MobilitySpecFormView.as_view(), name="spec-create"),
    path(
        "<int:pk>/exchange/<int:spec_pk>/edit/",
        views.MobilitySpecFormView.as_view(),
        name="spec-update",
    ),
    path(
        "<int:pk>/exchange/<int:spec_pk>/delete/",
        views.MobilitySpecDeleteView.as_view(),
        name="spec-delete",
    ),
]
urlpatterns += document_urlpatterns
