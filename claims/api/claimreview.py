"""Published verdicts as schema.org ClaimReview JSON-LD, the fact-checking world's format.

The rating scale (also in the README): ``confirmed`` is 5 and ``disputed`` is 1 on a
scale from 1 (worstRating) to 5 (bestRating), leaving room for finer rulings between
them later; ``unconfirmed`` is not a position on that scale, so it carries only its
``alternateName``, no number. Google shows the textual rating (alternateName).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from claims.models import Claim, Claimant
from claims.selectors import Sighting

from .serializers import Links, iso

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES: dict[str, int | None] = {
    Claim.Status.CONFIRMED: BEST_RATING,
    Claim.Status.DISPUTED: WORST_RATING,
    Claim.Status.UNCONFIRMED: None,
}


def publisher(urls: Links) -> dict[str, Any]:
    return {
        "@type": "Organization",
        "name": settings.FACTCHECK_PUBLISHER_NAME,
        "url": settings.FACTCHECK_PUBLISHER_URL or urls.root + "/",
    }


def rating(status: str) -> dict[str, Any]:
    label = Claim.Status(status).label
    data: dict[str, Any] = {"@type": "Rating", "alternateName": label, "name": label}
    value = RATING_VALUES[status]
    if value is not None:
        data.update(ratingValue=value, bestRating=BEST_RATING, worstRating=WORST_RATING)
    return data


def claim_author(name: str | None, kind: str | None) -> dict[str, Any] | None:
    if not name:
        return None
    return {"@type": "Person" if kind == Claimant.Kind.PERSON else "Organization", "name": name}


def claimreview(
    row: dict[str, Any], sightings: list[Sighting], urls: Links, *, context: bool = True
) -> dict[str, Any]:
    """One published verdict (a row of ``selectors.verdict_rows``) as a ClaimReview;
    ``sightings`` are its claim's articles, earliest first."""
    item: dict[str, Any] = {"@type": "Claim"}
    author = claim_author(row["claim__claimant__name"], row["claim__claimant__kind"])
    if author is not None:
        item["author"] = author
    if sightings:
        item["datePublished"] = iso(sightings[0].published)
        item["firstAppearance"] = {"@type": "CreativeWork", "url": sightings[0].url}
        item["appearance"] = [{"@type": "CreativeWork", "url": s.url} for s in sightings]
    page = urls.page(row["claim_id"])
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        # The claim's page hosts the standing verdict; an older one is kept there too.
        "url": page if row["superseded_by_id"] is None else f"{page}#verdict-{row['id']}",
        "claimReviewed": row["claim__text"],
        "reviewRating": rating(row["status"]),
        "itemReviewed": item,
        "author": publisher(urls),
        "datePublished": iso(row["published_at"]),
        "dateModified": iso(row["superseded_at"] or row["published_at"]),
        "reviewBody": row["explanation"],
    }
    language = row["claim__language"]
    if language and language != "und":
        review["inLanguage"] = language
    if context:
        return {"@context": "https://schema.org", **review}
    return review


def as_script(data: dict[str, Any]) -> SafeString:
    """JSON-LD for a ``<script type="application/ld+json">`` element: '<', '>' and '&' are
    escaped so no claim text can close the element (as Django's json_script does)."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return mark_safe(text)  # noqa: S308 - escaped above


def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


_URL = {"type": "string", "format": "uri"}
_DATETIME = {"type": "string", "format": "date-time"}
_THING = _object({"@type": {"type": "string"}, "name": {"type": "string"}}, ["@type", "name"])
_WORK = _object({"@type": {"type": "string", "enum": ["CreativeWork"]}, "url": _URL}, ["@type", "url"])

# The ClaimReview shape as JSON Schema: the OpenAPI responses and the tests use it.
CLAIMREVIEW_SCHEMA: dict[str, Any] = _object(
    {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["ClaimReview"]},
        "url": _URL,
        "claimReviewed": {"type": "string"},
        "reviewRating": _object(
            {
                "@type": {"type": "string", "enum": ["Rating"]},
                "alternateName": {"type": "string"},
                "name": {"type": "string"},
                "ratingValue": {"type": "integer", "minimum": WORST_RATING, "maximum": BEST_RATING},
                "bestRating": {"type": "integer", "enum": [BEST_RATING]},
                "worstRating": {"type": "integer", "enum": [WORST_RATING]},
            },
            ["@type", "alternateName"],
        ),
        "itemReviewed": _object(
            {
                "@type": {"type": "string", "enum": ["Claim"]},
                "author": _THING,
                "datePublished": _DATETIME,
                "firstAppearance": _WORK,
                "appearance": {"type": "array", "items": _WORK},
            },
            ["@type"],
        ),
        "author": _object(
            {"@type": {"type": "string"}, "name": {"type": "string"}, "url": _URL}, ["@type", "name"]
        ),
        "datePublished": _DATETIME,
        "dateModified": _DATETIME,
        "inLanguage": {"type": "string"},
        "reviewBody": {"type": "string"},
    },
    ["@type", "url", "claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished"],
)

CLAIMREVIEW_FEED_SCHEMA: dict[str, Any] = _object(
    {
        "@context": {"type": "string", "enum": ["https://schema.org"]},
        "@type": {"type": "string", "enum": ["DataFeed"]},
        "next": {**_URL, "nullable": True},
        "previous": {**_URL, "nullable": True},
        "dataFeedElement": {"type": "array", "items": CLAIMREVIEW_SCHEMA},
    },
    ["@context", "@type", "next", "previous", "dataFeedElement"],
)
