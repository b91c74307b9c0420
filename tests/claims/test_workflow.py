"""The review workflow: transitions, drafting, publishing by a second editor, locking."""

import pytest
from django.test import override_settings

from claims import workflow
from claims.models import Claim, Evidence, Verdict
from tests.factories import make_claim, make_editor, make_publisher

pytestmark = pytest.mark.django_db

S = Claim.ReviewState


@pytest.fixture
def editor():
    return make_editor()


@pytest.fixture
def publisher():
    return make_publisher()


def claim_in(state: str, by) -> Claim:
    claim = make_claim()
    if state != S.NEW:
        Claim.objects.filter(pk=claim.pk).update(
            review_state=state, dismiss_reason="duplicate" if state == S.DISMISSED else ""
        )
    if state == S.VERDICT_DRAFTED:
        Verdict.objects.create(claim=claim, status="disputed", explanation="Draft.", author=by)
    claim.refresh_from_db()
    return claim


ALLOWED = [
    (S.NEW, S.IN_REVIEW),
    (S.NEW, S.DISMISSED),
    (S.IN_REVIEW, S.NEW),
    (S.IN_REVIEW, S.DISMISSED),
    (S.VERDICT_DRAFTED, S.IN_REVIEW),
    (S.VERDICT_DRAFTED, S.DISMISSED),
    (S.DISMISSED, S.NEW),
]
REFUSED = [
    (S.NEW, S.VERDICT_DRAFTED),
    (S.NEW, S.PUBLISHED),
    (S.IN_REVIEW, S.PUBLISHED),
    (S.IN_REVIEW, S.VERDICT_DRAFTED),  # no draft verdict yet
    (S.DISMISSED, S.IN_REVIEW),
    (S.PUBLISHED, S.DISMISSED),
    (S.PUBLISHED, S.NEW),
    (S.PUBLISHED, S.IN_REVIEW),
]


@pytest.mark.parametrize(("start", "to"), ALLOWED)
def test_allowed_transition_moves_the_claim_and_its_version(editor, start, to):
    claim = claim_in(start, editor)
    workflow.claim_transition(claim=claim, to=to, by=editor, reason="not_a_claim")
    after = Claim.objects.get(pk=claim.pk)
    assert after.review_state == to
    assert after.version == claim.version + 1
    assert after.dismiss_reason == ("not_a_claim" if to == S.DISMISSED else "")


@pytest.mark.parametrize(("start", "to"), REFUSED)
def test_refused_transition_leaves_the_claim_as_it_was(editor, start, to):
    claim = claim_in(start, editor)
    with pytest.raises(workflow.WorkflowError):
        workflow.claim_transition(claim=claim, to=to, by=editor)
    assert Claim.objects.get(pk=claim.pk).review_state == start


def test_dismissing_needs_a_known_reason(editor):
    claim = make_claim()
    with pytest.raises(workflow.WorkflowError, match="why"):
        workflow.claim_transition(claim=claim, to=S.DISMISSED, by=editor, reason="boring")


def test_starting_a_review_takes_an_unassigned_claim(editor):
    claim = workflow.claim_transition(claim=make_claim(), to=S.IN_REVIEW, by=editor)
    assert claim.assignee == editor


def test_a_stale_version_is_a_conflict(editor):
    claim = make_claim()
    workflow.claim_assign(claim=claim, assignee=editor, by=editor, expected_version=claim.version)
    with pytest.raises(workflow.ConflictError) as raised:
        workflow.claim_transition(claim=claim, to=S.IN_REVIEW, by=editor, expected_version=claim.version)
    assert raised.value.current_version == claim.version + 1
    assert Claim.objects.get(pk=claim.pk).review_state == S.NEW


def test_draft_then_publish_by_a_second_editor(editor, publisher):
    claim = make_claim()
    evidence = Evidence.objects.create(claim=claim, url="https://example.org/a", stance="refutes")
    draft = workflow.verdict_draft(
        claim=claim, status="disputed", explanation="Wrong figure.", evidence=[evidence], by=editor
    )
    claim.refresh_from_db()
    assert (claim.review_state, claim.assignee, draft.author) == (S.VERDICT_DRAFTED, editor, editor)
    assert not draft.is_published and list(draft.evidence.all()) == [evidence]

    published = workflow.verdict_publish(verdict=draft, by=publisher)
    claim.refresh_from_db()
    assert published.is_published and published.published_at is not None
    assert (claim.status, claim.review_state) == (Claim.Status.DISPUTED, S.PUBLISHED)


def test_an_editor_without_the_publish_permission_cannot_publish(editor):
    other = make_editor("other")
    draft = workflow.verdict_draft(claim=make_claim(), status="confirmed", explanation="Right.", by=other)
    with pytest.raises(workflow.WorkflowError, match="permission"):
        workflow.verdict_publish(verdict=draft, by=editor)
    assert not Verdict.objects.get(pk=draft.pk).is_published


def test_the_author_cannot_publish_their_own_verdict(publisher):
    draft = workflow.verdict_draft(claim=make_claim(), status="confirmed", explanation="Right.", by=publisher)
    with pytest.raises(workflow.WorkflowError, match="second editor"):
        workflow.verdict_publish(verdict=draft, by=publisher)
    with override_settings(FACTCHECK_PUBLISH_NEEDS_SECOND_EDITOR=False):
        assert workflow.verdict_publish(verdict=draft, by=publisher).is_published


def test_a_correction_is_a_new_published_verdict_and_the_first_stays(editor, publisher):
    claim = make_claim()
    first = workflow.verdict_draft(claim=claim, status="confirmed", explanation="Right.", by=editor)
    workflow.verdict_publish(verdict=first, by=publisher)
    correction = workflow.verdict_draft(
        claim=claim, status="disputed", explanation="Wrong after all.", by=editor
    )
    claim.refresh_from_db()
    assert claim.review_state == S.PUBLISHED and claim.status == Claim.Status.CONFIRMED  # until published
    workflow.verdict_publish(verdict=correction, by=publisher)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED
    assert set(claim.verdicts.values_list("pk", "is_published")) == {(first.pk, True), (correction.pk, True)}
    first.refresh_from_db()
    assert first.explanation == "Right." and first.superseded_by == correction
    assert Verdict.history.filter(id=first.pk).latest("history_id").history_user == publisher


def test_a_published_verdict_is_never_revised(editor, publisher):
    draft = workflow.verdict_draft(claim=make_claim(), status="confirmed", explanation="Right.", by=editor)
    workflow.verdict_publish(verdict=draft, by=publisher)
    with pytest.raises(workflow.WorkflowError, match="never edited"):
        workflow.verdict_draft(
            claim=draft.claim, status="disputed", explanation="x", verdict=draft, by=editor
        )


def test_a_dismissed_claim_takes_no_verdict(editor):
    claim = claim_in(S.DISMISSED, editor)
    with pytest.raises(workflow.WorkflowError, match="reopen"):
        workflow.verdict_draft(claim=claim, status="confirmed", explanation="Right.", by=editor)


def test_a_verdict_cites_only_its_own_claims_evidence(editor):
    claim, other = make_claim(), make_claim()
    foreign = Evidence.objects.create(claim=other, excerpt="Elsewhere.")
    with pytest.raises(workflow.WorkflowError, match="own claim"):
        workflow.verdict_draft(
            claim=claim, status="confirmed", explanation="x", evidence=[foreign], by=editor
        )
    assert not Verdict.objects.exists()


def test_bulk_transition_reports_the_claims_it_refused(editor):
    new, published = make_claim(), claim_in(S.PUBLISHED, editor)
    done, refused = workflow.claims_transition(
        claims=[new, published], to=S.DISMISSED, by=editor, reason="duplicate"
    )
    assert done == 1 and len(refused) == 1
    assert Claim.objects.get(pk=new.pk).review_state == S.DISMISSED
