from django.db import DatabaseError, migrations, transaction

# The claim queue's search (ClaimAdmin.get_search_results) is ``UPPER(text) LIKE
# UPPER('%term%')`` on claims and on claimants' names: a scan of every row without
# these trigram indexes. PostgreSQL only (SQLite has no such index; its tables are
# small), and only where the pg_trgm extension may be created: without it the search
# still works, just slower.
INDEXES = [
    'CREATE INDEX IF NOT EXISTS claim_text_trgm_idx ON claims_claim USING gin ((UPPER("text"::text)) gin_trgm_ops)',
    'CREATE INDEX IF NOT EXISTS claimant_name_trgm_idx ON claims_claimant USING gin ((UPPER("name"::text)) gin_trgm_ops)',
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=schema_editor.connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except DatabaseError:
        return  # no right to create extensions: search stays a scan
    for statement in INDEXES:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS claim_text_trgm_idx")
        schema_editor.execute("DROP INDEX IF EXISTS claimant_name_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("claims", "0010_desk_roles")]

    operations = [migrations.RunPython(create, drop)]
