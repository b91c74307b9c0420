"""``manage.py import_feeds FILE [--source NAME] [--interval MINUTES]``: many feeds at once."""

from __future__ import annotations

from pathlib import Path

from defusedxml import ElementTree
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources.feeds import FeedError, feed_add
from sources.management.commands.add_feed import add_interval_option
from sources.models import Feed


def read_feed_list(data: bytes) -> list[tuple[str, str]]:
    """(url, source name) pairs from an OPML file (``xmlUrl`` outlines; the source is the
    enclosing outline's title, if any) or a plain list (one URL a line, optionally
    followed by a source name after whitespace; ``#`` starts a comment)."""
    if data.lstrip().startswith(b"<"):
        root = ElementTree.fromstring(data, forbid_dtd=True)
        found: dict[str, str] = {}

        def walk(node, group: str) -> None:
            for outline in node.findall("outline"):
                url = (outline.get("xmlUrl") or "").strip()
                if url:
                    found.setdefault(url, group)
                else:
                    walk(outline, outline.get("title") or outline.get("text") or group)

        walk(root.find("body") if root.find("body") is not None else root, "")
        return list(found.items())
    pairs = []
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            url, _, name = line.partition(" ")
            pairs.append((url, name.strip()))
    return pairs


class Command(BaseCommand):
    help = (
        "Add every feed of an OPML file or of a list (one URL a line, optionally a source name "
        "after it). Feeds already present are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--source", default="", help="Source for feeds the file does not give one.")
        add_interval_option(parser)

    def handle(self, *args, file, source, interval, verbosity, **options):
        try:
            pairs = read_feed_list(Path(file).read_bytes())
        except (OSError, ElementTree.ParseError, ValueError) as exc:
            raise CommandError(f"{file}: {exc}") from None
        added = existing = failed = 0
        problems = []
        for url, name in tqdm(pairs, unit="feed", disable=verbosity == 0, file=self.stderr._out):
            if Feed.objects.filter(url=url).exists():
                existing += 1
                continue
            try:
                feed_add(url=url, source_name=name or source, interval_minutes=interval)
            except FeedError as exc:
                failed += 1
                problems.append(f"{url}: {exc}")
                continue
            added += 1
        for problem in problems:
            self.stderr.write(problem)
        self.stdout.write(f"{added} added, {existing} already present, {failed} failed")
