"""Staff pages for research projects and KT outputs, under /<lang>/staff/research/."""

from django.urls import URLPattern, URLResolver, path

from baylink.research import views

app_name = "research"

urlpatterns: list[URLPattern | URLResolver] = [
    path("projects/", views.ProjectListView.as_view(), name="project-list"),
    path("projects/new/", views.ProjectCreateView.as_view(), name="project-create"),
    path("projects/<int:pk>/", views.ProjectDetailView.as_view(), name="project-detail"),
    path("projects/<int:pk>/edit/", views.ProjectUpdateView.as_view(), name="project-update"),
    path("projects/<int:pk>/delete/", views.ProjectDeleteView.as_view(), name="project-delete"),
    path("kt-outputs/", views.KnowledgeTransferOutputListView.as_view(), name="kt-output-list"),
    path(
        "kt-outputs/new/",
        views.KnowledgeTransferOutputCreateView.as_view(),
        name="kt-output-create",
    ),
    path(
        "kt-outputs/<int:pk>/",
        views.KnowledgeTransferOutputDetailView.as_view(),
        name="kt-output-detail",
    ),
    path(
        "kt-outputs/<int:pk>/edit/",
        views.KnowledgeTransferOutputUpdateView.as_view(),
        name="kt-output-update",
    ),
    path(
        "kt-outputs/<int:pk>/delete/",
        views.KnowledgeTransferOutputDeleteView.as_view(),
        name="kt-output-delete",
    ),
]
