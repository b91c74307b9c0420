"""``manage.py ingest PATH_OR_URL... [--sync]``: store articles and queue them for splitting."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources import services
from sources.fetching import FetchError, fetch_url
from sources.models import Article

DOCUMENT_SUFFIXES = {".txt": "text/plain", ".text": "text/plain", ".html": "text/html", ".htm": "text/html"}


class Command(BaseCommand):
    help = (
        "Store .txt/.html files, folders of them, or http(s) URLs as articles and queue them for "
        "splitting into claims. The same content twice is stored once."
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
        counts = {"stored": 0, "duplicate": 0, "rejected": 0}
        problems: list[str] = []
        bar = tqdm(items, unit="doc", disable=verbosity == 0 or len(items) < 2, file=self.stderr._out)
        for label, load in bar:
            bar.set_postfix_str(label[-40:], refresh=False)
            try:
                data, content_type, url = load()
            except (OSError, FetchError) as exc:
                counts["rejected"] += 1
                problems.append(f"{label}: {exc}")
                continue
            outcome = services.article_store(
                data=data, original_name=label, url=url, content_type=content_type, enqueue=not sync
            )
            article = outcome.article
            if not outcome.created:
                counts["duplicate"] += 1
                continue
            if outcome.rejected:
                counts["rejected"] += 1
                problems.append(f"{label}: {article.last_error}")
                continue
            counts["stored"] += 1
            if sync:
                article = services.article_process_now(article=article)
                if article.status == Article.Status.FAILED:
                    problems.append(f"{label}: {article.last_error}")
        for problem in problems:
            self.stderr.write(problem)
        mode = "processed in-process" if sync else "queued for the workers"
        self.stdout.write(
            f"{counts['stored']} stored ({mode}), {counts['duplicate']} duplicate, {counts['rejected']} rejected"
        )

    def _collect(self, targets):
        for target in targets:
            if target.startswith(("http://", "https://")):
                yield target, lambda url=target: self._fetch(url)
                continue
            path = Path(target)
            if path.is_dir():
                files = sorted(
                    p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES
                )
                for file in files:
                    yield str(file), lambda file=file: self._read(file)
            elif path.is_file():
                yield str(path), lambda path=path: self._read(path)
            else:
                raise CommandError(f"{target}: no such file, folder or http(s) URL")

    @staticmethod
    def _read(path: Path):
        size = path.stat().st_size
        if size > settings.FACTCHECK_FETCH_MAX_BYTES:
            raise OSError(f"file is {size:,} bytes; the limit is {settings.FACTCHECK_FETCH_MAX_BYTES:,}")
        return path.read_bytes(), DOCUMENT_SUFFIXES.get(path.suffix.lower(), ""), ""

    @staticmethod
    def _fetch(url: str):
        fetched = fetch_url(
            url, max_bytes=settings.FACTCHECK_FETCH_MAX_BYTES, timeout=settings.FACTCHECK_FETCH_TIMEOUT
        )
        return fetched.data, fetched.content_type, fetched.url
