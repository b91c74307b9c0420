"""Matching on ingestion and editors' regrouping, through the services, on the real encoder."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from claims import match_selectors, match_services
from claims.models import Claim, ClaimAppearance, MatchChange, MatchSuggestion, Verdict
from claims.services import claim_update_text, claims_record_split, verdict_save
from claims.splitting import ClaimCandidate, Document, SplitResult
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def record(text: str, *, article=None, start: int = 0):
    sentence = f"{text} officials said."
    article = article or make_article()
    candidate = ClaimCandidate(
        text=text,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        claimant=None,
        checkworthiness=0.8,
        quote=False,
        reasons=(),
    )
    result = SplitResult(language="en", document=Document(text=sentence), claims=[candidate])
    (appearance,) = claims_record_split(article=article, result=result)
    return appearance


# Two wordings of one claim: the second sighting joins the first claim.
SAME_CLAIM = [
    (
        "Some 3,000 North Korean soldiers have been sent to Russia.",
        "3000 North Korean soldiers have been sent to Russia.",
    ),
    (
        "Three thousand North Korean soldiers were sent to Russia.",
        "3,000 North Korean soldiers were sent to Russia.",
    ),
    (
        "Russia sent 3,000 troops to the border in March.",
        "3,000 troops were sent to the border by Russia in March.",
    ),
    (
        "The Ministry of Defence spent £4 billion on the programme.",
        "The Ministry of Defense spent £4bn on the program.",
    ),
    (
        "Joe Biden signed the infrastructure bill on Tuesday.",
        "Biden signed the infrastructure bill on Tuesday.",
    ),
    ("Unemployment fell to 4.1% in March.", "In March, unemployment fell to 4.1 per cent."),
]

# Claims that share figures or names but state different facts: they stay apart.
DIFFERENT_CLAIMS = [
    ("3,000 troops were sent to Russia in 2024.", "3,000 troops were killed in Russia in 2024."),
    ("Unemployment fell to 4.1 percent in 2023.", "Unemployment fell to 4.1 percent in 2024."),
    (
        "The measles vaccine causes autism in children.",
        "The measles vaccine does not cause autism in children.",
    ),
    ("Exports to China rose by 5 percent last year.", "Imports from China rose by 5 percent last year."),
    ("Joe Smith won the mayoral election in Leeds.", "Bob Smith won the mayoral election in Leeds."),
    ("Unemployment fell to 4.1 percent in March.", "Unemployment fell to 4.3 percent in March."),
]


@pytest.mark.parametrize(("first", "second"), SAME_CLAIM)
def test_two_wordings_of_one_claim_are_one_claim(first, second):
    a = record(first)
    b = record(second)
    assert a.claim_id == b.claim_id, (first, second)
    assert b.match in (ClaimAppearance.Match.NEAR, ClaimAppearance.Match.EXACT)
    assert Claim.objects.count() == 1


@pytest.mark.parametrize(("first", "second"), DIFFERENT_CLAIMS)
def test_claims_that_state_different_facts_stay_apart(first, second):
    a = record(first)
    b = record(second)
    assert a.claim_id != b.claim_id, (first, second)
    assert b.match == ClaimAppearance.Match.NEW


def test_a_likely_match_is_a_new_claim_with_a_suggestion_for_editors():
    known = record("3,000 troops were sent to Russia in 2024.").claim
    new = record("3,000 troops were killed in Russia in 2024.").claim
    suggestion = MatchSuggestion.objects.get()
    assert (suggestion.claim, suggestion.candidate, suggestion.state) == (
        new,
        known,
        MatchSuggestion.State.PENDING,
    )


def test_a_rejected_suggestion_is_never_made_again():
    editor = make_editor()
    record("3,000 troops were sent to Russia in 2024.")
    new = record("3,000 troops were killed in Russia in 2024.").claim
    match_services.suggestion_reject(suggestion=MatchSuggestion.objects.get(), by=editor)
    # The same two wordings seen again, and a third wording close to both.
    record("3,000 troops were killed in Russia in 2024.")
    record("3,000 troops were sent to Russia in 2024.")
    record("In 2024, 3,000 troops were killed in Russia.")
    rejected = MatchSuggestion.objects.get(claim=new)
    assert rejected.state == MatchSuggestion.State.REJECTED
    assert not MatchSuggestion.objects.filter(claim=new, state=MatchSuggestion.State.PENDING).exists()
    assert MatchChange.objects.filter(action=MatchChange.Action.REJECT, by=editor).count() == 1


def publish(claim, editor, status=Claim.Status.DISPUTED):
    verdict = Verdict(claim=claim, status=status, explanation="The figures say otherwise.", is_published=True)
    return verdict_save(verdict=verdict, by=editor)


def test_merge_moves_every_appearance_and_verdict_and_the_old_id_resolves():
    editor = make_editor()
    keep = record("The city's bus fleet grew to 1,200 vehicles in 2023.").claim
    gone = record("Canals in the city carry 40,000 boats a year.").claim
    record("Canals in the city carry 40,000 boats a year.")  # a second appearance
    verdict = publish(gone, editor)
    survivor = match_services.claim_merge(source=gone, target=keep, by=editor)
    assert survivor == keep
    assert keep.appearances.count() == 3 and gone.appearances.count() == 0
    assert list(keep.verdicts.all()) == [verdict]
    gone.refresh_from_db()
    assert gone.merged_into == keep and gone.resolve() == keep
    keep.refresh_from_db()
    assert keep.status == Claim.Status.DISPUTED and keep.review_state == Claim.ReviewState.PUBLISHED
    assert not Claim.objects.triage_queue().filter(pk=gone.pk).exists()
    change = MatchChange.objects.get(action=MatchChange.Action.MERGE)
    assert (change.claim, change.target, change.by) == (gone, keep, editor)
    # The merged claim's exact wording now leads to the survivor.
    assert record("Canals in the city carry 40,000 boats a year.").claim_id == keep.pk


def test_move_and_split_keep_every_appearance():
    editor = make_editor()
    first = record("Rail fares will rise by 4.9 percent in January.")
    second = record("Rail fares will rise by 4.9 percent in January.")
    other = record("Bus fares will be frozen until 2026.").claim
    match_services.appearance_move(appearance=second, target=other, by=editor)
    assert set(other.appearances.values_list("pk", flat=True)) == {other.appearances.first().pk, second.pk}
    split = match_services.appearance_split(appearance=first, by=editor)
    assert list(split.appearances.values_list("pk", flat=True)) == [first.pk]
    assert ClaimAppearance.objects.count() == 3
    assert MatchSuggestion.objects.get(claim=split).state == MatchSuggestion.State.REJECTED
    assert {c.action for c in MatchChange.objects.all()} == {
        MatchChange.Action.MOVE,
        MatchChange.Action.SPLIT,
    }


def test_accepting_a_suggestion_merges_the_new_claim_into_the_known_one():
    editor = make_editor()
    known = record("3,000 troops were sent to Russia in 2024.").claim
    new = record("3,000 troops were killed in Russia in 2024.").claim
    match_services.suggestion_accept(suggestion=MatchSuggestion.objects.get(), by=editor)
    new.refresh_from_db()
    assert new.merged_into == known and known.appearances.count() == 2


def test_a_ruled_claim_seen_again_is_marked_resurfaced():
    editor = make_editor()
    claim = record("Knife crime rose by 12 percent last year.").claim
    publish(claim, editor)
    assert Claim.objects.get(pk=claim.pk).resurfaced_at is None
    before = timezone.now()
    record("Knife crime rose by 12% last year.")
    assert Claim.objects.get(pk=claim.pk).resurfaced_at >= before


def test_resplitting_an_article_keeps_the_claims_its_sightings_were_given():
    editor = make_editor()
    article = make_article()
    appearance = record("Water bills will rise by 8 percent in April.", article=article)
    other = record("The regulator approved the rise in March.").claim
    match_services.appearance_move(appearance=appearance, target=other, by=editor)
    record("Water bills will rise by 8 percent in April.", article=article)
    assert ClaimAppearance.objects.filter(article=article).count() == 1
    assert ClaimAppearance.objects.get(article=article).claim == other


def test_a_claims_edited_text_is_what_the_index_finds():
    claim = record("Hospital waiting lists reached 7.6 million in June.").claim
    claim_update_text(
        claim=claim, text="Library visits in the county reached 7.6 million in June.", by=make_editor()
    )
    # A near wording of the new text (not the same text: that is the hash's job) finds it.
    assert (
        record("Library visits in the county reached 7.6 million in June, officials say.").claim_id
        == claim.pk
    )
    assert record("Hospital waiting lists reached 7.6 million in June.").claim_id != claim.pk


@pytest.mark.django_db(transaction=True)
def test_two_workers_recording_two_wordings_of_a_new_claim_at_once_make_one_claim(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers on its own; the advisory lock is PostgreSQL's")
    articles = [make_article(), make_article()]
    wordings = [
        "Some 3,000 North Korean soldiers have been sent to Russia.",
        "3,000 North Korean soldiers have been sent to Russia.",
    ]
    match_services.claim_encode(wordings)  # load the encoder before the race
    barrier = threading.Barrier(2)
    # Both search the index before either takes the matching lock: neither finds the other's
    # claim there, so the second must find it among the claims indexed since its search.
    searched = threading.Barrier(2)
    search = match_selectors.claim_index_candidates

    def search_then_wait(**kwargs):
        found = search(**kwargs)
        searched.wait(timeout=30)
        return found

    monkeypatch.setattr(match_selectors, "claim_index_candidates", search_then_wait)

    def work(article, text):
        try:
            barrier.wait()
            record(text, article=article)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=pair) for pair in zip(articles, wordings, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert Claim.objects.count() == 1
    assert ClaimAppearance.objects.count() == 2


def test_a_wording_encoded_recently_is_not_encoded_again(monkeypatch):
    wordings = ["Rents in the capital rose 9 percent last year.", "Bus fares will be frozen until 2027."]
    first = match_services.claim_encode(wordings)
    encoded: list[str] = []
    encoder = match_services.default_encoder()
    real = encoder.encode
    monkeypatch.setattr(encoder, "encode", lambda texts: encoded.extend(texts) or real(texts))
    again = match_services.claim_encode([wordings[1], "Ferry crossings fell by a third.", wordings[0]])
    assert encoded == ["Ferry crossings fell by a third."]
    assert (again[0] == first[1]).all() and (again[2] == first[0]).all()
    assert float(again[1] @ again[1]) == pytest.approx(1.0, abs=1e-3)
