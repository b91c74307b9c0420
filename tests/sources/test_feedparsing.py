"""Feed parsing: bytes in, entries out; hostile documents do no harm."""

from __future__ import annotations

import json
import socket

import pytest

from sources.feedparsing import FULL_TEXT_MIN_WORDS, normalize_url, parse_feed
from tests.sources.feedsite import atom, rss

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs &lol9;</title>
<item><title>Entry &lol9;</title><link>https://example.org/a</link></item>
</channel></rss>"""


@pytest.mark.timeout(20)
def test_billion_laughs_is_not_expanded():
    parsed = parse_feed(BILLION_LAUGHS, url="https://example.org/feed")
    assert len(parsed.title) < 1000
    assert all(len(entry.title) < 1000 for entry in parsed.entries)
    assert [entry.link for entry in parsed.entries] == ["https://example.org/a"]


def test_external_entities_are_not_resolved(tmp_path, httpserver):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-FILE-CONTENT")
    httpserver.expect_request("/metadata").respond_with_data("TOP-SECRET-METADATA")
    hostile = f"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY file SYSTEM "file://{secret}">
  <!ENTITY remote SYSTEM "{httpserver.url_for("/metadata")}">
]>
<rss version="2.0"><channel><title>Feed &file; &remote;</title>
<item><title>Entry &file;</title><description>&remote;</description><link>https://example.org/a</link></item>
</channel></rss>""".encode()
    parsed = parse_feed(hostile, url="https://example.org/feed")
    everything = parsed.title + " ".join(e.title for e in parsed.entries)
    assert "TOP-SECRET" not in everything
    assert len(httpserver.log) == 0


def test_bytes_naming_a_file_or_url_are_read_as_a_document_never_opened(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(rss([{"title": "From disk", "link": "https://example.org/disk"}]).encode())
    for data in (str(path).encode(), path.as_uri().encode()):
        with pytest.raises(ValueError):
            parse_feed(data)
    with pytest.raises(TypeError):
        parse_feed(str(path))  # type: ignore[arg-type]


def test_rss_and_atom_entries_have_links_titles_and_dates():
    parsed = parse_feed(
        rss([{"title": "One <b>bold</b>", "link": "/news/1#top"}]).encode(), url="https://ex.org/feed"
    )
    (entry,) = parsed.entries
    assert entry.link == "https://ex.org/news/1" and entry.title == "One bold"
    assert entry.published is not None and entry.published.year == 2026
    (entry,) = parse_feed(atom([{"title": "Two", "link": "https://ex.org/2"}]).encode()).entries
    assert entry.author == "Ada Reporter"


def test_the_fingerprint_changes_with_the_entry():
    def fingerprint(summary):
        return (
            parse_feed(rss([{"title": "T", "link": "https://ex.org/1", "summary": summary}]).encode())
            .entries[0]
            .fingerprint
        )

    assert fingerprint("a") == fingerprint("a") != fingerprint("b")


def test_full_text_is_kept_only_when_the_entry_carries_an_article():
    long = "<p>" + "word " * FULL_TEXT_MIN_WORDS + "</p>"
    items = [
        {"title": "Long", "link": "https://ex.org/1", "content": long},
        {"title": "Short", "link": "https://ex.org/2", "content": "<p>Only a teaser.</p>"},
    ]
    long_entry, short_entry = parse_feed(rss(items).encode()).entries
    assert long_entry.full_text and not short_entry.full_text


def test_json_feed():
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON News",
        "items": [
            {
                "id": "1",
                "url": "https://ex.org/1?utm_medium=feed",
                "title": "One",
                "authors": [{"name": "Ann"}],
                "date_published": "2026-12-01T10:00:00Z",
                "content_text": "word " * 200,
            },
            {"id": "2", "title": "no url"},
        ],
    }
    parsed = parse_feed(json.dumps(document).encode(), content_type="application/feed+json")
    (entry,) = parsed.entries
    assert (entry.link, entry.author, entry.published.year) == ("https://ex.org/1", "Ann", 2026)
    assert entry.full_text.startswith("<p>word")
    assert parsed.error == "malformed feed: 1 item(s) without a URL"


@pytest.mark.parametrize("data", [b"", b"<html><body>Not a feed</body></html>", b"\x00\x01binary", b"{}"])
def test_what_is_no_feed_is_an_error(data):
    with pytest.raises(ValueError):
        parse_feed(data)


def test_entry_messages_round_trip():
    (entry,) = parse_feed(rss([{"title": "T", "link": "https://ex.org/1"}]).encode()).entries
    assert type(entry).from_message(json.loads(json.dumps(entry.as_message()))) == entry


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.ORG/a?b=1&utm_source=x#frag", "https://example.org/a?b=1"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/a?fbclid=1", "https://example.org/a"),
    ],
)
def test_urls_are_normalised(url, expected):
    assert normalize_url(url) == expected


def test_no_socket_is_opened_while_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the parser opened a connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    parse_feed(
        b'<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.org/rss.dtd"><rss version="2.0"><channel><title>x</title></channel></rss>'
    )
