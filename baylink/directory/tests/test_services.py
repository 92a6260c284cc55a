from typing import Any

import pytest
from django.utils import translation

from baylink.core.models import AuditEntry
from baylink.directory.cities import Location, gba_city_code
from baylink.directory.models import Organisation, OrganisationName, normalise_ror_id
from baylink.directory.selectors import gba_cities
from baylink.directory.services import organisation_create, organisation_upsert_from_ror

pytestmark = pytest.mark.django_db


def ror_record(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "https://ror.org/01vy4gh70",
        "status": "active",
        "types": ["education", "funder"],
        "established": 1983,
        "names": [
            {"lang": None, "types": ["acronym"], "value": "SZU"},
            {"lang": "en", "types": ["ror_display", "label"], "value": "Shenzhen University"},
            {"lang": "zh", "types": ["label"], "value": "深圳大学"},
        ],
        "links": [{"type": "website", "value": "https://www.szu.edu.cn"}],
        "locations": [
            {
                "geonames_id": 1795565,
                "geonames_details": {
                    "name": "Shenzhen",
                    "country_code": "CN",
                    "lat": 22.5,
                    "lng": 114.1,
                },
            }
        ],
        "relationships": [
            {"type": "child", "id": "https://ror.org/05c74bq69", "label": "Hospital"}
        ],
        "admin": {"last_modified": {"date": "2025-01-01"}},
    }
    record.update(changes)
    return record


def test_a_ror_record_becomes_a_trilingual_organisation() -> None:
    organisation, created = organisation_upsert_from_ror(ror_record())
    assert created
    assert organisation.ror_id == "01vy4gh70"
    assert organisation.ror_url.endswith("/01vy4gh70")
    assert organisation.name_en == "Shenzhen University"
    assert (organisation.name_zh_hans, organisation.name_zh_hans_machine) == ("深圳大学", False)
    assert (organisation.name_zh_hant, organisation.name_zh_hant_machine) == ("深圳大學", True)
    assert organisation.city is not None
    assert organisation.city.code == "SZ"
    assert sorted(organisation.types.values_list("code", flat=True)) == ["education", "funder"]
    assert set(organisation.names.values_list("value", "language")) >= {
        ("SZU", ""),
        ("深圳大学", "zh-Hans"),
    }
    assert "szu" in organisation.search_text
    assert "深圳大学" in organisation.search_text
    assert organisation.relationships.get().target_ror_id == "05c74bq69"


def test_reimport_updates_and_keeps_staff_chinese() -> None:
    organisation, _ = organisation_upsert_from_ror(ror_record())
    Organisation.objects.filter(pk=organisation.pk).update(
        name_zh_hant="深大", name_zh_hant_machine=False
    )
    updated, created = organisation_upsert_from_ror(ror_record(status="inactive"))
    assert not created
    assert updated.pk == organisation.pk
    assert updated.status == "inactive"
    assert updated.name_zh_hant == "深大"
    assert Organisation.objects.count() == 1
    assert OrganisationName.objects.filter(organisation=updated, value="SZU").count() == 1


def test_relationships_link_up_whichever_record_comes_first() -> None:
    parent, _ = organisation_upsert_from_ror(ror_record())
    child, _ = organisation_upsert_from_ror(
        ror_record(
            id="https://ror.org/05c74bq69",
            names=[
                {
                    "lang": "en",
                    "types": ["ror_display"],
                    "value": "Shenzhen Second People's Hospital",
                }
            ],
            relationships=[{"type": "parent", "id": "https://ror.org/01vy4gh70"}],
        )
    )
    assert parent.relationships.get().target == child
    assert child.relationships.get().target == parent


def test_creating_an_organisation_is_audited() -> None:
    organisation = organisation_create(actor=None, name_zh_hant="香港生產力促進局", types=["other"])
    entry = AuditEntry.objects.get()
    assert entry.action == "create"
    assert entry.object_pk == str(organisation.pk)
    assert entry.changes["name_zh_hant"] == [None, "香港生產力促進局"]
    assert organisation.name_zh_hans == "香港生产力促进局"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://ror.org/0030ZAS98", "0030zas98"),
        ("ror.org/0030zas98", "0030zas98"),
        (" 0030zas98 ", "0030zas98"),
    ],
)
def test_ror_ids_are_normalised(value: str, expected: str) -> None:
    assert normalise_ror_id(value) == expected


@pytest.mark.parametrize(
    ("location", "code"),
    [
        (Location(1818920, "Shatin", "HK"), "HK"),
        (Location(1821263, "Taipa", "MO"), "MO"),
        (Location(None, "Nanshan", "CN"), "SZ"),
        (Location(6895574, "Hengqin", "CN"), "ZH"),
        (Location(1816670, "Beijing", "CN"), None),
        (Location(2643743, "London", "GB"), None),
    ],
)
def test_gba_cities_are_recognised_from_districts(location: Location, code: str | None) -> None:
    assert gba_city_code(location) == code


def test_gba_cities_are_listed_as_the_outline_plan_lists_them_in_every_language() -> None:
    expected = ["HK", "MO", "GZ", "SZ", "ZH", "FS", "HZ", "DG", "ZS", "JM", "ZQ"]
    for language in ("en", "zh-hant", "zh-hans"):
        with translation.override(language):
            assert [city.code for city in gba_cities()] == expected
