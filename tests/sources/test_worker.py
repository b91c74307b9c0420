"""The queue path for real: a Redis server and a `celery worker` process, no eager mode."""

import re
import time

import pytest
from django.db import connection

from claims.models import Claim, ClaimAppearance
from claims.splitting import default_splitter
from factcheck import embedded
from sources import services
from sources.models import Article
from sources.tasks import process_article
from tests.conftest import SEED, start_celery_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished_tasks(worker) -> int:
    return len(
        re.findall(rb"Task sources\.tasks\.process_article\[[^\]]+\] succeeded", worker.log_path.read_bytes())
    )


def test_worker_splits_an_ingested_article(celery_worker_process):
    outcome = services.article_store(data=SEED.read_bytes(), original_name="seed.txt")
    article = wait_until(
        lambda: Article.objects.filter(pk=outcome.article.pk, status=Article.Status.DONE).first()
    )
    assert article.attempts == 1
    assert article.language == "en"
    texts = " | ".join(Claim.objects.values_list("text", flat=True))
    assert "3,000 North Korean troops" in texts
    assert ClaimAppearance.objects.filter(article=article).exists()


def test_message_delivered_twice_creates_nothing_twice(celery_worker_process):
    article = services.article_store(data=SEED.read_bytes(), original_name="seed.txt", enqueue=False).article
    process_article.delay(article.pk)
    process_article.delay(article.pk)
    wait_until(lambda: finished_tasks(celery_worker_process) >= 2)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.attempts == 1, "the second delivery must not process the article again"
    expected = {(c.text, c.start) for c in default_splitter().split(SEED.read_bytes()).claims}
    appearances = ClaimAppearance.objects.filter(article=article)
    assert appearances.count() == len(expected)
    assert b"skipped: not queued" in celery_worker_process.log_path.read_bytes()


def test_a_worker_keeps_its_database_connection_from_task_to_task(celery_worker_process):
    """Celery would close it after every task: each task then paid for a new PostgreSQL
    backend and its cold caches. The worker keeps it as the web server does (CONN_MAX_AGE)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's connections are not kept (CONN_MAX_AGE 0): a file is cheap to open")

    def worker_backends() -> set:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pid, backend_start FROM pg_stat_activity WHERE datname = current_database() "
                "AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
            )
            return set(cursor.fetchall())

    def settled_backends() -> set:
        # A connection the task's lease renewal opened (after 10 s) may still be exiting.
        previous = None
        for _ in range(50):
            current = worker_backends()
            if current == previous:
                return current
            previous = current
            time.sleep(0.2)
        return current

    seen = []
    for n in range(1, 4):
        text = f"The council said {40 + n} new homes were built in the town in 2023."
        services.article_store(data=text.encode(), original_name=f"homes-{n}.txt")
        wait_until(lambda n=n: finished_tasks(celery_worker_process) >= n)
        seen.append(settled_backends())
    assert len(seen[0]) == 1 and seen[0] == seen[1] == seen[2], seen


def test_worker_records_a_failure_on_the_article(celery_worker_process):
    # Bytes that are not text, queued directly (ingest would have rejected them).
    article = Article.objects.create(raw=b"\x00\xff" * 500, content_hash="f" * 64, original_name="blob.txt")
    process_article.delay(article.pk)
    article = wait_until(lambda: Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).first())
    assert "binary" in article.last_error
    assert not ClaimAppearance.objects.filter(article=article).exists()


def test_the_worker_enforces_its_own_time_limit_and_says_so(
    celery_broker, redis_url, transactional_db, tmp_path
):
    # This process (the sender) has the default 300 s limit; the worker is started with 1 s.
    # The limit is the worker's: the message carries none.
    assert process_article.soft_time_limit is None and process_article.time_limit is None
    worker = start_celery_worker(
        redis_url, tmp_path / "worker.log", pool="prefork", env={"FACTCHECK_TASK_SOFT_TIME_LIMIT": "1"}
    )
    try:
        # Thousands of different sentences: many seconds of splitting, far under 300 s.
        text = " ".join(
            f"Hospital waiting lists in region {n} fell by {n * 7 + 3:,} in March, the ministry said."
            for n in range(30_000)
        )
        article = services.article_store(data=text.encode(), original_name="long.txt").article
        article = wait_until(
            lambda: Article.objects.filter(pk=article.pk, status=Article.Status.FAILED).first(), timeout=120
        )
    finally:
        embedded.stop(worker)
    assert article.last_error == (
        "Stopped by the worker's time limit: splitting took longer than 1 s (FACTCHECK_TASK_SOFT_TIME_LIMIT)"
    )
    assert not ClaimAppearance.objects.filter(article=article).exists()
