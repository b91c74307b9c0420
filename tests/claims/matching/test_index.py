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
    if connection.vendor == "postgresql":
        # What autovacuum does as the table grows: the statistics the search reads.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {index.KEY_TABLE}")
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
    assert index.match_expression(any_of, all_of, vendor="sqlite") == '"zebra" OR ("publish" AND "report")'
    assert index.match_expression(any_of, all_of, vendor="postgresql") == "'zebra' | ('publish' & 'report')"
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
    """The statements that counted ``term``: in full (the vocabulary) or capped (a limited match)."""
    marker = f"{index.FTS_TABLE}_vocab" if full else "LIMIT"
    return [q["sql"] for q in queries if marker in q["sql"] and term in q["sql"]]


def test_the_rarest_common_terms_are_searched_together(common_word):
    # "tunnel" is in 13 claims, "number" and "report" in 12: the two rarest join "zebra".
    sql = index.SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, ["zebra", common_word, "number", "report"]) == (
            ["zebra"],
            ["number", "report"],
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL reads its statistics, never counts")
def test_sqlite_counts_a_common_term_only_as_far_as_a_search_needs(common_word):
    from django.test.utils import CaptureQueriesContext

    sql = index.SqlIndex(vendor="sqlite")
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        assert sql.search_terms(cursor, [common_word, "zebra", "quokka", "narwhal"]) == (
            ["narwhal", "quokka", "zebra"],
            [],
        )
    # Counting "tunnel" in full would read its whole posting list; that it is common is enough.
    assert _counts_of(queries.captured_queries, f'"{common_word}"', full=False)
    assert "LIMIT 6" in _counts_of(queries.captured_queries, f'"{common_word}"', full=False)[0]
    assert not [q for q in queries.captured_queries if f"{index.FTS_TABLE}_vocab" in q["sql"]]
    # A term the tokenizer splits is looked up as before: no claim holds it as one term.
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, ["3.5", "zebra", "quokka", "narwhal"]) == (
            ["narwhal", "quokka", "zebra"],
            [],
        )


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL reads its statistics, never counts")
def test_sqlite_keeps_the_counts_of_common_terms_and_counts_rare_ones_each_time(common_word, monkeypatch):
    from django.test.utils import CaptureQueriesContext

    database = str(connection.settings_dict["NAME"])
    sql = index.SqlIndex(vendor="sqlite", database=database)
    query = [common_word, "zebra", "quokka", "narwhal", "okapi"]
    with connection.cursor() as cursor:
        assert sql.search_terms(cursor, query) == (["narwhal", "quokka", "zebra"], [])
    # A claim indexed since: its rare term is found at once (rare terms are recounted).
    make_claim("An okapi was seen")
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        assert sql.search_terms(cursor, query) == (["narwhal", "quokka", "zebra", "okapi"], [])
    # That "tunnel" is common is kept: it is not counted again.
    assert not _counts_of(queries.captured_queries, f'"{common_word}"', full=False)
    assert _counts_of(queries.captured_queries, '"okapi"', full=False)
    # A full count, once made, is kept too.
    query = ["zebra", common_word, "number", "report"]
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        assert sql.search_terms(cursor, query) == (["zebra"], ["number", "report"])
        assert sql.search_terms(cursor, query) == (["zebra"], ["number", "report"])
    assert len(_counts_of(queries.captured_queries, f"'{common_word}'", full=True)) == 1
    # Without a database name, or once the counts are older than the TTL, it is counted again.
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        index.SqlIndex(vendor="sqlite").search_terms(cursor, query)
        monkeypatch.setattr(index, "COMMON_TERMS_TTL", 0.0)
        sql.search_terms(cursor, query)
    assert len(_counts_of(queries.captured_queries, f"'{common_word}'", full=True)) == 2
