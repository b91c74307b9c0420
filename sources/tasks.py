"""Celery tasks: thin, keyed by primary key, safe to run twice."""

from __future__ import annotations

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings

from . import entries, feeds, services
from .feedparsing import FeedEntry
from .models import Article, Feed


@shared_task(bind=True, max_retries=None, name=services.PROCESS_ARTICLE_TASK)
def process_article(self, article_id: int) -> str:
    article = services.article_claim(article_id=article_id)
    if article is None:
        return "skipped: not queued (duplicate or redelivered message)"
    # Renewed while this runs, so only a lost worker's article is taken over.
    renewal = services.LeaseRenewal(article).start()
    try:
        try:
            services.article_process(article=article)
        except SoftTimeLimitExceeded:
            # The limit this worker enforces (factcheck/celery.py), not the sender's.
            limit = self.app.conf.task_soft_time_limit or settings.FACTCHECK_TASK_SOFT_TIME_LIMIT
            services.article_fail(
                article=article,
                reason=f"Stopped by the worker's time limit: splitting took longer than {limit:g} s "
                "(FACTCHECK_TASK_SOFT_TIME_LIMIT)",
            )
            return "failed"
        except services.TRANSIENT_ERRORS as exc:
            reason = f"Attempt {article.attempts} failed: {type(exc).__name__}: {exc}"
            if article.attempts >= settings.FACTCHECK_MAX_ATTEMPTS:
                services.article_fail(article=article, reason=reason)
                return "failed"
            services.article_release(article=article, reason=reason)
            raise self.retry(exc=exc, countdown=2**article.attempts * 5) from exc
    except services.LeaseLost:
        return "skipped: taken over by another worker"
    finally:
        renewal.stop()
    return Article.objects.values_list("status", flat=True).get(pk=article_id)


@shared_task
def requeue_stalled_articles() -> int:
    return services.articles_requeue_stalled()


@shared_task
def poll_due_feeds() -> int:
    return feeds.feeds_dispatch_due()


@shared_task
def poll_feed(feed_id: int) -> str:
    feed = feeds.feed_claim(feed_id=feed_id)
    if feed is None:
        return "skipped: not due, paused or being polled"
    outcome = feeds.feed_poll(feed=feed)
    feeds.feed_poll_entries_later(outcome=outcome)
    return f"{outcome.status}: {len(outcome.entries)} new, {outcome.seen} seen"


@shared_task
def ingest_feed_entry(feed_id: int, entry: dict) -> str:
    feed = Feed.objects.select_related("source").filter(pk=feed_id).first()
    return entries.feed_entry_ingest(entry=FeedEntry.from_message(entry), feed=feed).status
