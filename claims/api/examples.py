"""Examples shown in the API docs (and checked against the schema by drf-spectacular)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

BASE = "https://factcheck.example.org"

_CLAIMANT = {"id": 7, "name": "Office for National Statistics", "kind": "organisation"}
_VERDICT = {
    "id": 42,
    "url": f"{BASE}/api/v1/verdicts/42/",
    "claim": {
        "id": 1001,
        "url": f"{BASE}/api/v1/claims/1001/",
        "page_url": f"{BASE}/claims/1001/",
        "text": "Unemployment fell to 4 percent in March.",
        "claimant": _CLAIMANT,
        "language": "en",
    },
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
    "id": 1001,
    "url": f"{BASE}/api/v1/claims/1001/",
    "page_url": f"{BASE}/claims/1001/",
    "text": "Unemployment fell to 4 percent in March.",
    "claimant": _CLAIMANT,
    "language": "en",
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

ERRORS = {
    400: OpenApiExample(
        "Invalid input",
        value={
            "detail": "Invalid input.",
            "code": "invalid",
            "field_errors": {"url": ["Enter a valid URL."]},
        },
        response_only=True,
        status_codes=["400"],
    ),
    401: OpenApiExample(
        "Bad key",
        value={"detail": "Unknown, revoked or expired API key.", "code": "authentication_failed"},
        response_only=True,
        status_codes=["401"],
    ),
    403: OpenApiExample(
        "No permission",
        value={"detail": "This key is not allowed to submit or read articles.", "code": "permission_denied"},
        response_only=True,
        status_codes=["403"],
    ),
    404: OpenApiExample(
        "Not found",
        value={"detail": "No Verdict matches the given query.", "code": "not_found"},
        response_only=True,
        status_codes=["404"],
    ),
    406: OpenApiExample(
        "Not acceptable",
        value={"detail": "Could not satisfy the request Accept header.", "code": "not_acceptable"},
        response_only=True,
        status_codes=["406"],
    ),
    413: OpenApiExample(
        "Too large",
        value={"detail": "The body is larger than 2097152 bytes.", "code": "too_large"},
        response_only=True,
        status_codes=["413"],
    ),
    415: OpenApiExample(
        "Wrong content type",
        value={"detail": 'Unsupported media type "text/plain" in request.', "code": "unsupported_media_type"},
        response_only=True,
        status_codes=["415"],
    ),
    422: OpenApiExample(
        "URL not fetched",
        value={
            "detail": "host 'intranet.local' resolves to a non-public address (10.0.0.5); refused",
            "code": "fetch_failed",
        },
        response_only=True,
        status_codes=["422"],
    ),
    429: OpenApiExample(
        "Throttled",
        value={"detail": "Request was throttled. Expected available in 21 seconds.", "code": "throttled"},
        response_only=True,
        status_codes=["429"],
    ),
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
