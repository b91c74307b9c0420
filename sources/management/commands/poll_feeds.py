"""``manage.py poll_feeds [--sync] [--all]``: poll the due feeds now."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from tqdm import tqdm

from sources.feeds import feeds_poll_now_here
from sources.models import Feed


class Command(BaseCommand):
    help = (
        "Poll every due feed now (every active feed with --all). New entries are queued for the "
        "workers; with --sync they are fetched, stored and split here, without a broker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--sync", action="store_true", help="Ingest and split here, without a worker.")
        parser.add_argument("--all", action="store_true", help="Poll every active feed, due or not.")

    def handle(self, *args, sync, all, verbosity, **options):
        if all:
            Feed.objects.filter(is_active=True).update(next_poll_at=None)
        feeds = list(Feed.objects.due().select_related("source").order_by("pk"))
        bar = tqdm(total=len(feeds), unit="feed", disable=verbosity == 0, file=self.stderr._out)

        def progress(feed):
            bar.set_postfix_str(feed.url[-40:], refresh=False)
            bar.update(1)

        summary = feeds_poll_now_here(feeds=feeds, sync=sync, progress=progress)
        bar.close()
        for problem in summary.problems:
            self.stderr.write(problem)
        entries = "stored and split here" if sync else "queued for the workers"
        self.stdout.write(
            f"feeds: {summary.polled} polled, {summary.not_modified} not modified, {summary.failed} failed"
            + (f", {summary.skipped} busy" if summary.skipped else "")
            + f"; entries: {summary.new} new ({entries}), {summary.seen} seen"
            + (f", {summary.entry_failures} failed" if summary.entry_failures else "")
        )
