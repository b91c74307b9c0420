"""``manage.py ingest PATH_OR_URL... [--sync]``: store articles and queue them for splitting."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources import services
from sources.fetching import FetchError, fetch_url
from sources.models import Article

DOCUMENT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html", ".htm": "text/html"}


@dataclass(frozen=True)
class Loaded:
    """One input read: its bytes, or its start and the reason it was refused."""

    data: bytes
    content_type: str = ""
    url: str = ""
    refused: str = ""


class Command(BaseCommand):
    help = (
        "Store .txt/.html files, folders of them, or http(s) URLs as articles and queue them for "
        "splitting into claims. The same content twice is stored once. Exits with status 1 if any "
        "input was rejected or (with --sync) failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("targets", nargs="+", metavar="PATH_OR_URL")
        parser.add_argument(
            "--sync", action="store_true", help="Process in this process, without a broker or worker."
        )

    def handle(self, *args, targets, sync, verbosity, **options):
        items = list(self._collect(targets))
        if not items:
            raise CommandError("nothing to ingest: no .txt or .html files found")
        counts = {"stored": 0, "duplicate": 0, "rejected": 0, "failed": 0}
        problems: list[str] = []
        bar = tqdm(items, unit="doc", disable=verbosity == 0 or len(items) < 2, file=self.stderr._out)
        for label, load in bar:
            bar.set_postfix_str(label[-40:], refresh=False)
            try:
                loaded = load()
            except (OSError, FetchError) as exc:
                # Nothing was read (a URL refused or unreachable, a file gone): no row to store.
                counts["rejected"] += 1
                problems.append(f"{label}: rejected: {_one_line(exc)}")
                continue
            outcome = services.article_store(
                data=loaded.data,
                original_name=label,
                url=loaded.url,
                content_type=loaded.content_type,
                enqueue=not sync,
                refused=loaded.refused,
            )
            article = outcome.article
            if not outcome.created:
                counts["duplicate"] += 1
                continue
            if outcome.rejected:
                counts["rejected"] += 1
                problems.append(f"{label}: {article.last_error} (article {article.pk})")
                continue
            counts["stored"] += 1
            if sync:
                article = services.article_process_now(article=article)
                if article.status == Article.Status.FAILED:
                    counts["failed"] += 1
                    problems.append(f"{label}: failed: {article.last_error} (article {article.pk})")
        for problem in problems:
            self.stderr.write(problem)
        mode = "processed in-process" if sync else "queued for the workers"
        summary = (
            f"{counts['stored']} stored ({mode}), {counts['duplicate']} duplicate, "
            f"{counts['rejected']} rejected"
        )
        if sync:
            summary += f", {counts['failed']} failed"
        self.stdout.write(summary)
        if counts["rejected"] or counts["failed"]:
            not_done = counts["rejected"] + counts["failed"]
            raise CommandError(f"{not_done} of {len(items)} inputs were rejected or failed (listed above)")

    def _collect(self, targets: list[str]) -> Iterator[tuple[str, Callable[[], Loaded]]]:
        for target in targets:
            if target.lower().startswith(("http://", "https://")):
                yield target, partial(self._fetch, target)
                continue
            path = Path(target)
            try:
                is_dir, is_file = path.is_dir(), path.is_file()
            except OSError as exc:  # a name longer than the system allows, a loop of links
                raise CommandError(f"{_shown(target)}: {_one_line(exc)}") from None
            if is_dir:
                files = sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                )
                for file in files:
                    yield str(file), partial(self._read, file)
            elif is_file:
                yield str(path), partial(self._read, path)
            else:
                raise CommandError(f"{_shown(target)}: no such file, folder or http(s) URL")

    @staticmethod
    def _read(path: Path) -> Loaded:
        limit = settings.FACTCHECK_FETCH_MAX_BYTES
        content_type = DOCUMENT_SUFFIXES.get(path.suffix.lower(), "")
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            if size <= limit:
                data = file.read(limit + 1)
                if len(data) <= limit:
                    return Loaded(data, content_type)
                size = len(data)  # it grew while we read it
            file.seek(0)
            sample = file.read(services.REFUSED_SAMPLE_BYTES)
        # Too large to read whole: stored as failed, with its start and the reason.
        reason = f"the file is {size:,} bytes; the limit is {limit:,} (FACTCHECK_FETCH_MAX_BYTES)"
        return Loaded(sample, content_type, refused=reason)

    @staticmethod
    def _fetch(url: str) -> Loaded:
        fetched = fetch_url(
            url, max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES, timeout=settings.FACTCHECK_FETCH_TIMEOUT
        )
        return Loaded(fetched.data, fetched.content_type, fetched.url)


def _one_line(exc: BaseException) -> str:
    """An OSError as its reason alone ("File name too long"), other errors as their message."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return " ".join(str(exc).split())


def _shown(target: str, limit: int = 80) -> str:
    return target if len(target) <= limit else target[: limit // 2] + "…" + target[-limit // 2 :]
