"""The evaluation's two indexes run the product's search: in-memory SQLite and PostgreSQL."""

import pytest
from django.db import connection

from claims.matching import evaluation
from claims.matching import index as index_module
from claims.matching.encoder import default_encoder
from claims.matching.matcher import Settings
from tests.conftest import subprocess_database_url

KNOWN = [
    "Some 3,000 North Korean soldiers have been sent to Russia.",
    "The measles vaccine causes autism in children.",
    "Black Lives Matter protesters toppled the statue of Edward Colston in Bristol.",
]


def _ranked_first(index, query: str) -> str:
    vectors = default_encoder().encode([*KNOWN, query])
    for number, (text, vector) in enumerate(zip(KNOWN, vectors, strict=False)):
        index.add(number, text, vector)
    index.finish()
    ranked = index.match(query, vectors[-1], Settings(candidates=10))
    return ranked[0].candidate.text


def test_the_in_memory_index_finds_the_claim():
    query = "#BlackLivesMatter marchers pulled down Colston's statue in Bristol"
    assert _ranked_first(evaluation.MemoryIndex(), query) == KNOWN[2]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL search")
def test_the_postgresql_index_finds_the_claim():
    index = evaluation.PostgresIndex(subprocess_database_url(), "test set")
    try:
        query = "#BlackLivesMatter marchers pulled down Colston's statue in Bristol"
        assert _ranked_first(index, query) == KNOWN[2]
        # Its own schema, not the product's tables.
        assert index.db.execute("SELECT current_schema()").fetchone() == ("eval_test_set",)
    finally:
        index.db.execute("DROP SCHEMA eval_test_set CASCADE")
        index.db.close()
        index_module._COMMON_TERMS.clear()
