"""Public expertise finder pages, under /en|zh-hant|zh-hans/expertise/."""

from django.urls import URLPattern, URLResolver, path

from baylink.expertise import views

app_name = "expertise"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.finder, name="finder"),
    path("researchers/<int:pk>/", views.profile_detail, name="profile-detail"),
    path("researchers/<int:pk>/edit/", views.profile_edit, name="profile-edit"),
    path("profile/", views.my_profile, name="my-profile"),
    path("ask/", views.challenge_request, name="challenge-request"),
    path("ask/sent/", views.challenge_sent, name="challenge-sent"),
    path("challenges/", views.ChallengeListView.as_view(), name="challenge-list"),
    path("challenges/new/", views.challenge_create, name="challenge-create"),
    path("challenges/<int:pk>/", views.challenge_detail, name="challenge-detail"),
    path("challenges/<int:pk>/shortlist/", views.shortlist_add, name="shortlist-add"),
    path(
        "challenges/<int:pk>/shortlist/<int:entry_pk>/",
        views.shortlist_entry,
        name="shortlist-entry",
    ),
    path(
        "challenges/<int:pk>/shortlist/export/",
        views.shortlist_export,
        name="shortlist-export",
    ),
    path(
        "challenges/<int:pk>/forget-contact/",
        views.challenge_forget_contact,
        name="challenge-forget-contact",
    ),
    path("challenges/<int:pk>/share/", views.challenge_share_renew, name="challenge-share"),
    path("challenges/<int:pk>/outcomes/", views.challenge_outcome, name="challenge-outcome"),
    path("shared/<str:token>/", views.shared_shortlist, name="shared-shortlist"),
]
