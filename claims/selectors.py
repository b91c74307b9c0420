"""Reads for claims: the queries behind the verdict API and the public claim pages.

Every list here costs a constant number of queries whatever its length: rows come
with their foreign keys joined, and each one-to-many is one extra query for the
whole page (``prefetch_related`` or a grouped query over the page's ids).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Exists, Max, Min, OuterRef, Prefetch, QuerySet

from sources.models import Article

from .models import Change, Claim, Claimant, ClaimAppearance, Verdict


def _published_verdict_exists() -> Exists:
    return Exists(Verdict.objects.filter(claim=OuterRef("pk"), is_published=True))


def verdicts_visible(*, internal: bool) -> QuerySet[Verdict]:
    """Verdicts a caller may read: published ones, or all with the internal permission."""
    return Verdict.objects.all() if internal else Verdict.objects.filter(is_published=True)


# A verdict page is read as plain rows, not model instances: building 200-odd model
# objects per page (verdicts, claims, claimants, evidence, outlets) cost more than the
# queries themselves (bench/api.py). The API's serializers and ClaimReview read these.
VERDICT_COLUMNS = (
    "id",
    "status",
    "explanation",
    "is_published",
    "published_at",
    "superseded_by_id",
    "superseded_at",
    "created_at",
    "claim_id",
    "claim__text",
    "claim__language",
    "claim__claimant_id",
    "claim__claimant__name",
    "claim__claimant__kind",
)
INTERNAL_VERDICT_COLUMNS = (*VERDICT_COLUMNS, "author__username")


def verdict_rows(verdicts: QuerySet[Verdict], *, internal: bool) -> QuerySet:
    """``verdicts`` as rows of VERDICT_COLUMNS (one query with the claim and claimant
    joined); call ``with_evidence`` on the rows once evaluated."""
    return verdicts.values(*(INTERNAL_VERDICT_COLUMNS if internal else VERDICT_COLUMNS))


def with_evidence(rows: list[dict]) -> list[dict]:
    """Attach to each verdict row the evidence it cites (``row["evidence"]``): one query."""
    cited: dict[int, list[dict]] = defaultdict(list)
    if rows:
        links = (
            Verdict.evidence.through.objects.filter(verdict_id__in=[row["id"] for row in rows])
            .values(
                "verdict_id",
                "evidence_id",
                "evidence__url",
                "evidence__excerpt",
                "evidence__stance",
                "evidence__note",
                "evidence__source_id",
                "evidence__source__name",
            )
            .order_by("verdict_id", "evidence_id")
        )
        for link in links:
            cited[link["verdict_id"]].append(dict(link))
    for row in rows:
        row["evidence"] = cited.get(row["id"], [])
    return rows


def claims_visible(*, internal: bool) -> QuerySet[Claim]:
    """Claims a caller may read: those with a published verdict, or all when internal."""
    claims = Claim.objects.select_related("claimant").prefetch_related(
        Prefetch("verdicts", queryset=Verdict.objects.current(), to_attr="current_verdicts")
    )
    if internal:
        return claims.select_related("assignee")
    return claims.filter(_published_verdict_exists())


def claim_merged_into(claim_id) -> int | None:
    """The id of the claim that claim ``claim_id`` was merged into (followed to the end of
    the chain), or None if it was not merged or does not exist."""
    try:
        claim = Claim.objects.filter(pk=int(claim_id), merged_into__isnull=False).first()
    except (TypeError, ValueError):
        return None
    return None if claim is None else claim.resolve().pk


def claimants_visible(*, internal: bool) -> QuerySet[Claimant]:
    """Claimants of claims a caller may read."""
    if internal:
        return Claimant.objects.all()
    return Claimant.objects.filter(
        Exists(Claim.objects.filter(claimant=OuterRef("pk")).filter(_published_verdict_exists()))
    )


def changes_after(*, after: int, limit: int) -> list[dict]:
    """Change-feed entries numbered above ``after``, in order, each with its verdict row
    (``row["verdict"]``, evidence attached) or None: three queries."""
    changes: list[dict] = [
        dict(row)
        for row in Change.objects.filter(seq__gt=after)
        .order_by("seq")
        .values("seq", "kind", "created_at", "claim_id", "verdict_id", "merged_into_id")[:limit]
    ]
    ids = {change["verdict_id"] for change in changes if change["verdict_id"] is not None}
    verdicts = {}
    if ids:
        rows = with_evidence(list(verdict_rows(Verdict.objects.filter(pk__in=ids), internal=False)))
        verdicts = {row["id"]: row for row in rows}
    for change in changes:
        change["verdict"] = verdicts.get(change["verdict_id"])
    return changes


@dataclass(frozen=True, slots=True)
class ClaimStats:
    """How widely a claim was seen: sightings, distinct outlets, first and last sighting."""

    appearances: int = 0
    sources: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None


def claim_stats(claim_ids: Iterable[int]) -> dict[int, ClaimStats]:
    """One grouped query for a page of claims."""
    rows = (
        ClaimAppearance.objects.filter(claim_id__in=list(claim_ids))
        .values("claim_id")
        .annotate(
            n=Count("pk"),
            sources=Count("article__source", distinct=True),
            first=Min("created_at"),
            last=Max("created_at"),
        )
        .order_by()
    )
    return {row["claim_id"]: ClaimStats(row["n"], row["sources"], row["first"], row["last"]) for row in rows}


@dataclass(frozen=True, slots=True)
class Sighting:
    """An article a claim appeared in, for ClaimReview's ``appearance``."""

    url: str
    published: datetime | None


def claim_sightings(claim_ids: Iterable[int], *, per_claim: int = 20) -> dict[int, list[Sighting]]:
    """The articles (with a URL) each claim appeared in, earliest first: one query."""
    rows = (
        ClaimAppearance.objects.filter(claim_id__in=list(claim_ids))
        .exclude(article__url="")
        .values_list("claim_id", "article__url", "article__published_at", "created_at")
        .order_by("claim_id", "created_at", "pk")
    )
    found: dict[int, list[Sighting]] = defaultdict(list)
    seen: set[tuple[int, str]] = set()
    for claim_id, url, published, created in rows:
        if (claim_id, url) in seen or len(found[claim_id]) >= per_claim:
            continue
        seen.add((claim_id, url))
        found[claim_id].append(Sighting(url, published or created))
    return found


def article_claims(article_ids: Iterable[int]) -> dict[int, list[tuple[int, str]]]:
    """(claim id, text) of the claims found in each article: one query."""
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    rows = (
        ClaimAppearance.objects.filter(article_id__in=list(article_ids))
        .values_list("article_id", "claim_id", "claim__text")
        .order_by("article_id", "start", "pk")
    )
    for article_id, claim_id, text in rows:
        if all(existing != claim_id for existing, _ in found[article_id]):
            found[article_id].append((claim_id, text))
    return found


def articles_visible() -> QuerySet[Article]:
    return Article.objects.select_related("source").defer("raw", "text")
