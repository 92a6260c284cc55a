"""Stored search texts are made again when the folding rules change, after `migrate`."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from baylink.agreements.models import Agreement
from baylink.agreements.tests import factories as agreement_factories
from baylink.core.chinese import fold, folding_signature
from baylink.core.models import SearchFolding
from baylink.core.search import search_filter
from baylink.core.search_refresh import SOURCES, refresh_search_texts, search_texts_follow_folding
from baylink.directory.models import Organisation
from baylink.directory.tests import factories as directory_factories

pytestmark = pytest.mark.django_db


def _made_with_old_rules(model: type[Organisation] | type[Agreement], pk: int) -> None:
    # As a text folded before 護老院 and 养老院 were joined would be stored.
    model.objects.filter(pk=pk).update(search_text="stale")
    SearchFolding.objects.all().delete()
    SearchFolding.objects.create(signature="rules before")


def test_texts_made_with_other_rules_are_made_again_after_migrate() -> None:
    home = directory_factories.organisation(name_zh_hant="明愛護老院")
    _made_with_old_rules(Organisation, home.pk)
    assert not Organisation.objects.filter(search_filter("养老院")).exists()
    call_command("migrate", verbosity=0)
    home.refresh_from_db()
    assert fold("明愛養老院") in home.search_text
    assert Organisation.objects.filter(search_filter("养老院")).get() == home
    assert SearchFolding.objects.get().signature == folding_signature()


def test_an_agreement_is_found_by_its_parties_again() -> None:
    agreement = agreement_factories.agreement()
    party = agreement.parties.first()
    assert party is not None
    before = Agreement.objects.get(pk=agreement.pk).search_text
    _made_with_old_rules(Agreement, agreement.pk)
    changed = refresh_search_texts()
    assert changed["agreements.Agreement"] == 1
    assert Agreement.objects.get(pk=agreement.pk).search_text == before


# Migrations run outside a test transaction; the reference data is reloaded for the tests after.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_migrate_of_one_app_waits_for_the_others() -> None:
    # Back to before challenges had a search text, with texts made by other rules: migrating
    # another app must not read the column that is not there yet; the full migrate fills it.
    call_command("migrate", "expertise", "0002", verbosity=0)
    SearchFolding.objects.all().delete()
    SearchFolding.objects.create(signature="rules before")
    call_command("migrate", "accounts", verbosity=0)
    assert SearchFolding.objects.get().signature == "rules before"
    call_command("migrate", verbosity=0)
    assert SearchFolding.objects.get().signature == folding_signature()


def test_nothing_is_read_again_while_the_rules_are_the_same() -> None:
    directory_factories.organisation(name_en="Shenzhen University")
    refresh_search_texts()
    assert refresh_search_texts() == {source.model: 0 for source in SOURCES}
    with CaptureQueriesContext(connection) as queries:
        search_texts_follow_folding()
    # The applied migrations and the stored signature; no record is read.
    assert len(queries) <= 3
