"""Feeds and news pages for the feed tests, served by pytest-httpserver."""

from __future__ import annotations

import itertools
from xml.sax.saxutils import escape

_counter = itertools.count(1)


def story(topic: str = "", sentences: int = 12) -> list[str]:
    """Paragraphs of a news story whose text is unique to this call."""
    n = next(_counter)
    topic = topic or f"the harbour project number {n}"
    lines = [
        f"The council approved {topic} on Tuesday after a debate that lasted {n + 3} hours.",
        f"Mayor Lena Fischer said the plan would create {n * 40 + 120} jobs by 2028.",
        f"According to the finance office, the budget for {topic} rose by {n + 7} percent last year.",
        "Opposition members argued the costs had been underestimated from the start.",
    ]
    paragraphs = [" ".join(lines)]
    for i in range(sentences - 4):
        paragraphs.append(
            f"Officials said phase {i + 1} of {topic} would cost {n * 3 + i} million euros "
            f"and employ {i * 11 + 30} workers, the regional statistics office reported."
        )
    return paragraphs


def page(title: str, paragraphs: list[str], *, canonical: str = "", furniture: str = "") -> str:
    link = f'<link rel="canonical" href="{escape(canonical)}">' if canonical else ""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>{link}</head>"
        f"<body><nav><a href='/'>Home</a> <a href='/world'>World</a> {escape(furniture)}</nav>"
        f"<article><h1>{escape(title)}</h1>{body}</article>"
        "<footer>Copyright The Daily Example. All rights reserved.</footer></body></html>"
    )


def rss(items: list[dict], *, title: str = "Example News") -> str:
    entries = "".join(
        "<item>"
        f"<title>{escape(item['title'])}</title><link>{escape(item['link'])}</link>"
        f"<guid>{escape(item.get('guid', item['link']))}</guid>"
        f"<description>{escape(item.get('summary', 'A short summary.'))}</description>"
        + (f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>" if item.get("content") else "")
        + "<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>https://example.org/</link>"
        f"<description>News</description>{entries}</channel></rss>"
    )


def atom(items: list[dict], *, title: str = "Example Atom") -> str:
    entries = "".join(
        "<entry>"
        f'<title>{escape(item["title"])}</title><link href="{escape(item["link"])}"/>'
        f"<id>{escape(item['link'])}</id><updated>2026-12-01T10:00:00Z</updated>"
        f"<summary>{escape(item.get('summary', 'A short summary.'))}</summary>"
        "<author><name>Ada Reporter</name></author></entry>"
        for item in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:example</id><updated>2026-12-01T10:00:00Z</updated>"
        f"{entries}</feed>"
    )
