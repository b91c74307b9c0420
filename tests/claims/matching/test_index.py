"""The candidate search leaves out the terms too common to be worth their cost, on both databases."""

import pytest
from django.db import connection

from claims import match_services
from claims.matching import index
from claims.models import Claim

pytestmark = pytest.mark.django_db


def make_claim(text: str) -> Claim:
    claim = Claim.objects.create(text=text, normalized_hash=f"h-{text}", language="en")
    match_services.matchkey_refresh(claim=claim, new=True)
    return claim


@pytest.fixture
def common_word(monkeypatch):
    """ "tunnel" in twelve claims, "zebra", "quokka" and "narwhal" in one; a term in more
    than five claims counts as common."""
    monkeypatch.setattr(index, "MAX_DOC_FREQUENCY", 5)
    for n in range(12):
        make_claim(f"The tunnel report number {n} was published")
    make_claim("A zebra, a quokka and a narwhal were seen near the tunnel")
    index._COMMON_TERMS.clear()
    yield "tunnel"
    index._COMMON_TERMS.clear()


def test_a_term_in_many_claims_is_left_out_of_the_search(common_word):
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        kept = sql.search_terms(cursor, [common_word, "zebra", "quokka", "narwhal"])
    assert kept == (["narwhal", "quokka", "zebra"], [])


def test_common_terms_are_searched_together_when_too_few_others_remain(common_word):
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        any_of, all_of = sql.search_terms(cursor, [common_word, "zebra", "report", "publish"])
        found = sql.candidates(cursor, [common_word, "zebra", "report", "publish"], 50)
    # One selective term: the two rarest common ones join it, as a pair.
    assert (any_of, all_of) == (["zebra"], ["publish", "report"])
    # The zebra claim and the twelve claims holding both common terms; not every "tunnel".
    assert len(found) == 13


def test_a_short_query_leaves_out_a_lone_common_term(common_word):
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, [common_word, "zebra", "quokka"]) == (["quokka", "zebra"], [])
        # Nothing but common terms: all of them, together.
        assert sql.search_terms(cursor, [common_word, "report"]) == ([], ["report", common_word])


def test_the_claim_with_the_rare_words_is_found(common_word):
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        found = sql.candidates(cursor, [common_word, "zebra", "quokka", "narwhal"], 5)
    assert [c.text for c in found][:1] == ["A zebra, a quokka and a narwhal were seen near the tunnel"]


def test_an_articles_searches_together_find_what_each_finds_alone(common_word):
    """``candidates_many`` counts the terms of all its queries at once and reads the index's
    size once: the same candidates, order and scores as a search each, with fewer statements."""
    queries = [
        [common_word, "zebra", "report", "publish"],  # common terms searched together
        [common_word, "zebra", "quokka", "narwhal"],
        ["report", "number"],  # nothing but common terms
        ["walrus"],  # no claim holds it
        [],
        ["narwhal", "seen", "publish"],
    ]
    sql = index.SqlIndex(vendor=connection.vendor, database="batch-test")

    def found(results):
        return [[(c.claim_id, c.text, round(c.lexical, 9), c.vector.tobytes()) for c in r] for r in results]

    with connection.cursor() as cursor:
        alone = found([sql.candidates(cursor, q, 5) for q in queries])
        index._COMMON_TERMS.clear()
        together = found(sql.candidates_many(cursor, queries, 5))
    assert together == alone
    assert [len(r) for r in alone] == [5, 1, 5, 0, 0, 1]


def test_terms_stop_once_their_claims_add_up_to_the_budget(common_word, monkeypatch):
    # Every term is under the common-term limit here; the budget alone decides.
    monkeypatch.setattr(index, "MAX_DOC_FREQUENCY", 20)
    monkeypatch.setattr(index, "MAX_MATCHED", 15)
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        kept = sql.search_terms(cursor, [common_word, "report", "publish", "zebra", "quokka", "narwhal"])
    # The three rare ones (3 claims) and "publish" (12 more: 15); "report" would pass 15.
    assert kept == (["narwhal", "quokka", "zebra", "publish"], [])


def test_terms_are_searched_and_counted_as_the_engines_index_them(common_word):
    # "Tunnel's" gives the term "tunnel'", which both engines index as "tunnel": common here.
    assert index.engine_terms(["tunnel'", "doesn't", "5", "it'"]) == ["tunnel", "doesn", "5", "it"]
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        kept = sql.search_terms(cursor, [f"{common_word}'", "zebra", "quokka", "narwhal"])
    assert kept == (["narwhal", "quokka", "zebra"], [])


def _counts_of(queries, term: str, *, full: bool) -> list[str]:
    """The statements that counted ``term``: in full (SQLite: the vocabulary; PostgreSQL: a
    grouped count of the postings) or capped (a limited read of its posting list)."""
    if connection.vendor == "sqlite":
        marker, quoted = (f"{index.FTS_TABLE}_vocab", f"'{term}'") if full else ("LIMIT", f'"{term}"')
    else:
        # An array of terms: '{tunnel,zebra}'.
        marker, quoted = ("GROUP BY term" if full else "LIMIT", term)
    return [q["sql"] for q in queries if marker in q["sql"] and quoted in q["sql"]]


def test_the_rarest_common_terms_are_searched_together(common_word):
    # "tunnel" is in 13 claims, "number" and "report" in 12: the two rarest join "zebra".
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, ["zebra", common_word, "number", "report"]) == (
            ["zebra"],
            ["number", "report"],
        )


def test_a_common_term_is_counted_only_as_far_as_a_search_needs(common_word):
    from django.test.utils import CaptureQueriesContext

    sql = index.SqlIndex(vendor=connection.vendor)
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        assert sql.search_terms(cursor, [common_word, "zebra", "quokka", "narwhal"]) == (
            ["narwhal", "quokka", "zebra"],
            [],
        )
    # Counting "tunnel" in full would read its whole posting list; that it is common is enough.
    assert "LIMIT 6" in _counts_of(queries.captured_queries, common_word, full=False)[0]
    assert not _counts_of(queries.captured_queries, common_word, full=True)
    # A term the tokenizer splits (SQLite) is looked up as before: no claim holds it as one term.
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, ["3.5", "zebra", "quokka", "narwhal"]) == (
            ["narwhal", "quokka", "zebra"],
            [],
        )


def test_the_counts_of_common_terms_are_kept_and_rare_ones_counted_each_time(common_word, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    database = str(connection.settings_dict["NAME"])
    sql = index.SqlIndex(vendor=connection.vendor, database=database)
    query = [common_word, "zebra", "quokka", "narwhal", "okapi"]
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, query) == (["narwhal", "quokka", "zebra"], [])
    # A claim indexed since: its rare term is found at once (rare terms are recounted).
    make_claim("An okapi was seen")
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        assert sql.search_terms(cursor, query) == (["narwhal", "quokka", "zebra", "okapi"], [])
    # That "tunnel" is common is kept: it is not counted again.
    assert not _counts_of(queries.captured_queries, common_word, full=False)
    assert _counts_of(queries.captured_queries, "okapi", full=False)
    # A full count, once made, is kept too.
    query = ["zebra", common_word, "number", "report"]
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        assert sql.search_terms(cursor, query) == (["zebra"], ["number", "report"])
        assert sql.search_terms(cursor, query) == (["zebra"], ["number", "report"])
    assert len(_counts_of(queries.captured_queries, common_word, full=True)) == 1
    # Without a database name, or once the counts are older than the TTL, it is counted again.
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        index.SqlIndex(vendor=connection.vendor).search_terms(cursor, query)
        monkeypatch.setattr(index, "COMMON_TERMS_TTL", 0.0)
        sql.search_terms(cursor, query)
    assert len(_counts_of(queries.captured_queries, common_word, full=True)) == 2


def _postings() -> set[tuple[str, int, int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT term, claim_id, frequency, length FROM {index.TERM_TABLE}")
        return set(cursor.fetchall())


def test_postings_follow_every_write_of_a_key():
    claim = make_claim("Zebras outnumber zebras' keepers")
    # Each term (``text.terms``: "zebra") once, with its count in the claim and the claim's
    # length in terms.
    assert _postings() == {
        ("zebra", claim.pk, 2, 4),
        ("outnumber", claim.pk, 1, 4),
        ("keeper", claim.pk, 1, 4),
    }
    claim.text = "Quokkas outnumber keepers"
    claim.save()
    match_services.matchkey_refresh(claim=claim)
    assert _postings() == {
        ("quokka", claim.pk, 1, 3),
        ("outnumber", claim.pk, 1, 3),
        ("keeper", claim.pk, 1, 3),
    }
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        assert [c.claim_id for c in sql.candidates(cursor, ["quokka"], 5)] == [claim.pk]
        assert sql.candidates(cursor, ["zebra"], 5) == []
    other = make_claim("Narwhals outnumber keepers")
    match_services.matchkey_remove(claim_id=claim.pk)
    assert {row[1] for row in _postings()} == {other.pk}
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        # As Django's flush does (outside this test's transaction, with no deferred checks).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {index.KEY_TABLE}")
    assert _postings() == set()


def _fts5_bm25(lite, any_of: list[str], all_of: list[str], limit: int) -> list[tuple[int, float]]:
    """FTS5's own ``bm25()`` for the same search: any of ``any_of`` or all of ``all_of``."""
    parts = [f'"{t}"' for t in any_of]
    if len(all_of) > 1:
        parts.append("(" + " AND ".join(f'"{t}"' for t in all_of) + ")")
    else:
        parts += [f'"{t}"' for t in all_of]
    rows = lite.execute(
        f"SELECT rowid, -bm25({index.FTS_TABLE}) FROM {index.FTS_TABLE} WHERE {index.FTS_TABLE} MATCH ? "
        "ORDER BY rank, rowid LIMIT ?",
        [" OR ".join(parts), limit],
    ).fetchall()
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def test_the_search_ranks_as_fts5_bm25_does(common_word, monkeypatch):
    """The same claims in an FTS5 table of their own, searched with FTS5's ``bm25()``: the
    same candidates, in the same order, with the same scores (a rare word outweighs a common
    one; PostgreSQL's ``ts_rank`` weighed them alike)."""
    import sqlite3

    lite = sqlite3.connect(":memory:")
    for statement in index.SQLITE_FTS:
        lite.execute(statement)
    for claim_id, words in _key_terms():
        lite.execute(f"INSERT INTO {index.FTS_TABLE} (rowid, terms) VALUES (?, ?)", (claim_id, words))
    sql = index.SqlIndex(vendor=connection.vendor)

    def both(query: list[str]) -> list[tuple[int, float]]:
        with connection.cursor() as cursor:
            found = sql.lexical(cursor, query, 20)
            any_of, all_of = sql.search_terms(cursor, query)
        expected = _fts5_bm25(lite, any_of, all_of, 20)
        assert [claim_id for claim_id, _ in found] == [claim_id for claim_id, _ in expected]
        assert [score for _, score in found] == pytest.approx([score for _, score in expected], rel=1e-6)
        return found

    both(["zebra", "report", "publish", "number", "seen"])  # common terms searched together
    both([common_word, "zebra", "quokka", "narwhal", "seen"])
    monkeypatch.setattr(index, "MAX_DOC_FREQUENCY", 100)
    found = both(["report", "narwhal"])
    # The one claim holding the rare word first, far above the twelve holding the common one.
    assert len(found) == 13
    assert found[0][1] > 1000 * found[1][1]


def _key_terms() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT claim_id, terms FROM {index.KEY_TABLE} ORDER BY claim_id")
        return cursor.fetchall()
