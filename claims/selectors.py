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

from .models import Change, Claim, Claimant, ClaimAppearance, Evidence, Verdict


def _published_verdict_exists() -> Exists:
    return Exists(Verdict.objects.filter(claim=OuterRef("pk"), is_published=True))


def verdicts_visible(*, internal: bool) -> QuerySet[Verdict]:
    """Verdicts a caller may read: published ones, or all with the internal permission."""
    verdicts = Verdict.objects.select_related("claim", "claim__claimant").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.select_related("source").order_by("pk"))
    )
    if internal:
        return verdicts.select_related("author")
    return verdicts.filter(is_published=True)


def claims_visible(*, internal: bool) -> QuerySet[Claim]:
    """Claims a caller may read: those with a published verdict, or all when internal."""
    claims = Claim.objects.select_related("claimant").prefetch_related(
        Prefetch("verdicts", queryset=Verdict.objects.current(), to_attr="current_verdicts")
    )
    if internal:
        return claims.select_related("assignee")
    return claims.filter(_published_verdict_exists())


def claimants_visible(*, internal: bool) -> QuerySet[Claimant]:
    """Claimants of claims a caller may read."""
    if internal:
        return Claimant.objects.all()
    return Claimant.objects.filter(
        Exists(Claim.objects.filter(claimant=OuterRef("pk")).filter(_published_verdict_exists()))
    )


def changes_after(*, after: int, limit: int) -> list[Change]:
    """Change-feed entries numbered above ``after``, in order, with their verdicts."""
    return list(
        Change.objects.filter(seq__gt=after)
        .select_related("verdict", "verdict__claim", "verdict__claim__claimant")
        .prefetch_related(
            Prefetch("verdict__evidence", queryset=Evidence.objects.select_related("source").order_by("pk"))
        )
        .order_by("seq")[:limit]
    )


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
