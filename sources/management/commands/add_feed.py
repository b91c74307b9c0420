"""``manage.py add_feed URL [--source NAME] [--interval MINUTES]``: watch a feed."""

from __future__ import annotations

import argparse

from django.core.management.base import BaseCommand, CommandError

from sources.feeds import FeedError, feed_add


def add_interval_option(parser) -> None:
    """``--interval MINUTES``, at least 1 (add_feed and import_feeds)."""

    def minutes(value: str) -> int:
        if not value.isdigit() or int(value) < 1:
            raise argparse.ArgumentTypeError("must be a whole number of minutes, at least 1")
        return int(value)

    parser.add_argument("--interval", type=minutes, default=None, help="Minutes between polls (default 30).")


class Command(BaseCommand):
    help = (
        "Add an RSS, Atom or JSON feed to poll. The feed is read once now (title and entry count "
        "are printed); its entries are taken at its first poll (Celery beat, or poll_feeds)."
    )

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--source", default="", help="Source (outlet) name; default: the feed's domain.")
        add_interval_option(parser)

    def handle(self, *args, url, source, interval, **options):
        try:
            feed, parsed = feed_add(url=url, source_name=source, interval_minutes=interval)
        except FeedError as exc:
            raise CommandError(f"{url}: {exc}") from None
        found = f", announced by the page {url}," if feed.url != url.strip() else ""
        self.stdout.write(
            f"Added feed {feed.pk}: {parsed.title or '(untitled)'} ({len(parsed.entries)} entries) "
            f"at {feed.url}{found} for source {feed.source.name}, polled every {feed.poll_interval_minutes} min"
        )
        if parsed.error:
            self.stderr.write(f"warning: {parsed.error}")
