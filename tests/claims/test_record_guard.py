"""The database's guard of the public record: whatever the code, a claim with a published
verdict keeps what the verdict ruled on."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import IntegrityError, connection, transaction

from claims import record_guard
from claims.models import Claim
from tests.factories import make_claim, make_claimant, make_published_verdict, record_columns

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change",
    [
        {"text": "Something nobody checked."},
        {"normalized_hash": "0" * 64},
        {"language": "de"},
        {"claimant": None},
        {"review_state": Claim.ReviewState.NEW},
    ],
    ids=lambda change: next(iter(change)),
)
def test_the_database_refuses_to_change_a_claim_on_record_whatever_the_code(change):
    claim = make_claim(claimant=make_claimant(), language="en")
    make_published_verdict(claim)
    before = record_columns(claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(**change)
    assert record_columns(claim) == before


def test_a_claim_without_a_published_verdict_is_not_guarded():
    claim = make_claim()
    Claim.objects.filter(pk=claim.pk).update(text="Reworded.", language="de", review_state="in_review")
    assert record_columns(claim)["text"] == "Reworded."


def test_the_guard_comes_back_after_a_migration_dropped_it():
    # What SQLite's copy of an altered table does to its triggers.
    record_guard.uninstall(connection)
    assert not record_guard.installed(connection)
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)
    assert record_guard.installed(connection)
    claim = make_claim()
    make_published_verdict(claim)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(text="Something nobody checked.")
