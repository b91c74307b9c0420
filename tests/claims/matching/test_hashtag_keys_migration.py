"""Migration 0015 derives afresh the matching keys of claims whose text holds a hashtag."""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from claims import match_selectors, match_services
from claims.matching.text import terms
from claims.models import Claim, ClaimMatchKey

pytestmark = pytest.mark.django_db

migration = importlib.import_module("claims.migrations.0015_matching_keys_of_hashtags")
postings = importlib.import_module("claims.migrations.0016_matching_postings")


def claim_with_key(text: str, *, stale_terms: str) -> Claim:
    claim = Claim.objects.create(text=text, normalized_hash=f"h-{text}", language="en")
    match_services.matchkey_refresh(claim=claim, new=True)
    # The key as the earlier reading wrote it ("#BlackLivesMatter" was one word).
    ClaimMatchKey.objects.filter(claim=claim).update(terms=stale_terms)
    if connection.vendor == "sqlite":
        from claims.matching.index import SqlIndex

        with connection.cursor() as cursor:
            SqlIndex(vendor="sqlite").add_fts(cursor, claim.pk, stale_terms.split())
    return claim


def test_hashtag_claims_are_found_by_the_words_of_their_hashtags():
    tagged = claim_with_key(
        "#BlackLivesMatter marchers toppled the Colston statue",
        stale_terms="blacklivesmatter marcher toppl colston statu",
    )
    plain = claim_with_key("The council repaired the bridge", stale_terms="stale")
    assert not match_selectors.claim_index_candidates(text="Black Lives Matter")

    # What the migration reads of its schema editor (SQLite's cannot open inside a test's
    # transaction).
    migration.refresh(apps, SimpleNamespace(connection=connection))
    if connection.vendor == "sqlite":
        # Then 0016, which derives SQLite's postings from the FTS rows 0015 wrote.
        postings.fill_sqlite_postings(connection)

    key = ClaimMatchKey.objects.get(claim=tagged)
    assert key.terms == " ".join(terms(tagged.text))
    assert "black" in key.terms.split()
    found = match_selectors.claim_index_candidates(text="Black Lives Matter")
    assert [c.claim_id for c in found][:1] == [tagged.pk]
    # A claim without a hashtag keeps its key as it was.
    assert ClaimMatchKey.objects.get(claim=plain).terms == "stale"
