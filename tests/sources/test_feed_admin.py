"""The feed list shows each feed's polling state; editors poll, pause and resume feeds,
fetch articles again and split them again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sources import feeds
from sources.models import Article, ArticleURL, Feed, Source
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def act(client, model, action, objects):
    url = reverse(f"admin:sources_{model}_changelist")
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects]}, follow=True)


def test_feed_list_shows_the_polling_state(editor_client):
    source = Source.objects.create(name="Daily Example")
    Feed.objects.create(
        source=source,
        url="https://example.org/feed.xml",
        last_success_at=timezone.now() - timedelta(hours=3),
        last_status=Feed.PollStatus.FAILED,
        last_error="https://example.org/feed.xml answered HTTP 503",
        consecutive_failures=4,
        next_poll_at=timezone.now() + timedelta(hours=8),
    )
    page = editor_client.get(reverse("admin:sources_feed_changelist")).content.decode()
    for text in [
        "Last success",
        "Last error",
        "Consecutive failures",
        "Next poll",
        "answered HTTP 503",
        ">4<",
    ]:
        assert text in page


def test_poll_now_pause_and_resume(editor_client, monkeypatch, django_capture_on_commit_callbacks):
    sent = []
    monkeypatch.setattr(feeds, "_send", lambda task, *args: sent.append((task, args)))
    source = Source.objects.create(name="S")
    later = timezone.now() + timedelta(hours=1)
    active = Feed.objects.create(source=source, url="https://example.org/a.xml", next_poll_at=later)
    paused = Feed.objects.create(source=source, url="https://example.org/b.xml", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        response = act(editor_client, "feed", "poll_now", [active, paused])
    assert "1 feed(s) queued for polling" in response.content.decode()
    assert sent == [(feeds.POLL_TASK, (active.pk,))]
    active.refresh_from_db()
    assert active.next_poll_at <= timezone.now()

    act(editor_client, "feed", "pause", [active])
    active.refresh_from_db()
    assert not active.is_active and not Feed.objects.due().exists()
    act(editor_client, "feed", "resume", [active, paused])
    assert Feed.objects.due().count() == 2


def test_split_again_queues_articles(editor_client, monkeypatch):
    monkeypatch.setattr("sources.services.article_enqueue", lambda article: None)
    article = make_article(status=Article.Status.DONE)
    response = act(editor_client, "article", "split_again", [article])
    assert "1 article(s) queued to be split again" in response.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED


def test_article_page_lists_the_urls_it_was_seen_at(editor_client):
    article = make_article(url="https://a.example/story")
    ArticleURL.objects.create(article=article, url="https://a.example/story")
    ArticleURL.objects.create(article=article, url="https://b.example/wire-copy")
    page = editor_client.get(reverse("admin:sources_article_change", args=[article.pk])).content.decode()
    assert "https://b.example/wire-copy" in page and "URLs this article was seen at" in page


def test_fetch_again_reports_a_failure(editor_client):
    article = make_article(url="ftp://example.org/story")
    response = act(editor_client, "article", "fetch_again", [article])
    assert "1 failed" in response.content.decode()
