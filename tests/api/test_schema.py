"""The OpenAPI document: generated without a warning, valid, and complete."""

from __future__ import annotations

import pytest
import yaml
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    with django_db_blocker.unblock():
        # --fail-on-warn: any warning of drf-spectacular (an unresolvable field, a
        # colliding enum, an authenticator it cannot describe) fails this test.
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_schema_is_served_and_the_docs_render(api):
    assert api.get("/api/schema/").status_code == 200
    docs = api.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content
    assert b"cdn" not in docs.content.lower()


EXPECTED_PATHS = {
    "/api/v1/verdicts/": ["get"],
    "/api/v1/verdicts/{id}/": ["get"],
    "/api/v1/verdicts/{id}/claimreview/": ["get"],
    "/api/v1/claimreviews/": ["get"],
    "/api/v1/claims/": ["get"],
    "/api/v1/claims/{id}/": ["get"],
    "/api/v1/claimants/": ["get"],
    "/api/v1/claimants/{id}/": ["get"],
    "/api/v1/sources/": ["get"],
    "/api/v1/sources/{id}/": ["get"],
    "/api/v1/changes/": ["get"],
    "/api/v1/articles/": ["get", "post"],
    "/api/v1/articles/{id}/": ["get"],
}


def test_every_endpoint_is_documented(schema):
    assert {path: sorted(ops) for path, ops in schema["paths"].items()} == EXPECTED_PATHS


def test_every_operation_documents_its_errors_and_conditional_get(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "406", "429"} <= codes, (path, method)
            for code in codes - {"200", "202", "304"}:
                content = operation["responses"][code]["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, method, code)
                assert content["examples"], (path, method, code)
            if method == "get":
                assert "304" in codes
                assert any(p["name"] == "If-None-Match" for p in operation["parameters"])


def test_intake_documents_its_errors(schema):
    codes = set(schema["paths"]["/api/v1/articles/"]["post"]["responses"])
    assert {"200", "202", "400", "413", "415", "422"} <= codes


def test_every_successful_json_answer_has_an_example(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for code in ("200", "202"):
                response = operation["responses"].get(code)
                if response is None:
                    continue
                for media_type, content in response["content"].items():
                    assert content.get("examples"), (path, method, code, media_type)


def test_filters_are_documented(schema):
    names = {p["name"] for p in schema["paths"]["/api/v1/verdicts/"]["get"]["parameters"]}
    assert {"status", "claimant", "source", "language", "published_after", "published_before", "q"} <= names
    assert {"cursor", "page_size"} <= names
    claim_names = {p["name"] for p in schema["paths"]["/api/v1/claims/"]["get"]["parameters"]}
    assert {"status", "claimant", "source", "language", "updated_after", "updated_before", "q"} <= claim_names
