"""Writes for feeds: adding, claiming and polling them, turning entries into articles.

The flow, each step a service the Celery tasks and ``poll_feeds --sync`` share:

- ``feeds_dispatch_due`` (Celery beat, every minute) sends one ``poll_feed`` message per
  due feed, marking the feed so the next tick does not send another while it waits;
- ``feed_claim`` takes the feed with a conditional UPDATE and a lease, so of two
  workers (two beat ticks, a redelivered message, ``poll_feeds`` at the same time) one
  polls and the others do nothing; ``feed_poll`` makes the conditional GET, parses
  the bytes, records the outcome (or the failure, with exponential backoff) and
  returns the entries not seen before;
- ``feed_entry_ingest`` turns one entry into an article: the entry's own full text, or
  its page fetched through the guard in ``sources/fetching.py``; the same URL, the
  same canonical URL or the same text is the article already stored (every URL it was
  seen at is kept in ``ArticleURL``); changed content at a known URL is a new version,
  linked to the first.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from claims.splitting import InputError
from claims.splitting.extract import extract, normalize_text

from . import selectors, services
from .feedparsing import FeedEntry, ParsedFeed, normalize_url, parse_feed
from .fetching import FEED_TYPES, PAGE_TYPES, Fetched, FetchError, fetch_url
from .models import Article, ArticleURL, Feed, Source

logger = logging.getLogger(__name__)

POLL_TASK = "sources.tasks.poll_feed"
ENTRY_TASK = "sources.tasks.ingest_feed_entry"


class FeedError(Exception):
    """A feed could not be added; the message says why."""


@dataclass(frozen=True)
class PollOutcome:
    """What one poll found: its status, the entries to ingest (new or changed) and how
    many it had seen before."""

    feed: Feed
    status: str
    entries: tuple[FeedEntry, ...] = ()
    seen: int = 0
    error: str = ""


@dataclass(frozen=True)
class EntryOutcome:
    """``new``: a new article; ``version``: a new version of a known one; ``seen``: the
    article was already stored (same URL, canonical URL or text); ``failed``: stored as
    a failed article with its reason."""

    status: str
    article: Article | None = None
    reason: str = ""


@dataclass
class PollSummary:
    """Counts for ``poll_feeds``: feeds polled / not modified / failed, entries new / seen."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    skipped: int = 0
    new: int = 0
    seen: int = 0
    entry_failures: int = 0
    problems: list[str] = field(default_factory=list)


# --- adding feeds ----------------------------------------------------------------------


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return _fetch(url, accept=FEED_TYPES, headers=headers)


def feed_add(
    *, url: str, source_name: str = "", interval_minutes: int | None = None
) -> tuple[Feed, ParsedFeed]:
    """Add a feed after reading it once (so a typo is caught now, not at 3 a.m.).

    The source is the one named, else the one whose domain the feed is on, else a new
    one named after the domain. Its entries are taken at the first poll.
    """
    url = url.strip()
    if Feed.objects.filter(url=url).exists():
        raise FeedError(f"{url} is already a feed")
    try:
        fetched = fetch_feed(url)
        parsed = parse_feed(fetched.data, url=fetched.url, content_type=fetched.content_type)
    except (FetchError, ValueError) as exc:
        raise FeedError(str(exc)) from None
    domain = (urlsplit(url).hostname or "").removeprefix("www.")
    with transaction.atomic():
        if source_name:
            source, _ = Source.objects.get_or_create(name=source_name[:200], defaults={"domain": domain})
        else:
            source = (
                Source.objects.filter(domain=domain).first()
                or Source.objects.get_or_create(name=domain[:200] or url[:200], defaults={"domain": domain})[
                    0
                ]
            )
        feed = Feed.objects.create(
            source=source,
            url=url,
            title=parsed.title,
            poll_interval_minutes=interval_minutes or Feed._meta.get_field("poll_interval_minutes").default,
        )
    return feed, parsed


# --- claiming and polling ----------------------------------------------------------------


def feed_claim(*, feed_id: int) -> Feed | None:
    """Take a due feed for polling, or return None if it is not due or another worker
    polls it.

    The conditional UPDATE is the lock: two beat ticks or two workers given the same
    feed both run it, one changes the row and the other changes nothing. The lease
    lets another worker take over a feed whose poller died.
    """
    now = timezone.now()
    lease = now + timedelta(seconds=settings.FACTCHECK_FEED_POLL_LEASE_SECONDS)
    updated = Feed.objects.due(now=now).filter(pk=feed_id).update(poll_lease_expires_at=lease)
    if updated != 1:
        return None
    return Feed.objects.select_related("source").get(pk=feed_id)


def _held(feed: Feed):
    """The feed's row while this worker still holds it: a poller whose lease was taken
    over writes nothing."""
    return Feed.objects.filter(pk=feed.pk, poll_lease_expires_at=feed.poll_lease_expires_at)


def feed_poll(*, feed: Feed) -> PollOutcome:
    """Poll a claimed feed: conditional GET, parse, record; return the unseen entries."""
    now = timezone.now()
    try:
        fetched = fetch_feed(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            _finish(feed, now=now, status=Feed.PollStatus.NOT_MODIFIED)
            return PollOutcome(feed, Feed.PollStatus.NOT_MODIFIED)
        parsed = parse_feed(fetched.data, url=fetched.url, content_type=fetched.content_type)
    except (FetchError, ValueError) as exc:
        _fail(feed, now=now, reason=str(exc))
        return PollOutcome(feed, Feed.PollStatus.FAILED, error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug on hostile bytes: recorded on the feed, worker lives
        logger.exception("polling feed %s failed", feed.pk)
        reason = f"Reading the feed failed: {type(exc).__name__}: {exc}"
        _fail(feed, now=now, reason=reason)
        return PollOutcome(feed, Feed.PollStatus.FAILED, error=reason)
    if parsed.error and not parsed.entries:
        _fail(feed, now=now, reason=parsed.error)
        return PollOutcome(feed, Feed.PollStatus.FAILED, error=parsed.error)
    fresh, seen = selectors.entries_unseen(parsed.entries)
    status = Feed.PollStatus.MALFORMED if parsed.error else Feed.PollStatus.OK
    _finish(
        feed,
        now=now,
        status=status,
        error=parsed.error,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        title=feed.title or parsed.title,
    )
    return PollOutcome(feed, status, entries=tuple(fresh), seen=seen, error=parsed.error)


def _finish(feed: Feed, *, now, status: str, error: str = "", **changes) -> None:
    """A poll that read the feed: the next one after the feed's interval."""
    _held(feed).update(
        last_polled_at=now,
        last_success_at=now,
        last_status=status,
        last_error=error,
        consecutive_failures=0,
        next_poll_at=now + timedelta(minutes=feed.poll_interval_minutes),
        poll_lease_expires_at=None,
        poll_queued_at=None,
        **changes,
    )


def _fail(feed: Feed, *, now, reason: str) -> None:
    """A failed poll: the wait doubles with each failure in a row, up to a day."""
    failures = feed.consecutive_failures + 1
    wait = min(feed.poll_interval_minutes * 2**failures, settings.FACTCHECK_FEED_MAX_BACKOFF_MINUTES)
    _held(feed).update(
        last_polled_at=now,
        last_status=Feed.PollStatus.FAILED,
        last_error=reason[:2000],
        consecutive_failures=failures,
        next_poll_at=now + timedelta(minutes=max(wait, feed.poll_interval_minutes)),
        poll_lease_expires_at=None,
        poll_queued_at=None,
    )


def feeds_dispatch_due(*, limit: int = 1000) -> int:
    """Send a poll message for each due feed (Celery beat); returns how many were sent."""
    now = timezone.now()
    # A message older than the lease was lost (broker restart): send another.
    stale = now - timedelta(seconds=settings.FACTCHECK_FEED_POLL_LEASE_SECONDS)
    sent = 0
    for feed_id in selectors.feeds_due_ids(queued_before=stale, limit=limit):
        # Conditional, so two beat processes (a misconfiguration) still send one message.
        marked = (
            Feed.objects.filter(pk=feed_id)
            .filter(Q(poll_queued_at__isnull=True) | Q(poll_queued_at__lt=stale))
            .update(poll_queued_at=now)
        )
        if marked == 1:
            _send(POLL_TASK, feed_id)
            sent += 1
    return sent


def feeds_poll_now(*, feeds) -> int:
    """Make the selected active feeds due now and queue their polls (admin action)."""
    now = timezone.now()
    ids = list(feeds.filter(is_active=True).values_list("pk", flat=True))
    Feed.objects.filter(pk__in=ids).update(next_poll_at=now, poll_queued_at=now)
    for feed_id in ids:
        transaction.on_commit(partial(_send, POLL_TASK, feed_id))
    return len(ids)


def feeds_pause(*, feeds, active: bool = False) -> int:
    """Pause (or resume) the selected feeds; a resumed feed is due at once."""
    changes: dict = {"is_active": active}
    if active:
        changes.update(next_poll_at=timezone.now(), consecutive_failures=0)
    return feeds.exclude(is_active=active).update(**changes)


def feed_poll_entries_later(*, outcome: PollOutcome) -> None:
    """Queue the poll's new entries for the workers, one message each."""
    feed = outcome.feed
    for entry in outcome.entries:
        _send(ENTRY_TASK, feed.pk, entry.as_message())


def feeds_poll_now_here(*, feeds, sync: bool, progress=None) -> PollSummary:
    """``poll_feeds``: poll the given feeds in this process; their new entries are
    ingested and split here (``sync``) or queued for the workers."""
    summary = PollSummary()
    for feed in feeds:
        if progress is not None:
            progress(feed)
        claimed = feed_claim(feed_id=feed.pk)
        if claimed is None:
            summary.skipped += 1
            continue
        outcome = feed_poll(feed=claimed)
        if outcome.status == Feed.PollStatus.FAILED:
            summary.failed += 1
            summary.problems.append(f"{feed.url}: {outcome.error}")
            continue
        if outcome.status == Feed.PollStatus.NOT_MODIFIED:
            summary.not_modified += 1
            continue
        summary.polled += 1
        summary.seen += outcome.seen
        if outcome.error:
            summary.problems.append(f"{feed.url}: {outcome.error}")
        if not sync:
            feed_poll_entries_later(outcome=outcome)
            summary.new += len(outcome.entries)
            continue
        for entry in outcome.entries:
            result = feed_entry_ingest(entry=entry, feed=claimed, enqueue=False)
            if result.status == "seen":
                summary.seen += 1
                continue
            if result.status == "failed":
                summary.entry_failures += 1
                summary.problems.append(f"{entry.link}: {result.reason}")
                continue
            summary.new += 1
            if result.article is not None:
                services.article_process_now(article=result.article)
    return summary


def _send(task: str, *args) -> None:
    """Send by name: services never import the tasks module."""
    try:
        current_app.send_task(task, args=args)
    except Exception:  # noqa: BLE001 - broker down: the due-feeds job sends it again later
        logger.warning("broker unavailable: %s%r not sent", task, args, exc_info=True)


# --- entries into articles ---------------------------------------------------------------


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
    return _fetch(url, accept=PAGE_TYPES)


def _fetch(url: str, *, accept: frozenset[str], headers: dict[str, str] | None = None) -> Fetched:
    """The scheduled fetcher's request: the deployment's limits, robots.txt obeyed."""
    return fetch_url(
        url,
        max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES,
        max_wire_bytes=settings.FACTCHECK_FETCH_MAX_WIRE_BYTES,
        timeout=settings.FACTCHECK_FETCH_TIMEOUT,
        accept=accept,
        headers=headers,
        obey_robots=True,
    )


def text_hash(text: str) -> str:
    """The content key of an extracted article: the same text from two outlets (page
    furniture aside) is one article."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


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
