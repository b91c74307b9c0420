"""Reading a feed's bytes into entries: RSS 0.9x/1.0/2.0 and Atom through feedparser,
JSON Feed 1.x by hand. No Django, no network.

Safety: the parser is only ever given bytes we fetched, wrapped in a stream, never a
string: feedparser opens a string that looks like a URL or a file name (``file://``,
``/etc/passwd``) itself. Entity declarations are stripped from the DOCTYPE by
feedparser before the XML parser sees them (only plain-text entities survive), and its
SAX parser has external general entities switched off, so neither "billion laughs" nor
an external entity (``SYSTEM "file:///..."`` or ``"http://169.254.169.254/..."``) can
expand or reach anything: ``tests/sources/test_feedparsing.py`` holds one of each.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser
import lxml.etree
import lxml.html

from .fetching import media_type

# An entry whose own content has at least this many words is the article's full text:
# it is used as it is and the linked page is not fetched. Summaries are shorter.
FULL_TEXT_MIN_WORDS = 150
MAX_TITLE = 500

_TAG = re.compile(r"<[^>]+>")
_TRACKING_PARAM = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)$", re.I)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed. ``link`` is normalised; ``full_text`` is the entry's own
    HTML when it carries the whole article, else empty; ``fingerprint`` changes when
    the entry's title, summary, content or update time does."""

    link: str
    title: str = ""
    author: str = ""
    published: datetime | None = None
    full_text: str = ""
    fingerprint: str = ""

    def as_message(self) -> dict:
        """A JSON-safe form for a Celery message."""
        return {
            "link": self.link,
            "title": self.title,
            "author": self.author,
            "published": self.published.isoformat() if self.published else None,
            "full_text": self.full_text,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_message(cls, data: dict) -> FeedEntry:
        published = data.get("published")
        return cls(
            link=data["link"],
            title=data.get("title", ""),
            author=data.get("author", ""),
            published=datetime.fromisoformat(published) if published else None,
            full_text=data.get("full_text", ""),
            fingerprint=data.get("fingerprint", ""),
        )


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed's title and entries; ``error`` says what was wrong with a malformed feed
    whose entries were read as far as the parser could (empty when well-formed)."""

    title: str
    entries: tuple[FeedEntry, ...]
    error: str = ""


def normalize_url(url: str, *, base: str = "") -> str:
    """``url`` made absolute against ``base``, without its fragment and tracking
    parameters, scheme and host in lower case: one spelling per page."""
    url = urljoin(base, url.strip()) if base else url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAM.match(k)]
    )
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", query, ""))


# What a web page's <link rel="alternate" type=...> names when it announces its feed.
FEED_LINK_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json"}
)


def feed_link_in_page(data: bytes, *, base: str) -> str | None:
    """The first feed a web page announces in a ``<link rel="alternate">`` (what a browser's
    or a feed reader's discovery finds), as an absolute http(s) URL, or None."""
    try:
        document = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError):
        return None
    for tag in document.iter("base"):  # the page's own base URL, as a browser reads it
        base = urljoin(base, (tag.get("href") or "").strip())
        break
    for link in document.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = media_type(link.get("type") or "")
        href = (link.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_LINK_TYPES and href:
            found = urljoin(base, href)
            if urlsplit(found).scheme in ("http", "https"):
                return found
    return None


def parse_feed(data: bytes, *, url: str = "", content_type: str = "") -> ParsedFeed:
    """Entries of a feed document (bytes as fetched). Raises ValueError when nothing in
    it reads as a feed."""
    if not isinstance(data, bytes):
        raise TypeError("parse_feed takes the fetched bytes, never a path or URL")
    stripped = data.lstrip()[:1]
    if "json" in content_type or stripped == b"{":
        return _parse_json_feed(data, url=url)
    # A stream, never a str: feedparser would open a str naming a URL or a file itself.
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": url, "content-type": content_type or "application/xml"},
        sanitize_html=True,
        resolve_relative_uris=True,
    )
    error = ""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        # A wrong charset declaration that feedparser corrected is no problem of the feed's.
        if not isinstance(exc, feedparser.CharacterEncodingOverride):
            error = f"malformed feed: {type(exc).__name__}: {exc}"[:1000]
    if not parsed.get("version") and not parsed.entries:
        raise ValueError(error or "not an RSS, Atom or JSON feed")
    entries = []
    for item in parsed.entries:
        entry = _entry_from_feedparser(item, base=url)
        if entry is not None:
            entries.append(entry)
    return ParsedFeed(title=(parsed.feed.get("title") or "")[:300], entries=tuple(entries), error=error)


def _entry_from_feedparser(item, *, base: str) -> FeedEntry | None:
    link = item.get("link") or ""
    if not link and str(item.get("id", "")).startswith(("http://", "https://")):
        link = item["id"]
    if not link:
        return None
    content = " ".join(part.get("value", "") for part in item.get("content") or [])
    summary = item.get("summary", "")
    parsed_time = dict.get(item, "published_parsed") or dict.get(item, "updated_parsed")
    published = datetime.fromtimestamp(calendar.timegm(parsed_time), UTC) if parsed_time else None
    title = _plain(item.get("title", ""))[:MAX_TITLE]
    return FeedEntry(
        link=normalize_url(link, base=base),
        title=title,
        author=_plain(item.get("author", ""))[:300],
        published=published,
        full_text=content if _words(content) >= FULL_TEXT_MIN_WORDS else "",
        # dict.get: feedparser's own get would map a missing "updated" to "published", with a warning.
        fingerprint=_fingerprint(title, summary, content, dict.get(item, "updated", "")),
    )


def _parse_json_feed(data: bytes, *, url: str) -> ParsedFeed:
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"not a JSON feed: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith(
        "https://jsonfeed.org/version/"
    ):
        raise ValueError("not a JSON feed: no jsonfeed.org version")
    entries = []
    skipped = 0
    for item in document.get("items") or []:
        link = item.get("url") or item.get("external_url") if isinstance(item, dict) else None
        if not isinstance(link, str) or not link:
            skipped += 1
            continue
        content = item.get("content_html") or ""
        if not content and item.get("content_text"):
            content = "".join(f"<p>{_escape(p)}</p>" for p in str(item["content_text"]).split("\n\n"))
        authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
        author = ", ".join(a.get("name", "") for a in authors if isinstance(a, dict) and a.get("name"))
        title = _plain(str(item.get("title") or ""))[:MAX_TITLE]
        entries.append(
            FeedEntry(
                link=normalize_url(link, base=url),
                title=title,
                author=author[:300],
                published=_iso_datetime(item.get("date_published") or item.get("date_modified")),
                full_text=content if _words(content) >= FULL_TEXT_MIN_WORDS else "",
                fingerprint=_fingerprint(
                    title, str(item.get("summary") or ""), content, str(item.get("date_modified") or "")
                ),
            )
        )
    error = f"malformed feed: {skipped} item(s) without a URL" if skipped else ""
    return ParsedFeed(title=str(document.get("title") or "")[:300], entries=tuple(entries), error=error)


def _iso_datetime(value) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _fingerprint(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def _plain(html: str) -> str:
    return " ".join(_TAG.sub(" ", html).split())


def _words(html: str) -> int:
    return len(_TAG.sub(" ", html).split()) if html else 0


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
