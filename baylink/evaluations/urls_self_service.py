"""Evaluation forms for students and host contacts, mounted under /wie/evaluations/."""

from django.urls import URLPattern, URLResolver, path

from baylink.evaluations import views_self_service as views

app_name = "wie-evaluations"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.OwnEvaluationsView.as_view(), name="list"),
    path("<int:pk>/student/", views.OwnStudentEvaluationView.as_view(), name="student"),
    path("<int:pk>/host/", views.OwnHostEvaluationView.as_view(), name="host"),
]
