"""Reads for claim matching: candidate search in the database index."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from django.db import connection

from claims.matching.index import SqlIndex
from claims.matching.matcher import Scored, Settings, rank
from claims.matching.text import terms

from .models import MatchSuggestion


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
    index = SqlIndex(vendor=connection.vendor)
    with connection.cursor() as cursor:
        candidates = index.candidates(cursor, terms(text), settings.candidates)
    return rank(vector, candidates, settings.weight)


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
