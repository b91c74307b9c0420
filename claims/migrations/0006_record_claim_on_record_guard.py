"""The public record in the database: a claim with a published verdict keeps its wording.

Once a published verdict exists for a claim, an UPDATE that changes the claim's text, its
matching key (normalized_hash), its claimant or its language, or moves its review state
anywhere but "published", is refused by a trigger, whatever code sends it (the admin, a
service, a shell, a later migration). ``claims.services.claim_save`` checks the same first
and says why to the editor; this is the guard behind it. The status is not guarded: each
newly published verdict sets it.

SQLite and PostgreSQL are the supported databases; the error is an integrity error on both.
On SQLite, a later migration that rebuilds ``claims_claim`` (Django copies the table to alter
a column or add a check constraint) drops its triggers: such a migration must create this
one again. ``tests/claims/test_services.py`` fails on SQLite if the guard is gone.
"""

from django.db import migrations

MESSAGE = "claim has a published verdict: its text, claimant, language and review state cannot change"

SQLITE_CREATE = f"""
CREATE TRIGGER claims_claim_on_record
BEFORE UPDATE ON claims_claim
FOR EACH ROW
WHEN (
    NEW.text IS NOT OLD.text
    OR NEW.normalized_hash IS NOT OLD.normalized_hash
    OR NEW.claimant_id IS NOT OLD.claimant_id
    OR NEW.language IS NOT OLD.language
    OR (NEW.review_state IS NOT OLD.review_state AND NEW.review_state <> 'published')
) AND EXISTS (SELECT 1 FROM claims_verdict WHERE claim_id = OLD.id AND is_published)
BEGIN
    SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_DROP = "DROP TRIGGER IF EXISTS claims_claim_on_record;"

POSTGRES_CREATE = [
    f"""
CREATE FUNCTION claims_claim_on_record() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (
        NEW.text IS DISTINCT FROM OLD.text
        OR NEW.normalized_hash IS DISTINCT FROM OLD.normalized_hash
        OR NEW.claimant_id IS DISTINCT FROM OLD.claimant_id
        OR NEW.language IS DISTINCT FROM OLD.language
        OR (NEW.review_state IS DISTINCT FROM OLD.review_state AND NEW.review_state <> 'published')
    ) AND EXISTS (SELECT 1 FROM claims_verdict WHERE claim_id = OLD.id AND is_published) THEN
        RAISE EXCEPTION 'claim %: {MESSAGE}', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$;
""",
    """
CREATE TRIGGER claims_claim_on_record BEFORE UPDATE ON claims_claim
FOR EACH ROW EXECUTE FUNCTION claims_claim_on_record();
""",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS claims_claim_on_record ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_claim_on_record();",
]


def create_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": [SQLITE_CREATE], "postgresql": POSTGRES_CREATE}.get(vendor)
    if statements is None:
        raise RuntimeError(f"The claim record guard is written for SQLite and PostgreSQL, not {vendor}.")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_guard(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"sqlite": [SQLITE_DROP], "postgresql": POSTGRES_DROP}.get(vendor, []):
        schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_verdict_claim_protect"),
    ]

    operations = [
        migrations.RunPython(create_guard, drop_guard),
    ]
