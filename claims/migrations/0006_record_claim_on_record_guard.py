"""The public record in the database: a trigger refuses any change of what a published
verdict ruled on (see ``claims/record_guard.py``, which also puts it back after later
migrations)."""

from django.db import migrations


def install(apps, schema_editor):
    from claims import record_guard

    record_guard.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from claims import record_guard

    record_guard.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_verdict_claim_protect"),
    ]

    operations = [
        migrations.RunPython(install, uninstall),
    ]
