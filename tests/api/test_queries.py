"""A constant number of SQL queries per request, whatever the page size."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import ClaimAppearance
from sources.models import Source
from tests.factories import make_article, make_claim, make_claimant, make_evidence, make_verdict

pytestmark = pytest.mark.django_db


def fill(n: int) -> None:
    outlet = Source.objects.create(name=f"Outlet {n}")
    for i in range(n):
        claim = make_claim(claimant=make_claimant(f"Claimant {n}-{i}"))
        article = make_article(source=outlet, url=f"https://news.example/{n}/{i}")
        ClaimAppearance.objects.create(claim=claim, article=article, sentence=claim.text, start=0, end=5)
        evidence = [make_evidence(claim=claim, source=outlet), make_evidence(claim=claim)]
        make_verdict(claim=claim, evidence=evidence)
        make_verdict(claim=claim, evidence=evidence[:1])


URLS = [
    "/api/v1/verdicts/?page_size=50",
    "/api/v1/claims/?page_size=50",
    "/api/v1/claimants/?page_size=50",
    "/api/v1/changes/?limit=50",
    "/api/v1/claimreviews/?page_size=50",
    "/api/v1/articles/?page_size=50",
]


def count(client, url: str, accept: str = "application/json") -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200, response.content
    body = response.json()
    rows = body.get("results", body.get("dataFeedElement"))
    return len(queries), len(rows)


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("role", ["anonymous", "internal_key"])
def test_queries_do_not_grow_with_the_page(client_as, url, role):
    if "articles" in url and role == "anonymous":
        pytest.skip("articles need a key")
    client = client_as(role)
    fill(1)
    small, one = count(client, url)
    fill(49)
    large, fifty = count(client, url)
    assert one >= 1 and fifty == 50
    assert large == small, f"{small} queries for {one} rows, {large} for {fifty}"


def test_verdicts_as_claimreview_cost_the_same_at_one_and_fifty(api):
    fill(1)
    small, _ = count(api, "/api/v1/verdicts/?page_size=50", "application/ld+json")
    fill(49)
    large, rows = count(api, "/api/v1/verdicts/?page_size=50", "application/ld+json")
    assert rows == 50 and large == small


def test_a_verdict_page_costs_at_most_four_queries_anonymously(api):
    fill(5)
    queries, _ = count(api, "/api/v1/verdicts/")
    assert queries <= 4
