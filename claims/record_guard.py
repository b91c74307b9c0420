"""The public record in the database: a claim with a published verdict keeps its wording.

Once a published verdict exists for a claim, an UPDATE that changes the claim's text, its
matching key (normalized_hash), its claimant or its language, or moves its review state
anywhere but "published", is refused by a trigger, whatever code sends it (the admin, a
service, a shell, a migration). ``claims.services.claim_save`` checks the same first and
says why to the editor; this is the guard behind it. The status is not guarded: each newly
published verdict sets it.

Installed by migration ``0006_record_claim_on_record_guard`` and again after every
``migrate`` (``post_migrate``): on SQLite, Django alters a table by copying it (a changed
column, an added check constraint), which drops the table's triggers, so a later migration
of ``claims_claim`` would silently remove the guard. Installing is idempotent on both
databases; the error is an integrity error on both.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

MIGRATION = ("claims", "0006_record_claim_on_record_guard")
MESSAGE = "claim has a published verdict: its text, claimant, language and review state cannot change"

_SQLITE_INSTALL = [
    f"""
CREATE TRIGGER IF NOT EXISTS claims_claim_on_record
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
]
_SQLITE_UNINSTALL = ["DROP TRIGGER IF EXISTS claims_claim_on_record;"]

_POSTGRES_INSTALL = [
    f"""
CREATE OR REPLACE FUNCTION claims_claim_on_record() RETURNS trigger LANGUAGE plpgsql AS $$
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
    "DROP TRIGGER IF EXISTS claims_claim_on_record ON claims_claim;",
    """
CREATE TRIGGER claims_claim_on_record BEFORE UPDATE ON claims_claim
FOR EACH ROW EXECUTE FUNCTION claims_claim_on_record();
""",
]
_POSTGRES_UNINSTALL = [
    "DROP TRIGGER IF EXISTS claims_claim_on_record ON claims_claim;",
    "DROP FUNCTION IF EXISTS claims_claim_on_record();",
]

_EXISTS = {
    "sqlite": "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'claims_claim_on_record'",
    "postgresql": "SELECT 1 FROM pg_trigger WHERE tgname = 'claims_claim_on_record' AND NOT tgisinternal",
}
_INSTALL = {"sqlite": _SQLITE_INSTALL, "postgresql": _POSTGRES_INSTALL}
_UNINSTALL = {"sqlite": _SQLITE_UNINSTALL, "postgresql": _POSTGRES_UNINSTALL}


def install(connection: BaseDatabaseWrapper) -> None:
    statements = _INSTALL.get(connection.vendor)
    if statements is None:
        raise RuntimeError(
            f"The claim record guard is written for SQLite and PostgreSQL, not {connection.vendor}."
        )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement, None)  # no parameters: the "%" in the message is literal


def installed(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(_EXISTS[connection.vendor], None)
        return cursor.fetchone() is not None


def uninstall(connection: BaseDatabaseWrapper) -> None:
    with connection.cursor() as cursor:
        for statement in _UNINSTALL.get(connection.vendor, []):
            cursor.execute(statement, None)


def after_migrate(*, using: str, **kwargs) -> None:
    """``post_migrate``: put the guard back if a migration's table copy dropped it (only on a
    database migrated to the guard's migration or later)."""
    from django.db import connections

    connection = connections[using]
    if MIGRATION in MigrationRecorder(connection).applied_migrations() and not installed(connection):
        install(connection)
