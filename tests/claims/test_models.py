import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Claim, ClaimAppearance, Evidence, Verdict
from tests.factories import make_article, make_claim, make_editor

pytestmark = pytest.mark.django_db


def test_new_claim_is_unconfirmed_and_waits_for_triage():
    claim = make_claim()
    assert claim.status == Claim.Status.UNCONFIRMED
    assert list(Claim.objects.triage_queue()) == [claim]


def test_triage_queue_puts_most_checkworthy_first_and_leaves_out_dismissed():
    low = make_claim(checkworthiness=0.2)
    high = make_claim(checkworthiness=0.9)
    make_claim(checkworthiness=0.99, review_state=Claim.ReviewState.DISMISSED)
    assert list(Claim.objects.triage_queue()) == [high, low]


def test_claim_text_is_unique_after_normalisation():
    make_claim(text="Unemployment fell to 4 percent.")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(text="unemployment  fell to 4 percent")


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_checkworthiness_must_be_between_0_and_1(value):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(checkworthiness=value)


def test_claim_status_outside_the_choices_is_refused():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_claim(status="true")


def test_appearance_offsets_must_be_ordered_and_unique_per_place():
    claim, article = make_claim(), make_article()
    ClaimAppearance.objects.create(claim=claim, article=article, sentence="s", start=0, end=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimAppearance.objects.create(claim=claim, article=article, sentence="s", start=0, end=10)
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimAppearance.objects.create(claim=claim, article=article, sentence="s", start=20, end=20)


def test_evidence_needs_a_url_or_an_excerpt():
    claim = make_claim()
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(claim=claim, stance=Evidence.Stance.SUPPORTS)
    Evidence.objects.create(claim=claim, excerpt="The ONS table shows 4.1%.", stance=Evidence.Stance.REFUTES)


def test_verdict_needs_an_explanation_and_a_publication_date_when_published():
    claim, editor = make_claim(), make_editor()
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(claim=claim, status="confirmed", explanation="", author=editor)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.create(
            claim=claim, status="confirmed", explanation="Matches ONS data.", author=editor, is_published=True
        )
    Verdict.objects.create(
        claim=claim,
        status="confirmed",
        explanation="Matches ONS data.",
        author=editor,
        is_published=True,
        published_at=timezone.now(),
    )
