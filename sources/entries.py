"""Writes for feed entries: turning each into an article, or finding the one it is.

An entry's own full text is used as it is, else its page is fetched through the guard
in ``sources/fetching.py`` and extracted. The same URL, the same canonical URL or the
same extracted text is the article already stored, across feeds and sources (every URL
it was seen at is kept in ``ArticleURL``); changed content at a known URL is a new
version, linked to the first. Editors' actions: fetch an article again, split it again.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.splitting import InputError, extract

from . import selectors, services
from .feedparsing import FeedEntry, normalize_url
from .fetching import PAGE_TYPES, Fetched, FetchError, fetch_scheduled
from .models import Article, ArticleURL, Feed

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EntryOutcome:
    """``new``: a new article; ``version``: a new version of a known one; ``seen``: the
    article was already stored (same URL, canonical URL or text); ``failed``: stored as
    a failed article with its reason."""

    status: str
    article: Article | None = None
    reason: str = ""


def feed_entry_ingest(*, entry: FeedEntry, feed: Feed | None = None, enqueue: bool = True) -> EntryOutcome:
    """Turn one feed entry into an article (or find the one it already is)."""
    known = selectors.latest_article_urls([entry.link]).get(entry.link)
    if known is not None and known.entry_fingerprint == entry.fingerprint:
        return EntryOutcome("seen", known.article)
    if entry.full_text:
        data = entry.full_text.encode("utf-8")
        content_type, final_url = "text/html; charset=utf-8", entry.link
    else:
        try:
            fetched = fetch_page(entry.link)
        except FetchError as exc:
            return _store_failure(entry=entry, feed=feed, reason=f"Fetch failed: {exc}")
        data, content_type, final_url = fetched.data, fetched.content_type, fetched.url
    return article_from_page(
        data=data,
        content_type=content_type,
        url=entry.link,
        final_url=final_url,
        entry=entry,
        feed=feed,
        enqueue=enqueue,
    )


def fetch_page(url: str) -> Fetched:
    return fetch_scheduled(url, accept=PAGE_TYPES)


def text_hash(text: str) -> str:
    """The content key of an extracted article: its words in order, case and typography
    aside. Two outlets' copies of one wire story differ in how their systems set it (curly
    or straight quotes, dashes, spacing, a thin space in "3 000"), and page furniture is
    left out by extraction, so the same story is one article."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def article_from_page(
    *,
    data: bytes,
    content_type: str,
    url: str,
    final_url: str = "",
    entry: FeedEntry | None = None,
    feed: Feed | None = None,
    enqueue: bool = True,
) -> EntryOutcome:
    """Store a fetched page as an article, a new version of one, or nothing new."""
    try:
        document = extract(data, content_type=content_type or None, url=final_url or url)
    except InputError as exc:
        return _store_failure(entry=entry, feed=feed, reason=f"Rejected: {exc}", url=url)
    except Exception as exc:  # noqa: BLE001 - an extractor bug on a hostile page: recorded, worker lives
        logger.exception("extracting %s failed", url)
        return _store_failure(
            entry=entry, feed=feed, reason=f"Extraction failed: {type(exc).__name__}: {exc}", url=url
        )
    canonical = normalize_url(document.url) if document.url.startswith(("http://", "https://")) else ""
    urls = [u for u in dict.fromkeys([url, normalize_url(final_url) if final_url else "", canonical]) if u]
    digest = text_hash(document.text)
    fingerprint = entry.fingerprint if entry else ""
    try:
        with transaction.atomic():
            # Keyed by the extracted text; an article stored by `ingest URL` is keyed by its
            # raw page, so one at the same URL is compared by its text.
            existing = Article.objects.filter(content_hash=digest).first() or next(
                (
                    a
                    for a in Article.objects.filter(url__in=urls).exclude(text="")
                    if text_hash(a.text) == digest
                ),
                None,
            )
            if existing is not None:
                _remember(existing, urls, entry_url=url, fingerprint=fingerprint, feed=feed)
                return EntryOutcome("seen", existing)
            previous = selectors.article_at(urls, canonical_url=canonical)
            if previous is not None and not previous.text and previous.status == Article.Status.FAILED:
                previous = None  # a page that could not be fetched before has no version to follow
            published = entry.published if entry and entry.published else _midnight(document.published)
            article = Article.objects.create(
                content_hash=digest,
                raw=data,
                content_type=content_type[:100],
                url=url[:2000],
                canonical_url=canonical[:2000],
                original_name=url[:500],
                title=((entry.title if entry else "") or document.title)[:500],
                author=((entry.author if entry else "") or document.author)[:300],
                published_at=published,
                text=document.text,
                source=feed.source if feed else None,
                feed=feed,
                version_of=(previous.version_of or previous) if previous else None,
            )
            _remember(article, urls, entry_url=url, fingerprint=fingerprint, feed=feed)
            if enqueue:
                services.article_enqueue(article=article)
    except IntegrityError:
        # Another worker stored the same text a moment earlier: it is that article.
        existing = Article.objects.filter(content_hash=digest).first()
        if existing is None:
            raise
        _remember(existing, urls, entry_url=url, fingerprint=fingerprint, feed=feed)
        return EntryOutcome("seen", existing)
    return EntryOutcome("version" if article.version_of_id else "new", article)


def _midnight(day: date | None) -> datetime | None:
    return timezone.make_aware(datetime.combine(day, time())) if day else None


def _remember(
    article: Article, urls: list[str], *, entry_url: str, fingerprint: str, feed: Feed | None
) -> None:
    """Keep every URL the article was seen at; the entry's own URL keeps the entry's
    fingerprint, so the next poll knows it unchanged. Two queries whatever the count:
    a URL already recorded for the article is skipped by its unique constraint."""
    ArticleURL.objects.bulk_create(
        [
            ArticleURL(
                article=article,
                url=url[:2000],
                feed=feed,
                entry_fingerprint=fingerprint if url == entry_url else "",
            )
            for url in urls
        ],
        ignore_conflicts=True,
    )
    if fingerprint:
        ArticleURL.objects.filter(article=article, url=entry_url[:2000]).exclude(
            entry_fingerprint=fingerprint
        ).update(entry_fingerprint=fingerprint, last_seen_at=timezone.now())


def _store_failure(*, entry: FeedEntry | None, feed: Feed | None, reason: str, url: str = "") -> EntryOutcome:
    """An entry whose page cannot be had is stored as a failed article with its reason,
    visible to editors ("fetch again" retries it), and not fetched again at every poll."""
    url = url or (entry.link if entry else "")
    digest = hashlib.sha256(f"unfetched\x1f{url}\x1f{reason}".encode()).hexdigest()
    article, _ = Article.objects.get_or_create(
        content_hash=digest,
        defaults={
            "raw": b"",
            "url": url[:2000],
            "original_name": url[:500],
            "title": (entry.title if entry else "")[:500],
            "status": Article.Status.FAILED,
            "last_error": reason[:2000],
            "source": feed.source if feed else None,
            "feed": feed,
        },
    )
    _remember(article, [url], entry_url=url, fingerprint=entry.fingerprint if entry else "", feed=feed)
    return EntryOutcome("failed", article, reason)


# --- editors' actions on articles ----------------------------------------------------------


def article_refetch(*, article: Article) -> EntryOutcome:
    """Fetch an article's page again: unchanged text is nothing new, changed text a new
    version linked to the first, a page that failed before is filled in."""
    if not article.url:
        return EntryOutcome("failed", article, "the article has no URL to fetch")
    try:
        fetched = fetch_page(article.url)
    except FetchError as exc:
        return EntryOutcome("failed", article, str(exc))
    outcome = article_from_page(
        data=fetched.data,
        content_type=fetched.content_type,
        url=article.url,
        final_url=fetched.url,
        feed=article.feed,
    )
    if article.status == Article.Status.FAILED and not article.text and outcome.status in ("new", "seen"):
        # The failed placeholder has served its purpose: its URL now names the real article.
        ArticleURL.objects.filter(article=article).delete()
        article.delete()
    return outcome


@transaction.atomic
def articles_resplit(*, articles) -> int:
    """Split articles again with the current splitter: each is queued again. Recording
    its claims matches them to the known ones and keeps the sightings already recorded
    (and any editor's move of them), so nothing is duplicated; a sighting the current
    splitter no longer finds is left in place (claims_record_split decides that)."""
    ids = list(
        articles.exclude(status=Article.Status.PROCESSING).exclude(raw=b"").values_list("pk", flat=True)
    )
    Article.objects.filter(pk__in=ids).update(
        status=Article.Status.QUEUED, attempts=0, last_error="", status_note="", updated_at=timezone.now()
    )
    for article in Article.objects.filter(pk__in=ids):
        services.article_enqueue(article=article)
    return len(ids)
