"""add_feed, import_feeds and poll_feeds, against a local HTTP server."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import ClaimAppearance
from sources import entries, feeds
from sources.models import Article, Feed, Source
from tests.sources.feedsite import page, rss, story

pytestmark = pytest.mark.django_db
RSS = "application/rss+xml"


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def serve_feed(site, path="/feed.xml", count=2) -> str:
    items = []
    for i in range(count):
        link = site.url_for(f"{path}-story-{i}")
        site.expect_request(f"{path}-story-{i}").respond_with_data(
            page(f"Story {i}", story()), content_type="text/html"
        )
        items.append({"title": f"Story {i}", "link": link})
    site.expect_request(path).respond_with_data(rss(items, title=f"Feed {path}"), content_type=RSS)
    return site.url_for(path)


def test_add_feed_says_what_it_found(site):
    url = serve_feed(site, count=3)
    out, _ = run("add_feed", url, "--source", "Daily Example", "--interval", "10")
    assert "Feed /feed.xml (3 entries)" in out and "Daily Example" in out
    feed = Feed.objects.get(url=url)
    assert feed.poll_interval_minutes == 10 and feed.source.name == "Daily Example"
    assert Article.objects.count() == 0  # entries are taken at the first poll
    with pytest.raises(CommandError, match="already a feed"):
        run("add_feed", url)


def test_add_feed_refuses_what_is_no_feed(site):
    site.expect_request("/page").respond_with_data(
        "<html><body>hello</body></html>", content_type="text/html"
    )
    with pytest.raises(CommandError, match="text/html"):
        run("add_feed", site.url_for("/page"))
    assert not Feed.objects.exists()


def test_add_feed_given_an_outlets_page_takes_the_feed_the_page_announces(site):
    feed_url = serve_feed(site, "/rss/world.xml", count=2)
    site.expect_request("/world/").respond_with_data(
        "<html><head><title>World news</title>"
        '<link rel="stylesheet" href="/site.css">'
        '<link rel="alternate" type="application/rss+xml" title="World" href="../rss/world.xml">'
        "</head><body><h1>World</h1></body></html>",
        content_type="text/html; charset=utf-8",
    )
    out, _ = run("add_feed", site.url_for("/world/"))
    assert f"(2 entries) at {feed_url}, announced by the page" in out
    assert Feed.objects.get().url == feed_url
    # The page again: its feed is already watched.
    with pytest.raises(CommandError, match="already a feed"):
        run("add_feed", site.url_for("/world/"))


def test_feed_links_are_found_as_discovery_finds_them():
    page = (
        b"<html><head><base href='https://cdn.example/feeds/'>"
        b"<link rel='alternate' type='text/html' href='/print'>"
        b"<link rel='alternate' hreflang='fr' type='application/atom+xml; charset=utf-8' href='atom.xml'>"
        b"<link rel='Alternate' type='application/rss+xml' href='/rss'>"
        b"</head><body></body></html>"
    )
    assert feeds.feed_link_in_page(page, base="https://news.example/section/") == (
        "https://cdn.example/feeds/atom.xml"
    )
    assert (
        feeds.feed_link_in_page(
            b"<link rel=alternate type=application/rss+xml href='javascript:x'>", base="https://a.example/"
        )
        is None
    )
    assert feeds.feed_link_in_page(b"", base="https://a.example/") is None
    assert feeds.feed_link_in_page(b"\x00\xff" * 100, base="https://a.example/") is None


def test_import_feeds_reads_opml(site, tmp_path):
    first, second = serve_feed(site, "/a.xml"), serve_feed(site, "/b.xml")
    opml = tmp_path / "feeds.opml"
    opml.write_text(
        f"""<?xml version="1.0"?><opml version="2.0"><head><title>Newsroom</title></head><body>
        <outline text="Outlet A" title="Outlet A"><outline type="rss" text="A" xmlUrl="{first}"/></outline>
        <outline type="rss" text="B" xmlUrl="{second}"/>
        <outline type="rss" text="Broken" xmlUrl="{site.url_for("/missing.xml")}"/>
        </body></opml>"""
    )
    out, err = run("import_feeds", str(opml), "--source", "Wire", "--interval", "20")
    assert "2 added, 0 already present, 1 failed" in out and "missing.xml" in err
    assert Feed.objects.get(url=first).source.name == "Outlet A"
    assert Feed.objects.get(url=second).source.name == "Wire"
    out, _ = run("import_feeds", str(opml))
    assert "0 added, 2 already present" in out


def test_import_feeds_reads_a_plain_list(site, tmp_path):
    url = serve_feed(site)
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# our feeds\n{url} Daily Example\n\n")
    out, _ = run("import_feeds", str(listing))
    assert "1 added" in out and Feed.objects.get().source.name == "Daily Example"


def test_import_feeds_refuses_an_opml_file_with_entities(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "b">]><opml><body/></opml>')
    with pytest.raises(CommandError):
        run("import_feeds", str(opml))


def test_poll_feeds_sync_stores_and_splits_then_finds_nothing_new(site):
    source = Source.objects.create(name="Daily Example")
    Feed.objects.create(source=source, url=serve_feed(site, "/a.xml"))
    Feed.objects.create(source=source, url=serve_feed(site, "/b.xml", count=1))
    Feed.objects.create(source=source, url=site.url_for("/gone.xml"))
    site.expect_request("/gone.xml").respond_with_data("gone", status=404)

    out, err = run("poll_feeds", "--sync")

    assert "feeds: 2 polled, 0 not modified, 1 failed; entries: 3 new (stored and split here), 0 seen" in out
    assert "HTTP 404" in err
    assert Article.objects.filter(status=Article.Status.DONE).count() == 3
    assert ClaimAppearance.objects.exists()
    out, _ = run("poll_feeds", "--sync", "--all")
    assert "entries: 0 new (stored and split here), 3 seen" in out


def test_split_again_updates_claims_without_duplicating_them(site):
    Feed.objects.create(source=Source.objects.create(name="S"), url=serve_feed(site, count=1))
    run("poll_feeds", "--sync")
    article = Article.objects.get()
    before = sorted(article.appearances.values_list("claim_id", "start"))
    assert before
    assert entries.articles_resplit(articles=Article.objects.all()) == 1
    from sources import services

    services.article_process_now(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert sorted(article.appearances.values_list("claim_id", "start")) == before


def test_fetch_again_keeps_a_changed_page_as_a_new_version(site):
    versions = [story(), story()]
    state = {"n": 0}
    from werkzeug import Response

    site.expect_request("/news/1").respond_with_handler(
        lambda request: Response(page("Plan", versions[state["n"]]), content_type="text/html")
    )
    site.expect_request("/feed.xml").respond_with_data(
        rss([{"title": "Plan", "link": site.url_for("/news/1")}]), content_type=RSS
    )
    Feed.objects.create(source=Source.objects.create(name="S"), url=site.url_for("/feed.xml"))
    run("poll_feeds", "--sync")
    first = Article.objects.get()
    assert entries.article_refetch(article=first).status == "seen"
    state["n"] = 1
    outcome = entries.article_refetch(article=first)
    assert outcome.status == "version" and outcome.article.version_of == first


def test_poll_feeds_without_sync_queues_the_new_entries(site, monkeypatch):
    sent = []
    monkeypatch.setattr(feeds, "_send", lambda task, *args: sent.append((task, args)))
    feed = Feed.objects.create(source=Source.objects.create(name="S"), url=serve_feed(site, count=2))
    out, _ = run("poll_feeds")
    assert "feeds: 1 polled, 0 not modified, 0 failed; entries: 2 new (queued for the workers), 0 seen" in out
    assert [task for task, _ in sent] == [feeds.ENTRY_TASK, feeds.ENTRY_TASK]
    assert all(args[0] == feed.pk for _, args in sent)
    assert Article.objects.count() == 0
