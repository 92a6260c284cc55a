"""The expertise finder, researcher profiles, and the staff pages for challenges (thin views)."""

import fcntl
import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from baylink.core.editing import EditConflict, edit_token
from baylink.core.history import without_field
from baylink.core.htmx import wants_fragment
from baylink.core.http import paginate, record_id
from baylink.core.staff import Column, StaffListView, history_context
from baylink.core.views_tabular import table_download
from baylink.expertise import selectors, services
from baylink.expertise.filters import ChallengeFilterSet, user_name
from baylink.expertise.forms import (
    ChallengeCreateForm,
    ChallengeForm,
    ChallengeRequestForm,
    FinderForm,
    NoteForm,
    OutcomeForm,
    ProfileForm,
    ShortlistAddForm,
)
from baylink.expertise.indexing import LAB, RESEARCHER, parse_key
from baylink.expertise.models import SEE_OUTCOMES, Challenge, ResearcherProfile, ShortlistEntry
from baylink.expertise.selectors import MAX_QUERY_CHARS
from baylink.initiatives.models import Initiative

RESULTS_PER_PAGE = 10


def _staff(request: HttpRequest, permission: str) -> HttpResponse | None:
    """A login redirect for visitors, a refusal for accounts without the permission."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    if not request.user.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))
    return None


def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    context: dict[str, Any] = {"form": form, "searched": False}
    if form.is_bound and not form.is_valid():
        # A filter a shared link names that is gone (an organisation merged away) or mistyped:
        # the search runs without it, and the page says so.
        unknown = [field for field in form.errors if field in FinderForm.FILTERS]
        if len(unknown) < len(form.errors):
            field, errors = next(iter(form.errors.items()))
            label = form.fields[field].label if field in form.fields else field
            raise BadRequest(f"{label}: {errors[0]}")
        address = request.GET.copy()
        for field in unknown:
            address.pop(field, None)
        context["ignored_filters"] = [str(form.fields[field].label) for field in unknown]
        form = FinderForm(address)
        form.is_valid()
        context["form"] = form
    if form.is_bound:
        context["query"] = form.cleaned_data["q"]
        try:
            query = selectors.check_query(form.cleaned_data["q"])
        except selectors.QueryProblem as problem:
            context["problem"] = str(problem)
        else:
            # What is saved as a challenge is the text searched, as the length check read it.
            context["query"] = query
            results = selectors.finder_results(
                query, filters=form.filters(), language=get_language()
            )
            try:
                page = paginate(request, results, RESULTS_PER_PAGE)
            except Http404:
                # A shared link to a later page, from before the profiles changed: the last one.
                paginator = Paginator(results, RESULTS_PER_PAGE)
                page = paginator.page(paginator.num_pages)
                context["past_the_end"] = True
            context.update(searched=True, page=page)
            # The engine ranks by meaning too, so it always has a nearest few: say when the
            # list is only the first of them, and when no word of the query was found at all.
            context["capped"] = len(results) >= selectors.MAX_RESULTS
            context["no_word_matched"] = not any(result.terms for result in results)
            context["filtered"] = form.filters().active
            context["can_save"] = request.user.has_perm("expertise.add_challenge")
    template = (
        "expertise/partials/results.html" if wants_fragment(request) else "expertise/finder.html"
    )
    return render(request, template, context)


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        profile = selectors.public_profile(pk)
    except ResearcherProfile.DoesNotExist as error:
        raise Http404 from error
    can_edit = services.can_edit_profile(request.user, profile)
    return render(
        request, "expertise/profile_detail.html", {"profile": profile, "can_edit": can_edit}
    )


@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    profile = ResearcherProfile.objects.select_related("person").filter(pk=pk).first()
    if profile is None:
        raise Http404
    if not services.can_edit_profile(request.user, profile):
        raise PermissionDenied(_("You may edit only your own profile."))
    initial = {
        "language": profile.language,
        "keywords": "\n".join(profile.keywords),
        "statement": profile.statement,
        "project_titles": "\n".join(profile.project_titles),
        "outputs": "\n".join(profile.outputs),
        "is_public": profile.is_public,
    }
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(actor=request.user, profile=profile, **form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your changes are saved; the finder shows them within minutes.")
            )
            return redirect("expertise:profile-edit", pk=profile.pk)
    return render(request, "expertise/profile_edit.html", {"profile": profile, "form": form})


def my_profile(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("accounts:login"))
    profile = selectors.profile_for_user(request.user.pk)
    if profile is None:
        return render(request, "expertise/no_profile.html", status=404)
    return redirect("expertise:profile-edit", pk=profile.pk)


class ChallengeListView(StaffListView):
    """Industry challenges: find one by its words or partner, follow them by status."""

    permission_required = "expertise.view_challenge"
    filterset_class = ChallengeFilterSet
    title = gettext_lazy("Challenges")
    detail_url = "expertise:challenge-detail"
    create_url = "expertise:challenge-create"
    create_permission = "expertise.add_challenge"
    export_kind = "challenges"
    columns = [
        Column(gettext_lazy("Title"), lambda c: c.title, "title"),
        Column(gettext_lazy("Industry partner"), lambda c: str(c.partner or ""), "partner"),
        Column(gettext_lazy("Status"), lambda c: c.get_status_display(), "status"),
        Column(gettext_lazy("Shortlisted"), lambda c: c.shortlisted, "-shortlisted"),
        Column(gettext_lazy("Saved by"), lambda c: user_name(c.created_by)),
        Column(gettext_lazy("Received on"), lambda c: c.received_on, "-received_on"),
    ]

    def base_queryset(self) -> QuerySet[Challenge]:
        return selectors.challenge_list()


@require_http_methods(["GET", "POST"])
def challenge_create(request: HttpRequest) -> HttpResponse:
    """A challenge typed in (an enquiry by e-mail), or saved from the finder's results."""
    if refusal := _staff(request, "expertise.add_challenge"):
        return refusal
    form = ChallengeCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = selectors.challenge_saved_before(
            text=form.cleaned_data["text"], partner_name=form.cleaned_data["partner_name"]
        )
        if saved is not None:
            messages.info(
                request,
                _("This challenge was saved before, as “%(title)s”; nothing new was saved.")
                % {"title": saved.title},
            )
            return redirect("expertise:challenge-detail", pk=saved.pk)
        challenge = services.challenge_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Challenge saved. Add researchers and labs to its shortlist."))
        return redirect("expertise:challenge-detail", pk=challenge.pk)
    status = 400 if form.is_bound else 200
    return render(request, "expertise/challenge_form.html", {"form": form}, status=status)


def _challenge(pk: int) -> Challenge:
    try:
        return selectors.challenge_detail(pk)
    except Challenge.DoesNotExist as error:
        raise Http404 from error


@require_http_methods(["GET", "POST"])
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _staff(request, "expertise.view_challenge"):
        return refusal
    challenge = _challenge(pk)
    if request.GET.get("tab") == "history":
        context = {"challenge": challenge, "tab": "history", **history_context(challenge)}
        if not request.user.has_perm(SEE_OUTCOMES):
            # What a challenge led to is a KT output's: not for who may not read those.
            context["history"] = without_field(context["history"], "outcomes")
        return render(request, "expertise/challenge_detail.html", context)
    initial = {
        "text": challenge.text,
        "title": challenge.title,
        "status": challenge.status,
        # Left blank until staff name the partner: saving a sent challenge for another reason
        # must not add the company (or a spammer's) to the directory.
        "partner_name": str(challenge.partner or ""),
        "received_on": challenge.received_on,
        "edit_token": edit_token(challenge),
    }
    form = ChallengeForm(request.POST or None, initial=initial)
    conflict = None
    if request.method == "POST":
        if refusal := _staff(request, "expertise.change_challenge"):
            return refusal
        if form.is_valid():
            try:
                services.challenge_update(
                    actor=request.user, challenge=challenge, **form.cleaned_data
                )
            except EditConflict as stale:
                conflict = stale.changes
            else:
                messages.success(request, _("Challenge updated."))
                return redirect("expertise:challenge-detail", pk=challenge.pk)
    shortlisted = {
        f"{RESEARCHER}{entry.profile_id}" if entry.profile_id else f"{LAB}{entry.initiative_id}"
        for entry in challenge.entries.all()
    }
    results = selectors.finder_results(challenge.text, language=get_language())
    context = {
        "challenge": challenge,
        "tab": "details",
        "form": form,
        "conflict": conflict,
        "results": results[:30],
        "shortlisted": shortlisted,
        "share_url": selectors.shared_shortlist_url(request, challenge),
        "can_change": request.user.has_perm("expertise.change_challenge"),
        **_outcomes_context(request, challenge),
    }
    status = 400 if form.is_bound and (form.errors or conflict is not None) else 200
    return render(request, "expertise/challenge_detail.html", context, status=status)


@require_POST
def shortlist_add(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _staff(request, "expertise.change_challenge"):
        return refusal
    challenge = _challenge(pk)
    form = ShortlistAddForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("Choose a researcher or lab from the results."))
    kind, target = parse_key(form.cleaned_data["key"])
    profile = ResearcherProfile.objects.filter(pk=target).first() if kind == RESEARCHER else None
    lab = Initiative.objects.filter(pk=target).first() if kind == LAB else None
    if profile is None and lab is None:
        raise Http404
    services.shortlist_add(
        actor=request.user,
        challenge=challenge,
        profile=profile,
        initiative=lab,
        note=form.cleaned_data["note"],
    )
    return redirect("expertise:challenge-detail", pk=challenge.pk)


@require_POST
def shortlist_entry(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    if refusal := _staff(request, "expertise.change_challenge"):
        return refusal
    entry = ShortlistEntry.objects.filter(pk=entry_pk, challenge_id=pk).first()
    if entry is None:
        raise Http404
    action = request.POST.get("action")
    if action == "remove":
        if entry.note and not request.POST.get("confirmed"):
            # Its note goes with it: asked first, as nothing else keeps the note.
            listed = entry.profile.person if entry.profile else entry.initiative
            context = {"challenge": entry.challenge, "entry": entry, "name": listed}
            return render(request, "expertise/shortlist_remove.html", context)
        services.shortlist_remove(actor=request.user, entry=entry)
        messages.success(request, _("Removed from the shortlist."))
        return redirect("expertise:challenge-detail", pk=pk)
    # The note box is in the same form as the move buttons: what was typed in it is kept.
    form = NoteForm(request.POST)
    if not form.is_valid():
        raise BadRequest(_("The note is too long (at most 2,000 characters)."))
    note = form.cleaned_data["note"].strip()
    if action not in services.SHORTLIST_MOVES or ("note" in request.POST and note != entry.note):
        services.shortlist_set_note(actor=request.user, entry=entry, note=note)
        messages.success(request, _("Note saved."))
    if action in services.SHORTLIST_MOVES:
        step = services.SHORTLIST_MOVES[action]
        services.shortlist_move(actor=request.user, entry=entry, step=step)
    return redirect("expertise:challenge-detail", pk=pk)


def _outcomes_context(request: HttpRequest, challenge: Challenge) -> dict[str, Any]:
    """What the challenge led to, and for those who may record it, the partner's KT outputs."""
    can_read = request.user.has_perm(SEE_OUTCOMES)
    can_link = can_read and request.user.has_perm("expertise.change_challenge")
    return {
        "can_read_outcomes": can_read,
        "can_link_outcomes": can_link,
        "outcome_suggestions": selectors.outcome_suggestions(challenge) if can_link else [],
    }


@require_POST
def challenge_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a KT output (by its reference) as what the challenge led to, or take one off."""
    for permission in ("expertise.change_challenge", SEE_OUTCOMES):
        if refusal := _staff(request, permission):
            return refusal
    challenge = _challenge(pk)
    back = reverse("expertise:challenge-detail", args=[pk]) + "#outcomes"
    if request.POST.get("action") == "remove":
        sent = record_id(request.POST.get("output", ""))
        output = challenge.outcomes.filter(pk=sent).first() if sent is not None else None
        if output is None:
            raise Http404
        services.challenge_remove_outcome(actor=request.user, challenge=challenge, output=output)
        messages.success(
            request,
            _("%(reference)s is no longer recorded as an outcome.")
            % {"reference": output.reference},
        )
        return redirect(back)
    form = OutcomeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["reference"]))
        output = services.kt_output_by_reference(form.cleaned_data["reference"])
        services.challenge_add_outcome(actor=request.user, challenge=challenge, output=output)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(reference)s is recorded as what the challenge led to.")
            % {"reference": output.reference},
        )
    return redirect(back)


@require_POST
def challenge_forget_contact(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _staff(request, "expertise.change_challenge"):
        return refusal
    services.challenge_forget_contact(actor=request.user, challenge=_challenge(pk))
    messages.success(request, _("The contact person's details are erased."))
    return redirect("expertise:challenge-detail", pk=pk)


@require_POST
def challenge_share_renew(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _staff(request, "expertise.change_challenge"):
        return refusal
    services.challenge_renew_share_link(actor=request.user, challenge=_challenge(pk))
    messages.success(request, _("A new share link is ready; the old one no longer works."))
    return redirect("expertise:challenge-detail", pk=pk)


def _shortlist_download(request: HttpRequest, challenge: Challenge) -> HttpResponse:
    rows = selectors.shortlist_rows(challenge, request.build_absolute_uri)
    name = f"shortlist-{challenge.pk}-{localdate().isoformat()}"
    return table_download(selectors.shortlist_columns(), rows, request.GET.get("format", ""), name)


def shortlist_export(request: HttpRequest, pk: int) -> HttpResponse:
    if refusal := _staff(request, "expertise.view_challenge"):
        return refusal
    return _shortlist_download(request, _challenge(pk))


# Challenges one address may send an hour: enough for a company, too few to flood the office.
REQUESTS_PER_HOUR = 5
REQUEST_WINDOW = 3600  # seconds


def _client_address(request: HttpRequest) -> str:
    """The sender's address; behind the HTTPS proxy, the one the proxy saw (the last it added
    to X-Forwarded-For: earlier entries are whatever the client claimed)."""
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _sent_too_often(request: HttpRequest) -> bool:
    """Whether this sender has used up the hour's requests; if not, this one is counted.

    The times are kept with an expiry set on every write: a cache's incr() may keep the
    default expiry (the file cache does), which would end the hour after five minutes."""
    key = f"baylink:challenge-requests:{_client_address(request)}"
    # Read, check and write under a lock: requests sent all at once are counted one by one.
    with open(settings.DATA_DIR / "challenge-requests.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        now = time.time()
        recent = [sent for sent in cache.get(key, []) if now - sent < REQUEST_WINDOW]
        if len(recent) >= REQUESTS_PER_HOUR:
            return True
        cache.set(key, [*recent, now], timeout=REQUEST_WINDOW)
        return False


@require_http_methods(["GET", "POST"])
def challenge_request(request: HttpRequest) -> HttpResponse:
    """A company sends its problem to the knowledge-transfer office (no account needed)."""
    if request.method == "POST":
        form = ChallengeRequestForm(request.POST)
        if form.is_robot():
            return redirect("expertise:challenge-sent")  # as if sent; nothing is kept
        if form.is_valid():
            if _sent_too_often(request):
                form.add_error(
                    None,
                    _("Too many problems were sent from here in the last hour. Please try later."),
                )
            else:
                services.challenge_receive(**form.challenge_values())
                return redirect("expertise:challenge-sent")
        return render(request, "expertise/challenge_request.html", {"form": form}, status=400)
    form = ChallengeRequestForm(initial={"text": request.GET.get("q", "")[:MAX_QUERY_CHARS]})
    return render(request, "expertise/challenge_request.html", {"form": form})


def challenge_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "expertise/challenge_sent.html")


def shared_shortlist(request: HttpRequest, token: str) -> HttpResponse:
    try:
        challenge = selectors.shared_challenge(token)
    except Challenge.DoesNotExist as error:
        raise Http404 from error
    if request.GET.get("format"):
        response = _shortlist_download(request, challenge)
    else:
        response = render(request, "expertise/shared_shortlist.html", {"challenge": challenge})
    # The link is the key: keep it out of other sites' logs and out of search engines.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response
