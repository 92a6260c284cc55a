"""Aliases (staff add one -> it resolves), duplicates, and merging with every link kept."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pytest_django import DjangoCaptureOnCommitCallbacks

from baylink.accounts.tests.factories import staff_user
from baylink.agreements.models import Agreement, Party
from baylink.agreements.tests import factories as agreements
from baylink.core.editing import edit_token
from baylink.core.history import readable_history
from baylink.core.models import AuditEntry
from baylink.core.search import search_filter
from baylink.core.selectors import audit_history
from baylink.directory.models import (
    Organisation,
    OrganisationName,
    OrganisationRelationship,
    Person,
    Unit,
)
from baylink.directory.services import organisation_refresh_search_text, organisation_update
from baylink.directory.tests import factories as directory
from baylink.initiatives.models import InitiativePartner
from baylink.initiatives.tests import factories as initiatives
from baylink.research.models import ProjectPartner
from baylink.research.tests import factories as research
from baylink.resolution.selectors import possible_duplicates, resolve_affiliations
from baylink.resolution.services import (
    organisation_alias_add,
    organisation_alias_remove,
    organisation_merge,
    ror_import,
)
from baylink.resolution.tests.conftest import TINY_DUMP
from baylink.talent.tests import factories as talent

pytestmark = pytest.mark.django_db

SZU = "01vy4gh70"


def test_an_alias_staff_add_resolves_at_once(
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    ror_import(path=TINY_DUMP)
    cityu = Organisation.objects.get(ror_id="03q8dnn23")
    assert resolve_affiliations(["九龍塘城市大學研究院"])[0].abstained
    with django_capture_on_commit_callbacks(execute=True):
        alias = organisation_alias_add(
            actor=staff_user(), organisation=cityu, value="九龍塘城市大學研究院"
        )
    assert alias.source == OrganisationName.Source.STAFF
    assert alias.language == "zh-Hant"
    resolution = resolve_affiliations(["九龍塘城市大学研究院"])[0]  # the other script too
    assert resolution.ror_id == "03q8dnn23"
    assert resolution.organisation_id == cityu.pk
    entry = AuditEntry.objects.filter(object_pk=str(cityu.pk)).first()
    assert entry is not None
    assert entry.note == "Alias added"
    assert entry.changes["aliases"] == [[], ["九龍塘城市大學研究院"]]
    with django_capture_on_commit_callbacks(execute=True):
        organisation_alias_remove(actor=staff_user(), alias=alias)
    assert resolve_affiliations(["九龍塘城市大學研究院"])[0].abstained


@pytest.mark.parametrize("value", ["", "   ", "x" * 301, "Hong Kong Polytechnic University"])
def test_a_bad_alias_is_refused(value: str) -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id="0030zas98")
    count = OrganisationName.objects.count()
    with pytest.raises(ValidationError):
        organisation_alias_add(actor=None, organisation=polyu, value=value)
    assert OrganisationName.objects.count() == count


def test_names_from_ror_or_the_curated_list_cannot_be_removed() -> None:
    ror_import(path=TINY_DUMP)
    for source in (OrganisationName.Source.ROR, OrganisationName.Source.CURATED):
        name = OrganisationName.objects.filter(source=source).first()
        assert name is not None
        with pytest.raises(ValidationError):
            organisation_alias_remove(actor=None, alias=name)
        assert OrganisationName.objects.filter(pk=name.pk).exists()


def test_migrate_brings_the_shipped_curated_names_into_directory_search() -> None:
    """An upgrade runs migrate: the curated table of the new release is searchable then, not
    only after the next ROR import."""
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id="0030zas98")
    OrganisationName.objects.filter(source=OrganisationName.Source.CURATED).delete()
    organisation_refresh_search_text(polyu)  # as before the release that added the names
    assert not Organisation.objects.filter(search_filter("理大")).exists()
    call_command("migrate", verbosity=0)
    assert OrganisationName.objects.filter(organisation=polyu, value="理大").exists()
    assert list(Organisation.objects.filter(search_filter("理大"))) == [polyu]


def test_a_local_copy_of_a_registry_record_is_a_possible_duplicate() -> None:
    ror_import(path=TINY_DUMP)
    copy = directory.organisation("HK PolyU", city_code="HK")
    directory.organisation("Kowloon Widget Makers Ltd", city_code="HK")
    pairs = possible_duplicates()
    assert [(p.keep.ror_id, p.merge.pk) for p in pairs] == [("0030zas98", copy.pk)]


def test_merge_moves_every_link_and_keeps_the_history() -> None:
    ror_import(path=TINY_DUMP)
    keep = Organisation.objects.get(ror_id="0030zas98")
    merge = directory.organisation("Poly U Hong Kong", name_zh_hant="香港理工")
    other = directory.organisation("Shenzhen Partner Co")
    agreement = agreements.agreement(merge, other)
    shared = agreements.agreement(merge, keep)  # both are parties: keep's party row stays
    initiative = initiatives.initiative(merge, keep)
    project = research.project(merge)
    placement = talent.placement(merge)
    person = Person.objects.create(name_en="Chan Tai-man", organisation=merge)
    unit = Unit.objects.create(organisation=merge, name_en="Industrial Centre", kind="centre")
    OrganisationName.objects.create(
        organisation=merge, value="PU", kind="acronym", source=OrganisationName.Source.STAFF
    )
    OrganisationRelationship.objects.create(subject=other, kind="related", target=merge)
    AuditEntry.objects.create(
        actor_label="system",
        action=AuditEntry.Action.UPDATE,
        content_type_id=AuditEntry.objects.first().content_type_id,  # type: ignore[union-attr]
        object_pk=str(merge.pk),
        object_repr=str(merge),
    )
    history = AuditEntry.objects.filter(object_pk=str(merge.pk)).count()

    kept = organisation_merge(keep=keep, merge=merge, actor=staff_user())

    assert kept.pk == keep.pk
    assert kept.ror_id == "0030zas98"
    assert not Organisation.objects.filter(pk=merge.pk).exists()
    assert Party.objects.filter(agreement=agreement, organisation=keep).exists()
    assert Party.objects.filter(agreement=shared, organisation=keep).count() == 1
    assert InitiativePartner.objects.filter(initiative=initiative, organisation=keep).count() == 1
    assert ProjectPartner.objects.filter(project=project, organisation=keep).exists()
    placement.refresh_from_db()
    person.refresh_from_db()
    unit.refresh_from_db()
    assert (placement.host_id, person.organisation_id, unit.organisation_id) == (keep.pk,) * 3
    assert OrganisationRelationship.objects.get(subject=other).target == keep
    names = set(keep.names.values_list("value", flat=True))
    assert {"PU", "Poly U Hong Kong", "香港理工"} <= names  # the old names still resolve
    assert AuditEntry.objects.filter(object_pk=str(merge.pk)).count() == history + 1
    merged = AuditEntry.objects.filter(object_pk=str(keep.pk), action=AuditEntry.Action.MERGE).get()
    assert merged.changes["merged"][1]["id"] == merge.pk
    # A moved record's own History says so, and reads (the merged record is gone).
    moved = audit_history(person).first()
    assert moved is not None
    assert moved.changes["organisation"] == [merge.pk, keep.pk]
    assert moved.note == "Organisation #%(number)s merged into #%(kept)s"
    shown = readable_history(list(audit_history(person)))
    assert shown[0].changes[0].after == str(keep)


def test_a_local_record_kept_over_the_registrys_takes_its_names_and_place() -> None:
    """ "Keep the other record instead": the local copy inherits the ROR id, and with it the
    registry's names, city and country; its own name stays findable as an alias."""
    ror_import(path=TINY_DUMP)
    registry = Organisation.objects.get(ror_id=SZU)
    names, city, country = (
        (registry.name_en, registry.name_zh_hant, registry.name_zh_hans),
        registry.city_id,
        registry.country_code,
    )
    copy = directory.organisation("Shenzhen Univ.", city_code=None, country_code="GB")
    kept = organisation_merge(keep=copy, merge=registry, actor=staff_user())
    kept.refresh_from_db()
    assert kept.ror_id == SZU
    assert (kept.name_en, kept.name_zh_hant, kept.name_zh_hans) == names
    assert (kept.city_id, kept.country_code) == (city, country)
    assert kept.names.filter(value="Shenzhen Univ.").exists()
    assert list(Organisation.objects.filter(search_filter("深圳大學"))) == [kept]


def test_a_record_kept_fills_only_what_it_lacks_from_a_local_one() -> None:
    keep = directory.organisation("Pearl Delta Robotics Ltd", city_code=None, country_code="CN")
    merge = directory.organisation(
        "Pearl Delta Robotics", name_zh_hant="珠三角機械人有限公司", city_code="SZ"
    )
    kept = organisation_merge(keep=keep, merge=merge, actor=staff_user())
    kept.refresh_from_db()
    assert kept.name_en == "Pearl Delta Robotics Ltd"  # its own stays
    assert kept.name_zh_hant == "珠三角機械人有限公司"  # what it lacked, from the other
    assert kept.city is not None
    assert kept.city.code == "SZ"
    assert kept.names.filter(value="Pearl Delta Robotics").exists()


def test_merge_moves_rows_that_a_conditional_uniqueness_rule_does_not_hold() -> None:
    ror_import(path=TINY_DUMP)
    keep = Organisation.objects.get(ror_id="0030zas98")
    merge = directory.organisation("Poly U Hong Kong")
    # Units without a code: the code is unique only where there is one.
    Unit.objects.create(organisation=keep, name_en="School of Design", kind="school")
    nursing = Unit.objects.create(organisation=merge, name_en="School of Nursing", kind="school")
    coded = Unit.objects.create(organisation=keep, name_en="Industrial Centre", code="IC")
    Unit.objects.create(organisation=merge, name_en="Industrial Centre (copy)", code="IC")
    # One agreement: keep signs through a unit, merge as a whole with its signatory.
    agreement = agreements.agreement(keep)
    Party.objects.filter(agreement=agreement, organisation=keep).update(unit=coded)
    whole = Party.objects.create(
        agreement=agreement,
        organisation=merge,
        signatory_name="Prof. President",
        signatory_title="President",
        position=2,
    )

    organisation_merge(keep=keep, merge=merge, actor=staff_user())

    nursing.refresh_from_db()
    assert nursing.organisation_id == keep.pk  # moved, not taken for a duplicate
    assert Unit.objects.filter(organisation=keep, code="IC").count() == 1  # a real clash
    whole.refresh_from_db()
    assert (whole.organisation_id, whole.unit_id) == (keep.pk, None)
    assert whole.signatory_name == "Prof. President"
    assert Party.objects.filter(agreement=agreement, organisation=keep).count() == 2


def test_agreements_are_found_by_their_partys_name_after_a_merge_or_a_rename() -> None:
    ror_import(path=TINY_DUMP)
    keep = Organisation.objects.get(ror_id="03q8dnn23")  # CityU
    local = directory.organisation("JHU Baltimore (local)")
    agreement = agreements.agreement(local)

    def found(words: str) -> bool:
        return Agreement.objects.filter(search_filter(words), pk=agreement.pk).exists()

    assert not found("City University")
    organisation_merge(keep=keep, merge=local, actor=staff_user())
    assert found("City University")
    assert not found("Baltimore")
    keep = Organisation.objects.get(pk=keep.pk)
    organisation_update(
        actor=staff_user(),
        instance=keep,
        edit_token=edit_token(keep),
        values={"name_en": "CityU Renamed Institute"},
    )
    assert found("Renamed Institute")


def test_merge_refuses_itself_and_two_registry_records() -> None:
    ror_import(path=TINY_DUMP)
    polyu = Organisation.objects.get(ror_id="0030zas98")
    hku = Organisation.objects.get(ror_id="02zhqgq86")
    with pytest.raises(ValidationError):
        organisation_merge(keep=polyu, merge=polyu, actor=None)
    with pytest.raises(ValidationError):
        organisation_merge(keep=polyu, merge=hku, actor=None)
    assert Organisation.objects.filter(pk__in=[polyu.pk, hku.pk]).count() == 2
