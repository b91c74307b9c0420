"""Feeds through the real queue: a Redis server, a `celery worker` process, a local site."""

from __future__ import annotations

import threading
import time

import pytest
from werkzeug import Response

from sources import fetching
from sources.models import Article, ArticleURL, Feed, Source
from sources.tasks import poll_due_feeds, poll_feed
from tests.conftest import wait_until
from tests.sources.feedsite import page, rss, story

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def feed_worker(request, monkeypatch, site):
    # The worker process reads its settings from the environment: the local site is
    # reachable there only through the development switch.
    monkeypatch.setenv("FETCH_ALLOW_PRIVATE_ADDRESSES", "1")
    monkeypatch.setenv("FACTCHECK_FETCH_OBEY_ROBOTS", "0")
    return request.getfixturevalue("celery_worker_process")


def test_beat_job_polls_a_due_feed_and_the_worker_splits_its_articles(site, feed_worker):
    paragraphs = story()
    items = []
    for i in range(3):
        path = f"/news/{i}"
        body = page("Council approves plan", paragraphs) if i < 2 else page("Bridge", story())
        site.expect_request(path).respond_with_data(body, content_type="text/html")
        items.append({"title": f"Story {i}", "link": site.url_for(path)})
    site.expect_request("/feed.xml").respond_with_data(rss(items), content_type="application/rss+xml")
    feed = Feed.objects.create(
        source=Source.objects.create(name="Daily Example"), url=site.url_for("/feed.xml")
    )

    poll_due_feeds.delay()

    wait_until(lambda: Article.objects.filter(status=Article.Status.DONE).count() == 2, timeout=90)
    feed.refresh_from_db()
    assert feed.last_status == "ok" and feed.next_poll_at is not None and feed.poll_queued_at is None
    # Stories 0 and 1 are the same text at two URLs: one article, both URLs kept.
    assert Article.objects.count() == 2
    assert ArticleURL.objects.count() == 3
    assert all(article.appearances.exists() for article in Article.objects.all())
    # A second message for the same feed finds it polled and not due: nothing happens.
    poll_feed.delay(feed.pk)
    wait_until(lambda: b"skipped: not due" in feed_worker.log_path.read_bytes(), timeout=30)
    assert sum(1 for request, _ in site.log if request.path == "/feed.xml") == 1


@pytest.mark.parametrize("attempt", range(3))
def test_requests_to_one_host_are_limited_through_the_shared_redis_semaphore(
    site, settings, redis_url, monkeypatch, attempt
):
    settings.CELERY_BROKER_URL = redis_url
    settings.FACTCHECK_FETCH_PER_HOST = 2
    monkeypatch.setattr(fetching, "_redis_down_until", 0.0)
    in_flight = {"now": 0, "max": 0}
    lock = threading.Lock()

    def slow(request):
        with lock:
            in_flight["now"] += 1
            in_flight["max"] = max(in_flight["max"], in_flight["now"])
        time.sleep(0.3)
        with lock:
            in_flight["now"] -= 1
        return Response("ok", content_type="text/plain")

    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.expect_request("/slow").respond_with_handler(slow)
    server.start()
    try:
        threads = [
            threading.Thread(
                target=fetching.fetch_url,
                args=(server.url_for("/slow"),),
                kwargs={"max_bytes": 100, "timeout": 10},
            )
            for _ in range(6)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        server.stop()
    assert in_flight["max"] == 2
    assert len(server.log) == 6
