"""The OpenAPI description: every staff endpoint, how to authenticate, the error shapes."""

import pytest
from django.test import Client


def test_the_openapi_description_lists_the_staff_api() -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path, methods in {
        "/api/organisations": {"get", "post"},
        "/api/organisations/{organisation_id}": {"get", "patch", "delete"},
        "/api/people": {"get", "post"},
        "/api/people/{person_id}": {"get", "patch", "delete"},
        "/api/agreements": {"get", "post"},
        "/api/agreements/{agreement_id}": {"get", "patch", "delete"},
        "/api/agreements/{agreement_id}/status": {"post"},
        "/api/agreements/{agreement_id}/exchange-terms": {"post"},
        "/api/agreements/{agreement_id}/exchange-terms/{terms_id}": {"patch", "delete"},
        "/api/initiatives": {"get", "post"},
        "/api/initiatives/{initiative_id}": {"get", "patch", "delete"},
        "/api/projects": {"get", "post"},
        "/api/projects/{project_id}": {"get", "patch", "delete"},
        "/api/kt-outputs": {"get", "post"},
        "/api/kt-outputs/{output_id}": {"get", "patch", "delete"},
    }.items():
        assert set(paths[path]) == methods, path
    schemes = schema["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["ApiTokenAuth"].items()
    listing = paths["/api/agreements"]["get"]
    parameters = {parameter["name"] for parameter in listing["parameters"]}
    assert {"q", "kind", "status", "owner_unit", "sort", "limit", "offset", "page"} <= parameters
    assert {"200", "401", "403"} <= set(listing["responses"])
    assert "409" in paths["/api/agreements/{agreement_id}"]["patch"]["responses"]


@pytest.mark.django_db
def test_the_documentation_page_is_served() -> None:
    assert Client().get("/api/docs").status_code == 200
