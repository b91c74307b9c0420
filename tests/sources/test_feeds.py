"""Feeds polled against a local HTTP server: entries become articles, once each."""

from __future__ import annotations

import gzip
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from werkzeug import Response

from claims.splitting import extract
from sources import entries, feeds, fetching
from sources.models import Article, ArticleURL, Feed, Source
from tests.sources.feedsite import atom, page, rss, story

pytestmark = pytest.mark.django_db

RSS = "application/rss+xml"


def make_feed(site, path: str = "/feed.xml", **fields) -> Feed:
    source, _ = Source.objects.get_or_create(name="Daily Example", defaults={"domain": "127.0.0.1"})
    return Feed.objects.create(source=source, url=site.url_for(path), **fields)


def serve_page(site, path: str, paragraphs: list[str], *, title: str = "Council approves plan", **kw) -> str:
    url = site.url_for(path)
    site.expect_request(path).respond_with_data(page(title, paragraphs, **kw), content_type="text/html")
    return url


def poll(feed: Feed) -> tuple[feeds.PollOutcome, list[entries.EntryOutcome]]:
    """One poll as the worker does it, entries ingested here (not queued)."""
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=None)
    claimed = feeds.feed_claim(feed_id=feed.pk)
    assert claimed is not None
    outcome = feeds.feed_poll(feed=claimed)
    results = [entries.feed_entry_ingest(entry=e, feed=claimed, enqueue=False) for e in outcome.entries]
    feed.refresh_from_db()
    return outcome, results


def requests_to(site, path: str) -> int:
    return sum(1 for request, _ in site.log if request.path == path)


def test_rss_entries_become_articles_with_the_pages_metadata(site):
    first = serve_page(site, "/news/1", story(), canonical=site.url_for("/news/1"), furniture="Most read")
    second = serve_page(site, "/news/2", story(), title="Bridge reopens")
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Council approves plan", "link": first}, {"title": "Bridge reopens", "link": second}]),
        content_type=RSS,
    )
    feed = make_feed(site, poll_interval_minutes=15)

    outcome, results = poll(feed)

    assert outcome.status == Feed.PollStatus.OK
    assert [r.status for r in results] == ["new", "new"]
    article = Article.objects.get(url=first)
    assert article.title == "Council approves plan"
    assert article.canonical_url == first
    assert "Mayor Lena Fischer said" in article.text and "Most read" not in article.text
    assert article.source == feed.source and article.feed == feed
    assert article.published_at is not None and article.status == Article.Status.QUEUED
    assert feed.last_status == "ok" and feed.last_error == "" and feed.consecutive_failures == 0
    assert feed.last_success_at is not None
    assert feed.next_poll_at - feed.last_polled_at == timedelta(minutes=15)
    assert ArticleURL.objects.filter(article=article, url=first).exists()


def test_atom_entries_become_articles_with_their_author(site):
    link = serve_page(site, "/atom/1", story())
    site.expect_request("/atom.xml").respond_with_data(
        atom([{"title": "Harbour plan", "link": link}]), content_type="application/atom+xml"
    )
    feed = make_feed(site, "/atom.xml")
    outcome, results = poll(feed)
    assert outcome.status == "ok" and feed.title == "Example Atom"
    assert results[0].article.author == "Ada Reporter"


def test_json_feed_entries_become_articles(site):
    link = serve_page(site, "/json/1", story())
    site.expect_request("/feed.json").respond_with_json(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "JSON News",
            "items": [{"id": "1", "url": link}],
        },
        content_type="application/feed+json",
    )
    outcome, results = poll(make_feed(site, "/feed.json"))
    assert outcome.status == "ok" and [r.status for r in results] == ["new"]


def test_second_poll_is_conditional_and_a_304_costs_nothing(site):
    link = serve_page(site, "/news/1", story())
    body = rss([{"title": "Plan", "link": link}])

    def handler(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(
            body, content_type=RSS, headers={"ETag": '"v1"', "Last-Modified": "Tue, 01 Dec 2026 10:00:00 GMT"}
        )

    site.expect_request("/feed.xml").respond_with_handler(handler)
    feed = make_feed(site)
    poll(feed)
    assert feed.etag == '"v1"' and feed.last_modified == "Tue, 01 Dec 2026 10:00:00 GMT"

    outcome, results = poll(feed)

    assert outcome.status == Feed.PollStatus.NOT_MODIFIED and results == []
    assert feed.last_status == "not modified" and feed.last_success_at is not None
    assert requests_to(site, "/news/1") == 1
    assert site.log[-1][0].headers["If-Modified-Since"] == "Tue, 01 Dec 2026 10:00:00 GMT"


def test_entries_seen_before_are_not_fetched_again(site):
    link = serve_page(site, "/news/1", story())
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Plan", "link": link}]), content_type=RSS
    )
    feed = make_feed(site)
    poll(feed)
    outcome, results = poll(feed)
    assert outcome.seen == 1 and results == []
    assert requests_to(site, "/news/1") == 1 and Article.objects.count() == 1


def test_an_entry_carrying_its_full_text_is_not_fetched(site):
    paragraphs = story(sentences=30)
    content = "".join(f"<p>{p}</p>" for p in paragraphs)
    link = site.url_for("/never-fetched")
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Full text", "link": link, "content": content}]), content_type=RSS
    )
    _, results = poll(make_feed(site))
    assert results[0].status == "new"
    assert "Mayor Lena Fischer said" in results[0].article.text
    assert requests_to(site, "/never-fetched") == 0


def test_the_same_article_in_two_feeds_is_stored_once_with_every_url(site):
    paragraphs = story()
    wire = serve_page(site, "/outlet-a/story", paragraphs, furniture="Outlet A")
    copy = serve_page(site, "/outlet-b/story", paragraphs, furniture="Outlet B: subscribe")
    site.expect_request("/a.xml").respond_with_data(rss([{"title": "Plan", "link": wire}]), content_type=RSS)
    site.expect_request("/b.xml").respond_with_data(rss([{"title": "Plan!", "link": copy}]), content_type=RSS)
    other = Source.objects.create(name="Outlet B")
    feed_a = make_feed(site, "/a.xml")
    feed_b = Feed.objects.create(source=other, url=site.url_for("/b.xml"))

    _, first = poll(feed_a)
    _, second = poll(feed_b)

    assert first[0].status == "new" and second[0].status == "seen"
    assert Article.objects.count() == 1
    assert set(ArticleURL.objects.values_list("url", flat=True)) == {wire, copy}
    # Next poll of the second feed: known by its URL, not fetched again.
    poll(feed_b)
    assert requests_to(site, "/outlet-b/story") == 1


def test_one_story_set_differently_by_two_outlets_is_one_article(site):
    paragraphs = [p.replace("Mayor", "The mayor") for p in story()]
    paragraphs[0] += ' She called it "a good day" - the best in years.'
    # Outlet B's system sets the same words with curly quotes, an em dash, no-break and
    # doubled spaces, and a capital in a heading-style word.
    retyped = [p.replace(" - ", " \u2014 ").replace("  ", " ") for p in paragraphs]
    retyped[0] = (
        retyped[0].replace('"a good day"', "\u201ca good day\u201d").replace("The mayor", "The Mayor")
    )
    retyped[1] = retyped[1].replace(" million", "\u00a0million").replace(" and ", "  and ")
    wire = serve_page(site, "/outlet-a/story", paragraphs)
    copy = serve_page(site, "/outlet-b/story", retyped)
    site.expect_request("/a.xml").respond_with_data(rss([{"title": "Plan", "link": wire}]), content_type=RSS)
    site.expect_request("/b.xml").respond_with_data(rss([{"title": "Plan", "link": copy}]), content_type=RSS)
    feed_b = Feed.objects.create(source=Source.objects.create(name="Outlet B"), url=site.url_for("/b.xml"))

    _, first = poll(make_feed(site, "/a.xml"))
    _, second = poll(feed_b)

    # The texts as extracted differ; their words do not.
    texts = [extract(page("Plan", p).encode(), content_type="text/html").text for p in (paragraphs, retyped)]
    assert texts[0] != texts[1]
    assert (first[0].status, second[0].status) == ("new", "seen")
    assert Article.objects.count() == 1
    assert set(ArticleURL.objects.values_list("url", flat=True)) == {wire, copy}


def test_a_story_with_other_words_is_another_article():
    text = "The council approved the plan on Tuesday. It will cost 40 million euros."
    assert entries.text_hash(text) == entries.text_hash(text.replace("Tuesday.", "Tuesday . ").upper())
    assert entries.text_hash(text) != entries.text_hash(text.replace("40", "45"))
    assert entries.text_hash(text) != entries.text_hash(text.replace("approved", "rejected"))


def test_the_same_canonical_url_under_another_address_is_the_same_article(site):
    paragraphs = story()
    canonical = site.url_for("/news/canonical")
    first = serve_page(site, "/news/a", paragraphs, canonical=canonical) + "?utm_source=rss"
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Plan", "link": first}]), content_type=RSS
    )
    _, results = poll(make_feed(site))
    article = results[0].article
    assert article.canonical_url == canonical
    assert article.url == site.url_for("/news/a")  # tracking parameters dropped
    assert set(article.urls.values_list("url", flat=True)) == {site.url_for("/news/a"), canonical}


def test_a_changed_entry_is_kept_as_a_new_version_linked_to_the_first(site):
    link = site.url_for("/news/1")
    versions = [story(), story(), story()]
    state = {"n": 0}
    site.expect_request("/news/1").respond_with_handler(
        lambda request: Response(page("Plan", versions[state["n"]]), content_type="text/html")
    )
    site.expect_request("/feed.xml").respond_with_handler(
        lambda request: Response(
            rss([{"title": "Plan", "link": link, "summary": f"Version {state['n']}"}]), content_type=RSS
        )
    )
    feed = make_feed(site)
    _, (first,) = poll(feed)
    state["n"] = 1
    _, (second,) = poll(feed)
    state["n"] = 2
    _, (third,) = poll(feed)

    assert (first.status, second.status, third.status) == ("new", "version", "version")
    assert second.article.version_of == first.article and third.article.version_of == first.article
    assert second.article.text != first.article.text
    assert Article.objects.count() == 3
    # An unchanged entry afterwards is the newest version, not fetched again.
    _, results = poll(feed)
    assert results == [] and requests_to(site, "/news/1") == 3


def test_redirects_are_followed_for_feeds_and_pages(site):
    target = serve_page(site, "/news/final", story())
    site.expect_request("/news/old").respond_with_data("", status=301, headers={"Location": "/news/final"})
    site.expect_request("/feed.xml").respond_with_data("", status=302, headers={"Location": "/real-feed.xml"})
    site.expect_request("/real-feed.xml").respond_with_data(
        rss([{"title": "Plan", "link": site.url_for("/news/old")}]), content_type=RSS
    )
    outcome, results = poll(make_feed(site))
    assert outcome.status == "ok" and results[0].status == "new"
    assert set(results[0].article.urls.values_list("url", flat=True)) == {site.url_for("/news/old"), target}


def test_a_redirect_to_a_private_address_is_refused(site, settings, monkeypatch):
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE_ADDRESSES = False
    # news.example stands for a public site; the test server is 127.0.0.1 behind that name.
    real = fetching.public_addresses
    monkeypatch.setattr(
        fetching,
        "public_addresses",
        lambda host, port: ["127.0.0.1"] if host == "news.example" else real(host, port),
    )
    site.expect_request("/feed.xml").respond_with_data(
        "", status=302, headers={"Location": f"http://127.0.0.1:{site.port}/internal"}
    )
    feed = Feed.objects.create(
        source=Source.objects.create(name="News"), url=f"http://news.example:{site.port}/feed.xml"
    )
    outcome, _ = poll(feed)
    assert outcome.status == Feed.PollStatus.FAILED
    assert "non-public address" in feed.last_error
    assert requests_to(site, "/internal") == 0


def test_the_private_address_guard_refuses_what_the_development_switch_allows(site, settings):
    site.expect_request("/feed.xml").respond_with_data(rss([]), content_type=RSS)
    url = site.url_for("/feed.xml")
    assert feeds.fetch_feed(url).status == 200  # FETCH_ALLOW_PRIVATE_ADDRESSES=1
    settings.FACTCHECK_FETCH_ALLOW_PRIVATE_ADDRESSES = False  # the default
    with pytest.raises(fetching.FetchError, match="non-public address"):
        feeds.fetch_feed(url)
    assert requests_to(site, "/feed.xml") == 1


def test_a_slow_feed_times_out_and_is_recorded(site, settings):
    settings.FACTCHECK_FETCH_TIMEOUT = 1
    site.expect_request("/feed.xml").respond_with_handler(
        lambda request: time.sleep(2.5) or Response(rss([]), content_type=RSS)
    )
    feed = make_feed(site)
    started = time.monotonic()
    outcome, _ = poll(feed)
    assert time.monotonic() - started < 2.4
    assert outcome.status == "failed" and "took longer than 1 s" in feed.last_error


def test_an_oversized_feed_is_refused(site, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = settings.FACTCHECK_FETCH_MAX_WIRE_BYTES = 20_000
    items = [
        {"title": f"Item {i}", "link": f"https://example.org/{i}", "summary": "x" * 500} for i in range(100)
    ]
    site.expect_request("/feed.xml").respond_with_data(rss(items), content_type=RSS)
    outcome, _ = poll(make_feed(site))
    assert outcome.status == "failed" and "larger than 20,000 bytes" in outcome.error


def test_a_gzip_bomb_is_stopped_at_the_decompressed_cap(site, settings):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1_000_000
    bomb = gzip.compress(b"<rss>" + b" " * 200_000_000, compresslevel=9)
    assert len(bomb) < settings.FACTCHECK_FETCH_MAX_WIRE_BYTES
    site.expect_request("/feed.xml").respond_with_data(
        bomb, content_type=RSS, headers={"Content-Encoding": "gzip"}
    )
    outcome, _ = poll(make_feed(site))
    assert outcome.status == "failed" and "once decompressed" in outcome.error


def test_a_page_of_the_wrong_content_type_is_stored_as_failed(site):
    site.expect_request("/photo").respond_with_data(b"\x89PNG....", content_type="image/png")
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Photo", "link": site.url_for("/photo")}]), content_type=RSS
    )
    feed = make_feed(site)
    _, (result,) = poll(feed)
    assert result.status == "failed"
    assert result.article.status == Article.Status.FAILED and "image/png" in result.article.last_error
    # Recorded once: the next poll does not fetch it again.
    poll(feed)
    assert requests_to(site, "/photo") == 1


def test_a_malformed_feed_is_recorded_and_its_good_entries_taken(site):
    link = serve_page(site, "/news/1", story())
    body = rss([{"title": "Good entry", "link": link}]).replace(
        "</channel>", "<item><title>Broken &nbsp </title></channel>"
    )
    site.expect_request("/feed.xml").respond_with_data(body, content_type=RSS)
    feed = make_feed(site)
    outcome, results = poll(feed)
    assert outcome.status == Feed.PollStatus.MALFORMED
    assert feed.last_error.startswith("malformed feed") and feed.consecutive_failures == 0
    assert [r.status for r in results] == ["new"]


def test_a_feed_that_fails_five_times_backs_off(site, settings):
    settings.FACTCHECK_FEED_MAX_BACKOFF_MINUTES = 1440
    site.expect_request("/feed.xml").respond_with_data("down", status=503)
    feed = make_feed(site, poll_interval_minutes=10)
    waits = []
    for _ in range(5):
        poll(feed)
        waits.append(feed.next_poll_at - feed.last_polled_at)
    assert feed.consecutive_failures == 5 and feed.last_status == "failed"
    assert "HTTP 503" in feed.last_error
    assert [w.total_seconds() / 60 for w in waits] == [20, 40, 80, 160, 320]
    assert not Feed.objects.due().filter(pk=feed.pk).exists()
    # A success resets the count.
    site.clear()
    site.expect_request("/feed.xml").respond_with_data(rss([]), content_type=RSS)
    poll(feed)
    assert feed.consecutive_failures == 0 and feed.next_poll_at - feed.last_polled_at == timedelta(minutes=10)


def test_backoff_is_capped(site, settings):
    settings.FACTCHECK_FEED_MAX_BACKOFF_MINUTES = 60
    site.expect_request("/feed.xml").respond_with_data("down", status=500)
    feed = make_feed(site, poll_interval_minutes=30)
    for _ in range(3):
        poll(feed)
    assert feed.next_poll_at - feed.last_polled_at == timedelta(minutes=60)


def test_robots_txt_is_respected_and_asked_once(site, settings):
    settings.FACTCHECK_FETCH_OBEY_ROBOTS = True
    site.expect_request("/robots.txt").respond_with_data(
        "User-agent: *\nDisallow: /private/\n", content_type="text/plain"
    )
    allowed = serve_page(site, "/public/1", story())
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "A", "link": allowed}, {"title": "B", "link": site.url_for("/private/2")}]),
        content_type=RSS,
    )
    _, results = poll(make_feed(site))
    assert [r.status for r in results] == ["new", "failed"]
    assert "robots.txt" in results[1].reason
    assert requests_to(site, "/private/2") == 0 and requests_to(site, "/robots.txt") == 1


def test_requests_carry_the_configured_user_agent(site, settings):
    settings.FACTCHECK_FETCH_USER_AGENT = "Example Newsroom claim tracker (ops@example.org)"
    site.expect_request("/feed.xml").respond_with_data(rss([]), content_type=RSS)
    poll(make_feed(site))
    assert site.log[-1][0].headers["User-Agent"] == "Example Newsroom claim tracker (ops@example.org)"


def test_paused_feeds_and_feeds_not_due_are_not_claimed(site):
    feed = make_feed(site, is_active=False)
    assert feeds.feed_claim(feed_id=feed.pk) is None
    Feed.objects.filter(pk=feed.pk).update(is_active=True, next_poll_at=timezone.now() + timedelta(minutes=5))
    assert feeds.feed_claim(feed_id=feed.pk) is None
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    assert feeds.feed_claim(feed_id=feed.pk) is not None
    assert feeds.feed_claim(feed_id=feed.pk) is None  # held by the first


def test_beat_sends_one_message_per_due_feed_until_it_is_polled(site, monkeypatch):
    sent = []
    monkeypatch.setattr(feeds, "_send", lambda task, *args: sent.append((task, args)))
    due = make_feed(site, "/due.xml")
    make_feed(site, "/later.xml", next_poll_at=timezone.now() + timedelta(minutes=5))
    make_feed(site, "/paused.xml", is_active=False)
    assert feeds.feeds_dispatch_due() == 1
    assert feeds.feeds_dispatch_due() == 0  # its message is still waiting
    assert sent == [(feeds.POLL_TASK, (due.pk,))]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_workers_polling_the_same_due_feed_poll_it_once(site, attempt):
    site.expect_request("/feed.xml").respond_with_handler(
        lambda request: time.sleep(0.2) or Response(rss([]), content_type=RSS)
    )
    feed = make_feed(site)
    barrier = threading.Barrier(2)
    outcomes: list = []

    def worker():
        try:
            barrier.wait()
            claimed = feeds.feed_claim(feed_id=feed.pk)
            outcomes.append(None if claimed is None else feeds.feed_poll(feed=claimed).status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [None, "ok"]
    assert requests_to(site, "/feed.xml") == 1


def test_a_page_ingested_by_url_before_is_not_stored_again_from_a_feed(site):
    from sources import services

    link = serve_page(site, "/news/1", story())
    fetched = entries.fetch_page(link)
    ingested = services.article_store(
        data=fetched.data, url=link, content_type=fetched.content_type, enqueue=False
    )
    services.article_process_now(article=ingested.article)
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Plan", "link": link}]), content_type=RSS
    )
    _, (result,) = poll(make_feed(site))
    assert result.status == "seen" and result.article == ingested.article
    assert Article.objects.count() == 1


def test_a_parser_crash_is_recorded_on_the_feed(site, monkeypatch):
    def crash(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(feeds, "parse_feed", crash)
    site.expect_request("/feed.xml").respond_with_data(rss([]), content_type=RSS)
    feed = make_feed(site)
    outcome, _ = poll(feed)
    assert outcome.status == "failed" and feed.last_error.startswith(
        "Reading the feed failed: RecursionError"
    )
    assert feed.consecutive_failures == 1
