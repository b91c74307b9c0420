"""ClaimReview JSON-LD: per verdict, as a feed, by content negotiation, and in the public page.

The properties Google requires and recommends for a fact check, from
https://developers.google.com/search/docs/appearance/structured-data/factcheck
("Structured data type definitions": ClaimReview, Claim, Rating):

    ClaimReview  required: claimReviewed, reviewRating, url (same domain as the page)
                 recommended: author, datePublished, itemReviewed
    Claim        recommended: appearance, author, datePublished, firstAppearance
    Rating       required: alternateName
                 recommended: bestRating, name, ratingValue, worstRating
                 (ratingValue between worstRating and bestRating)
    Organization (ClaimReview.author) recommended: name, url
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import jsonschema
import pytest

from claims.api.claimreview import CLAIMREVIEW_FEED_SCHEMA, CLAIMREVIEW_SCHEMA
from claims.models import Claim, Claimant, ClaimAppearance
from tests.factories import make_article, make_claim, make_claimant, make_verdict

pytestmark = pytest.mark.django_db

GOOGLE = {
    "ClaimReview": {
        "required": ["claimReviewed", "reviewRating", "url"],
        "recommended": ["author", "datePublished", "itemReviewed"],
    },
    "Claim": {"required": [], "recommended": ["appearance", "author", "datePublished", "firstAppearance"]},
    "Rating": {
        "required": ["alternateName"],
        "recommended": ["bestRating", "name", "ratingValue", "worstRating"],
    },
    "Organization": {"required": [], "recommended": ["name", "url"]},
}


def as_json_schema(schema):
    """OpenAPI 3.0's ``nullable`` in JSON Schema terms."""
    if isinstance(schema, dict):
        converted = {key: as_json_schema(value) for key, value in schema.items() if key != "nullable"}
        if schema.get("nullable"):
            converted["type"] = [schema["type"], "null"]
        return converted
    if isinstance(schema, list):
        return [as_json_schema(item) for item in schema]
    return schema


FEED_SCHEMA = as_json_schema(CLAIMREVIEW_FEED_SCHEMA)


class JSONLDScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._inside:
            self.found.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.found[-1] += data


def jsonld_of(html: str) -> list[dict]:
    parser = JSONLDScripts()
    parser.feed(html)
    return [json.loads(text) for text in parser.found]


def check_google_properties(review: dict, *, page_url: str, numeric: bool) -> None:
    def has(obj: dict, kind: str) -> None:
        for level in ("required", "recommended"):
            for prop in GOOGLE[kind][level]:
                if kind == "Rating" and not numeric and prop in ("bestRating", "ratingValue", "worstRating"):
                    assert prop not in obj, f"an unconfirmed claim has no {prop}"
                    continue
                assert obj.get(prop) not in (None, "", []), f"{kind}.{prop} ({level}) missing"

    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    has(review, "ClaimReview")
    has(review["reviewRating"], "Rating")
    has(review["itemReviewed"], "Claim")
    has(review["author"], "Organization")
    assert urlsplit(review["url"]).netloc == urlsplit(page_url).netloc
    rating = review["reviewRating"]
    if numeric:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["itemReviewed"]["@type"] == "Claim"
    assert review["itemReviewed"]["author"]["name"]
    jsonschema.validate(review, CLAIMREVIEW_SCHEMA)


def _ruled_claim(status: str, text: str = "Unemployment fell to 4 percent in March.") -> Claim:
    claim = make_claim(text=text, claimant=make_claimant("Minister of Labour"), language="en")
    for url in ("https://news.example.com/a", "https://news.example.com/b"):
        ClaimAppearance.objects.create(
            claim=claim, article=make_article(url=url), sentence=text, start=0, end=5
        )
    make_verdict(claim=claim, status=status)
    return claim


@pytest.mark.parametrize(
    ("status", "numeric"), [("confirmed", True), ("disputed", True), ("unconfirmed", False)]
)
def test_the_public_page_embeds_claimreview_with_googles_properties(client, status, numeric):
    claim = _ruled_claim(status)
    response = client.get(f"/claims/{claim.pk}/")
    assert response.status_code == 200
    [review] = jsonld_of(response.content.decode())
    check_google_properties(review, page_url=f"http://testserver/claims/{claim.pk}/", numeric=numeric)
    assert review["claimReviewed"] == claim.text
    assert review["itemReviewed"]["firstAppearance"]["url"] == "https://news.example.com/a"
    assert [a["url"] for a in review["itemReviewed"]["appearance"]] == [
        "https://news.example.com/a",
        "https://news.example.com/b",
    ]
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Minister of Labour"}


RATINGS = [("confirmed", "Confirmed", 5), ("disputed", "Disputed", 1), ("unconfirmed", "Unconfirmed", None)]


@pytest.mark.parametrize(("status", "label", "value"), RATINGS)
def test_the_rating_scale(api, status, label, value):
    claim = _ruled_claim(status)
    verdict = claim.verdicts.get()
    rating = api.get(f"/api/v1/verdicts/{verdict.pk}/claimreview/").json()["reviewRating"]
    assert rating["alternateName"] == label
    assert rating.get("ratingValue") == value
    if value is not None:
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)


def test_a_claimant_person_is_a_person(api):
    claim = make_claim(
        claimant=Claimant.objects.create(name="Jane Roe", normalized_name="jane roe", kind="person")
    )
    verdict = make_verdict(claim=claim)
    review = api.get(f"/api/v1/verdicts/{verdict.pk}/claimreview/").json()
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Jane Roe"}


def test_claim_text_cannot_break_out_of_the_script_element(client):
    claim = _ruled_claim("disputed", text='He said "</script><script>alert(1)</script>" & left.')
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<script>alert(1)" not in html
    [review] = jsonld_of(html)
    assert review["claimReviewed"] == claim.text


def test_content_negotiation_serves_claimreview_for_a_verdict_and_a_page(api):
    claim = _ruled_claim("disputed")
    verdict = claim.verdicts.get()
    one = api.get(f"/api/v1/verdicts/{verdict.pk}/", HTTP_ACCEPT="application/ld+json")
    assert one["Content-Type"] == "application/ld+json"
    assert one.json() == api.get(f"/api/v1/verdicts/{verdict.pk}/claimreview/").json()
    page = api.get("/api/v1/verdicts/", HTTP_ACCEPT="application/ld+json")
    assert page["Content-Type"] == "application/ld+json"
    jsonschema.validate(page.json(), FEED_SCHEMA)
    assert [r["claimReviewed"] for r in page.json()["dataFeedElement"]] == [claim.text]
    assert api.get(f"/api/v1/verdicts/{verdict.pk}/")["Content-Type"] == "application/json"


def test_the_feed_pages_through_standing_verdicts_only(api):
    claim = make_claim()
    make_verdict(claim=claim)
    current = make_verdict(claim=claim)
    others = [make_verdict() for _ in range(3)]
    urls, url = [], "/api/v1/claimreviews/?page_size=2"
    while url:
        body = api.get(url).json()
        jsonschema.validate(body, FEED_SCHEMA)
        urls += [r["url"] for r in body["dataFeedElement"]]
        url = body["next"]
    expected = [v.claim_id for v in [*reversed(others), current]]
    assert urls == [f"http://testserver/claims/{claim_id}/" for claim_id in expected]


def test_drafts_have_no_claimreview_and_no_page(api, client_as, client):
    draft = make_verdict(published=False)
    internal = client_as("internal_key")
    assert internal.get(f"/api/v1/verdicts/{draft.pk}/claimreview/").status_code == 404
    assert client.get(f"/claims/{draft.claim_id}/").status_code == 404


def test_the_publisher_comes_from_settings(api, settings):
    settings.FACTCHECK_PUBLISHER_NAME = "Example Checks"
    settings.FACTCHECK_PUBLISHER_URL = "https://checks.example.org/"
    verdict = make_verdict()
    author = api.get(f"/api/v1/verdicts/{verdict.pk}/claimreview/").json()["author"]
    assert author == {"@type": "Organization", "name": "Example Checks", "url": "https://checks.example.org/"}


def test_the_page_shows_earlier_verdicts_with_their_anchor(client):
    claim = make_claim()
    old = make_verdict(claim=claim, status=Claim.Status.UNCONFIRMED, explanation="Nobody could tell yet.")
    make_verdict(claim=claim, status=Claim.Status.DISPUTED)
    html = client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'id="verdict-{old.pk}"' in html and "Nobody could tell yet." in html
