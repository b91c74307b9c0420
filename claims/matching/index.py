"""Candidate search in the database: full-text search for candidates, stored vectors to rank.

Every claim has one key row: its index terms (``text.terms``) and its unit vector
(float16 bytes). Candidates for a new claim are the ``limit`` best full-text matches of its
terms (BM25 in SQLite FTS5; ``ts_rank`` on a GIN-indexed ``tsvector`` in PostgreSQL); the
matcher then scores each by its vector and its lexical score. Nothing scans all claims and
every worker reads the same rows, so the index survives restarts and is shared by design.

This module speaks plain DB-API (a ``sqlite3`` connection in the evaluation, Django's
cursor in the product), so the evaluation runs the product's SQL.

Why full-text candidates and stored vectors, not a vector index. Options measured or
checked here (2-core machine shared with other jobs, load average 6-10 while measuring, so
every latency below is pessimistic and noisy):

| option | status here | per new claim |
|---|---|---|
| brute-force scan of all vectors (numpy, float32 in memory) | always possible, not shared between workers, 1.5 GB at 1M | p50 23 / 66 / 93 ms, p99 54 / 181 / 220 ms at 10k / 100k / 1M (``bench/matching.py``) |
| **FTS5 / tsvector candidates (100), vectors of those read by key** | SQLite 3.40 and PostgreSQL 15 as installed | p50 12 / 31 / 18 ms, p99 37 / 80 / 254 ms at 10k / 100k / 1M (SQLite) |
| sqlite-vec | a flat scan inside SQLite (no ANN index): the brute force above, in SQL | not pursued |
| pgvector HNSW | not in Debian 12's PostgreSQL 15 (``apt-cache search pgvector``: nothing); the ``pgserver`` test wheel ships it, production would need another image | not measured |

One design on both databases, no extension to install, and the index is ordinary rows that
every worker reads and that survive restarts. Its limit: a paraphrase sharing no content
word with the known claim is never a candidate. On the evaluation sets the relevant claim is
among the 100 candidates for 0.976-0.980 of the queries (``candidates hold`` in the
evaluation's output).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

FTS_TABLE = "claims_matchfts"
KEY_TABLE = "claims_claimmatchkey"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A known claim found for a new one: its id, text, lexical score (higher is better,
    0 when it came from elsewhere) and unit vector."""

    claim_id: int
    text: str
    lexical: float
    vector: np.ndarray


def vector_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def vector_from(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def vectors_from(blobs: Sequence[bytes | memoryview]) -> np.ndarray:
    """The vectors of ``blobs`` (one row each), decoded at once: a search reads a hundred."""
    if not blobs:
        return np.zeros((0, 0), dtype=np.float32)
    flat = np.frombuffer(b"".join(blobs), dtype=np.float16)
    return flat.reshape(len(blobs), -1).astype(np.float32)


def match_expression(terms: Iterable[str], all_of: Iterable[str] = (), *, vendor: str) -> str:
    """An OR of the distinct ``terms`` and of the AND of ``all_of``, quoted for the engine:
    ("3000" OR "troop" OR ("said" AND "year")) ..."""
    if vendor == "postgresql":
        quote, either, both = (lambda t: "'" + t.replace("'", "") + "'"), " | ", " & "
    else:
        quote, either, both = (lambda t: '"' + t.replace('"', "") + '"'), " OR ", " AND "
    unique = list(dict.fromkeys(t for t in terms if t.replace("'", "").replace('"', "")))
    group = [t for t in dict.fromkeys(all_of) if t.replace("'", "").replace('"', "") and t not in unique]
    parts = [quote(t) for t in unique]
    if len(group) > 1:
        parts.append("(" + both.join(quote(t) for t in group) + ")")
    elif group:
        parts.append(quote(group[0]))
    return either.join(parts)


def engine_terms(terms: Iterable[str]) -> list[str]:
    """``terms`` as both engines index them: FTS5's unicode61 tokenizer and PostgreSQL's
    parser split a word at an apostrophe ("trump'" is indexed as "trump", "doesn't" as
    "doesn" and "t"), so the parts are what a search can find and what their counts are
    kept under; one-letter parts say nothing (one digit does)."""
    return [part for t in terms for part in t.split("'") if len(part) > 1 or part.isdigit()]


SQLITE_SCHEMA = [
    # An FTS5 table whose rowid is the claim id (a contentless table cannot delete rows
    # before SQLite 3.43; Debian 12 has 3.40).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(terms, tokenize='unicode61 remove_diacritics 0')",
    # Document frequency of each term, read to leave out the commonest ones of a query.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE}_vocab USING fts5vocab({FTS_TABLE}, 'row')",
]

# A standalone index on PostgreSQL (the evaluation, the benchmark), as migrations 0007 and
# 0014 make the product's: the claim table's text, the key table with its generated
# ``tsvector``, and, once the rows are loaded, the GIN index and the term statistics
# (``statistics``: the target migration 0014 sets) that ANALYZE gathers for the search.
POSTGRES_SCHEMA = [
    "CREATE TABLE claims_claim (id integer PRIMARY KEY, text text NOT NULL)",
    f"CREATE TABLE {KEY_TABLE} (claim_id integer PRIMARY KEY, terms text NOT NULL, vector bytea NOT NULL, "
    "search tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED)",
]


def postgres_after_load(statistics: int) -> list[str]:
    return [
        f"CREATE INDEX claimmatchkey_search_idx ON {KEY_TABLE} USING gin (search)",
        f"ALTER TABLE {KEY_TABLE} ALTER COLUMN search SET STATISTICS {statistics}",
        f"ANALYZE {KEY_TABLE}",
    ]


# A term found in more claims than this is left out of the search (unless fewer than
# ``MIN_TERMS`` would remain, then the rarest are kept): it says little (low IDF) and costs
# the most (the longest posting list), so this bounds the work of a search whatever the
# number of claims. Chosen on the selection splits and the benchmark's 100k index:
# no cap 0.8616 mean MAP@5, 2,000: 0.8604, 1,000: 0.8609, 500: 0.8563; p50 at 100k
# (a loaded machine) 42 / 22 / 14 / 6 ms. Keeping only the N rarest terms of a query
# instead loses far more (N = 12: 0.886 / 0.796 against 0.914 / 0.808 on CT22 dev-test /
# CT20 dev): a tweet's telling words are not its rarest.
MAX_DOC_FREQUENCY = 1_000
MIN_TERMS = 3
# And the rarest terms are kept only while their counts add up to at most this many
# claims (MIN_TERMS are kept whatever they add up to): a long query of many mid-frequency
# terms otherwise matches 5,000-11,000 claims, and each match is scored (the tail of the
# latency). Selection splits: no change at 8,000 or 4,000 (MAP@5 0.932 / 0.805), 2,000 loses
# (0.930 / 0.795). At 100k claims, p99 30-40 -> 22-24 ms on SQLite, 109-128 -> 86-87 ms on
# PostgreSQL (/tmp A/B runs of 600 queries, a test suite sharing the machine).
MAX_MATCHED = 4_000
# Counts of common terms kept per process for this long: PostgreSQL's estimates
# (``SqlIndex.common_terms``) and SQLite's exact counts (``SqlIndex._frequencies``), keyed by
# the vendor and database they describe.
COMMON_TERMS_TTL = 60.0
# Terms counted per statement (SQLite allows 500 SELECTs in one compound statement).
_COMPOUND_TERMS = 100
_COMMON_TERMS: dict[str, tuple[float, dict[str, float]]] = {}


def _kept_counts(key: str) -> dict[str, float] | None:
    """The counts kept under ``key`` if younger than ``COMMON_TERMS_TTL``, else None."""
    cached = _COMMON_TERMS.get(key)
    if cached is not None and time.monotonic() - cached[0] < COMMON_TERMS_TTL:
        return cached[1]
    return None


def _keep_counts(key: str, counts: dict[str, float]) -> dict[str, float]:
    _COMMON_TERMS[key] = (time.monotonic(), counts)
    return counts


class SqlIndex:
    """The index's SQL for one database vendor over a DB-API cursor.

    ``placeholder`` is the driver's parameter mark (``?`` for sqlite3, ``%s`` for Django's
    cursors on either database). ``claim_table`` names the table the claim text is read from.
    ``database`` names the database: the counts of its common terms are kept under that name
    for ``COMMON_TERMS_TTL`` (SQLite: its path, and without one every search counts them
    afresh; PostgreSQL: its statistics are kept under the name, empty or not).
    """

    def __init__(
        self, *, vendor: str, placeholder: str = "%s", claim_table: str = "claims_claim", database: str = ""
    ):
        if vendor not in ("sqlite", "postgresql"):
            raise ValueError(f"no claim index for {vendor!r}")
        self.vendor = vendor
        self.p = placeholder
        self.claim_table = claim_table
        self.database = database

    def search_terms(self, cursor, terms: Sequence[str]) -> tuple[list[str], list[str]]:
        """What a search for ``terms`` looks for: claims holding any of the first list, or all
        of the second.

        The first: ``terms`` less those too common to be worth their cost (SQLite reads each
        term's document count from fts5vocab; PostgreSQL estimates it from the planner's
        statistics of the ``search`` column, :meth:`common_terms`). When fewer than
        ``MIN_TERMS`` are selective, the rarest common ones are searched too, but together
        (the second list): a common term alone would match a large share of the index."""
        unique = list(dict.fromkeys(engine_terms(terms)))
        if not unique:
            return [], []
        frequency = self._frequencies(cursor, unique)
        if len(unique) <= MIN_TERMS:
            # Too few to leave any out; a term no claim holds (SQLite) matches nothing.
            kept = sorted(unique, key=lambda t: (frequency.get(t, 0.0), -len(t)))
        else:
            # SQLite: a term no claim holds is not worth searching for.
            found = sorted((t for t in unique if t in frequency), key=lambda t: (frequency[t], -len(t)))
            kept = []
            rows = 0.0
            for t in found:
                if frequency[t] > MAX_DOC_FREQUENCY or (
                    rows + frequency[t] > MAX_MATCHED and len(kept) >= MIN_TERMS
                ):
                    break
                kept.append(t)
                rows += frequency[t]
            if len(kept) < MIN_TERMS:
                kept = found[:MIN_TERMS]
        any_of = [t for t in kept if frequency.get(t, 0.0) <= MAX_DOC_FREQUENCY]
        all_of = [t for t in kept if frequency.get(t, 0.0) > MAX_DOC_FREQUENCY]
        if len(all_of) == 1 and any_of:
            # One common term adds its whole posting list and says little.
            all_of = []
        return any_of, all_of

    def _frequencies(self, cursor, unique: list[str]) -> dict[str, float]:
        """The number of claims holding each term (SQLite: exact, and only terms some claim
        holds; PostgreSQL: estimated, 0 for a term its statistics do not list, as it is rarer
        than every term they list)."""
        if self.vendor == "postgresql":
            common = self.common_terms(cursor)
            return {t: common.get(t, 0.0) for t in unique}
        # fts5vocab counts a term by reading its whole posting list: about 10 ms for a term in
        # 16 % of a million claims, the largest part of a search's tail. So a term is first
        # counted only up to MAX_DOC_FREQUENCY + 1 (a capped read of its posting list), which
        # is most often all a search needs (below). A common term stays common, so that it is
        # (and its full count, once made) is kept a while; a rare term costs little and is
        # counted each time (a claim just indexed may make it findable).
        known: dict[str, float] = {}
        if self.database:
            key = f"sqlite:{self.database}"
            kept = _kept_counts(key)
            known = kept if kept is not None else _keep_counts(key, {})
        frequency = {t: known[t] for t in unique if t in known}
        missing = [t for t in unique if t not in known]
        cap = MAX_DOC_FREQUENCY + 1
        if missing:
            counted = self._capped_counts(cursor, missing, cap)
            frequency.update(counted)
            if self.database:
                known.update((t, n) for t, n in counted.items() if n > MAX_DOC_FREQUENCY)
        # Common terms are searched (``search_terms``) when fewer than MIN_TERMS are selective,
        # the rarest first, together, and only if two or more are: their order then needs
        # their full counts.
        capped = [t for t, n in frequency.items() if n == cap]
        commons = sum(1 for n in frequency.values() if n > MAX_DOC_FREQUENCY)
        if capped and commons >= 2 and len(frequency) - commons <= MIN_TERMS - 2:
            counted = self._vocabulary_counts(cursor, capped)
            frequency.update(counted)
            if self.database:
                known.update(counted)
        return frequency

    def _vocabulary_counts(self, cursor, terms: list[str]) -> dict[str, float]:
        """SQLite: the exact number of claims holding each of ``terms`` that any holds."""
        if not terms:
            return {}
        p = self.p
        cursor.execute(
            f"SELECT term, doc FROM {FTS_TABLE}_vocab WHERE term IN ({', '.join([p] * len(terms))})", terms
        )
        return {row[0]: float(row[1]) for row in cursor.fetchall()}

    def _capped_counts(self, cursor, terms: list[str], cap: int) -> dict[str, float]:
        """SQLite: the number of claims holding each of ``terms`` that any holds, up to
        ``cap``. A term the tokenizer would split ("3.5") is counted by the vocabulary, which
        holds no such term (so, as before, it is not searched)."""
        single = [t for t in terms if t.isalnum() and t == t.lower()]
        counts = self._vocabulary_counts(cursor, [t for t in terms if t not in single])
        p = self.p
        for start in range(0, len(single), _COMPOUND_TERMS):
            chunk = single[start : start + _COMPOUND_TERMS]
            cursor.execute(
                " UNION ALL ".join(
                    f"SELECT {p}, (SELECT count(*) FROM (SELECT 1 FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {p} "
                    f"LIMIT {int(cap)}))"
                    for _ in chunk
                ),
                [value for t in chunk for value in (t, f'"{t}"')],
            )
            counts.update((row[0], float(row[1])) for row in cursor.fetchall() if row[1])
        return counts

    def common_terms(self, cursor) -> dict[str, float]:
        """PostgreSQL: the estimated number of claims holding each of the commonest terms.

        ANALYZE (autovacuum runs it as the table grows) keeps the most common lexemes of a
        ``tsvector`` column and the share of rows holding each (``pg_stats``), so a query
        can leave out common terms without counting anything; read at most once a minute."""
        key = f"postgresql:{self.database}"
        kept = _kept_counts(key)
        if kept is not None:
            return kept
        cursor.execute(
            "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples "
            "FROM pg_stats s JOIN pg_class c ON c.oid = to_regclass(s.schemaname || '.' || s.tablename) "
            "WHERE s.schemaname = current_schema() AND s.tablename = %s AND s.attname = 'search'",
            [KEY_TABLE],
        )
        row = cursor.fetchone()
        common: dict[str, float] = {}
        if row is not None and row[0] is not None:
            elements, shares, rows = row
            # The shares list ends with three summary values (min, max, null share).
            common = {
                t: float(share) * max(float(rows), 0.0) for t, share in zip(elements, shares, strict=False)
            }
        return _keep_counts(key, common)

    def _lexical_sql(self, cursor, terms: Sequence[str], limit: int) -> tuple[str, list] | None:
        """The full-text search of ``terms``: a statement yielding (claim id, score, higher is
        better) for the ``limit`` best matches, and its parameters; None if nothing to search."""
        expression = match_expression(*self.search_terms(cursor, terms), vendor=self.vendor)
        if not expression:
            return None
        p = self.p
        if self.vendor == "sqlite":
            sql = (
                f"SELECT rowid, -bm25({FTS_TABLE}) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH {p} "
                f"ORDER BY rank LIMIT {p}"
            )
        else:
            sql = (
                f"SELECT claim_id, ts_rank(search, q) AS r FROM {KEY_TABLE}, to_tsquery('simple', {p}) q "
                f"WHERE search @@ q ORDER BY r DESC LIMIT {p}"
            )
        return sql, [expression, limit]

    def lexical(self, cursor, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best full-text matches: (claim id, score, higher is better)."""
        search = self._lexical_sql(cursor, terms, limit)
        if search is None:
            return []
        cursor.execute(*search)
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]

    def candidates(self, cursor, terms: Sequence[str], limit: int) -> list[Candidate]:
        """The ``lexical`` matches with their text and vector, best first: one statement (a
        worker runs one per candidate sentence, inside the matching lock)."""
        search = self._lexical_sql(cursor, terms, limit)
        if search is None:
            return []
        sql, params = search
        cursor.execute(
            f"WITH found(claim_id, score) AS ({sql}) "
            f"SELECT f.claim_id, f.score, c.text, k.vector FROM found f "
            f"JOIN {KEY_TABLE} k ON k.claim_id = f.claim_id JOIN {self.claim_table} c ON c.id = f.claim_id "
            "ORDER BY f.score DESC, f.claim_id",
            params,
        )
        rows = cursor.fetchall()
        vectors = vectors_from([r[3] for r in rows])
        return [
            Candidate(claim_id=int(r[0]), text=r[2], lexical=float(r[1]), vector=vector)
            for r, vector in zip(rows, vectors, strict=True)
        ]

    def add_fts(self, cursor, claim_id: int, terms: Sequence[str]) -> None:
        """SQLite only: the FTS row of a claim (PostgreSQL derives its ``tsvector`` column)."""
        if self.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = {self.p}", [claim_id])
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, terms) VALUES ({self.p}, {self.p})",
                [claim_id, " ".join(terms)],
            )

    def add_fts_new(self, cursor, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """SQLite only: the FTS rows of claims that have none yet, in one statement."""
        if self.vendor == "sqlite" and rows:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, terms) VALUES ({self.p}, {self.p})",
                [(claim_id, " ".join(terms)) for claim_id, terms in rows],
            )

    def remove_fts(self, cursor, claim_id: int) -> None:
        if self.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = {self.p}", [claim_id])
