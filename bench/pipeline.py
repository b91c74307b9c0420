"""End-to-end ingestion throughput: feeds polled through Celery on Redis into PostgreSQL.

A local HTTP server serves FEEDS feeds of ENTRIES entries each: realistic news pages
(20-40 sentences made from the labelled news texts, varied so that every page's text
differs, inside page furniture: navigation, a cookie banner, "most read", related
links, a subscription prompt, a footer). Celery worker processes (``--pool solo``,
one per process, as ``docker compose --scale worker=N`` runs them) poll the feeds, fetch
every page through the address guard, store and split the articles. The clock runs
from the first poll message until every article is split and stored. Each worker
count runs on an emptied database and broker. Beside it, in the same run, the splitter
alone (extract + split, no fetching, queueing or storing) on the same pages, one core.

    .venv/bin/python bench/pipeline.py                      # 200 feeds x 50 entries; 1, 2, 4 workers
    .venv/bin/python bench/pipeline.py --quick              # 10 feeds x 10 entries (CI)
    .venv/bin/python bench/pipeline.py --feeds 40 --entries 25 --workers 1 2 --profile
    .venv/bin/python bench/pipeline.py --database-url postgres://user:pass@host:5432/db

Without ``--database-url`` a throwaway PostgreSQL server is started in a temporary
folder (as ``dev.py test`` does); Redis is started on a free port. ``--profile`` also
runs one worker's work in this process under cProfile on a slice of the feeds and
prints where the time goes, grouped by component.

Target (PRODUCT.md): at least 50 articles/s end to end on a 2-core machine.
"""

from __future__ import annotations

import argparse
import cProfile
import html
import http.server
import os
import pstats
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 50.0
NEWS = ROOT / "claims" / "splitting" / "evaluation" / "news"
_SENTENCE_END = re.compile(r'(?<=[.!?])["”’]?\s+(?=["“A-Z0-9])')
_SMALL_NUMBER = re.compile(r"\b\d{1,3}\b")
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FURNITURE_HEADLINES = [
    "Ten things to know before the long weekend",
    "Live: markets react to the rate decision",
    "Opinion: what the census really tells us",
    "Weather warning issued for the coast",
    "Quiz of the week: how closely were you following?",
    "Obituary: the architect who rebuilt the old town",
]


# --- the news site -------------------------------------------------------------------


@lru_cache(maxsize=1)
def news_sentences() -> list[list[str]]:
    """Sentences of each labelled news text (headline line dropped)."""
    texts = []
    for path in sorted(NEWS.glob("*.txt")):
        body = path.read_text(encoding="utf-8").strip().split("\n", 1)[-1]
        sentences = [s.strip() for s in _SENTENCE_END.split(" ".join(body.split())) if s.strip()]
        if sentences:
            texts.append(sentences)
    return texts


def article(index: int) -> tuple[str, list[str]]:
    """Headline and paragraphs of page ``index``: 20-40 sentences of one news text
    (topped up from the next ones), numbers shifted and a closing line added so that
    no two pages have the same text."""
    texts = news_sentences()
    rng = random.Random(index)
    sentences = list(texts[index % len(texts)])
    k = 1
    while len(sentences) < 20:
        sentences += texts[(index + k) % len(texts)]
        k += 1
    sentences = sentences[: rng.randint(20, 40)]
    shift = index // len(texts)
    if shift:
        sentences = [_SMALL_NUMBER.sub(lambda m: str(int(m.group()) + shift), s) for s in sentences]
    sentences.append(
        f"The figures were last revised on {WEEKDAYS[index % 7]} at {index // 7 % 24}:{index % 60:02d}, "
        f"the desk said in update number {index}."
    )
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.randint(2, 4)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    headline = sentences[0].split(",")[0][:90].rstrip(".")
    return headline, paragraphs


def page_html(index: int, url: str) -> bytes:
    headline, paragraphs = article(index)
    rng = random.Random(index * 7 + 1)
    published = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=index * 13)
    most_read = "".join(
        f"<li><a href='/most-read/{i}'>{h}</a></li>" for i, h in enumerate(rng.sample(FURNITURE_HEADLINES, 4))
    )
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(headline)} | The Bench Herald</title>
<link rel="canonical" href="{url}"><meta property="og:url" content="{url}">
<meta property="og:title" content="{html.escape(headline)}"><meta name="author" content="Staff Reporter">
<meta property="article:published_time" content="{published.isoformat()}">
<script>window.dataLayer = window.dataLayer || []; function gtag(){{dataLayer.push(arguments);}}</script>
<style>body {{ font-family: serif; }} nav a {{ margin: 0 4px; }}</style></head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button> <a href="/privacy">Manage settings</a></div>
<header><a href="/" class="logo">The Bench Herald</a>
<nav><a href="/news">News</a><a href="/politics">Politics</a><a href="/business">Business</a><a href="/sport">Sport</a><a href="/opinion">Opinion</a><a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{html.escape(headline)}</h1>
<div class="byline">By Staff Reporter · {published:%d %B %Y}</div>
{body}
<div class="share">Share this article: <a href="#">Facebook</a> <a href="#">X</a> <a href="#">Email</a></div>
</article>
<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>
<section class="related"><h2>Related</h2><ul><li><a href="/r/1">{FURNITURE_HEADLINES[index % 6]}</a></li></ul></section>
<div class="paywall">Enjoying our journalism? Subscribe from £1 a week. <a href="/subscribe">Subscribe now</a></div>
</main>
<footer><a href="/about">About us</a> <a href="/contact">Contact</a> <a href="/terms">Terms</a> © 2026 The Bench Herald Ltd. All rights reserved.</footer>
</body></html>""".encode()


def feed_xml(feed: int, entries: int, base: str) -> bytes:
    items = []
    for j in range(entries):
        index = feed * entries + j
        headline, paragraphs = article(index)
        published = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(minutes=index * 13)
        url = f"{base}/news/{feed}/{j}.html"
        items.append(
            f"<item><title>{html.escape(headline)}</title><link>{url}</link><guid>{url}</guid>"
            f"<description>{html.escape(paragraphs[0][:200])}</description>"
            f"<pubDate>{published:%a, %d %b %Y %H:%M:%S} GMT</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Bench Herald feed {feed}</title><link>{base}/</link><description>News</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


class NewsSite:
    """The feeds and pages, served from memory by a threaded HTTP server."""

    def __init__(self, feeds: int, entries: int):
        self.feeds, self.entries = feeds, entries
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def page(self, feed: int, entry: int) -> bytes:
        return page_html(feed * self.entries + entry, f"{self.base}/news/{feed}/{entry}.html")

    def _handler(self):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                match = re.fullmatch(r"/feeds/(\d+)\.xml|/news/(\d+)/(\d+)\.html|/robots\.txt", self.path)
                if match is None:
                    return self._send(404, b"not found", "text/plain")
                if self.path == "/robots.txt":
                    return self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
                if match.group(1):
                    return self._send(
                        200, feed_xml(int(match.group(1)), site.entries, site.base), "application/rss+xml"
                    )
                return self._send(
                    200, site.page(int(match.group(2)), int(match.group(3))), "text/html; charset=utf-8"
                )

            def _send(self, status, body, content_type):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    def close(self):
        self.server.shutdown()


# --- the pipeline ----------------------------------------------------------------------


def worker_env(database_url: str, redis_url: str, data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": redis_url,
        "FACTCHECK_DATA_DIR": str(data_dir),
        # The news site is on 127.0.0.1: the development switch, never in production.
        "FETCH_ALLOW_PRIVATE_ADDRESSES": "1",
        # Every feed is on one local host here; real feeds spread over many hosts.
        "FACTCHECK_FETCH_PER_HOST": "64",
        "DJANGO_LOG_LEVEL": "WARNING",
    }


def start_workers(count: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen]:
    from factcheck import embedded

    workers = []
    for k in range(count):
        log = open(logs / f"worker-{k}.log", "wb")  # noqa: SIM115 - closed with the process
        workers.append(
            subprocess.Popen(
                embedded.celery_worker_command("-n", f"bench{k}@%h"),
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    deadline = time.monotonic() + 120
    for k in range(count):
        while b"ready." not in (logs / f"worker-{k}.log").read_bytes():
            if workers[k].poll() is not None or time.monotonic() > deadline:
                raise SystemExit((logs / f"worker-{k}.log").read_text(errors="replace"))
            time.sleep(0.2)
    return workers


def stop_workers(workers: list[subprocess.Popen]) -> None:
    from factcheck import embedded

    for worker in workers:
        embedded.stop(worker)


def reset(redis_url: str) -> None:
    import redis
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    redis.Redis.from_url(redis_url).flushdb()


def add_feeds(site: NewsSite) -> None:
    from sources.models import Feed, Source

    source = Source.objects.create(name="The Bench Herald", domain="127.0.0.1")
    Feed.objects.bulk_create(
        Feed(source=source, url=f"{site.base}/feeds/{i}.xml", poll_interval_minutes=60)
        for i in range(site.feeds)
    )


def run_pipeline(site: NewsSite, workers: int, env: dict[str, str], logs: Path, redis_url: str) -> dict:
    from sources.feeds import feeds_dispatch_due
    from sources.models import Article, Feed

    reset(redis_url)
    add_feeds(site)
    expected = site.feeds * site.entries
    processes = start_workers(workers, env, logs)
    try:
        started = time.perf_counter()
        feeds_dispatch_due()
        finished = Article.Status.DONE, Article.Status.FAILED
        last_progress, last_count = time.perf_counter(), -1
        while True:
            done = Article.objects.filter(status__in=finished).count()
            total = Article.objects.count()
            if done >= expected or (
                total
                and done == total
                and not Feed.objects.filter(last_polled_at__isnull=True).exists()
                and time.perf_counter() - last_progress > 20
            ):
                break
            if done != last_count:
                last_progress, last_count = time.perf_counter(), done
            elif time.perf_counter() - last_progress > 120:
                print(f"  stalled at {done}/{expected} articles", flush=True)
                break
            time.sleep(0.25)
        elapsed = time.perf_counter() - started
    finally:
        stop_workers(processes)
    failed = Article.objects.filter(status=Article.Status.FAILED)
    return {
        "workers": workers,
        "articles": Article.objects.filter(status=Article.Status.DONE).count(),
        "failed": failed.count(),
        "first_failure": failed.values_list("last_error", flat=True).first() or "",
        "seconds": elapsed,
    }


def round_trip_ms(count: int = 200) -> float:
    """What one query costs on this machine right now: most of a worker's time is queries."""
    from django.db import connection

    with connection.cursor() as cursor:
        started = time.perf_counter()
        for _ in range(count):
            cursor.execute("SELECT 1")
        return 1000 * (time.perf_counter() - started) / count


def splitter_alone(site: NewsSite, sample: int) -> tuple[int, float]:
    """Extract and split the same pages in this process, one core; articles/s."""
    from claims.splitting import default_splitter

    splitter = default_splitter()
    pages = [(f, e) for f in range(site.feeds) for e in range(site.entries)][:sample]
    first = site.page(*pages[0])
    splitter.split(first, content_type="text/html")  # models loaded outside the clock
    started = time.perf_counter()
    for feed, entry in pages:
        url = f"{site.base}/news/{feed}/{entry}.html"
        splitter.split(site.page(feed, entry), content_type="text/html", url=url)
    return len(pages), time.perf_counter() - started


COMPONENTS = [
    (
        "extraction (trafilatura, lxml)",
        ("trafilatura", "lxml", "justext", "htmldate", "courlan", "claims/splitting/extract"),
    ),
    (
        "splitting (segment, score, attribute, decompose)",
        ("claims/splitting", "onnxruntime", "tokenizers", "numpy", "py3langid", "sklearn"),
    ),
    (
        "database (Django ORM, psycopg)",
        ("django/db", "psycopg", "claims/services", "sources/models", "sources/selectors"),
    ),
    (
        "fetching (HTTP, guard, robots)",
        ("urllib3", "http/client", "socket", "ssl", "sources/fetching", "robotparser"),
    ),
    ("feed parsing (feedparser)", ("feedparser", "sgmllib", "xml/sax", "sources/feedparsing")),
    ("queue (Celery, kombu, Redis)", ("celery", "kombu", "redis")),
]


def profile_one_worker(site: NewsSite, feeds: int, redis_url: str) -> None:
    """One worker's work in this process under cProfile: poll, fetch, store, split."""
    from django.db import connection

    from sources import entries, services
    from sources import feeds as feed_services
    from sources.models import Feed

    reset(redis_url)
    add_feeds(site)
    profiler = cProfile.Profile()
    ids = list(Feed.objects.order_by("pk").values_list("pk", flat=True)[:feeds])
    queries = {"poll": 0, "ingest": 0, "split and record": 0}
    phase = ["poll"]

    by_statement: dict[str, list[float]] = {}

    def count_query(execute, sql, params, many, context):
        queries[phase[0]] += 1
        begun = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = re.sub(r"\s+", " ", sql)[:90]
            by_statement.setdefault(key, []).append(time.perf_counter() - begun)

    started = time.perf_counter()
    count = 0
    profiler.enable()
    with connection.execute_wrapper(count_query):
        for feed_id in ids:
            phase[0] = "poll"
            feed = feed_services.feed_claim(feed_id=feed_id)
            assert feed is not None
            outcome = feed_services.feed_poll(feed=feed)
            for entry in outcome.entries:
                phase[0] = "ingest"
                result = entries.feed_entry_ingest(entry=entry, feed=feed, enqueue=False)
                if result.article is not None and result.status in ("new", "version"):
                    phase[0] = "split and record"
                    services.article_process_now(article=result.article)
                    count += 1
    profiler.disable()
    elapsed = time.perf_counter() - started
    stats = pstats.Stats(profiler)
    totals = dict.fromkeys([name for name, _ in COMPONENTS] + ["other"], 0.0)
    for (filename, _, _), (_, _, tottime, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        path = filename.replace("\\", "/")
        for name, needles in COMPONENTS:
            if any(needle in path for needle in needles):
                totals[name] += tottime
                break
        else:
            totals["other"] += tottime
    whole = sum(totals.values()) or 1.0
    print(
        f"\nWhere one worker's time goes ({count} articles in {elapsed:.1f} s, {count / elapsed:.1f} articles/s, under cProfile):"
    )
    for name, seconds in sorted(totals.items(), key=lambda item: -item[1]):
        print(f"  {name:<52} {seconds:7.2f} s  {100 * seconds / whole:5.1f}%")
    print(
        "SQL queries per article: "
        + ", ".join(f"{name} {n / max(count, 1):.1f}" for name, n in queries.items())
    )
    print("\nSlowest SQL statements in total (count, total s, ms each):")
    for key, times in sorted(by_statement.items(), key=lambda item: -sum(item[1]))[:8]:
        print(f"  {len(times):6d} {sum(times):7.2f} s {1000 * sum(times) / len(times):6.2f} ms  {key}")
    print("\nTop functions by own time:")
    stats.sort_stats("tottime").print_stats(12)
    print("The product's own functions by cumulative time:")
    stats.sort_stats("cumulative").print_stats(r"/(claims|sources)/[^/]+(/[^/]+)?\.py", 20)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--quick", action="store_true", help="10 feeds x 10 entries, 1 and 2 workers (CI)")
    parser.add_argument("--database-url", default="", help="a PostgreSQL database to use (it is emptied)")
    parser.add_argument("--profile", action="store_true", help="also profile one worker's work in-process")
    parser.add_argument(
        "--splitter-sample", type=int, default=500, help="pages for the splitter-alone figure"
    )
    args = parser.parse_args()
    if args.quick:
        args.feeds, args.entries, args.workers = 10, 10, [1, 2]

    import dev
    from factcheck import embedded

    with ExitStack() as stack:
        tmp = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
        stack.callback(shutil.rmtree, tmp, ignore_errors=True)
        database_url = dev.bench_database(stack, args.database_url)
        redis_port = embedded.free_port()
        redis_process = embedded.start_redis(port=redis_port, data_dir=tmp / "redis")
        stack.callback(embedded.stop, redis_process)
        redis_url = f"redis://127.0.0.1:{redis_port}/0"
        env = worker_env(database_url, redis_url, tmp)
        os.environ.update(
            {
                k: env[k]
                for k in (
                    "DJANGO_SETTINGS_MODULE",
                    "DJANGO_SECRET_KEY",
                    "DATABASE_URL",
                    "CELERY_BROKER_URL",
                    "FACTCHECK_DATA_DIR",
                    "FETCH_ALLOW_PRIVATE_ADDRESSES",
                    "FACTCHECK_FETCH_PER_HOST",
                    "DJANGO_LOG_LEVEL",
                )
            }
        )
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        site = NewsSite(args.feeds, args.entries)
        stack.callback(site.close)
        expected = args.feeds * args.entries
        print(f"PostgreSQL round trip (SELECT 1) now: {round_trip_ms():.2f} ms", flush=True)
        print(
            f"{args.feeds} feeds x {args.entries} entries = {expected} articles; {os.cpu_count()} CPUs; "
            f"load average {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        results = []
        for workers in args.workers:
            result = run_pipeline(site, workers, env, tmp, redis_url)
            results.append(result)
            rate = result["articles"] / result["seconds"]
            print(
                f"  {workers} worker(s): {result['articles']} articles in {result['seconds']:.1f} s = {rate:.1f}/s"
                + (
                    f" ({result['failed']} failed: {result['first_failure'][:100]})"
                    if result["failed"]
                    else ""
                ),
                flush=True,
            )
        sample, seconds = splitter_alone(site, min(args.splitter_sample, expected))
        print()
        print("| workers | articles | seconds | articles/s | per worker |")
        print("|---|---|---|---|---|")
        for result in results:
            rate = result["articles"] / result["seconds"]
            print(
                f"| {result['workers']} | {result['articles']} | {result['seconds']:.1f} | {rate:.1f} | {rate / result['workers']:.1f} |"
            )
        print(f"| splitter alone, in-process, 1 core | {sample} | {seconds:.1f} | {sample / seconds:.1f} | |")
        best = max(r["articles"] / r["seconds"] for r in results)
        print(
            f"\nBest end to end: {best:.1f} articles/s (target {TARGET:.0f}); load average now "
            f"{os.getloadavg()[0]:.1f}; PostgreSQL round trip {round_trip_ms():.2f} ms"
        )
        if args.profile:
            profile_one_worker(site, max(1, min(args.feeds, 400 // args.entries)), redis_url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
