"""``manage.py add_feed URL [--source NAME] [--interval MINUTES]``: watch a feed."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sources.feeds import FeedError, feed_add


class Command(BaseCommand):
    help = (
        "Add an RSS, Atom or JSON feed to poll. The feed is read once now (title and entry count "
        "are printed); its entries are taken at its first poll (Celery beat, or poll_feeds)."
    )

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--source", default="", help="Source (outlet) name; default: the feed's domain.")
        parser.add_argument("--interval", type=int, default=None, help="Minutes between polls (default 30).")

    def handle(self, *args, url, source, interval, **options):
        if interval is not None and interval < 1:
            raise CommandError("--interval must be at least 1 minute")
        try:
            feed, parsed = feed_add(url=url, source_name=source, interval_minutes=interval)
        except FeedError as exc:
            raise CommandError(f"{url}: {exc}") from None
        self.stdout.write(
            f"Added feed {feed.pk}: {parsed.title or '(untitled)'} ({len(parsed.entries)} entries) "
            f"for source {feed.source.name}, polled every {feed.poll_interval_minutes} min"
        )
        if parsed.error:
            self.stderr.write(f"warning: {parsed.error}")
