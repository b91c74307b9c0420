"""verdict_save: publishing rules on the claim, supersedes the previous verdict and logs both."""

from __future__ import annotations

import pytest

from claims.models import Change, ChangeCounter, Claim, Verdict
from claims.services import VerdictError, verdict_save
from tests.factories import make_claim, make_editor, make_verdict

pytestmark = pytest.mark.django_db


def test_publishing_sets_the_claim_status_and_logs_one_change():
    claim = make_claim()
    verdict = make_verdict(claim=claim, status=Claim.Status.CONFIRMED)
    claim.refresh_from_db()
    assert (claim.status, claim.review_state) == (Claim.Status.CONFIRMED, Claim.ReviewState.PUBLISHED)
    assert list(Change.objects.values_list("kind", "verdict_id")) == [
        (Change.Kind.VERDICT_PUBLISHED, verdict.pk)
    ]


def test_a_draft_logs_no_change():
    make_verdict(published=False)
    assert not Change.objects.exists()


def test_a_new_published_verdict_supersedes_the_previous_one_in_the_same_change_run():
    claim = make_claim()
    first = make_verdict(claim=claim, status=Claim.Status.UNCONFIRMED)
    second = make_verdict(claim=claim, status=Claim.Status.DISPUTED)
    first.refresh_from_db()
    assert first.superseded_by_id == second.pk
    assert first.superseded_at == second.published_at
    assert second.superseded_by_id is None
    assert list(Verdict.objects.current().values_list("pk", flat=True)) == [second.pk]
    assert list(Change.objects.order_by("seq").values_list("seq", "kind", "verdict_id")) == [
        (1, Change.Kind.VERDICT_PUBLISHED, first.pk),
        (2, Change.Kind.VERDICT_SUPERSEDED, first.pk),
        (3, Change.Kind.VERDICT_PUBLISHED, second.pk),
    ]
    assert ChangeCounter.objects.get().last == 3
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED


def test_verdicts_on_other_claims_are_not_superseded():
    one, other = make_verdict(), make_verdict()
    one.refresh_from_db()
    assert one.superseded_by_id is None and other.superseded_by_id is None


def test_a_published_verdict_is_not_edited_in_place():
    verdict = make_verdict()
    verdict.explanation = "Quietly rewritten."
    with pytest.raises(VerdictError):
        verdict_save(verdict=verdict, by=make_editor())
    verdict.refresh_from_db()
    assert verdict.explanation != "Quietly rewritten."


def test_the_counter_row_is_recreated_after_a_flush():
    ChangeCounter.objects.all().delete()
    make_verdict()
    assert list(Change.objects.values_list("seq", flat=True)) == [1]
