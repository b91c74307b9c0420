"""Reads for claim matching: candidate search in the database index."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import numpy as np
from django.db import connection

from claims.matching.index import Candidate, SqlIndex, vector_from
from claims.matching.matcher import Scored, Settings, rank
from claims.matching.text import terms

from .models import ClaimMatchKey, MatchSuggestion


@lru_cache(maxsize=1)
def matching_settings() -> Settings:
    return Settings.load()


def claim_match_candidates(
    *, text: str, vector: np.ndarray, settings: Settings | None = None
) -> list[Scored]:
    """Known claims that may be ``text``, best first: an index search, never a scan.

    Only claims with a match key are found: merged claims have none.
    """
    settings = settings or matching_settings()
    return rank(vector, claim_index_candidates(text=text, settings=settings), settings.weight)


def claim_index_candidates(*, text: str, settings: Settings | None = None) -> list[Candidate]:
    """The index search of :func:`claim_match_candidates`, not yet ranked."""
    settings = settings or matching_settings()
    with search_cursor() as cursor:
        return _index().candidates(cursor, terms(text), settings.candidates)


def claim_index_candidates_many(
    *, texts: list[str], settings: Settings | None = None
) -> list[list[Candidate]]:
    """:func:`claim_index_candidates` of each of ``texts`` (an article's new wordings),
    their terms counted together."""
    settings = settings or matching_settings()
    with search_cursor() as cursor:
        return _index().candidates_many(cursor, [terms(text) for text in texts], settings.candidates)


def _index() -> SqlIndex:
    """The index of the default database (its counts kept under the database's name)."""
    return SqlIndex(vendor=connection.vendor, database=str(connection.settings_dict["NAME"]))


@contextmanager
def search_cursor() -> Iterator:
    """A cursor for the index's statements on the default connection (its transaction, its
    execute wrappers). On PostgreSQL its parameters are bound by the server, and a statement
    the connection has run ``prepare_threshold`` times (settings) is prepared, as the
    evaluation and ``bench/matching.py`` send them. Django's own cursors quote every value
    into the statement's text in Python and plan it anew each time: at 2,000 claims a
    search's two statements took 4.4 and 0.9 ms so, 2.7 and 0.4 bound on the server; at
    100,000 claims, planning each search anew cost about 4 ms of a p50 of 10-12 ms."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            yield cursor
        return
    # Defined only under psycopg 3, which the stubs do not assume.
    from django.db.backends.postgresql.base import ServerBindingCursor  # type: ignore[attr-defined]

    connection.close_if_health_check_failed()
    connection.ensure_connection()
    # _prepare_cursor: what connection.cursor() wraps its own cursors in (query logging,
    # thread checks).
    with connection._prepare_cursor(ServerBindingCursor(connection.connection)) as cursor:  # type: ignore[attr-defined]
        yield cursor


def index_watermark() -> int:
    """The highest claim id in the index now: claims indexed later are those with a higher
    id (:func:`claims_indexed_since`)."""
    return ClaimMatchKey.objects.order_by("-claim_id").values_list("claim_id", flat=True).first() or 0


def claims_indexed_since(*, watermark: int) -> list[Candidate]:
    """The claims indexed after :func:`index_watermark` gave ``watermark``, as candidates
    of every new claim (no lexical score): the few that workers created meanwhile."""
    rows = ClaimMatchKey.objects.filter(claim_id__gt=watermark).values_list(
        "claim_id", "claim__text", "vector"
    )
    return [Candidate(claim_id=pk, text=text, lexical=0.0, vector=vector_from(v)) for pk, text, v in rows]


def suggestion_pairs_known(*, claim_id: int, candidate_ids: list[int]) -> set[int]:
    """Of ``candidate_ids``, those already suggested with ``claim_id`` in either order, in
    any state (a rejected pair stays rejected; an accepted one was merged)."""
    forward = MatchSuggestion.objects.filter(claim_id=claim_id, candidate_id__in=candidate_ids).values_list(
        "candidate_id", flat=True
    )
    backward = MatchSuggestion.objects.filter(candidate_id=claim_id, claim_id__in=candidate_ids).values_list(
        "claim_id", flat=True
    )
    return set(forward) | set(backward)
