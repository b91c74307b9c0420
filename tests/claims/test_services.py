import threading
import time

import pytest
from django.db import transaction

from claims.models import Claim, Claimant, ClaimAppearance, Verdict
from claims.services import (
    ClaimEditError,
    ClaimOnRecordError,
    ClaimWordingTakenError,
    claim_hash,
    claim_save,
    claim_update_text,
    claimant_get_or_create,
    claimant_save,
    claims_record_split,
    verdict_save,
)
from claims.splitting import ClaimCandidate, Document, SplitResult
from tests.factories import (
    make_article,
    make_claim,
    make_claimant,
    make_editor,
    make_published_verdict,
    record_columns,
)

pytestmark = pytest.mark.django_db

SENTENCE = "Unemployment fell to 4.1 percent in March, the Office for National Statistics said."


def result(*candidates: ClaimCandidate) -> SplitResult:
    return SplitResult(language="en", document=Document(text=SENTENCE), claims=list(candidates))


def candidate(text="Unemployment fell to 4.1 percent in March.", *, claimant=None, score=0.7, start=0):
    return ClaimCandidate(
        text=text,
        sentence=SENTENCE,
        start=start,
        end=len(SENTENCE),
        claimant=claimant,
        checkworthiness=score,
        quote=False,
        reasons=(("contains a number", 0.8),),
    )


def test_the_same_claim_in_two_articles_is_one_claim_with_two_appearances():
    first, second = make_article(), make_article()
    claims_record_split(article=first, result=result(candidate()))
    claims_record_split(article=second, result=result(candidate("unemployment fell to 4.1 percent in March")))
    claim = Claim.objects.get()
    assert set(ClaimAppearance.objects.values_list("article", flat=True)) == {first.pk, second.pk}
    assert claim.appearances.first().score_reasons == [["contains a number", 0.8]]


def test_a_claim_keeps_its_highest_checkworthiness():
    claims_record_split(article=make_article(), result=result(candidate(score=0.6)))
    claims_record_split(article=make_article(), result=result(candidate(score=0.9)))
    claims_record_split(article=make_article(), result=result(candidate(score=0.7)))
    assert Claim.objects.get().checkworthiness == 0.9


def test_a_later_sighting_fills_in_a_missing_claimant_but_never_replaces_one():
    claims_record_split(article=make_article(), result=result(candidate()))
    claims_record_split(
        article=make_article(), result=result(candidate(claimant="Office for National Statistics"))
    )
    claims_record_split(article=make_article(), result=result(candidate(claimant="Someone Else")))
    assert Claim.objects.get().claimant.name == "Office for National Statistics"


def test_recording_an_article_twice_adds_nothing():
    article = make_article()
    claims_record_split(article=article, result=result(candidate()))
    claims_record_split(article=article, result=result(candidate()))
    assert (Claim.objects.count(), ClaimAppearance.objects.count()) == (1, 1)


def test_claimants_match_whatever_the_case_and_spacing():
    first = claimant_get_or_create(name="Office for  National Statistics")
    assert claimant_get_or_create(name="office for national statistics") == first
    assert Claimant.objects.count() == 1


def test_a_long_name_that_grows_when_casefolded_still_fits():
    claimant = claimant_get_or_create(name="Straße " * 60)
    assert len(claimant.normalized_name) <= 300 and len(claimant.name) <= 300


# -- editors' edits: the public record and the matching keys ---------------------------------


def test_rewording_a_claim_keeps_its_matching_key_in_step():
    claim = make_claim(text="Unemployment fell to 4.1 percent.")
    claim_update_text(claim=claim, text="  Unemployment fell to 4.2 percent in March. ", by=make_editor())
    claim.refresh_from_db()
    assert claim.text == "Unemployment fell to 4.2 percent in March."
    assert claim.normalized_hash == claim_hash("unemployment fell to 4.2 percent in March")
    # The next sighting of the new wording is the same claim.
    claims_record_split(
        article=make_article(), result=result(candidate("Unemployment fell to 4.2 percent in March"))
    )
    assert Claim.objects.get() == claim and claim.appearances.count() == 1


def test_a_wording_another_claim_has_is_refused_and_names_that_claim():
    claim, other = make_claim(text="Prices rose 3 percent."), make_claim(text="Prices rose 4 percent.")
    before = record_columns(claim)
    with pytest.raises(
        ClaimWordingTakenError, match=f"Claim #{other.pk} already has this wording"
    ) as refused:
        claim_update_text(claim=claim, text="PRICES rose 4 percent!", by=make_editor())
    assert refused.value.other == other
    assert record_columns(claim) == before


@pytest.mark.parametrize("text", ["", "   ", "?!…"])
def test_a_wording_without_words_is_refused(text):
    claim = make_claim()
    with pytest.raises(ClaimEditError, match="needs words"):
        claim_update_text(claim=claim, text=text, by=make_editor())


def test_a_new_claim_gets_its_matching_key_and_cannot_take_anothers():
    editor = make_editor()
    claim = claim_save(claim=Claim(text="Exports fell 4 percent in March."), by=editor)
    assert Claim.objects.get(pk=claim.pk).normalized_hash == claim_hash("Exports fell 4 percent in March.")
    with pytest.raises(ClaimWordingTakenError):
        claim_save(claim=Claim(text="exports fell 4 percent in march"), by=editor)
    assert Claim.objects.count() == 1


def test_a_claim_is_published_by_a_verdict_not_by_its_state():
    claim = make_claim()
    claim.review_state = Claim.ReviewState.PUBLISHED
    with pytest.raises(ClaimEditError, match="publishing a verdict"):
        claim_save(claim=claim, by=make_editor())
    assert record_columns(claim)["review_state"] == Claim.ReviewState.NEW


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("text", "Unemployment fell to 3.9 percent in March."),
        ("claimant", "other claimant"),
        ("claimant", None),
        ("language", "fr"),
        ("review_state", Claim.ReviewState.IN_REVIEW),
    ],
)
def test_a_claim_with_a_published_verdict_keeps_what_the_verdict_ruled_on(field, value):
    claim = make_claim(claimant=make_claimant(), language="en")
    make_published_verdict(claim)
    claim.refresh_from_db()
    before = record_columns(claim)
    setattr(claim, field, make_claimant("Someone Else") if value == "other claimant" else value)
    with pytest.raises(ClaimOnRecordError, match="has a published verdict"):
        claim_save(claim=claim, by=make_editor("second"))
    assert record_columns(claim) == before


def test_a_claim_on_record_can_still_be_assigned():
    claim = make_claim()
    make_published_verdict(claim)
    claim.refresh_from_db()
    claim.assignee = editor = make_editor("second")
    claim_save(claim=claim, by=editor)
    assert Claim.objects.get(pk=claim.pk).assignee == editor


def test_a_draft_verdict_does_not_freeze_the_claim():
    claim = make_claim()
    verdict_save(
        verdict=Verdict(claim=claim, status=Claim.Status.DISPUTED, explanation="Not yet."), by=make_editor()
    )
    claim_update_text(claim=claim, text="Unemployment fell to 3.9 percent.", by=make_editor("second"))
    assert record_columns(claim)["normalized_hash"] == claim_hash("Unemployment fell to 3.9 percent.")


def test_a_later_verdict_still_rules_on_a_claim_on_record():
    claim = make_claim()
    make_published_verdict(claim, status=Claim.Status.DISPUTED)
    make_published_verdict(claim, status=Claim.Status.CONFIRMED, by=make_editor("second"))
    claim.refresh_from_db()
    assert (claim.status, claim.review_state) == (Claim.Status.CONFIRMED, Claim.ReviewState.PUBLISHED)
    # A save that changes nothing of the record (the admin saves every column) goes through.
    claim.assignee = make_editor("third")
    claim.save()


def test_a_later_sighting_gives_no_claimant_to_a_claim_ruled_on_without_one():
    claims_record_split(article=make_article(), result=result(candidate()))
    claim = Claim.objects.get()
    make_published_verdict(claim)
    claims_record_split(article=make_article(), result=result(candidate(claimant="Someone Else")))
    claim.refresh_from_db()
    assert claim.claimant is None and claim.appearances.count() == 2


def test_renaming_a_claimant_keeps_its_matching_key_and_refuses_a_taken_name():
    claimant, other = make_claimant("Office for Natinal Statistics"), make_claimant("Bank of Ardenia")
    editor = make_editor()
    claimant.name = "Office for  National Statistics"
    claimant_save(claimant=claimant, by=editor)
    assert claimant_get_or_create(name="office for national statistics") == claimant
    claimant.name = "BANK OF ARDENIA"
    with pytest.raises(ClaimEditError, match=f"Claimant #{other.pk} already has this name"):
        claimant_save(claimant=claimant, by=editor)


def test_the_claimant_of_a_published_verdict_keeps_its_name():
    claimant = make_claimant()
    make_published_verdict(make_claim(claimant=claimant))
    claimant.name = "Someone Else"
    with pytest.raises(ClaimOnRecordError):
        claimant_save(claimant=claimant, by=make_editor("second"))
    assert Claimant.objects.get(pk=claimant.pk).name == "Office for National Statistics"


def test_a_verdict_published_between_the_check_and_the_write_still_refuses_the_edit(monkeypatch):
    # The check passes as if nothing were published yet: the database trigger refuses the
    # write, and the editor is told the claim is on record (not shown an IntegrityError).
    from claims import services

    claim = make_claim()
    make_published_verdict(claim)
    before = record_columns(claim)
    text = "A sentence nobody checked."
    monkeypatch.setattr(
        services, "claim_check", lambda *, claim, lock: {"text": text, "normalized_hash": claim_hash(text)}
    )
    claim.text = text
    with pytest.raises(ClaimOnRecordError):
        claim_save(claim=claim, by=make_editor("second"))
    assert record_columns(claim) == before


@pytest.mark.django_db(transaction=True)
def test_an_edit_waiting_on_a_publication_in_progress_is_refused_once_it_commits():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks: SQLite runs one writer at a time")
    claim, editor, publisher = make_claim(), make_editor(), make_editor("publisher")
    publishing = threading.Event()

    def publish_slowly():
        try:
            with transaction.atomic():
                make_published_verdict(claim, by=publisher)  # takes the claim's row first
                publishing.set()
                time.sleep(0.5)
        finally:
            connection.close()

    thread = threading.Thread(target=publish_slowly)
    thread.start()
    assert publishing.wait(10)
    with pytest.raises(ClaimOnRecordError):
        claim_update_text(claim=Claim.objects.get(pk=claim.pk), text="A sentence nobody checked.", by=editor)
    thread.join()
    claim.refresh_from_db()
    assert claim.review_state == Claim.ReviewState.PUBLISHED and claim.text != "A sentence nobody checked."
