"""Migration 0007 rekeys the articles taken from feeds by their words, and nothing else."""

import hashlib
import importlib

import pytest
from django.apps import apps

from sources import entries
from sources.models import Article, Feed, Source

pytestmark = pytest.mark.django_db

migration = importlib.import_module("sources.migrations.0007_article_content_key_words")


def old_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def article(text: str, *, feed: Feed | None, key: str = "") -> Article:
    return Article.objects.create(content_hash=key or old_key(text), raw=b"", text=text, feed=feed)


def test_feed_articles_get_the_words_key_and_uploads_keep_theirs():
    source = Source.objects.create(name="Daily Example")
    feed = Feed.objects.create(source=source, url="https://example.org/feed.xml")
    story = "The council approved the plan on \u201cTuesday\u201d."
    from_feed = article(story, feed=feed)
    # Another outlet's copy stored under the words key already: the older row keeps its key.
    other = "Bridge reopens \u2014 after two years."
    holder = article(other.replace("\u2014", "-"), feed=feed, key=entries.text_hash(other))
    twin = article(other, feed=feed)
    upload = article("An uploaded \u201cnote\u201d.", feed=None)
    keyed_by_file = article("A page by ingest URL.", feed=feed, key="f" * 64)

    migration.rekey(apps, None)

    for row in (from_feed, holder, twin, upload, keyed_by_file):
        row.refresh_from_db()
    assert from_feed.content_hash == entries.text_hash(story) != old_key(story)
    assert holder.content_hash == entries.text_hash(other)
    assert twin.content_hash == old_key(other)
    assert upload.content_hash == old_key("An uploaded \u201cnote\u201d.")
    assert keyed_by_file.content_hash == "f" * 64
