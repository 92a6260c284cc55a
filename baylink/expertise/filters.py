"""The staff list of challenges, and which of them an export takes."""

from typing import Any

import django_filters
from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from baylink.core.academic_year import AcademicYear
from baylink.core.filters import AcademicYearFilter, SortedFilterSet
from baylink.core.search import search_filter
from baylink.core.trilingual import reader_order
from baylink.expertise.models import SEE_OUTCOMES, Challenge
from baylink.research.models import KnowledgeTransferOutput

SORTS = {
    "-received_on": _("Newest first"),
    "received_on": _("Oldest first"),
    "title": _("Title"),
    "-title": _("Title (Z–A)"),
    "partner": _("Industry partner"),
    "status": _("Status"),
    "-status": _("Status (last step first)"),
    "-shortlisted": _("Most shortlisted"),
    "shortlisted": _("Fewest shortlisted"),
}
# A challenge's steps in the order they happen, not in the alphabetical order of their codes.
STATUS_ORDER = Case(
    *(When(status=status, then=Value(step)) for step, status in enumerate(Challenge.Status)),
    output_field=IntegerField(),
)


def with_shortlist_size(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return challenges.annotate(shortlisted=Count("entries", distinct=True))


# Steps at which a challenge still waits for researchers and labs to be found.
UNDER_WAY = (Challenge.Status.OPEN, Challenge.Status.SHORTLISTING)


def awaiting_shortlist(challenges: QuerySet[Challenge]) -> QuerySet[Challenge]:
    """Challenges still under way with nobody on their shortlist."""
    return challenges.filter(status__in=UNDER_WAY, entries__isnull=True)


SHORTLISTS = {
    "waiting": _("Nobody yet, still under way"),
    "empty": _("Nobody"),
    "some": _("Someone"),
}


OUTCOMES = {"yes": _("Yes"), "no": _("Not yet")}


def received_during(year: AcademicYear) -> Q:
    return Q(received_on__gte=year.starts_on, received_on__lte=year.ends_on)


def _has_outcome() -> Exists:
    """Whether a challenge has a KT output recorded as what it led to (one test per challenge,
    not a join that repeats it)."""
    recorded = Challenge.outcomes.through._default_manager.filter(challenge_id=OuterRef("pk"))
    return Exists(recorded)


def challenges_with_outcomes() -> QuerySet[Challenge]:
    """Challenges with at least one KT output recorded as what they led to (each once)."""
    return Challenge.objects.filter(_has_outcome())


def outputs_from_challenges() -> QuerySet[KnowledgeTransferOutput]:
    """KT outputs recorded as what an industry challenge led to (each once, though several
    challenges name it)."""
    recorded = Challenge.outcomes.through._default_manager.filter(
        knowledgetransferoutput_id=OuterRef("pk")
    )
    return KnowledgeTransferOutput.objects.filter(Exists(recorded))


def counted_challenges() -> QuerySet[Challenge]:
    """The challenges the public figures count: all but those closed with nobody shortlisted
    and nothing they led to (spam, repeats, enquiries withdrawn before anyone was found); so
    every challenge that led to a KT output is among them."""
    return Challenge.objects.exclude(
        Q(status=Challenge.Status.CLOSED) & Q(entries__isnull=True) & ~_has_outcome()
    )


def user_name(user: User | None) -> str:
    """A colleague as the lists name them: full name, else user name."""
    return (user.get_full_name() or user.username) if user is not None else ""


class UserChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return user_name(obj)


class SavedByFilter(django_filters.ModelChoiceFilter):
    """Whoever saved challenges, listed by name."""

    field_class = UserChoiceField


class ChallengeFilterSet(SortedFilterSet):
    default_sort = "-received_on"
    # Before challenges kept the day they were received, the list sorted by the day saved.
    sort_aliases = {"-created_at": "-received_on", "created_at": "received_on"}

    q = django_filters.CharFilter(label=_("Search"), method="search", max_length=200)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Challenge.Status.choices)
    source = django_filters.ChoiceFilter(label=_("Source"), choices=Challenge.Source.choices)
    received = AcademicYearFilter(
        label=_("Received in"),
        method="received_in",
        widget=forms.TextInput(attrs={"placeholder": "2024/25"}),
    )
    shortlist = django_filters.ChoiceFilter(
        label=_("Shortlisted"), choices=list(SHORTLISTS.items()), method="shortlisted"
    )
    outcome = django_filters.ChoiceFilter(
        label=_("Led to a KT output"),
        choices=list(OUTCOMES.items()),
        method="with_outcome",
    )
    saved_by = SavedByFilter(
        label=_("Saved by"),
        field_name="created_by",
        to_field_name="username",
        queryset=User.objects.filter(expertise_challenges__isnull=False)
        .distinct()
        .order_by("first_name", "username"),
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=list(SORTS.items()), method="sort_by", empty_label=None
    )

    class Meta:
        model = Challenge
        fields = [
            "q",
            "status",
            "source",
            "received",
            "shortlist",
            "outcome",
            "saved_by",
            "sort",
        ]

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        user = getattr(self.request, "user", None)
        if user is not None and not user.has_perm(SEE_OUTCOMES):
            # Which challenges led to something tells of KT outputs the user may not see:
            # the filter is not offered, and asked for it is refused (not silently dropped,
            # which would answer with a list the caller takes to be filtered).
            del self.filters["outcome"]
            if self.data.get("outcome"):
                raise PermissionDenied(
                    _("Only staff who may see KT outputs can filter by what challenges led to.")
                )

    def search(self, queryset: QuerySet[Challenge], name: str, value: str) -> QuerySet[Any]:
        # Every word, folded as the lists fold it, in the challenge or its partner's names.
        condition = Q()
        for word in value.split():
            condition &= search_filter(word) | search_filter(word, "partner__search_text")
        return queryset.filter(condition)

    def received_in(self, queryset: QuerySet[Challenge], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(received_during(AcademicYear(value)))

    def with_outcome(self, queryset: QuerySet[Challenge], name: str, value: str) -> QuerySet[Any]:
        led = challenges_with_outcomes().values("pk")
        return queryset.filter(pk__in=led) if value == "yes" else queryset.exclude(pk__in=led)

    def shortlisted(self, queryset: QuerySet[Challenge], name: str, value: str) -> QuerySet[Any]:
        if value == "waiting":
            return awaiting_shortlist(queryset)
        return queryset.filter(entries__isnull=value == "empty").distinct()

    def sort_by(self, queryset: QuerySet[Challenge], name: str, value: str) -> QuerySet[Any]:
        descending = value.startswith("-")
        key = value.lstrip("-")
        if key == "title":
            order = F("title").desc() if descending else F("title").asc()
            return queryset.order_by(order, "-pk")
        if key == "partner":
            # The name the reader sees: a partner without one in their language sorted first.
            partner = reader_order("partner__name")
            return queryset.order_by(partner.asc(nulls_last=True), "-received_on", "-pk")
        if key == "status":
            step = STATUS_ORDER.desc() if descending else STATUS_ORDER.asc()
            return queryset.order_by(step, "-received_on", "-pk")
        if key == "shortlisted":
            if "shortlisted" not in queryset.query.annotations:
                queryset = with_shortlist_size(queryset)
            count = F("shortlisted").desc() if descending else F("shortlisted").asc()
            return queryset.order_by(count, "-received_on", "-pk")
        if key == value:
            return queryset.order_by("received_on", "created_at", "pk")
        return queryset.order_by("-received_on", "-created_at", "-pk")
