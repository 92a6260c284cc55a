"""The workspace overview, the notification list, preferences and the user's API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from baylink.accounts.forms import ApiTokenForm, PreferencesForm
from baylink.accounts.models import ApiToken
from baylink.accounts.notifications import notification_link, notification_text
from baylink.accounts.permissions import agreement_scope, staff_role
from baylink.accounts.selectors import (
    agreements_ending,
    api_token_list,
    notification_list,
    personal_data_export_list,
    preferences_of,
)
from baylink.accounts.services import (
    api_token_create,
    notifications_mark_read,
    preferences_update,
)
from baylink.accounts.services import api_token_revoke as api_token_revoke_service
from baylink.core.http import paginate
from baylink.exchange.selectors import nominations_awaiting_consent
from baylink.expertise.selectors import challenges_awaiting_shortlist, profile_for_user


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    ending = agreements_ending(user=request.user, today=timezone.localdate())
    context = {
        "profile": staff_role(request.user),
        "researcher_profile": profile_for_user(request.user.pk),
        # Students, hosts and researchers see no agreements: no list that is always empty.
        "sees_agreements": request.user.has_perm("agreements.view_agreement"),
        "ending": ending[:20],
        "ending_count": ending.count(),
        "recent_notifications": [
            (n, notification_text(n), notification_link(n))
            for n in notification_list(user=request.user)[:5]
        ],
        "awaiting_shortlist": (
            challenges_awaiting_shortlist()
            if request.user.has_perm("expertise.change_challenge")
            else 0
        ),
        "awaiting_consent": (
            nominations_awaiting_consent(scope=agreement_scope(request.user))
            if request.user.has_perm("exchange.change_nomination")
            else 0
        ),
    }
    return render(request, "accounts/dashboard.html", context)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    if request.method == "POST":
        notifications_mark_read(user=request.user)
        return HttpResponseRedirect(reverse("accounts:notifications"))
    page = paginate(request, notification_list(user=request.user), 30)
    items = [(n, notification_text(n), notification_link(n)) for n in page.object_list]
    return render(request, "accounts/notifications.html", {"page": page, "items": items})


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    current = preferences_of(request.user)
    form = PreferencesForm(request.POST or None, initial={"email_language": current.email_language})
    if request.method == "POST" and form.is_valid():
        try:
            preferences_update(
                user=request.user, email_language=form.cleaned_data["email_language"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your preferences are saved."))
            return HttpResponseRedirect(reverse("accounts:preferences"))
    languages = dict(settings.LANGUAGES)
    context = {
        "form": form,
        "signed_in_language": languages.get(current.signed_in_language, ""),
    }
    return render(request, "accounts/preferences.html", context)


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own tokens; a new token's secret is shown on this response only."""
    assert isinstance(request.user, User)
    created: tuple[ApiToken, str] | None = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": api_token_list(user=request.user),
        "created": created[0] if created else None,
        "secret": created[1] if created else "",
        "api_docs": reverse("api:openapi-view"),
    }
    response = render(request, "accounts/api_tokens.html", context, status=201 if created else 200)
    # The secret must not stay in a shared cache or the browser's history cache.
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    assert isinstance(request.user, User)
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    api_token_revoke_service(token=token, actor=request.user)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return HttpResponseRedirect(reverse("accounts:api-tokens"))


@login_required
@permission_required("accounts.view_personaldataexport", raise_exception=True)
def personal_data_exports(request: HttpRequest) -> HttpResponse:
    """Who downloaded students' personal data, when, what and how many rows (read-only)."""
    page = paginate(request, personal_data_export_list(), 50)
    return render(request, "accounts/personal_data_exports.html", {"page": page})
