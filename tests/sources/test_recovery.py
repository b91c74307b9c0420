"""Recovery on the real stack: a prefork worker and beat on a real Redis, faults injected.

The lease is short here (6 s, renewed every 2 s) and the sweep runs every second, so
each test takes seconds; the product's defaults are 30 s and 10 s (bench/recovery.py
measures those).
"""

import os
import signal
import time

import pytest

from claims.models import ClaimAppearance
from claims.services import article_limits
from claims.splitting import default_splitter
from factcheck import embedded
from sources import services
from sources.models import Article
from tests.conftest import QUIET_WORKER, SEED, start_celery, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

LEASE = 6
NEWS = SEED.parent.parent / "claims" / "splitting" / "evaluation" / "news"


def news_article(count: int) -> bytes:
    """A long real article: ``count`` texts of the labelled news set, one after another."""
    texts = sorted(NEWS.glob("*.txt"))[:count]
    return "\n\n".join(path.read_text(encoding="utf-8").strip() for path in texts).encode() + b"\n"


def expected_appearances(data: bytes) -> int:
    """What one clean run records: the split under the same per-article limits."""
    return len({(c.text, c.start) for c in default_splitter().split(data, limits=article_limits()).claims})


@pytest.fixture
def lease():
    return LEASE


@pytest.fixture
def concurrency():
    return 1


@pytest.fixture
def split_delay():
    return 0


@pytest.fixture
def stack(celery_broker, redis_url, transactional_db, tmp_path, lease, concurrency, split_delay):
    """A prefork worker (one pool child unless a test asks for more), and beat sending
    the sweep every second."""
    env = {"FACTCHECK_PROCESSING_LEASE_SECONDS": str(lease), "FACTCHECK_REQUEUE_INTERVAL": "1"}
    if split_delay:
        env["FACTCHECK_TEST_SPLIT_DELAY"] = str(split_delay)  # see tests/settings.py

    def start_worker(number: int = 1):
        return start_celery(
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            *QUIET_WORKER,
            redis_url=redis_url,
            log_path=tmp_path / f"worker{number}.log",
            env=env,
        )

    worker = start_worker()
    # As the Compose file's restart policy would (see the broker test).
    worker.restarted = lambda: start_worker(2)
    beat = start_celery(
        "beat",
        "--loglevel",
        "INFO",
        "-s",
        str(tmp_path / "beat-schedule"),
        redis_url=redis_url,
        log_path=tmp_path / "beat.log",
        env=env,
        ready=b"beat: Starting",
    )
    yield worker
    embedded.stop(beat)
    embedded.stop(worker)


def test_a_killed_pool_child_s_article_is_done_soon_and_once(stack):
    data = news_article(12)
    article = services.article_store(data=data, original_name="long.txt").article
    wait_until(lambda: Article.objects.filter(pk=article.pk, status=Article.Status.PROCESSING).exists())
    time.sleep(1)  # mid-article
    (child,) = embedded.children_of(stack.pid)
    os.kill(child, signal.SIGKILL)
    killed = time.monotonic()
    article = wait_until(
        lambda: Article.objects.filter(pk=article.pk, status=Article.Status.DONE).first(), timeout=90
    )
    # Within a lease, a sweep and the work itself; the bench measures it on the defaults.
    assert time.monotonic() - killed < 60
    assert article.attempts == 2, "the killed child's attempt and the one that finished"
    assert ClaimAppearance.objects.filter(article=article).count() == expected_appearances(data)


def test_articles_stored_while_the_broker_is_down_are_done_soon_after_it_is_back(stack, redis_server):
    redis_server.stop()
    try:
        stored = [
            services.article_store(data=SEED.read_bytes(), original_name="seed.txt").article,
            services.article_store(data=news_article(1), original_name="news.txt").article,
        ]
        assert all(a.status == Article.Status.QUEUED and a.enqueued_at is None for a in stored)
        time.sleep(2)  # the sweep's own messages cannot be sent either
    finally:
        redis_server.start()
    back = time.monotonic()
    ids = [a.pk for a in stored]
    worker = stack
    time.sleep(1)
    if worker.poll() is not None:
        # Celery 5.7's worker can die when the broker goes away while it holds an
        # unacknowledged message (here a sweep): "Unrecoverable error: AttributeError
        # ... 'hostname'". Deployments restart it (Compose's restart policy).
        worker = stack.restarted()
    try:
        wait_until(
            lambda: Article.objects.filter(pk__in=ids, status=Article.Status.DONE).count() == 2, timeout=90
        )
    finally:
        if worker is not stack:
            embedded.stop(worker)
    assert time.monotonic() - back < 60
    assert list(Article.objects.filter(pk__in=ids).values_list("attempts", flat=True)) == [1, 1]
    for article in stored:
        count = ClaimAppearance.objects.filter(article=article).count()
        assert count == expected_appearances(bytes(article.raw))


# A second pool child runs the sweep while the first works on the article, which the
# worker takes 12 s more over: four leases.
@pytest.mark.parametrize(("lease", "concurrency", "split_delay"), [(3, 2, 12)])
def test_the_renewal_keeps_a_long_running_task_s_lease(stack, lease):
    data = SEED.read_bytes()
    article = services.article_store(data=data, original_name="seed.txt").article
    wait_until(lambda: Article.objects.filter(pk=article.pk, status=Article.Status.PROCESSING).exists())
    began = time.monotonic()
    leases = set()
    while (row := Article.objects.get(pk=article.pk)).status == Article.Status.PROCESSING:
        leases.add(row.lease_expires_at)
        time.sleep(0.2)
        assert time.monotonic() - began < 240
    took = time.monotonic() - began
    # Unrenewed, the lease would have lapsed and the sweep taken the article over.
    assert took > lease + 2, f"{row.status} after {took:.0f} s: too short to outlive its lease"
    assert len(leases) >= 3, "the lease was renewed while the worker worked"
    # The sweep ran every second all along and took nothing over: one attempt, done once.
    assert (row.status, row.attempts) == (Article.Status.DONE, 1)
    assert ClaimAppearance.objects.filter(article=row).count() == expected_appearances(data)
