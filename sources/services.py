"""Writes for sources and articles: storing, queueing and processing articles."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.splitting import InputError, decode_text, default_splitter

from .models import Article, Feed, Source

logger = logging.getLogger(__name__)

# Errors worth another attempt: the database or the network hiccuped. Anything
# else (bad input, a bug in a rule, an IntegrityError or DataError that would fail
# the same way again) is recorded at once.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    ConnectionError,
    TimeoutError,
)


# What a refused input keeps of its bytes on its failed article.
REFUSED_SAMPLE_BYTES = 64 * 1024


@dataclass(frozen=True)
class StoreOutcome:
    article: Article
    created: bool

    @property
    def rejected(self) -> bool:
        return self.article.status == Article.Status.FAILED


def content_hash(data: bytes) -> tuple[str, str | None]:
    """SHA-256 of the normalised text (so the same text twice is one article) and the
    reason the bytes are unusable, if they are; unusable bytes hash as they are."""
    try:
        text = decode_text(data)
    except InputError as exc:
        return hashlib.sha256(data).hexdigest(), str(exc)
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), None


def keep_end(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at its start: a long path keeps its file name."""
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


@transaction.atomic
def article_store(
    *,
    data: bytes,
    original_name: str = "",
    url: str = "",
    content_type: str = "",
    source: Source | None = None,
    feed: Feed | None = None,
    enqueue: bool = True,
    refused: str = "",
) -> StoreOutcome:
    """Store a document as an Article (once per content) and queue it after commit.

    Unusable input (binary, too large) is stored too, as failed with its reason, so
    nothing sent to us silently vanishes. ``refused`` is a reason the caller already
    refused the input for (a file too large to read whole: ``data`` is then its start).
    ``enqueue=False`` leaves the processing to the caller (``ingest --sync``).
    """
    problem: str | None
    if refused:
        # Keyed by the reason (which gives the size) and the start: the same file twice
        # is one row.
        digest, problem = hashlib.sha256(refused.encode() + b"\0" + data).hexdigest(), refused
    else:
        digest, problem = content_hash(data)
    # Refused bytes keep a sample (enough to see what was sent); the row, its name and
    # its reason are what editors need, not megabytes of binary.
    defaults = {
        "raw": data if problem is None else data[:REFUSED_SAMPLE_BYTES],
        "original_name": keep_end(original_name, 500),
        "url": url[:2000],
        "content_type": content_type[:100],
        "source": source,
        "feed": feed,
    }
    if problem is not None:
        defaults.update(status=Article.Status.FAILED, last_error=f"Rejected: {problem}")
    # get_or_create retries the read on IntegrityError, so two ingests of the same
    # content at once store one row.
    article, created = Article.objects.get_or_create(content_hash=digest, defaults=defaults)
    if created and problem is None and enqueue:
        article_enqueue(article=article)
    return StoreOutcome(article, created)


def article_enqueue(*, article: Article) -> None:
    """Queue processing once the row is committed; a broker outage leaves it queued."""
    from .tasks import process_article

    def send() -> None:
        try:
            process_article.delay(article.pk)
        except Exception as exc:  # noqa: BLE001 - any broker failure: the beat sweep re-queues it
            # One line, not a traceback: an outage is expected and nothing is lost.
            logger.warning(
                "broker unavailable (%s: %s): article %s stays queued for the sweep",
                type(exc).__name__,
                " ".join(str(exc).split()),
                article.pk,
            )

    transaction.on_commit(send)


def article_claim(*, article_id: int) -> Article | None:
    """Take an article for processing, or return None if another delivery has it.

    A conditional UPDATE is the lock: of two workers given the same message, one
    changes the row and the other changes nothing. A processing article whose lease
    ran out (its worker died) can be taken over.
    """
    now = timezone.now()
    lease = now + timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS)
    # An expired lease means its worker was lost (killed, out of memory, past its time
    # limit). An article that has cost that many workers is not handed to another one.
    Article.objects.filter(
        pk=article_id,
        status=Article.Status.PROCESSING,
        lease_expires_at__lt=now,
        attempts__gte=settings.FACTCHECK_MAX_ATTEMPTS,
    ).update(
        status=Article.Status.FAILED,
        last_error=f"Gave up after {settings.FACTCHECK_MAX_ATTEMPTS} attempts: the worker processing it "
        "was lost each time (crash, out of memory or time limit)",
        lease_expires_at=None,
        updated_at=now,
    )
    updated = (
        Article.objects.filter(pk=article_id)
        .filter(
            Q(status=Article.Status.QUEUED) | Q(status=Article.Status.PROCESSING, lease_expires_at__lt=now)
        )
        .update(
            status=Article.Status.PROCESSING,
            attempts=F("attempts") + 1,
            lease_expires_at=lease,
            updated_at=now,
        )
    )
    if updated != 1:
        return None
    return Article.objects.get(pk=article_id)


class LeaseLost(Exception):
    """Another worker took the article over while this one was processing it."""


# Left for the task to handle: another delivery owns the article, a retry may help, or
# the worker's time limit stopped the work (the task records that as such).
RETHROWN: tuple[type[BaseException], ...] = (LeaseLost, SoftTimeLimitExceeded, *TRANSIENT_ERRORS)


def article_process(*, article: Article) -> Article:
    """Split a claimed article into claims and mark it done.

    Raises the transient errors for the caller to retry; records every other
    failure on the article.
    """
    from claims.services import article_limits, claims_record_split

    try:
        result = default_splitter().split(
            bytes(article.raw),
            content_type=article.content_type or None,
            url=article.url,
            limits=article_limits(),
        )
    except InputError as exc:
        return article_fail(article=article, reason=f"Rejected: {exc}")
    except RETHROWN:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded for editors, not lost in a log
        logger.exception("splitting article %s failed", article.pk)
        return article_fail(article=article, reason=f"Splitting failed: {type(exc).__name__}: {exc}")

    try:
        with transaction.atomic():
            claims_record_split(article=article, result=result)
            document = result.document
            _finish_held(
                article,
                status=Article.Status.DONE,
                text=document.text,
                title=article.title or document.title[:500],
                author=article.author or document.author[:300],
                url=article.url or document.url[:2000],
                published_at=article.published_at or _as_datetime(document.published),
                language=result.language,
                status_note=result.note[:300],
                limits_note=result.cut[:500],
                last_error="",
                processed_at=timezone.now(),
            )
    except RETHROWN:
        raise
    except Exception as exc:  # noqa: BLE001 - e.g. an IntegrityError: it would fail the same way again
        logger.exception("recording the claims of article %s failed", article.pk)
        return article_fail(article=article, reason=f"Recording claims failed: {type(exc).__name__}: {exc}")
    return article


def _held(article: Article):
    """The article's row while this worker still holds it: every write of a claimed
    article goes through this, so a worker whose lease was taken over changes nothing."""
    return Article.objects.filter(
        pk=article.pk, status=Article.Status.PROCESSING, lease_expires_at=article.lease_expires_at
    )


def _finish_held(article: Article, **changes) -> Article:
    """Write ``changes`` to an article this worker holds, giving up the lease;
    raises LeaseLost if another delivery took it over."""
    if _held(article).update(lease_expires_at=None, updated_at=timezone.now(), **changes) != 1:
        raise LeaseLost(f"article {article.pk} was taken over by another worker")
    article.refresh_from_db()
    return article


def article_fail(*, article: Article, reason: str) -> Article:
    """Record the failure of a claimed article, visibly, for editors."""
    return _finish_held(article, status=Article.Status.FAILED, last_error=reason)


def article_release(*, article: Article, reason: str) -> Article:
    """Give a claimed article back to the queue after a transient error."""
    return _finish_held(article, status=Article.Status.QUEUED, last_error=reason)


def article_process_now(*, article: Article) -> Article:
    """Process an article in this process, without a broker (``ingest --sync``)."""
    claimed = article_claim(article_id=article.pk)
    if claimed is None:
        return article
    try:
        return article_process(article=claimed)
    except TRANSIENT_ERRORS as exc:
        return article_fail(article=claimed, reason=f"{type(exc).__name__}: {exc}")
    except LeaseLost:
        claimed.refresh_from_db()
        return claimed


@transaction.atomic
def articles_retry(*, articles) -> int:
    """Queue failed articles again (an editor's action after fixing the cause)."""
    ids = list(
        articles.filter(status=Article.Status.FAILED)
        .exclude(last_error__startswith="Rejected:")
        .values_list("pk", flat=True)
    )
    Article.objects.filter(pk__in=ids).update(
        status=Article.Status.QUEUED, attempts=0, updated_at=timezone.now()
    )
    for article in Article.objects.filter(pk__in=ids):
        article_enqueue(article=article)
    return len(ids)


def articles_requeue_stalled(*, older_than: timedelta | None = None) -> int:
    """Queue again the articles a lost message or a dead worker left behind."""
    if older_than is None:
        # Longer than a message normally waits in the queue: a backlog is not a loss.
        older_than = timedelta(seconds=settings.FACTCHECK_REQUEUE_AFTER_SECONDS)
    ids = list(
        Article.objects.stalled(older_than=timezone.now() - older_than).values_list("pk", flat=True)[:1000]
    )
    # Touch them first: behind a long backlog their first message may still be queued,
    # and each sweep must add at most one more message per article, not one a minute.
    Article.objects.filter(pk__in=ids, status=Article.Status.QUEUED).update(updated_at=timezone.now())
    from .tasks import process_article

    for article_id in ids:
        process_article.delay(article_id)
    return len(ids)


def _as_datetime(value) -> datetime | None:
    if value is None:
        return None
    return timezone.make_aware(datetime.combine(value, time()))
