"""The hand-built representations have exactly the fields the serializers declare (the schema)."""

from __future__ import annotations

import pytest

from claims.api.serializers import (
    ArticleSerializer,
    ChangeSerializer,
    ClaimSerializer,
    EvidenceSerializer,
    VerdictSerializer,
)
from tests.factories import make_article, make_claim, make_evidence, make_verdict

pytestmark = pytest.mark.django_db


def declared(serializer_class, *, internal: bool) -> set[str]:
    fields = serializer_class().fields
    return {name for name, field in fields.items() if internal or field.required}


@pytest.mark.parametrize(("role", "internal"), [("anonymous", False), ("internal_key", True)])
def test_verdict_claim_change_and_evidence_fields_match_the_schema(client_as, role, internal):
    claim = make_claim()
    verdict = make_verdict(claim=claim, evidence=[make_evidence(claim=claim)])
    client = client_as(role)
    body = client.get(f"/api/v1/verdicts/{verdict.pk}/").json()
    assert set(body) == declared(VerdictSerializer, internal=internal)
    assert set(body["evidence"][0]) == declared(EvidenceSerializer, internal=internal)
    assert set(client.get(f"/api/v1/claims/{claim.pk}/").json()) == declared(
        ClaimSerializer, internal=internal
    )
    [change] = client.get("/api/v1/changes/").json()["results"]
    assert set(change) == declared(ChangeSerializer, internal=False)
    assert set(change["verdict"]) == declared(VerdictSerializer, internal=False)


def test_article_fields_match_the_schema(client_as):
    article = make_article()
    body = client_as("writer_key").get(f"/api/v1/articles/{article.pk}/").json()
    assert set(body) == declared(ArticleSerializer, internal=True)
