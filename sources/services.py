"""Writes for sources and articles: storing, queueing and processing articles."""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from claims.splitting import InputError, decode_text, default_splitter

from . import holders
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


@transaction.atomic
def article_intake(
    *,
    data: bytes,
    content_type: str,
    url: str = "",
    title: str = "",
    source: Source | None = None,
    original_name: str = "",
) -> StoreOutcome:
    """Store an article pushed through the API, with the title its sender gave.

    The title is written in the same transaction as the row, before the task is
    queued on commit, so the worker never races it.
    """
    outcome = article_store(
        data=data, original_name=original_name, url=url, content_type=content_type, source=source
    )
    if outcome.created and title:
        Article.objects.filter(pk=outcome.article.pk).update(title=title[:500])
        outcome.article.title = title[:500]
    return outcome


# The processing task, by name: ``sources/tasks.py`` registers it under this name and
# calls these services; services never import the tasks module.
PROCESS_ARTICLE_TASK = "sources.tasks.process_article"


def article_enqueue(*, article: Article) -> None:
    """Queue processing once the row is committed; a broker outage leaves it queued."""
    transaction.on_commit(lambda: _publish(article.pk))


def send_process_message(article_id: int) -> None:
    current_app.send_task(PROCESS_ARTICLE_TASK, args=[article_id])


def _publish(article_id: int) -> bool:
    """Hand one processing message to the broker and note when.

    With the broker down the article stays queued with no ``enqueued_at``, and the
    beat sweep sends it as soon as the broker answers again: one warning line, no
    traceback (it is an outage, not a bug).
    """
    try:
        send_process_message(article_id)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the beat sweep sends it later
        # One line, not a traceback: an outage is expected and nothing is lost.
        logger.warning(
            "broker unavailable (%s: %s): article %s stays queued until the broker is back",
            type(exc).__name__,
            " ".join(str(exc).split()),
            article_id,
        )
        return False
    # After the publish, not before: a crash in between costs one extra message, never a lost one.
    Article.objects.filter(pk=article_id, status=Article.Status.QUEUED).update(enqueued_at=timezone.now())
    return True


def article_claim(*, article_id: int) -> Article | None:
    """Take an article for processing, or return None if another delivery has it.

    A conditional UPDATE is the lock: of two workers given the same message, one
    changes the row and the other changes nothing. A processing article whose lease
    ran out (its worker died and stopped renewing it), or whose holder is seen to be
    dead, can be taken over. The claim writes a fresh token: every later write of this
    holder names it (``_held``).
    """
    _expire_dead_holders(Article.objects.filter(pk=article_id))
    _give_up_on_lost_workers(Article.objects.filter(pk=article_id))
    now = timezone.now()
    updated = (
        Article.objects.filter(pk=article_id)
        .filter(
            Q(status=Article.Status.QUEUED) | Q(status=Article.Status.PROCESSING, lease_expires_at__lt=now)
        )
        .update(
            status=Article.Status.PROCESSING,
            attempts=F("attempts") + 1,
            lease_expires_at=_lease_end(),
            lease_token=secrets.token_hex(16),
            lease_holder=holders.this_process(),
            updated_at=now,
        )
    )
    if updated != 1:
        return None
    return Article.objects.get(pk=article_id)


def _lease_end() -> datetime:
    return timezone.now() + timedelta(seconds=settings.FACTCHECK_PROCESSING_LEASE_SECONDS)


def _expire_dead_holders(articles) -> None:
    """End at once the leases among ``articles`` held by a process of this machine that
    is gone (a pool child killed mid-article): no need to wait for them to lapse."""
    same_kernel = holders.this_process().rpartition(":")[0] + ":"
    if same_kernel == ":":
        return
    held = articles.filter(
        status=Article.Status.PROCESSING,
        lease_expires_at__gte=timezone.now(),
        lease_holder__startswith=same_kernel,
    ).values_list("pk", "lease_token", "lease_holder")[:SWEEP_BATCH]
    for pk, token, holder in held:
        if holders.is_dead(holder):
            # Conditional on the token: only that dead holder's lease ends.
            Article.objects.filter(pk=pk, status=Article.Status.PROCESSING, lease_token=token).update(
                lease_expires_at=timezone.now() - timedelta(microseconds=1)
            )


def _give_up_on_lost_workers(articles) -> None:
    """Fail the articles among ``articles`` whose lease expired for the last allowed time.

    An expired lease means its worker was lost (killed, out of memory, past its hard
    time limit): a live worker renews it. An article that has cost that many workers
    is not handed to another one.
    """
    articles.lease_expired().filter(attempts__gte=settings.FACTCHECK_MAX_ATTEMPTS).update(
        status=Article.Status.FAILED,
        last_error=f"Gave up after {settings.FACTCHECK_MAX_ATTEMPTS} attempts: the worker processing it "
        "was lost each time (crash, out of memory or time limit)",
        lease_expires_at=None,
        lease_token="",
        lease_holder="",
        updated_at=timezone.now(),
    )


def article_renew_lease(*, article: Article) -> bool:
    """Push back the lease of an article this worker holds; False if it was taken over."""
    return _held(article).update(lease_expires_at=_lease_end()) == 1


class LeaseRenewal:
    """Renews the lease of a held article from a thread while the work goes on.

    The lease is short (``FACTCHECK_PROCESSING_LEASE_SECONDS``) and renewed every third
    of it, so a worker killed mid-article stops renewing and its article can be taken
    over within one lease, while a live worker keeps it however long the work takes.
    A renewal that finds the article taken over stops renewing; the work's own writes
    go through ``_held`` and then change nothing.
    """

    def __init__(self, article: Article):
        self.article = article
        self.lost = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{article.pk}", daemon=True)

    def start(self) -> LeaseRenewal:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def __enter__(self) -> LeaseRenewal:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _run(self) -> None:
        interval = settings.FACTCHECK_PROCESSING_LEASE_SECONDS / 3
        try:
            while not self._stop.wait(interval):
                try:
                    renewed = article_renew_lease(article=self.article)
                except TRANSIENT_ERRORS as exc:
                    # The next renewal may get through; two more misses and the lease lapses.
                    logger.warning("renewing the lease of article %s failed: %s", self.article.pk, exc)
                    continue
                if not renewed and not self._stop.is_set():
                    logger.warning(
                        "article %s was taken over; this worker's result will not be kept", self.article.pk
                    )
                    self.lost = True
                    return
        finally:
            connections.close_all()  # this thread's own connections


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
        pk=article.pk, status=Article.Status.PROCESSING, lease_token=article.lease_token
    )


def _finish_held(article: Article, **changes) -> Article:
    """Write ``changes`` to an article this worker holds, giving up the lease;
    raises LeaseLost if another delivery took it over."""
    released = _held(article).update(
        lease_expires_at=None, lease_token="", lease_holder="", updated_at=timezone.now(), **changes
    )
    if released != 1:
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
        with LeaseRenewal(claimed):
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
        status=Article.Status.QUEUED, attempts=0, enqueued_at=None, updated_at=timezone.now()
    )
    for article in Article.objects.filter(pk__in=ids):
        article_enqueue(article=article)
    return len(ids)


# Articles one sweep sends at most; the next sweep, seconds later, takes the rest.
SWEEP_BATCH = 1000
# A message is published right after its article's transaction commits: an article
# younger than this with no ``enqueued_at`` is most likely being sent now.
PUBLISH_GRACE = timedelta(seconds=5)


def articles_requeue_stalled() -> int:
    """Send the articles a broker outage, a lost message or a lost worker left behind.

    Beat runs this every few seconds (``FACTCHECK_REQUEUE_INTERVAL``):

    - a processing article whose lease lapsed lost its worker: it goes back to the queue
      (or is failed after ``FACTCHECK_MAX_ATTEMPTS`` lost workers) and is sent at once;
    - a queued article never handed to the broker (it was down) is sent at once;
    - a queued article whose message was published ``FACTCHECK_REQUEUE_AFTER_SECONDS``
      ago is sent once more: that message is probably lost. Sending records the time,
      so a message merely waiting behind a backlog gets one more copy per period.

    Every copy is harmless: the task claims its article with a conditional UPDATE.
    """
    now = timezone.now()
    _expire_dead_holders(Article.objects.all())
    _give_up_on_lost_workers(Article.objects.all())
    lapsed = list(Article.objects.lease_expired().values_list("pk", flat=True)[:SWEEP_BATCH])
    # Conditional like a claim: a delivery that took an article over meanwhile keeps it.
    # Clearing the token leaves the lost holder, should it be alive after all, no write.
    Article.objects.filter(pk__in=lapsed).lease_expired().update(
        status=Article.Status.QUEUED,
        lease_expires_at=None,
        lease_token="",
        lease_holder="",
        enqueued_at=None,
        last_error="The worker processing it was lost; queued again",
        updated_at=now,
    )
    waiting = Article.objects.never_sent(before=now - PUBLISH_GRACE) | Article.objects.sent_before(
        before=now - timedelta(seconds=settings.FACTCHECK_REQUEUE_AFTER_SECONDS)
    )
    ids = [*lapsed, *waiting.exclude(pk__in=lapsed).values_list("pk", flat=True)[: SWEEP_BATCH - len(lapsed)]]
    sent = 0
    for article_id in ids:
        if not _publish(article_id):
            break  # the broker is down: the next sweep tries again
        sent += 1
    return sent


def _as_datetime(value) -> datetime | None:
    if value is None:
        return None
    return timezone.make_aware(datetime.combine(value, time()))
