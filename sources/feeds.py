"""Writes for feeds: adding, claiming and polling them.

The flow, each step a service the Celery tasks and ``poll_feeds --sync`` share:

- ``feeds_dispatch_due`` (Celery beat, every minute) sends one ``poll_feed`` message per
  due feed, marking the feed so the next tick does not send another while it waits;
- ``feed_claim`` takes the feed with a conditional UPDATE and a lease, so of two
  workers (two beat ticks, a redelivered message, ``poll_feeds`` at the same time) one
  polls and the others do nothing; ``feed_poll`` makes the conditional GET, parses
  the bytes, records the outcome (or the failure, with exponential backoff) and
  returns the entries not seen before;
- ``sources.entries.feed_entry_ingest`` turns each of those entries into an article.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from celery import current_app
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import selectors, services
from .entries import feed_entry_ingest
from .feedparsing import FeedEntry, ParsedFeed, feed_link_in_page, parse_feed
from .fetching import FEED_TYPES, HTML_TYPES, Fetched, FetchError, fetch_scheduled, media_type
from .models import Feed, Source

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
    return fetch_scheduled(url, accept=FEED_TYPES, headers=headers)


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
    given = url
    try:
        url, fetched = _feed_or_its_page(url)
        parsed = parse_feed(fetched.data, url=fetched.url, content_type=fetched.content_type)
    except (FetchError, ValueError) as exc:
        raise FeedError(str(exc)) from None
    # The outlet's domain as given (a page may announce a feed on a feeds.* host).
    domain = (urlsplit(given).hostname or "").removeprefix("www.")
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


def _feed_or_its_page(url: str) -> tuple[str, Fetched]:
    """The feed at ``url``; or, when ``url`` is a web page (an outlet's home or section
    page), the feed the page announces in its ``<link rel="alternate">``, fetched through
    the same guard: (the feed's URL, the fetched feed)."""
    fetched = fetch_scheduled(url, accept=FEED_TYPES | HTML_TYPES)
    if media_type(fetched.content_type) not in HTML_TYPES:
        return url, fetched
    found = feed_link_in_page(fetched.data, base=fetched.url)
    if found is None:
        raise FeedError(
            f"{url} is a web page (text/html) that announces no feed "
            '(no <link rel="alternate"> of type RSS, Atom or JSON Feed): give the feed\'s own URL'
        )
    if Feed.objects.filter(url=found).exists():
        raise FeedError(f"{url} announces {found}, which is already a feed")
    return found, fetch_feed(found)


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
