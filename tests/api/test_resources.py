"""The read resources: shapes, filters, pagination, supersession links and conditional GETs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from claims import match_services
from claims.models import Claim, Verdict
from sources.models import Source
from tests.factories import (
    make_article,
    make_claim,
    make_claimant,
    make_editor,
    make_evidence,
    make_verdict,
)

pytestmark = pytest.mark.django_db


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_a_verdict_carries_its_claim_claimant_and_evidence(api):
    outlet = Source.objects.create(name="Statistics office", domain="stats.example.org")
    claim = make_claim(claimant=make_claimant("Minister of Labour"), language="en")
    evidence = make_evidence(claim=claim, source=outlet, excerpt="The rate was 4.4%.")
    verdict = make_verdict(claim=claim, evidence=[evidence])
    body = api.get(f"/api/v1/verdicts/{verdict.pk}/").json()
    assert body["claim"]["text"] == claim.text
    assert body["claim"]["claimant"] == {
        "id": claim.claimant_id,
        "name": "Minister of Labour",
        "kind": "unknown",
    }
    assert body["claim"]["page_url"] == f"http://testserver/claims/{claim.pk}/"
    assert body["evidence"] == [
        {
            "id": evidence.pk,
            "url": evidence.url,
            "source": {"id": outlet.pk, "name": "Statistics office"},
            "excerpt": "The rate was 4.4%.",
            "stance": "refutes",
        }
    ]
    assert (body["status"], body["rating"], body["is_current"]) == ("disputed", "Disputed", True)


def test_a_superseded_verdict_is_marked_and_links_to_its_replacement(api):
    claim = make_claim()
    old = make_verdict(claim=claim, status=Claim.Status.UNCONFIRMED)
    new = make_verdict(claim=claim, status=Claim.Status.CONFIRMED)
    body = api.get(f"/api/v1/verdicts/{old.pk}/").json()
    assert body["is_current"] is False
    assert body["superseded_by"] == new.pk
    assert body["superseded_at"] is not None
    assert _ids(api.get("/api/v1/verdicts/?current=true")) == [new.pk]
    claim_body = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert claim_body["current_verdict"]["id"] == new.pk
    assert claim_body["status"] == "confirmed"


def test_claim_counts_appearances_sources_and_first_and_last_sighting(api):
    from claims.models import ClaimAppearance

    claim = make_claim()
    make_verdict(claim=claim)
    one, two = Source.objects.create(name="One"), Source.objects.create(name="Two")
    for source in (one, one, two):
        ClaimAppearance.objects.create(
            claim=claim, article=make_article(source=source), sentence=claim.text, start=0, end=10
        )
    body = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert (body["appearances"], body["sources"]) == (3, 2)
    assert body["first_seen"] <= body["last_seen"]


def test_a_resurfaced_claim_says_when_and_can_be_filtered(api):
    again, quiet = make_claim(text="Crime doubled in 2024."), make_claim(text="Rents rose 9 percent.")
    make_verdict(claim=again)
    make_verdict(claim=quiet)
    Claim.objects.filter(pk=again.pk).update(resurfaced_at=timezone.now())
    body = api.get(f"/api/v1/claims/{again.pk}/").json()
    assert body["resurfaced_at"] is not None
    assert api.get(f"/api/v1/claims/{quiet.pk}/").json()["resurfaced_at"] is None
    assert _ids(api.get("/api/v1/claims/", {"resurfaced": "true"})) == [again.pk]
    assert _ids(api.get("/api/v1/claims/", {"resurfaced": "false"})) == [quiet.pk]
    assert api.get("/api/v1/claims/", {"resurfaced": "AAA"}).status_code == 400


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=confirmed", ["confirmed"]),
        ("status=disputed", ["disputed"]),
        ("language=fr", ["fr"]),
        ("q=VACCINE", ["vaccine"]),
        ("claimant=CLAIMANT", ["claimant"]),
        ("source=SOURCE", ["source"]),
    ],
)
def test_verdict_filters(api, query, expected):
    claimant = make_claimant("Someone")
    outlet = Source.objects.create(name="Outlet")
    tagged = {
        "confirmed": make_verdict(status=Claim.Status.CONFIRMED),
        "disputed": make_verdict(status=Claim.Status.DISPUTED, claim=make_claim(language="de")),
        "fr": make_verdict(status=Claim.Status.UNCONFIRMED, claim=make_claim(language="fr")),
        "vaccine": make_verdict(status=Claim.Status.UNCONFIRMED, claim=make_claim(text="The vaccine is 5G.")),
        "claimant": make_verdict(status=Claim.Status.UNCONFIRMED, claim=make_claim(claimant=claimant)),
        "source": make_verdict(status=Claim.Status.UNCONFIRMED),
    }
    from claims.models import ClaimAppearance

    ClaimAppearance.objects.create(
        claim=tagged["source"].claim, article=make_article(source=outlet), sentence="x", start=0, end=1
    )
    query = query.replace("CLAIMANT", str(claimant.pk)).replace("SOURCE", str(outlet.pk))
    assert _ids(api.get(f"/api/v1/verdicts/?{query}")) == [tagged[name].pk for name in expected]


@pytest.mark.parametrize("offset", ["%2B16:42", "-17:27"])
def test_date_times_with_offsets_postgresql_refuses_are_read_in_utc(api, offset):
    make_verdict()
    response = api.get(f"/api/v1/claims/?created_after=2224-04-11T02:54:32{offset}")
    assert response.status_code == 200 and response.json()["results"] == []


def test_published_date_range(api):
    old, new = make_verdict(), make_verdict()
    Verdict.objects.filter(pk=old.pk).update(published_at=timezone.now() - timedelta(days=10))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert _ids(api.get("/api/v1/verdicts/", {"published_after": since})) == [new.pk]
    assert _ids(api.get("/api/v1/verdicts/", {"published_before": since})) == [old.pk]


def test_claim_filters_by_updated_range_and_text(api):
    a, b = make_claim(text="Inflation is 2 percent."), make_claim(text="Crime doubled.")
    make_verdict(claim=a)
    make_verdict(claim=b)
    Claim.objects.filter(pk=a.pk).update(updated_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    assert _ids(api.get("/api/v1/claims/", {"updated_after": since})) == [b.pk]
    assert _ids(api.get("/api/v1/claims/", {"q": "inflation"})) == [a.pk]


@pytest.mark.parametrize(
    "query",
    [
        "published_after=yesterday",
        "published_after=0001-01-01T00:30:00%2B01:00",
        "published_after=",
        "claim=1.5",
        "claim=99999999999999999999999",
        "status=false",
        "current=maybe",
        "page_size=0",
        "page_size=ten",
        "page_size=5&page_size=6",
    ],
)
def test_bad_filter_values_are_a_400_with_field_errors(api, query):
    response = api.get(f"/api/v1/verdicts/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["field_errors"]


def test_a_page_size_of_any_length_is_capped(api, settings):
    settings.FACTCHECK_API_MAX_PAGE_SIZE = 2
    for _ in range(3):
        make_verdict()
    assert len(api.get("/api/v1/verdicts/", {"page_size": "9" * 5000}).json()["results"]) == 2
    assert len(api.get("/api/v1/changes/", {"limit": "9" * 5000}).json()["results"]) == 2


def test_cursor_pagination_walks_every_verdict_once_and_caps_the_page_size(api, settings):
    settings.FACTCHECK_API_MAX_PAGE_SIZE = 3
    made = [make_verdict().pk for _ in range(7)]
    seen, url = [], "/api/v1/verdicts/?page_size=100"
    while url:
        body = api.get(url).json()
        assert len(body["results"]) <= 3
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert seen == sorted(made, reverse=True)


@pytest.mark.parametrize("cursor", ["garbage", "cD1hYmM=", "cD05OTk5OTk5OTk5OTk5OTk5OTk5OTk5OTk="])
def test_a_forged_cursor_is_a_404_not_a_server_error(api, cursor):
    make_verdict()
    response = api.get("/api/v1/verdicts/", {"cursor": cursor})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_id_too_large_for_the_database_is_a_404(api):
    assert api.get("/api/v1/verdicts/99999999999999999999999/").status_code == 404


def test_etag_answers_304_until_something_changes(api):
    make_verdict()
    first = api.get("/api/v1/verdicts/")
    etag = first["ETag"]
    assert api.get("/api/v1/verdicts/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    make_verdict()
    changed = api.get("/api/v1/verdicts/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_answers_vary_on_the_key(api):
    make_verdict()
    assert "Authorization" in api.get("/api/v1/verdicts/")["Vary"]


def test_claimants_and_sources(api):
    claimant = make_claimant("Health ministry")
    make_verdict(claim=make_claim(claimant=claimant))
    outlet = Source.objects.create(name="Daily", domain="daily.example")
    assert api.get("/api/v1/claimants/").json()["results"] == [
        {"id": claimant.pk, "name": "Health ministry", "kind": "unknown"}
    ]
    assert api.get(f"/api/v1/sources/{outlet.pk}/").json() == {
        "id": outlet.pk,
        "name": "Daily",
        "homepage": "",
        "domain": "daily.example",
    }
    assert _ids(api.get("/api/v1/sources/?domain=daily.example")) == [outlet.pk]


def test_errors_are_json_with_a_code(api):
    response = api.get("/api/v1/verdicts/12345/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No Verdict matches the given query.", "code": "not_found"}


def test_an_unsupported_accept_header_is_a_406(api):
    response = api.get("/api/v1/claims/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_search_text_with_a_nul_character_matches_nothing_rather_than_failing(api):
    make_verdict()
    response = api.get("/api/v1/verdicts/", {"q": "no\x00such"})
    assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize(
    "path", ["/api/v1/verdicts/abc/", "/api/v1/nothing-here/", "/api/v2/verdicts/", "/api/v1/articles/a%0Ab/"]
)
def test_unknown_api_paths_are_a_json_404(api, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def test_errors_of_a_claimreview_feed_are_plain_json(api):
    response = api.get("/api/v1/claimreviews/?status=nonsense")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"


def test_a_merged_claims_id_leads_to_the_claim_it_lives_under(api, client):
    kept, gone = make_claim(), make_claim()
    make_verdict(claim=kept)
    make_verdict(claim=gone)
    match_services.claim_merge(source=gone, target=kept, by=make_editor())
    response = api.get(f"/api/v1/claims/{gone.pk}/?format=json")
    assert response.status_code == 301
    assert response["Location"] == f"http://testserver/api/v1/claims/{kept.pk}/?format=json"
    assert response.json()["code"] == "merged"
    assert api.get(response["Location"]).json()["id"] == kept.pk
    page = client.get(f"/claims/{gone.pk}/")
    assert page.status_code == 301 and page["Location"] == f"/claims/{kept.pk}/"
    assert client.get(page["Location"]).status_code == 200


def test_a_merged_claim_under_a_claim_the_caller_cannot_read_stays_a_404(api):
    kept, gone = make_claim(), make_claim()  # neither ruled on: not public
    match_services.claim_merge(source=gone, target=kept, by=make_editor())
    assert api.get(f"/api/v1/claims/{gone.pk}/").status_code == 404
    assert api.get(f"/api/v1/claims/{make_claim().pk}/").status_code == 404
