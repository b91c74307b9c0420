import pytest

from claims.models import Claim, Claimant, ClaimAppearance
from claims.services import claimant_get_or_create, claims_record_split
from claims.splitting import ClaimCandidate, Document, SplitResult
from tests.factories import make_article

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
