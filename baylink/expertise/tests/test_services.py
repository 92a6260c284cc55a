"""Profile edits (who may, what the index then finds), challenges and shortlists."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from baylink.core.models import AuditEntry
from baylink.expertise import indexing, services
from baylink.expertise.engine import Mode
from baylink.expertise.models import Challenge, ResearcherProfile
from baylink.expertise.tests import factories

pytestmark = pytest.mark.django_db


def found(query: str) -> list[str]:
    return [hit.key for hit in indexing.expertise_index().search(query, mode=Mode.BM25)]


def edit(actor: User, profile: ResearcherProfile, **changes: Any) -> ResearcherProfile:
    values: dict[str, Any] = {
        "language": profile.language,
        "keywords": profile.keywords,
        "statement": profile.statement,
        "project_titles": profile.project_titles,
        "outputs": profile.outputs,
        **changes,
    }
    return services.profile_update(actor=actor, profile=profile, **values)


def test_an_edit_is_found_by_its_new_words_and_not_its_old_ones() -> None:
    owner = factories.user()
    profile = factories.profile(keywords=("coral reef ecology",), user=owner)
    indexing.index_profiles([profile.pk])
    assert found("coral reef") == [profile.index_key]
    edit(owner, profile, keywords=["battery recycling"], statement="回收鋰電池")
    assert found("battery recycling") == [profile.index_key]
    assert found("回收锂电池") == [profile.index_key]  # either script
    assert found("coral reef") == []
    assert AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).count() == 1


def test_researchers_edit_only_their_own_profile_staff_edit_any() -> None:
    owner, other = factories.user(), factories.user()
    profile = factories.profile(user=owner)
    with pytest.raises(PermissionDenied):
        edit(other, profile, statement="not mine")
    edit(factories.staff(), profile, statement="edited by the research office")
    profile.refresh_from_db()
    assert profile.statement == "edited by the research office"


def test_a_hidden_profile_leaves_the_index() -> None:
    owner = factories.user()
    profile = factories.profile(keywords=("tidal energy",), user=owner)
    indexing.index_profiles([profile.pk])
    services.profile_update(
        actor=owner,
        profile=profile,
        language="en",
        keywords=["tidal energy"],
        statement="",
        project_titles=[],
        outputs=[],
        is_public=False,
    )
    assert found("tidal energy") == []


def test_too_many_keywords_is_a_clear_error_and_changes_nothing() -> None:
    owner = factories.user()
    profile = factories.profile(keywords=("one",), user=owner)
    with pytest.raises(ValidationError, match="at most 30"):
        edit(owner, profile, keywords=[f"k{n}" for n in range(31)])
    profile.refresh_from_db()
    assert profile.keywords == ["one"]


def test_challenges_need_the_permission() -> None:
    with pytest.raises(PermissionDenied):
        services.challenge_create(actor=factories.user(), text="Robots jam")
    assert not Challenge.objects.exists()


def test_shortlist_with_notes_and_a_renewable_share_link() -> None:
    staff = factories.staff()
    challenge = services.challenge_create(
        actor=staff, text="倉庫機械人經常堵塞", partner_name="Dongguan Logistics Ltd"
    )
    assert challenge.title == "倉庫機械人經常堵塞"
    assert challenge.partner is not None
    assert challenge.partner.name_en == "Dongguan Logistics Ltd"
    assert len(challenge.share_token) >= 40
    profile = factories.profile()
    entry = services.shortlist_add(actor=staff, challenge=challenge, profile=profile)
    assert services.shortlist_add(actor=staff, challenge=challenge, profile=profile) == entry
    services.shortlist_set_note(actor=staff, entry=entry, note="Fleet planning fits well")
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.SHORTLISTING
    old = challenge.share_token
    services.challenge_renew_share_link(actor=staff, challenge=challenge)
    assert challenge.share_token != old
    services.shortlist_remove(actor=staff, entry=entry)
    assert not challenge.entries.exists()
