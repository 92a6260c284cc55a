"""Staff pages of completed placements, evaluations and outcome reports."""

from django.urls import URLPattern, URLResolver, path

from baylink.evaluations import views

app_name = "evaluations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.PlacementRecordListView.as_view(), name="record-list"),
    path("new/", views.PlacementRecordCreateView.as_view(), name="record-create"),
    path("outcomes/", views.OutcomeReportView.as_view(), name="report"),
    path("<int:pk>/", views.PlacementRecordDetailView.as_view(), name="record-detail"),
    path("<int:pk>/edit/", views.PlacementRecordUpdateView.as_view(), name="record-update"),
    path("<int:pk>/delete/", views.PlacementRecordDeleteView.as_view(), name="record-delete"),
    path("<int:pk>/host/", views.HostEvaluationView.as_view(), name="host-evaluation"),
    path("<int:pk>/student/", views.StudentEvaluationView.as_view(), name="student-evaluation"),
]
