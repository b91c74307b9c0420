from django.db import migrations

# PostgreSQL: ANALYZE keeps ten times this many of the commonest lexemes of the matching
# index's tsvector column (100 by default: 1,000 lexemes). The candidate search leaves out
# the terms these statistics call common (until migration 0016 replaced that search), so
# a longer list finds the common terms of a large index, where 1,000 would stop short.
STATISTICS = 1000


def raise_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE claims_claimmatchkey ALTER COLUMN search SET STATISTICS {STATISTICS}"
        )


def default_statistics(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE claims_claimmatchkey ALTER COLUMN search SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0013_history_of_supersession"),
    ]

    operations = [migrations.RunPython(raise_statistics, default_statistics, elidable=False)]
