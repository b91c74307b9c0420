from django.db import migrations

# SQLite: the same postings (term, claim, count, length), written by the product beside
# the FTS rows, as FTS5's bm25() is four times slower at a million claims.
# PostgreSQL: the matching search ranks by BM25 from a postings table (one row per claim
# and term, kept by triggers on the key table) instead of ts_rank on the GIN-indexed
# tsvector (claims.matching.index.TERM_TABLE says why). The tsvector column, its GIN index
# and the statistics of migration 0014 served only that search: they are dropped (a key's
# write no longer pays for them, and the key rows the search reads are narrower).


BATCH = 2_000


def fill_sqlite_postings(connection) -> None:
    """SQLite: the postings of every claim, from its FTS row (emptied first)."""
    from claims.matching.index import FTS_TABLE, TERM_TABLE, sqlite_postings

    with connection.cursor() as rows, connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TERM_TABLE}")
        rows.execute(f"SELECT rowid, terms FROM {FTS_TABLE} ORDER BY rowid")
        while batch := rows.fetchmany(BATCH):
            cursor.executemany(
                f"INSERT INTO {TERM_TABLE} (term, claim_id, frequency, length) VALUES (%s, %s, %s, %s)",
                [posting for claim_id, terms in batch for posting in sqlite_postings(claim_id, terms)],
            )


def create_postings(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from claims.matching.index import SQLITE_TERM_TABLE

        schema_editor.execute(SQLITE_TERM_TABLE)
        fill_sqlite_postings(schema_editor.connection)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    from claims.matching.index import (
        KEY_TABLE,
        POSTGRES_TERM_FILL,
        POSTGRES_TERM_TABLE,
        POSTGRES_TERM_TRIGGERS,
    )

    for statement in [*POSTGRES_TERM_TABLE, POSTGRES_TERM_FILL, *POSTGRES_TERM_TRIGGERS]:
        schema_editor.execute(statement)
    schema_editor.execute(f"ALTER TABLE {KEY_TABLE} DROP COLUMN search")


def drop_postings(apps, schema_editor):
    from claims.matching.index import KEY_TABLE, TERM_TABLE

    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {TERM_TABLE}")
        return
    if schema_editor.connection.vendor != "postgresql":
        return

    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TERM_TABLE}_sync ON {KEY_TABLE}")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {TERM_TABLE}_truncate ON {KEY_TABLE}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {TERM_TABLE}_sync(), {TERM_TABLE}_truncate()")
    schema_editor.execute(f"DROP TABLE IF EXISTS {TERM_TABLE}")
    schema_editor.execute(
        f"ALTER TABLE {KEY_TABLE} ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('simple', terms)) STORED"
    )
    schema_editor.execute(f"CREATE INDEX claimmatchkey_search_idx ON {KEY_TABLE} USING gin (search)")
    schema_editor.execute(f"ALTER TABLE {KEY_TABLE} ALTER COLUMN search SET STATISTICS 1000")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0015_matching_keys_of_hashtags"),
    ]

    operations = [migrations.RunPython(create_postings, drop_postings, elidable=False)]
