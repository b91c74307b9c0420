"""Candidate search in the database: full-text search for candidates, stored vectors to rank.

Every claim has one key row: its index terms (``text.terms``) and its unit vector
(float16 bytes). Candidates for a new claim are the ``limit`` best full-text matches of its
terms, ranked by FTS5's BM25 summed over a postings table (``TERM_TABLE``: one row per
claim and term) on both databases, with SQLite's FTS5 counting the terms; the matcher then
scores each by its vector and its lexical score. Nothing scans all claims and every worker
reads the same rows, so the index survives restarts and is shared by design.

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

import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

FTS_TABLE = "claims_matchfts"
KEY_TABLE = "claims_claimmatchkey"
TERM_TABLE = "claims_matchterm"


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


def engine_terms(terms: Iterable[str]) -> list[str]:
    """``terms`` as both engines index them: FTS5's unicode61 tokenizer and PostgreSQL's
    parser split a word at an apostrophe ("trump'" is indexed as "trump", "doesn't" as
    "doesn" and "t"), so the parts are what a search can find and what their counts are
    kept under; one-letter parts say nothing (one digit does)."""
    return [part for t in terms for part in t.split("'") if len(part) > 1 or part.isdigit()]


SQLITE_FTS = [
    # An FTS5 table whose rowid is the claim id (a contentless table cannot delete rows
    # before SQLite 3.43; Debian 12 has 3.40).
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(terms, tokenize='unicode61 remove_diacritics 0')",
    # Document frequency of each term, read to leave out the commonest ones of a query.
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE}_vocab USING fts5vocab({FTS_TABLE}, 'row')",
]
# SQLite's postings (``TERM_TABLE`` below says what they are for): FTS5 counts the terms
# and its ``docsize`` rows the claims (``SqlIndex._shape``); the score itself is summed
# over these rows, about four times faster than FTS5's ``bm25()`` at a million
# claims (SQL p99 14.7 -> 4.3 ms on the benchmark's searches). SQL cannot tokenize in
# SQLite, so the product writes them beside the FTS rows (``SqlIndex.add_fts``).
SQLITE_TERM_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {TERM_TABLE} (term TEXT NOT NULL, claim_id INTEGER NOT NULL, "
    "frequency INTEGER NOT NULL, length INTEGER NOT NULL, PRIMARY KEY (term, claim_id)) WITHOUT ROWID"
)
SQLITE_SCHEMA = [*SQLITE_FTS, SQLITE_TERM_TABLE]
# FTS5's unicode61 tokens: runs of letters and digits, case folded.
_TOKEN = re.compile(r"[^\W_]+")


def sqlite_postings(claim_id: int, terms_text: str) -> list[tuple[str, int, int, int]]:
    """The postings rows of one claim's terms as FTS5 tokenizes them."""
    tokens = _TOKEN.findall(terms_text.lower())
    return [(token, claim_id, count, len(tokens)) for token, count in Counter(tokens).items()]


# PostgreSQL: the search reads a postings table, one row per claim and term, with the
# term's count in the claim and the claim's length in terms: BM25 as FTS5 computes it
# (below), and a term's document count from a capped read of its posting list, so both
# databases rank alike. ``ts_rank`` on the GIN-indexed ``tsvector``, which this replaces,
# weighs every term alike (a common word as much as a name): CT22 / CT20 test MAP@5 0.924
# / 0.941 against SQLite's 0.930 / 0.951. Triggers derive the rows from the key table's
# terms, so every writer of a key keeps them in step; no foreign key, so that truncating
# the key table (Django's flush) empties it through its own trigger.
POSTGRES_TERM_TABLE = [
    f"CREATE TABLE {TERM_TABLE} (term text NOT NULL, claim_id bigint NOT NULL, "
    "frequency smallint NOT NULL, length smallint NOT NULL, "
    # The search reads only this index (an index-only scan of each term's claims).
    f"CONSTRAINT {TERM_TABLE}_pkey PRIMARY KEY (term, claim_id) INCLUDE (frequency, length))",
    # The statistics read for the counts of the commonest terms (``SqlIndex._common_estimates``):
    # up to 1,000 terms (100 by default); a million claims hold about 1,000 terms in more
    # than 3,000 claims each, and a rarer one is cheap to count.
    f"ALTER TABLE {TERM_TABLE} ALTER COLUMN term SET STATISTICS 1000",
]
# The rows of one key: the lexemes of its terms (PostgreSQL's parser cuts them as FTS5's
# tokenizer does the same string), how often each occurs, and its number of tokens.
_POSTINGS_OF = (
    "SELECT u.lexeme, {key}.claim_id, least(coalesce(array_length(u.positions, 1), 1), 32767), "
    "least(n.length, 32767) FROM {source}LATERAL (SELECT to_tsvector('simple', {key}.terms) AS v) t, "
    "unnest(t.v) u, LATERAL (SELECT sum(coalesce(array_length(p.positions, 1), 1)) AS length FROM unnest(t.v) p) n"
)
POSTGRES_TERM_FILL = f"INSERT INTO {TERM_TABLE} " + _POSTINGS_OF.format(key="k", source=f"{KEY_TABLE} k, ")
POSTGRES_TERM_TRIGGERS = [
    f"""CREATE OR REPLACE FUNCTION {TERM_TABLE}_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        DELETE FROM {TERM_TABLE}
        WHERE term = ANY(tsvector_to_array(to_tsvector('simple', OLD.terms))) AND claim_id = OLD.claim_id;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO {TERM_TABLE} {_POSTINGS_OF.format(key="NEW", source="")};
    END IF;
    RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION {TERM_TABLE}_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {TERM_TABLE};
    RETURN NULL;
END $$""",
    f"CREATE TRIGGER {TERM_TABLE}_sync AFTER INSERT OR DELETE OR UPDATE OF terms ON {KEY_TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TERM_TABLE}_sync()",
    f"CREATE TRIGGER {TERM_TABLE}_truncate AFTER TRUNCATE ON {KEY_TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TERM_TABLE}_truncate()",
]

# A standalone index on PostgreSQL (the evaluation, the benchmark), as the migrations make
# the product's: the claim table's text, the key table, and, once the rows are loaded, its
# postings filled in one statement (as a restore would) and the triggers that keep them.
POSTGRES_SCHEMA = [
    "CREATE TABLE claims_claim (id bigint PRIMARY KEY, text text NOT NULL)",
    f"CREATE TABLE {KEY_TABLE} (claim_id bigint PRIMARY KEY, terms text NOT NULL, vector bytea NOT NULL)",
]
POSTGRES_AFTER_LOAD = [
    *POSTGRES_TERM_TABLE,
    POSTGRES_TERM_FILL,
    *POSTGRES_TERM_TRIGGERS,
    f"VACUUM ANALYZE {TERM_TABLE}",
    f"ANALYZE {KEY_TABLE}",
]

# FTS5's BM25 (``bm25()`` in fts5_aux.c): k1 1.2, b 0.75; a term's IDF is
# log((N - n + 0.5) / (n + 0.5)), at least 1e-6, for n of the N claims holding it.
BM25_K1 = 1.2
BM25_B = 0.75


def bm25_idf(claims: float, holding: float) -> float:
    # An estimated number of claims may fall short of a term's count.
    claims = max(claims, holding)
    idf = math.log((claims - holding + 0.5) / (holding + 0.5))
    return idf if idf > 0 else 1e-6


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
# Counts of common terms (``SqlIndex._frequencies``), PostgreSQL's estimates of the
# commonest ones and the index's number of claims and mean length (``SqlIndex._shape``)
# kept per process for this long, keyed by the vendor and database they describe.
COMMON_TERMS_TTL = 60.0
# Terms counted per statement (SQLite allows 500 SELECTs in one compound statement).
_COMPOUND_TERMS = 100
_COMMON_TERMS: dict[str, tuple[float, dict[str, float]]] = {}
# The claims read for their mean length (selection: the first 1,000 gave CT20 dev 0.8163,
# all of them 0.8172), the number of claims from which the figures are kept a while, and
# (PostgreSQL) from which the planner's estimate (``reltuples``, which autovacuum keeps)
# stands for a count.
_SHAPE_SAMPLE = 10_000
_SHAPE_KEPT = 1_000
_SHAPE_ESTIMATED = 100_000


def _kept_counts(key: str) -> dict[str, float] | None:
    """The counts kept under ``key`` if younger than ``COMMON_TERMS_TTL``, else None."""
    cached = _COMMON_TERMS.get(key)
    if cached is not None and time.monotonic() - cached[0] < COMMON_TERMS_TTL:
        return cached[1]
    return None


def _keep_counts(key: str, counts: dict[str, float]) -> dict[str, float]:
    _COMMON_TERMS[key] = (time.monotonic(), counts)
    return counts


@dataclass(slots=True)
class _Batch:
    """What :meth:`SqlIndex.candidates_many` reads once for all its searches: the capped
    counts of every term of theirs that some claim holds, and the index's size."""

    terms: set[str]
    counts: dict[str, float] = field(default_factory=dict)
    shape: tuple[float, float] | None = None


class SqlIndex:
    """The index's SQL for one database vendor over a DB-API cursor.

    ``placeholder`` is the driver's parameter mark (``?`` for sqlite3, ``%s`` for Django's
    cursors on either database). ``claim_table`` names the table the claim text is read from.
    ``database`` names the database: the counts of its common terms and its size are kept
    under that name for ``COMMON_TERMS_TTL`` (without one every search reads them afresh).
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

        The first: ``terms`` less those too common to be worth their cost, and less those no
        claim holds (:meth:`_frequencies` counts them). When fewer than ``MIN_TERMS`` are
        selective, the rarest common ones are searched too, but together (the second
        list): a common term alone would match a large share of the index."""
        any_of, all_of, _ = self._search_terms(cursor, terms)
        return any_of, all_of

    def _search_terms(
        self, cursor, terms: Sequence[str], batch: _Batch | None = None
    ) -> tuple[list[str], list[str], dict[str, float]]:
        unique = list(dict.fromkeys(engine_terms(terms)))
        if not unique:
            return [], [], {}
        frequency = self._frequencies(cursor, unique, batch)
        if len(unique) <= MIN_TERMS:
            # Too few to leave any out; a term no claim holds matches nothing.
            kept = sorted(unique, key=lambda t: (frequency.get(t, 0.0), -len(t)))
        else:
            # A term no claim holds is not worth searching for.
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
        return any_of, all_of, frequency

    def _frequencies(self, cursor, unique: list[str], batch: _Batch | None = None) -> dict[str, float]:
        """The number of claims holding each term that some claim holds: exact up to
        ``MAX_DOC_FREQUENCY``, and for common terms where a search needs their order. A
        ``batch``'s terms were counted (capped) together already."""
        # Counting a term reads its whole posting list: about 10 ms for a term in 16 % of a
        # million claims, the largest part of a search's tail. So a term is first counted
        # only up to MAX_DOC_FREQUENCY + 1 (a capped read of its posting list), which is
        # most often all a search needs (below). A common term stays common, so that it is
        # (and its full count, once made) is kept a while; a rare term costs little and is
        # counted each time (a claim just indexed may make it findable).
        known: dict[str, float] = {}
        if self.database:
            key = f"{self.vendor}:{self.database}"
            kept = _kept_counts(key)
            known = kept if kept is not None else _keep_counts(key, {})
        frequency = {t: known[t] for t in unique if t in known}
        missing = [t for t in unique if t not in known]
        cap = MAX_DOC_FREQUENCY + 1
        if batch is not None:
            frequency.update((t, batch.counts[t]) for t in missing if t in batch.counts)
            missing = [t for t in missing if t not in batch.terms]
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
            counted = self._full_counts(cursor, capped)
            frequency.update(counted)
            if self.database:
                known.update(counted)
        return frequency

    def _full_counts(self, cursor, terms: list[str]) -> dict[str, float]:
        """The number of claims holding each of ``terms`` that any holds: exact, but for
        PostgreSQL's commonest terms an estimate (:meth:`_common_estimates`)."""
        if not terms:
            return {}
        p = self.p
        if self.vendor == "sqlite":
            cursor.execute(
                f"SELECT term, doc FROM {FTS_TABLE}_vocab WHERE term IN ({', '.join([p] * len(terms))})",
                terms,
            )
            return {row[0]: float(row[1]) for row in cursor.fetchall()}
        estimates = self._common_estimates(cursor)
        counts = {t: estimates[t] for t in terms if t in estimates}
        rest = [t for t in terms if t not in counts]
        if rest:
            cursor.execute(
                f"SELECT term, count(*) FROM {TERM_TABLE} WHERE term = ANY({p}::text[]) GROUP BY term", [rest]
            )
            counts.update((row[0], float(row[1])) for row in cursor.fetchall())
        return counts

    def _common_estimates(self, cursor) -> dict[str, float]:
        """PostgreSQL: the estimated number of claims holding each of the commonest terms,
        from the planner's statistics of the postings' ``term`` column (its most common
        values and their shares of the rows, which ANALYZE and autovacuum keep; a term is in
        a claim's postings once, so its rows are its claims). Counting "trump" in a million
        claims reads 160,000 postings; this reads one row of ``pg_stats``. Kept as counts are."""
        key = f"estimates:{self.database}"
        kept = _kept_counts(key) if self.database else None
        if kept is not None:
            return kept
        cursor.execute(
            "SELECT s.most_common_vals::text::text[], s.most_common_freqs, c.reltuples "
            "FROM pg_stats s JOIN pg_class c ON c.oid = to_regclass(s.schemaname || '.' || s.tablename) "
            f"WHERE s.schemaname = current_schema() AND s.tablename = {self.p} AND s.attname = 'term'",
            [TERM_TABLE],
        )
        row = cursor.fetchone()
        estimates: dict[str, float] = {}
        if row is not None and row[0] is not None and row[2] and row[2] > 0:
            values, shares, rows = row
            estimates = {t: float(share) * float(rows) for t, share in zip(values, shares, strict=False)}
        return _keep_counts(key, estimates) if self.database else estimates

    def _capped_counts(self, cursor, terms: list[str], cap: int) -> dict[str, float]:
        """The number of claims holding each of ``terms`` that any holds, up to ``cap``.
        SQLite: a term the tokenizer would split ("3.5") is counted by the vocabulary, which
        holds no such term (so, as before, it is not searched)."""
        p = self.p
        if self.vendor == "postgresql":
            cursor.execute(
                f"SELECT t, (SELECT count(*) FROM (SELECT 1 FROM {TERM_TABLE} WHERE term = t LIMIT {int(cap)}) s) "
                f"FROM unnest({p}::text[]) t",
                [terms],
            )
            return {row[0]: float(row[1]) for row in cursor.fetchall() if row[1]}
        single = [t for t in terms if t.isalnum() and t == t.lower()]
        counts = self._full_counts(cursor, [t for t in terms if t not in single])
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

    def _shape(self, cursor) -> tuple[float, float]:
        """The number of claims and their mean length in terms, which BM25 reads: exact up
        to ``_SHAPE_SAMPLE`` claims, past that the mean is that of the first ones; from
        ``_SHAPE_KEPT`` claims on both are kept as long as counts are (a minute's new claims
        change neither). The number: SQLite counts FTS5's narrow ``docsize`` rows (its own
        totals are written only at commit, so a transaction's new claims would be missing);
        PostgreSQL counts the keys until the planner's estimate is large."""
        key = f"shape:{self.vendor}:{self.database}"
        kept = _kept_counts(key) if self.database else None
        if kept is not None:
            return kept["claims"], kept["length"]
        if self.vendor == "sqlite":
            sample = f"SELECT c0 AS terms FROM {FTS_TABLE}_content LIMIT {_SHAPE_SAMPLE}"
            words = "length(terms) - length(replace(terms, ' ', '')) + 1"
        else:
            sample = f"SELECT terms FROM {KEY_TABLE} LIMIT {_SHAPE_SAMPLE}"
            words = "array_length(string_to_array(terms, ' '), 1)"
        cursor.execute(f"SELECT count(*), avg({words}) FROM ({sample}) k")
        sampled, length = cursor.fetchone()
        claims = float(sampled)
        if sampled >= _SHAPE_SAMPLE:
            if self.vendor == "sqlite":
                cursor.execute(f"SELECT count(*) FROM {FTS_TABLE}_docsize")
                claims = float(cursor.fetchone()[0])
            else:
                cursor.execute(
                    f"SELECT reltuples FROM pg_class WHERE oid = to_regclass({self.p})", [KEY_TABLE]
                )
                row = cursor.fetchone()
                claims = float(row[0]) if row and row[0] is not None else 0.0
                if claims < _SHAPE_ESTIMATED:
                    cursor.execute(f"SELECT count(*) FROM {KEY_TABLE}")
                    claims = float(cursor.fetchone()[0])
        if self.database and sampled >= _SHAPE_KEPT:
            _keep_counts(key, {"claims": claims, "length": float(length)})
        return claims, float(length or 1.0)

    def _lexical_sql(
        self, cursor, terms: Sequence[str], limit: int, batch: _Batch | None = None
    ) -> tuple[str, list] | None:
        """The full-text search of ``terms``: a statement yielding (claim id, score, higher is
        better) for the ``limit`` best matches, and its parameters; None if nothing to search."""
        any_of, all_of, frequency = self._search_terms(cursor, terms, batch)
        p = self.p
        # FTS5's BM25 over the postings of the terms searched; a claim is found by
        # any of ``any_of`` or by all of ``group`` (two or more, else it is one more of the first).
        group = [t for t in dict.fromkeys(all_of) if t not in any_of]
        if len(group) == 1:
            any_of, group = [*any_of, *group], []
        any_of = list(dict.fromkeys(any_of))
        if not any_of and not group:
            return None
        if batch is None:
            claims, mean_length = self._shape(cursor)
        else:
            if batch.shape is None:
                batch.shape = self._shape(cursor)
            claims, mean_length = batch.shape

        # Every operand a float8 on PostgreSQL: a bare 0.75 is numeric there, many times slower.
        real = "::float8" if self.vendor == "postgresql" else ""

        def weight(posting: str, idf: str) -> str:
            # One term's BM25 share in one claim (the mean length is a parameter).
            return (
                f"{idf} * {posting}.frequency * {BM25_K1 + 1}{real} / ({posting}.frequency + "
                f"{BM25_K1}{real} * ({1 - BM25_B}{real} + {BM25_B}{real} * {posting}.length / {p}{real}))"
            )

        parts, params = [], []
        if any_of and self.vendor == "postgresql":
            parts.append(
                f"SELECT t.claim_id, {weight('t', 'w.idf')} AS share "
                f"FROM unnest({p}::text[], {p}::float8[]) w(term, idf) JOIN {TERM_TABLE} t ON t.term = w.term"
            )
            params += [mean_length, any_of, [bm25_idf(claims, frequency.get(t, 0.0)) for t in any_of]]
        elif any_of:
            # SQLite: one range of the primary key per term.
            for t in any_of:
                parts.append(
                    f"SELECT t.claim_id, {weight('t', p)} AS share FROM {TERM_TABLE} t WHERE t.term = {p}"
                )
                params += [bm25_idf(claims, frequency.get(t, 0.0)), mean_length, t]
        if group:
            # The claims holding every common term of the group, found by joining their
            # posting lists on the claim (each in claim order in the index), and scored by
            # those terms. (FTS5 also adds a group term's share to a claim found by a
            # selective term that holds only some of the group: left out here, as reading
            # the group's lists for every such claim would cost more than it ranks.)
            joins = " ".join(
                f"JOIN {TERM_TABLE} g{n} ON g{n}.claim_id = g0.claim_id AND g{n}.term = {p}"
                for n in range(1, len(group))
            )
            shares = " + ".join(weight(f"g{n}", f"{p}{real}") for n in range(len(group)))
            parts.append(
                f"SELECT g0.claim_id, {shares} AS share FROM {TERM_TABLE} g0 {joins} WHERE g0.term = {p}"
            )
            for t in group:
                params += [bm25_idf(claims, frequency.get(t, 0.0)), mean_length]
            params += [*group[1:], group[0]]
        sql = (
            f"SELECT claim_id, sum(share) AS score FROM ({' UNION ALL '.join(parts)}) s "
            f"GROUP BY claim_id ORDER BY score DESC, claim_id LIMIT {p}"
        )
        return sql, [*params, limit]

    def lexical(self, cursor, terms: Sequence[str], limit: int) -> list[tuple[int, float]]:
        """The ``limit`` best full-text matches: (claim id, score, higher is better)."""
        search = self._lexical_sql(cursor, terms, limit)
        if search is None:
            return []
        cursor.execute(*search)
        return [(int(row[0]), float(row[1])) for row in cursor.fetchall()]

    def candidates(self, cursor, terms: Sequence[str], limit: int) -> list[Candidate]:
        """The ``lexical`` matches with their text and vector, best first: one statement
        (and the counts of its terms)."""
        return self._candidates(cursor, terms, limit, None)

    def candidates_many(self, cursor, queries: Sequence[Sequence[str]], limit: int) -> list[list[Candidate]]:
        """:meth:`candidates` of each of ``queries`` (an article's sentences), the same, with
        their terms counted together and the index's size read once: one statement a
        search, not three. Nothing may be indexed meanwhile (a worker searches an
        article's sentences before its transaction)."""
        if not queries:
            return []
        union = list(dict.fromkeys(t for q in queries for t in engine_terms(q)))
        batch = _Batch(terms=set(union))
        if union:
            batch.counts = self._frequencies(cursor, union)
        return [self._candidates(cursor, q, limit, batch) for q in queries]

    def _candidates(self, cursor, terms: Sequence[str], limit: int, batch: _Batch | None) -> list[Candidate]:
        search = self._lexical_sql(cursor, terms, limit, batch)
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
        """SQLite only: a claim's FTS row and postings, replacing any it had (PostgreSQL's
        triggers derive its postings from the key row)."""
        if self.vendor == "sqlite":
            self.remove_fts(cursor, claim_id)
            self.add_fts_new(cursor, [(claim_id, terms)])

    def add_fts_new(self, cursor, rows: Sequence[tuple[int, Sequence[str]]]) -> None:
        """SQLite only: the FTS rows and postings of claims that have none yet."""
        if self.vendor == "sqlite" and rows:
            p = self.p
            texts = [(claim_id, " ".join(terms)) for claim_id, terms in rows]
            cursor.executemany(f"INSERT INTO {FTS_TABLE} (rowid, terms) VALUES ({p}, {p})", texts)
            cursor.executemany(
                f"INSERT INTO {TERM_TABLE} (term, claim_id, frequency, length) VALUES ({p}, {p}, {p}, {p})",
                [posting for claim_id, text in texts for posting in sqlite_postings(claim_id, text)],
            )

    def remove_fts(self, cursor, claim_id: int) -> None:
        """SQLite only: a claim's FTS row and postings (found by the terms the row holds)."""
        if self.vendor == "sqlite":
            p = self.p
            cursor.execute(f"SELECT terms FROM {FTS_TABLE} WHERE rowid = {p}", [claim_id])
            row = cursor.fetchone()
            if row is None:
                return
            cursor.executemany(
                f"DELETE FROM {TERM_TABLE} WHERE term = {p} AND claim_id = {p}",
                [(term, claim_id) for term, *_ in sqlite_postings(claim_id, row[0])],
            )
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = {p}", [claim_id])
