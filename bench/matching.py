"""Claim matching at scale: 1,000 new claims against 10k / 100k / 1M known ones.

    python bench/matching.py [--sizes 10000,100000,1000000] [--queries 1000]
    python bench/matching.py --database postgresql [--database-url URL] [--shared-buffers 2GB]

For each size it builds a database with the product's index holding that many known
claims (SQLite: the FTS5 table, the postings and the key table of ``claims.matching.index``; PostgreSQL:
the key table and its postings table, as migrations 0007 and 0016 make them, on a
throwaway server unless ``--database-url`` names one, which is emptied), then matches
``--queries`` new claims through the product's path (``SqlIndex.candidates`` then
``matcher.rank`` and ``matcher.decide``) and prints the per-claim latency (p50, p99),
the database size and the process's peak memory, beside a brute-force scan (every known
claim's vector against the new one, numpy, vectors held in memory) in the same run.

Known claims: the 24,600 verified claims of the two claim-matching sets, repeated with
about a third of their words swapped for words drawn from the same pool (so the terms keep
a natural frequency) and a random figure; vectors are random unit vectors (encoding a
million sentences would take hours; the search cost does not depend on their values). New
claims: half tweets of the sets, half perturbed known claims. The encoder's own time per
claim (one sentence, one thread) is printed once: it comes on top of the search.
"""

from __future__ import annotations

import argparse
import contextlib
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claims.matching import datasets  # noqa: E402
from claims.matching.encoder import DIMENSIONS, default_encoder  # noqa: E402
from claims.matching.index import (  # noqa: E402
    POSTGRES_AFTER_LOAD,
    POSTGRES_SCHEMA,
    SQLITE_SCHEMA,
    TERM_TABLE,
    SqlIndex,
    vector_bytes,
)
from claims.matching.matcher import Settings, decide, rank  # noqa: E402
from claims.matching.text import terms  # noqa: E402


def corpus() -> tuple[list[str], list[str]]:
    claims, tweets = [], []
    for name in datasets.SETS:
        data = datasets.load(name)
        claims += list(data.claims.values())
        tweets += list(data.split("train").queries.values())
    return claims, tweets


def perturbed(text: str, pool: list[str], rng: random.Random) -> str:
    words = [rng.choice(pool) if rng.random() < 0.33 else w for w in text.split()]
    words.insert(rng.randrange(len(words) + 1), f"{rng.randrange(1, 100_000):,}")
    return " ".join(words)


def unit_vectors(n: int, rng: np.random.Generator) -> np.ndarray:
    v = rng.standard_normal((n, DIMENSIONS)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def known_claims(size: int, claims: list[str], pool: list[str], vectors: np.ndarray, batch: int = 10_000):
    """The known claims in batches: (ids, texts, unit vectors); ``vectors`` receives every
    vector as float32 for the brute-force side (numpy multiplies float16 slowly). Seeded by
    ``size``, so both databases hold the same claims."""
    rng, nrng = random.Random(size), np.random.default_rng(size)
    for start in range(0, size, batch):
        n = min(batch, size - start)
        texts = [perturbed(claims[(start + i) % len(claims)], pool, rng) for i in range(n)]
        vecs = unit_vectors(n, nrng)
        vectors[start : start + n] = vecs
        yield range(start + 1, start + n + 1), texts, vecs


def build(
    path: Path, size: int, claims: list[str], pool: list[str]
) -> tuple[sqlite3.Connection, np.ndarray, float]:
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE TABLE claims_claim (id INTEGER PRIMARY KEY, text TEXT)")
    db.execute("CREATE TABLE claims_claimmatchkey (claim_id INTEGER PRIMARY KEY, vector BLOB)")
    for statement in SQLITE_SCHEMA:
        db.execute(statement)
    index = SqlIndex(vendor="sqlite", placeholder="?")
    vectors = np.zeros((size, DIMENSIONS), dtype=np.float32)
    started = time.perf_counter()
    for ids, texts, vecs in known_claims(size, claims, pool, vectors):
        db.executemany("INSERT INTO claims_claim VALUES (?, ?)", zip(ids, texts, strict=True))
        db.executemany(
            "INSERT INTO claims_claimmatchkey VALUES (?, ?)",
            ((i, vector_bytes(v)) for i, v in zip(ids, vecs, strict=True)),
        )
        # The FTS rows and the postings, as the product writes them.
        index.add_fts_new(db.cursor(), [(i, terms(t)) for i, t in zip(ids, texts, strict=True)])
        db.commit()
    db.execute("INSERT INTO claims_matchfts(claims_matchfts) VALUES ('optimize')")
    db.commit()
    return db, vectors, time.perf_counter() - started


PG_SCHEMA = [f"DROP TABLE IF EXISTS {TERM_TABLE}, claims_claimmatchkey, claims_claim", *POSTGRES_SCHEMA]


def build_pg(url: str, size: int, claims: list[str], pool: list[str]):
    """The PostgreSQL side of :func:`build`: the same claims and vectors, loaded with COPY,
    the postings filled after the load (as a restore would)."""
    import psycopg

    db = psycopg.connect(url, autocommit=True)
    for statement in PG_SCHEMA:
        db.execute(statement)
    vectors = np.zeros((size, DIMENSIONS), dtype=np.float32)
    started = time.perf_counter()
    with db.cursor() as cursor:
        for ids, texts, vecs in known_claims(size, claims, pool, vectors):
            with cursor.copy("COPY claims_claim (id, text) FROM STDIN") as copy:
                for row in zip(ids, texts, strict=True):
                    copy.write_row(row)
            with cursor.copy("COPY claims_claimmatchkey (claim_id, terms, vector) FROM STDIN") as copy:
                for i, t, v in zip(ids, texts, vecs, strict=True):
                    copy.write_row((i, " ".join(terms(t)), vector_bytes(v)))
        # The postings and their triggers, then what autovacuum does as the product's
        # tables grow (the visibility map that lets the search read the postings' index alone).
        for statement in POSTGRES_AFTER_LOAD:
            cursor.execute(statement)
        cursor.execute("VACUUM claims_claimmatchkey")
        cursor.execute("VACUUM ANALYZE claims_claim")
        cursor.execute("SELECT pg_database_size(current_database())")
        (size_bytes,) = cursor.fetchone() or (0,)
        megabytes = size_bytes / 1e6
    return db, vectors, time.perf_counter() - started, megabytes


def prewarm_pg(db) -> str:
    """Loads the index's tables and indexes into shared buffers, where a server that has
    served searches for a while holds them (SQLite's side reads a file the build just wrote,
    from the operating system's cache); says what was done."""
    with db.cursor() as cursor:
        cursor.execute("SHOW shared_buffers")
        (buffers,) = cursor.fetchone() or ("?",)
        try:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        except Exception as error:  # noqa: BLE001 - a server without the contrib modules
            return f"shared_buffers {buffers}, not prewarmed ({type(error).__name__})"
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid)) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
            "AND c.relkind IN ('r', 'i', 't') AND c.relname NOT LIKE 'pg_%'"
        )
        (blocks,) = cursor.fetchone() or (0,)
    return f"shared_buffers {buffers}, {int(blocks or 0) * 8 / 1024:.0f} MB prewarmed"


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--brute-queries", type=int, default=100, help="brute-force scans timed per size")
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--database-url", default="", help="PostgreSQL: a database to use (it is emptied)")
    parser.add_argument(
        "--shared-buffers",
        default="2GB",
        help="PostgreSQL: the throwaway server's shared_buffers (sized, as in production, to hold the index: "
        "about 1.6 GB at 1M claims; PostgreSQL's default 128MB holds a tenth of it)",
    )
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]

    claims, tweets = corpus()
    pool = [w for text in claims for w in text.split()]
    settings = Settings.load()
    encoder = default_encoder()
    rng = random.Random(7)
    new = [
        rng.choice(tweets) if i % 2 else perturbed(rng.choice(claims), pool, rng) for i in range(args.queries)
    ]
    started = time.perf_counter()
    for text in new[:200]:
        encoder.encode([text])
    encode_ms = 1000 * (time.perf_counter() - started) / 200
    print(f"encoder: {encode_ms:.1f} ms per new claim (one sentence, one thread), on top of the search below")
    print(f"settings: {settings.candidates} full-text candidates per claim")
    nrng = np.random.default_rng(1)
    query_vectors = unit_vectors(len(new), nrng)
    with tempfile.TemporaryDirectory(prefix="bench-matching-") as tmp, contextlib.ExitStack() as stack:
        url = ""
        if args.database == "postgresql":
            import dev

            url = dev.bench_database(stack, args.database_url, {"shared_buffers": args.shared_buffers})
            print(f"database: PostgreSQL ({'given' if args.database_url else 'throwaway server'})")
        else:
            print("database: SQLite")
        print(
            "| known claims | index p50 ms | index p99 ms | brute-force p50 ms | brute-force p99 ms | db MB | build s | peak RSS MB |"
        )
        print("|---|---|---|---|---|---|---|---|")
        notes: list[str] = []
        for size in sizes:
            path = Path(tmp) / f"{size}.sqlite3"
            if url:
                db, vectors, build_s, megabytes = build_pg(url, size, claims, pool)
                notes.append(f"{size:,} claims: {prewarm_pg(db)}")
                # Counts are kept per database name, as the product keeps them: one per size.
                index = SqlIndex(vendor="postgresql", placeholder="%s", database=f"{url} {size}")
            else:
                db, vectors, build_s = build(path, size, claims, pool)
                index = SqlIndex(vendor="sqlite", placeholder="?", database=str(path))
            latencies = []
            for text, vector in zip(new, query_vectors, strict=True):
                t0 = time.perf_counter()
                with contextlib.closing(db.cursor()) as cursor:
                    found = index.candidates(cursor, terms(text), settings.candidates)
                ranked = rank(vector, found, settings.weight)
                decide(text, ranked, settings)
                latencies.append(1000 * (time.perf_counter() - t0))
            brute = []
            for vector in query_vectors[: args.brute_queries]:
                t0 = time.perf_counter()
                scores = vectors @ vector
                np.argpartition(scores, -settings.candidates)[-settings.candidates :]
                brute.append(1000 * (time.perf_counter() - t0))
            db.close()
            if not url:
                megabytes = path.stat().st_size / 1e6
                path.unlink()
            rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(
                f"| {size:,} | {percentile(latencies, 50):.2f} | {percentile(latencies, 99):.2f} | "
                f"{percentile(brute, 50):.2f} | {percentile(brute, 99):.2f} | {megabytes:.0f} | "
                f"{build_s:.0f} | {rss:.0f} |",
                flush=True,
            )
        for note in notes:
            print(f"PostgreSQL at {note}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
