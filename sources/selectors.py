"""Reads for sources: which feeds are due, which feed entries were seen before."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from .feedparsing import FeedEntry
from .models import Article, ArticleURL, Feed


def feeds_due_ids(*, queued_before, limit: int = 1000) -> list[int]:
    """Due feeds that no poll message is waiting for (or whose message is older than
    ``queued_before``: lost), the longest-waiting first."""
    return list(
        Feed.objects.due(now=timezone.now())
        .filter(Q(poll_queued_at__isnull=True) | Q(poll_queued_at__lt=queued_before))
        .order_by("next_poll_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def latest_article_urls(urls: Iterable[str]) -> dict[str, ArticleURL]:
    """For each URL seen before, its newest sighting (the article's current version)."""
    latest: dict[str, ArticleURL] = {}
    rows = ArticleURL.objects.filter(url__in=set(urls)).select_related("article").order_by("url", "-id")
    for row in rows:
        latest.setdefault(row.url, row)
    return latest


def entries_unseen(entries: Iterable[FeedEntry]) -> tuple[list[FeedEntry], int]:
    """The entries that are new or changed since last seen, and how many were not."""
    entries = list({entry.link: entry for entry in entries}.values())
    known = latest_article_urls(entry.link for entry in entries)
    fresh = [
        entry
        for entry in entries
        if entry.link not in known or known[entry.link].entry_fingerprint != entry.fingerprint
    ]
    return fresh, len(entries) - len(fresh)


def article_at(urls: Iterable[str], *, canonical_url: str = "") -> Article | None:
    """The article (its newest version) last seen at any of ``urls`` or stored under
    ``canonical_url``."""
    known = latest_article_urls(url for url in urls if url)
    if known:
        return max(known.values(), key=lambda row: row.pk).article
    if canonical_url:
        return Article.objects.filter(canonical_url=canonical_url).order_by("-pk").first()
    return None
