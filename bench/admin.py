"""The editors' desk at newsroom scale: server time and queries of each admin page.

Fills a PostgreSQL database with 1,000, then 10,000, then 100,000 claims (about ten
appearances each, 10,000 to 100,000 articles over 50 sources, a tenth of the claims
with a verdict) using bulk_create, and for each size prints the median server time
of several requests through Django's test client (the whole request: middleware,
session, queries, template) and the number of SQL queries of:

    the claim queue (opens on "awaiting triage"), the unfiltered list, filtered by
    status, searched; a claim's page; the appearance list; the article list; the
    index with its counts and chart (cold: counted; warm: cached)

    .venv/bin/python bench/admin.py [--sizes 1000,10000,100000] [--repeat 5]

Without DATABASE_URL it starts a throwaway PostgreSQL server (Debian's, as the tests
do) and removes it afterwards; with DATABASE_URL it fills that database (which must
be a scratch one). Target: every page under 300 ms at 100,000 claims, with a number
of queries that does not grow with the data.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
import warnings
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0
SUBJECTS = "Unemployment|Inflation|Crime|Hospital waiting times|Rents|The deficit|Emissions|Turnout|Exports|Knife crime".split(
    "|"
)
VERBS = "fell to|rose to|doubled to|reached|stayed at|dropped below|climbed above".split("|")
PLACES = "Ardenia|the capital|the north|rural areas|the eurozone|Kursk|the county|schools".split("|")


def database_url(stack: ExitStack) -> str:
    import dev

    return dev.bench_database(stack, os.environ.get("DATABASE_URL"))


def setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    os.environ.setdefault("FACTCHECK_DESK_CACHE_SECONDS", "60")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def claim_text(rng: random.Random, i: int) -> str:
    return (
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.randint(2, 99)} percent in "
        f"{rng.choice(PLACES)} in {rng.randint(1990, 2026)}, report {i}."
    )


def fill(claims_wanted: int, rng: random.Random) -> None:
    """Grow the data to ``claims_wanted`` claims (and its articles, appearances, verdicts)."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from claims.models import Claim, Claimant, ClaimAppearance, Evidence, Verdict
    from claims.services import claim_hash
    from sources.models import Article, Source

    now = timezone.now()
    batch = 5000
    sources = list(Source.objects.all()) or Source.objects.bulk_create(
        [Source(name=f"Outlet {i}", domain=f"outlet{i}.example") for i in range(50)]
    )
    claimants = list(Claimant.objects.all()) or Claimant.objects.bulk_create(
        [Claimant(name=f"Speaker {i}", normalized_name=f"speaker {i}") for i in range(5000)]
    )
    author = get_user_model().objects.get(username="bench-editor")

    have_articles = Article.objects.count()
    articles_wanted = max(10_000, claims_wanted)
    rows = []
    for i in range(have_articles, articles_wanted):
        failed = i % 50 == 0
        rows.append(
            Article(
                source=sources[i % len(sources)],
                url=f"https://outlet{i % 50}.example/news/{i}",
                title=f"Article {i}: figures from the ministry",
                published_at=now - timedelta(minutes=i),
                language="en",
                raw=b"",
                text="",
                content_hash=f"{i:064x}",
                status=Article.Status.FAILED if failed else Article.Status.DONE,
                last_error="fetch failed: 404" if failed else "",
            )
        )
    for start in range(0, len(rows), batch):
        Article.objects.bulk_create(rows[start : start + batch])
    article_ids = list(Article.objects.values_list("pk", flat=True))

    have_claims = Claim.objects.count()
    states = (
        ["new"] * 70 + ["in_review"] * 10 + ["verdict_drafted"] * 5 + ["published"] * 10 + ["dismissed"] * 5
    )
    for start in range(have_claims, claims_wanted, batch):
        claims = []
        for i in range(start, min(start + batch, claims_wanted)):
            text = claim_text(rng, i)
            state = rng.choice(states)
            claims.append(
                Claim(
                    text=text,
                    normalized_hash=claim_hash(text),
                    claimant=rng.choice(claimants) if rng.random() < 0.8 else None,
                    language="en",
                    checkworthiness=round(rng.random(), 4),
                    review_state=state,
                    status="disputed" if state == "published" else "unconfirmed",
                    dismiss_reason="not_checkworthy" if state == "dismissed" else "",
                )
            )
        claims = Claim.objects.bulk_create(claims)
        appearances, evidence, verdicts = [], [], []
        for claim in claims:
            for n in range(rng.randint(1, 19)):
                appearances.append(
                    ClaimAppearance(
                        claim=claim,
                        article_id=rng.choice(article_ids),
                        sentence=f"The minister said that {claim.text[:1].lower()}{claim.text[1:]}",
                        start=n * 200,
                        end=n * 200 + 150,
                        claimant_text=claim.claimant.name if claim.claimant else "",
                        score=claim.checkworthiness,
                    )
                )
            if claim.review_state in ("verdict_drafted", "published"):
                evidence.append(
                    Evidence(
                        claim=claim, url="https://stats.example/table", stance="refutes", added_by=author
                    )
                )
                verdicts.append(
                    Verdict(
                        claim=claim,
                        status="disputed",
                        explanation="The official series says otherwise.",
                        author=author,
                        is_published=claim.review_state == "published",
                        published_at=now - timedelta(days=rng.randint(0, 29))
                        if claim.review_state == "published"
                        else None,
                    )
                )
        ClaimAppearance.objects.bulk_create(appearances, batch_size=batch, ignore_conflicts=True)
        Evidence.objects.bulk_create(evidence, batch_size=batch)
        Verdict.objects.bulk_create(verdicts, batch_size=batch)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@dataclass(frozen=True, slots=True)
class Timing:
    wall_ms: float  # median server time of a request, as a client waits for it
    cpu_ms: float  # median CPU time of this (Django) process: less hit by a busy machine
    sql_ms: float  # time in SQL of the measured request whose queries are counted
    queries: int


def measure(client, url: str, repeat: int, before=lambda: None) -> Timing:
    """Median times of ``repeat`` requests and the queries of one, after one to warm up."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: per-process caches (content types, filter choices) filled
    before()
    # Django empties the query log when a request starts: start the capture from empty.
    reset_queries()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    queries = len(captured)  # now: the log is emptied by the next request
    sql = sum(float(query["time"]) for query in captured.captured_queries) * 1000
    times, cpu = [], []
    for _ in range(repeat):
        before()
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return Timing(statistics.median(times), statistics.median(cpu), sql, queries)


def pages(claim_id: int) -> list[tuple[str, str]]:
    return [
        ("claim queue (awaiting triage)", "/admin/claims/claim/"),
        ("claim list, unfiltered", "/admin/claims/claim/?state=all"),
        ("claim list, status=disputed", "/admin/claims/claim/?state=all&status__exact=disputed"),
        ("claim list, searched 'rents'", "/admin/claims/claim/?state=all&q=rents"),
        ("claim list, searched rare", "/admin/claims/claim/?state=all&q=4242."),
        ("claim page", f"/admin/claims/claim/{claim_id}/change/"),
        ("appearance list", "/admin/claims/claimappearance/"),
        ("article list", "/admin/sources/article/"),
        ("index, counts cached", "/admin/"),
    ]


def main() -> int:
    warnings.filterwarnings("ignore", message="No directory at")
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with ExitStack() as stack:
        setup(database_url(stack))
        from django.contrib.auth import get_user_model
        from django.core.cache import cache
        from django.test import Client

        from claims.models import Claim, ClaimAppearance
        from claims.roles import sync_groups
        from sources.models import Article

        editors, _ = sync_groups()
        user, _ = get_user_model().objects.get_or_create(username="bench-editor", defaults={"is_staff": True})
        user.groups.add(editors)
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        rng = random.Random(15)
        print(f"{'page':32} {'claims':>8} {'ms':>7} {'cpu ms':>7} {'sql ms':>7} {'queries':>7}")
        slow = []
        for size in sizes:
            started = time.monotonic()
            fill(size, rng)
            print(
                f"-- {Claim.objects.count():,} claims, {ClaimAppearance.objects.count():,} appearances, "
                f"{Article.objects.count():,} articles (filled in {time.monotonic() - started:.0f} s; "
                f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)"
            )
            top = Claim.objects.triage_queue().first()
            rows = [(label, measure(client, url, args.repeat)) for label, url in pages(top.pk)]
            rows.append(
                ("index, counts recounted", measure(client, "/admin/", args.repeat, before=cache.clear))
            )
            for label, timing in rows:
                print(
                    f"{label:32} {size:>8,} {timing.wall_ms:>7.1f} {timing.cpu_ms:>7.1f} "
                    f"{timing.sql_ms:>7.1f} {timing.queries:>7}",
                    flush=True,
                )
                if size >= 100_000 and timing.wall_ms > TARGET_MS:
                    slow.append(label)
        if slow:
            print(f"over {TARGET_MS:.0f} ms at 100,000 claims: {', '.join(slow)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
