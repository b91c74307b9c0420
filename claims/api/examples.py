"""Examples shown in the API docs (and checked against the schema by drf-spectacular)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

BASE = "https://factcheck.example.org"

_CLAIMANT = {"id": 7, "name": "Office for National Statistics", "kind": "organisation"}
_CLAIM_REF = {
    "id": 1001,
    "url": f"{BASE}/api/v1/claims/1001/",
    "page_url": f"{BASE}/claims/1001/",
    "text": "Unemployment fell to 4 percent in March.",
    "claimant": _CLAIMANT,
    "language": "en",
}
_VERDICT = {
    "id": 42,
    "url": f"{BASE}/api/v1/verdicts/42/",
    "claim": _CLAIM_REF,
    "status": "disputed",
    "rating": "Disputed",
    "explanation": "The March figure was 4.4 percent; 4 percent was the target.",
    "evidence": [
        {
            "id": 9,
            "url": "https://www.ons.gov.uk/releases/labour-market-march",
            "source": {"id": 3, "name": "ONS"},
            "excerpt": "The unemployment rate was 4.4%.",
            "stance": "refutes",
        }
    ],
    "published_at": "2026-11-30T09:12:44Z",
    "is_current": True,
    "superseded_by": None,
    "superseded_at": None,
    "claimreview_url": f"{BASE}/api/v1/verdicts/42/claimreview/",
}

VERDICT = OpenApiExample(
    "A published verdict", value=_VERDICT, response_only=True, media_type="application/json"
)
VERDICT_PAGE = OpenApiExample(
    "A page of verdicts",
    value=_VERDICT,
    response_only=True,
    media_type="application/json",
)

_CLAIM = {
    **_CLAIM_REF,
    "status": "disputed",
    "current_verdict": {
        "id": 42,
        "url": f"{BASE}/api/v1/verdicts/42/",
        "status": "disputed",
        "published_at": "2026-11-30T09:12:44Z",
    },
    "appearances": 12,
    "sources": 5,
    "first_seen": "2026-11-28T07:01:00Z",
    "last_seen": "2026-11-30T16:40:10Z",
    "resurfaced_at": "2026-11-30T16:40:10Z",
    "created_at": "2026-11-28T07:01:00Z",
    "updated_at": "2026-11-30T09:12:44Z",
}
CLAIM = OpenApiExample("A claim", value=_CLAIM, response_only=True)
CLAIM_PAGE = OpenApiExample("A page of claims", value=_CLAIM, response_only=True)

CHANGE_PAGE = OpenApiExample(
    "A page of the change feed",
    value={
        "results": [
            {
                "seq": 311,
                "kind": "verdict_superseded",
                "at": "2026-11-30T09:12:44Z",
                "claim": 1001,
                "verdict": {**_VERDICT, "id": 40, "is_current": False, "superseded_by": 42},
                "merged_into": None,
            },
            {
                "seq": 312,
                "kind": "verdict_published",
                "at": "2026-11-30T09:12:44Z",
                "claim": 1001,
                "verdict": _VERDICT,
                "merged_into": None,
            },
        ],
        "next": f"{BASE}/api/v1/changes/?after=312&limit=100",
        "last_seq": 312,
        "has_more": False,
    },
    response_only=True,
)

CLAIMREVIEW = OpenApiExample(
    "ClaimReview",
    value={
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{BASE}/claims/1001/",
        "claimReviewed": "Unemployment fell to 4 percent in March.",
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Disputed",
            "name": "Disputed",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "Office for National Statistics"},
            "datePublished": "2026-11-28T07:01:00Z",
            "firstAppearance": {"@type": "CreativeWork", "url": "https://news.example.com/jobs"},
            "appearance": [{"@type": "CreativeWork", "url": "https://news.example.com/jobs"}],
        },
        "author": {"@type": "Organization", "name": "Fact-check claim tracker", "url": f"{BASE}/"},
        "datePublished": "2026-11-30T09:12:44Z",
        "dateModified": "2026-11-30T09:12:44Z",
        "reviewBody": "The March figure was 4.4 percent; 4 percent was the target.",
        "inLanguage": "en",
    },
    response_only=True,
)

ARTICLE = {
    "id": 5120,
    "status_url": f"{BASE}/api/v1/articles/5120/",
    "status": "queued",
    "status_note": "",
    "last_error": "",
    "url": "https://news.example.com/jobs",
    "title": "Jobs figures",
    "source": None,
    "language": "",
    "created_at": "2026-12-01T10:00:00Z",
    "processed_at": None,
    "claims": [],
}
ARTICLE_ACCEPTED = OpenApiExample("Accepted", value=ARTICLE, response_only=True, status_codes=["202"])
ARTICLE_EXISTING = OpenApiExample(
    "Already stored",
    value={**ARTICLE, "status": "done", "claims": [{"id": 1001, "text": "Unemployment fell to 4 percent."}]},
    response_only=True,
    status_codes=["200"],
)
ARTICLE_BY_URL = OpenApiExample("By URL", value={"url": "https://news.example.com/jobs"}, request_only=True)
ARTICLE_BY_TEXT = OpenApiExample(
    "As text",
    value={
        "text": "The minister said unemployment fell to 4 percent in March.",
        "title": "Jobs figures",
        "canonical_url": "https://news.example.com/jobs",
    },
    request_only=True,
)

_ERROR_CASES = [
    (400, "Invalid input", "invalid", "Invalid input."),
    (401, "Bad key", "authentication_failed", "Unknown, revoked or expired API key."),
    (403, "No permission", "permission_denied", "This key is not allowed to submit or read articles."),
    (404, "Not found", "not_found", "No Verdict matches the given query."),
    (406, "Not acceptable", "not_acceptable", "Could not satisfy the request Accept header."),
    (413, "Too large", "too_large", "The body is larger than 2097152 bytes."),
    (415, "Wrong content type", "unsupported_media_type", 'Unsupported media type "text/plain" in request.'),
    (
        422,
        "URL not fetched",
        "fetch_failed",
        "host 'intranet.local' resolves to a non-public address; refused",
    ),
    (429, "Throttled", "throttled", "Request was throttled. Expected available in 21 seconds."),
]
CLAIM_MERGED = OpenApiExample(
    "Merged claim",
    value={"detail": "Claim 41 was merged into claim 42.", "code": "merged"},
    response_only=True,
    status_codes=["301"],
)

ERRORS = {
    status: OpenApiExample(
        name,
        value={"detail": detail, "code": code}
        | ({"field_errors": {"url": ["Enter an http:// or https:// URL."]}} if status == 400 else {}),
        response_only=True,
        status_codes=[str(status)],
    )
    for status, name, code, detail in _ERROR_CASES
}

CLAIMANT = OpenApiExample("A claimant", value=_CLAIMANT, response_only=True)
SOURCE = OpenApiExample(
    "A source",
    value={
        "id": 3,
        "name": "Office for National Statistics",
        "homepage": "https://www.ons.gov.uk/",
        "domain": "ons.gov.uk",
    },
    response_only=True,
)
ARTICLE_STATUS = OpenApiExample(
    "A processed article",
    value={
        **ARTICLE,
        "status": "done",
        "language": "en",
        "processed_at": "2026-12-01T10:00:03Z",
        "claims": [{"id": 1001, "text": "Unemployment fell to 4 percent in March."}],
    },
    response_only=True,
)
CLAIMREVIEW_FEED = OpenApiExample(
    "A page of ClaimReviews",
    value={
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "next": f"{BASE}/api/v1/claimreviews/?cursor=cD00Mg%3D%3D",
        "previous": None,
        "dataFeedElement": [{k: v for k, v in CLAIMREVIEW.value.items() if k != "@context"}],
    },
    response_only=True,
)
