"""Staff pages of name resolution: aliases, possible duplicates and merging."""

from django.urls import URLPattern, URLResolver, path

from baylink.resolution import views

app_name = "resolution"
urlpatterns: list[URLPattern | URLResolver] = [
    path("organisations/<int:pk>/aliases/", views.AliasesView.as_view(), name="aliases"),
    path("aliases/<int:pk>/remove/", views.AliasRemoveView.as_view(), name="alias-remove"),
    path("duplicates/", views.DuplicatesView.as_view(), name="duplicates"),
    path("merge/<int:keep>/<int:merge>/", views.MergeView.as_view(), name="merge"),
]
