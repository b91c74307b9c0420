"""Verdict API speed: 50-item pages at 100,000 claims, beside a plain DRF ModelViewSet.

Fills PostgreSQL with claims, published verdicts (with evidence, appearances and the
change log) using bulk_create, serves the product under gunicorn on loopback with its
real middleware, key authentication and Redis throttling, and loads each endpoint with
a few client threads in turn. Prints requests/s, client latency p50/p99 and the server's
own time per request (Server-Timing) for:

- our verdict page (``/api/v1/verdicts/?page_size=50``),
- a plain ``ModelViewSet`` + ``ModelSerializer(fields="__all__")`` over the same
  published verdicts, same pagination and settings (``bench/api_urls.py``),
- a change-feed page (``/api/v1/changes/?after=<random>&limit=50``),
- a ClaimReview page (``/api/v1/claimreviews/?page_size=50``).

    .venv/bin/python bench/api.py [--claims 100000] [--seconds 10] [--database-url postgres://...]

Without ``--database-url`` it starts a throwaway PostgreSQL server (as ``dev.py test``
does) and removes it after. Targets: our page >= 3x the plain view's requests/s, and
<= 20 ms server time (p50) per page. Nothing here is asserted: it prints figures.

Measured on the 2-core development machine, shared (load average 6), 2 December 2026,
``--database-url`` of a filled database, ``--seconds 10``:

    concurrency 1          req/s   p50 ms   p99 ms   server p50   server p99
    ours: verdicts          73.1     12.4     31.7         10.1         27.0
    plain ModelViewSet       8.9    112.2    224.3        107.7        221.7
    change feed page        46.6     21.3     44.2         17.0         38.5
    ClaimReview page        41.1     23.9     47.0         19.3         41.7

    concurrency 4          req/s   p50 ms   p99 ms   server p50   server p99
    ours: verdicts          97.6     34.3     95.7         14.1         52.7
    plain ModelViewSet      12.2    319.2    491.8        152.5        255.9
    change feed page        61.3     63.7    130.1         25.5         55.5
    ClaimReview page        53.2     75.7    121.0         31.0         57.0

Ours is 8x the plain view (which runs one query per verdict for its evidence and builds
model instances and DRF fields per row); our page costs 4 queries whatever its size.
The first versions built model instances too and paid 60-90 ms on this machine: rows
(``selectors.verdict_rows``), one Redis round trip for the throttle and no filter form
when nothing is filtered brought it to the figures above.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import dev  # noqa: E402
from factcheck import embedded  # noqa: E402

BATCH = 5000


def fill(n_claims: int) -> None:
    """Bulk-insert ``n_claims`` claims, each with a published verdict citing one piece of
    evidence and seen in one article, and the change log that publishing them writes."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from claims.models import Change, ChangeCounter, Claim, Claimant, ClaimAppearance, Evidence, Verdict
    from sources.models import Article, Source

    call_command("migrate", verbosity=0)
    if Claim.objects.count() >= n_claims:
        print(f"database already holds {Claim.objects.count():,} claims", flush=True)
        return
    started = time.perf_counter()
    author = get_user_model().objects.create_user("bench-editor", is_staff=True)
    sources = Source.objects.bulk_create(
        [Source(name=f"Outlet {i}", domain=f"outlet{i}.example") for i in range(50)]
    )
    claimants = Claimant.objects.bulk_create(
        [Claimant(name=f"Speaker {i}", normalized_name=f"speaker {i}", kind="person") for i in range(1000)]
    )
    articles = Article.objects.bulk_create(
        [
            Article(
                source=sources[i % 50],
                url=f"https://outlet{i % 50}.example/story/{i}",
                raw=b"",
                content_hash=f"{i:064x}",
                status=Article.Status.DONE,
                language="en",
            )
            for i in range(2000)
        ],
        batch_size=BATCH,
    )
    now = timezone.now()
    statuses = [Claim.Status.CONFIRMED, Claim.Status.DISPUTED, Claim.Status.UNCONFIRMED]
    seq = 0
    for start in range(0, n_claims, BATCH):
        ids = range(start, min(start + BATCH, n_claims))
        claims = Claim.objects.bulk_create(
            [
                Claim(
                    text=f"Claim {i}: the unemployment rate fell to {i % 97} percent in region {i % 311}.",
                    normalized_hash=f"{i:064x}",
                    claimant=claimants[i % 1000],
                    language="en",
                    checkworthiness=(i % 100) / 100,
                    status=statuses[i % 3],
                    review_state=Claim.ReviewState.PUBLISHED,
                )
                for i in ids
            ]
        )
        ClaimAppearance.objects.bulk_create(
            [
                ClaimAppearance(
                    claim=claim, article=articles[i % 2000], sentence=claim.text, start=0, end=len(claim.text)
                )
                for i, claim in zip(ids, claims, strict=True)
            ]
        )
        evidence = Evidence.objects.bulk_create(
            [
                Evidence(
                    claim=claim,
                    url=f"https://stats.example/release/{i}",
                    source=sources[i % 50],
                    excerpt="The rate was 4.4 percent.",
                    stance=Evidence.Stance.REFUTES,
                    note="Checked with the statistics office.",
                    added_by=author,
                )
                for i, claim in zip(ids, claims, strict=True)
            ]
        )
        verdicts = Verdict.objects.bulk_create(
            [
                Verdict(
                    claim=claim,
                    status=claim.status,
                    explanation="What the evidence shows, in words readers understand.",
                    author=author,
                    is_published=True,
                    published_at=now,
                )
                for claim in claims
            ]
        )
        Verdict.evidence.through.objects.bulk_create(
            [
                Verdict.evidence.through(verdict_id=v.pk, evidence_id=e.pk)
                for v, e in zip(verdicts, evidence, strict=True)
            ]
        )
        changes = []
        for verdict in verdicts:
            seq += 1
            changes.append(
                Change(
                    seq=seq, kind=Change.Kind.VERDICT_PUBLISHED, claim_id=verdict.claim_id, verdict=verdict
                )
            )
        Change.objects.bulk_create(changes)
        print(f"\r  filled {ids.stop:,} claims", end="", flush=True)
    ChangeCounter.objects.update_or_create(pk=1, defaults={"last": seq})
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nfilled {n_claims:,} claims in {time.perf_counter() - started:.0f} s", flush=True)


def load(port: int, paths: list[str], seconds: float, concurrency: int) -> dict[str, float]:
    """Closed-loop load: ``concurrency`` threads each send the next request as soon as
    the last answered. Returns requests/s, client latency and server time percentiles."""
    latencies: list[float] = []
    server: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        while time.perf_counter() < deadline:
            path = rng.choice(paths)
            begun = time.perf_counter()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            elapsed = time.perf_counter() - begun
            timing = response.getheader("Server-Timing", "")
            connection.close()
            with lock:
                if response.status != 200:
                    errors[0] += 1
                    continue
                latencies.append(elapsed * 1000)
                if "dur=" in timing:
                    server.append(float(timing.split("dur=")[1]))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors[0] or not latencies:
        raise SystemExit(f"{errors[0]} requests failed on {paths[0]}")

    def pct(values: list[float], q: int) -> float:
        return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]

    return {
        "rps": len(latencies) / wall,
        "p50": pct(latencies, 50),
        "p99": pct(latencies, 99),
        "server_p50": pct(server, 50),
        "server_p99": pct(server, 99),
        "n": len(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=10.0, help="load time per endpoint")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--database-url", help="an empty (or already filled) PostgreSQL database")
    args = parser.parse_args()

    with ExitStack() as stack:
        database_url = dev.bench_database(stack, args.database_url)
        redis_port = embedded.free_port()
        redis_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-redis-")))
        redis = embedded.start_redis(port=redis_port, data_dir=redis_dir)
        stack.callback(embedded.stop, redis)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "api_site",
            "PYTHONPATH": f"{ROOT / 'bench'}{os.pathsep}{ROOT}",
            "DJANGO_SECRET_KEY": "bench-only-not-secret",
            "DATABASE_URL": database_url,
            "FACTCHECK_CACHE_URL": f"redis://127.0.0.1:{redis_port}/0",
            "FACTCHECK_DATA_DIR": str(redis_dir),
            # The limiter still counts every request in Redis; it just never refuses one here.
            "FACTCHECK_API_ANON_RATE": "1000000000/minute",
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        os.environ.update(
            {k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "DJANGO_SECRET_KEY")}
        )
        os.environ["FACTCHECK_DATA_DIR"] = env["FACTCHECK_DATA_DIR"]
        sys.path.insert(0, str(ROOT / "bench"))
        fill(args.claims)

        port = embedded.free_port()
        gunicorn = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "factcheck.wsgi:application",
            ],
            cwd=ROOT,
            env=env,
        )
        stack.callback(embedded.stop, gunicorn)
        deadline = time.monotonic() + 30
        while not embedded.port_open(port):
            if gunicorn.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)

        rng = random.Random(0)
        endpoints = {
            "ours: /api/v1/verdicts/": ["/api/v1/verdicts/?page_size=50"],
            "plain ModelViewSet": ["/plain/verdicts/?page_size=50"],
            "change feed page": [
                f"/api/v1/changes/?after={rng.randrange(args.claims - 50)}&limit=50" for _ in range(200)
            ],
            "ClaimReview page": ["/api/v1/claimreviews/?page_size=50"],
        }
        for paths in endpoints.values():
            load(port, paths, 1.0, args.concurrency)  # warm up every worker and cache
        results = {
            name: load(port, paths, args.seconds, args.concurrency) for name, paths in endpoints.items()
        }

    print(
        f"\n{args.claims:,} claims and published verdicts on PostgreSQL; gunicorn {args.workers} workers, "
        f"{args.concurrency} client threads, {args.seconds:g} s per endpoint, 50 items per page\n"
    )
    print(f"{'endpoint':<26} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'server p50':>11} {'server p99':>11}")
    for name, r in results.items():
        print(
            f"{name:<26} {r['rps']:>8.1f} {r['p50']:>8.1f} {r['p99']:>8.1f} "
            f"{r['server_p50']:>11.1f} {r['server_p99']:>11.1f}"
        )
    ours, plain = results["ours: /api/v1/verdicts/"], results["plain ModelViewSet"]
    ratio = ours["rps"] / plain["rps"]
    print(
        f"\nthroughput, ours / plain: {ratio:.2f}x (target >= 3x); server time of our page p50 "
        f"{ours['server_p50']:.1f} ms (target <= 20 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
