"""Matching on ingestion and editors' regrouping, through the services, on the real encoder."""

import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import match_selectors, match_services
from claims.models import Claim, ClaimAppearance, ClaimMatchKey, MatchChange, MatchSuggestion, Verdict
from claims.services import claim_update_text, claims_record_split, verdict_save
from claims.splitting import ClaimCandidate, Document, SplitResult
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db


def candidate_at(text: str, start: int = 0, *, checkworthiness: float = 0.8, claimant: str | None = None):
    sentence = f"{text} officials said."
    return ClaimCandidate(
        text=text,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        claimant=claimant,
        checkworthiness=checkworthiness,
        quote=False,
        reasons=(),
    )


def record_all(candidates: list[ClaimCandidate], *, article=None) -> list[ClaimAppearance]:
    """One article's sightings, recorded together as the pipeline records them."""
    document = Document(text=" ".join(c.sentence for c in candidates))
    result = SplitResult(language="en", document=document, claims=candidates)
    return claims_record_split(article=article or make_article(), result=result)


def record(text: str, *, article=None, start: int = 0):
    (appearance,) = record_all([candidate_at(text, start)], article=article)
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
    search = match_selectors.claim_index_candidates_many

    def search_then_wait(**kwargs):
        found = search(**kwargs)
        searched.wait(timeout=30)
        return found

    monkeypatch.setattr(match_selectors, "claim_index_candidates_many", search_then_wait)

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


def test_an_articles_own_claims_match_each_other_before_they_are_stored():
    """Two wordings of one new claim in one article are one claim (the better score, the
    claimant the first lacked); a near miss is a new claim with a suggestion of it."""
    appearances = record_all(
        [
            candidate_at(
                "Some 3,000 North Korean soldiers have been sent to Russia.", 0, checkworthiness=0.5
            ),
            candidate_at(
                "3000 North Korean soldiers have been sent to Russia.", 100, claimant="The ministry"
            ),
            candidate_at("3,000 North Korean soldiers were killed in Russia.", 200),
        ]
    )
    first, same, near = sorted(appearances, key=lambda a: a.start)
    assert first.claim_id == same.claim_id != near.claim_id
    assert sorted([first.match, same.match]) == ["near", "new"] and near.match == "new"
    claim = Claim.objects.get(pk=first.claim_id)
    assert claim.checkworthiness == pytest.approx(0.8)
    assert claim.claimant is not None and claim.claimant.name == "The ministry"
    suggestion = MatchSuggestion.objects.get()
    assert (suggestion.claim_id, suggestion.candidate_id) == (near.claim_id, claim.pk)
    # Each new claim has its history entry and its index key, and the index finds it.
    for pk in (claim.pk, near.claim_id):
        assert list(Claim.history.filter(id=pk).values_list("history_type", flat=True)) == ["+"]
        assert ClaimMatchKey.objects.filter(claim_id=pk).exists()
    found = match_selectors.claim_index_candidates(text="North Korean soldiers killed in Russia")
    assert near.claim_id in {c.claim_id for c in found}


def test_index_searches_send_their_values_apart_from_the_statement_on_postgresql():
    """On PostgreSQL a search's statements bind their values on the server and are prepared
    once run often, as the evaluation and the matching benchmark send them (quoting term
    arrays into the text and planning each search anew cost it about 40 %); they run in the
    caller's transaction and pass its execute wrappers."""
    if connection.vendor != "postgresql":
        pytest.skip("server-side binding is PostgreSQL's")
    import psycopg

    record("Some 3,000 North Korean soldiers have been sent to Russia.")
    cursors = []

    def note_cursor(execute, sql, params, many, context):
        cursors.append(context["cursor"].cursor)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note_cursor):
        found = match_selectors.claim_index_candidates(text="North Korean soldiers killed in Russia")
    # The claim recorded in this test's open transaction is found.
    assert [c.text for c in found] == ["Some 3,000 North Korean soldiers have been sent to Russia."]
    assert cursors and not any(isinstance(c, psycopg.ClientCursor) for c in cursors)
    with connection.cursor() as cursor:  # Django's own cursors quote on the client
        assert isinstance(cursor.cursor, psycopg.ClientCursor)
    # Searched often, a search is planned once: its statements are prepared.
    for _ in range(6):
        match_selectors.claim_index_candidates(text="North Korean soldiers killed in Russia")
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("claims_matchterm" in statement and "sum(share)" in statement for statement in prepared)


def test_recording_more_new_claims_costs_no_more_statements(monkeypatch):
    """An article's new claims are stored in one insert each of claims, history, index keys
    and suggestions: leaving aside the index searches (one per new wording, before the
    transaction, their terms counted together), four new claims and twelve cost the same
    statements."""
    topics = ["rail fares", "bus fares", "water bills", "rents", "energy prices", "council tax"]
    search = match_selectors.claim_index_candidates_many
    searching: list[int] = []
    searched: list[int] = []

    def counted_search(**kwargs):
        with CaptureQueriesContext(connection) as statements:
            found = search(**kwargs)
        searching.append(len(statements))
        searched.append(len(kwargs["texts"]))
        return found

    monkeypatch.setattr(match_selectors, "claim_index_candidates_many", counted_search)

    def statements_recording(n: int, offset: int) -> int:
        candidates = [
            candidate_at(
                f"{topics[i % 6].capitalize()} in Leeds rose by {i + offset} percent in {2001 + i}.", i * 100
            )
            for i in range(n)
        ]
        searching.clear()
        searched.clear()
        with CaptureQueriesContext(connection) as statements:
            record_all(candidates)
        # One batch of searches: the counts of all their terms, then (while the index is
        # small) its size once and a statement for each wording with terms some claim holds.
        assert searched == [n] and 1 <= searching[0] <= n + 2, searching
        return len(statements) - sum(searching)

    statements_recording(2, 0)  # the encoder loaded
    assert statements_recording(4, 40) == statements_recording(12, 80)
    assert Claim.objects.count() == 18


def test_a_wording_an_editor_took_meanwhile_joins_that_claim(monkeypatch):
    """The claims are inserted together; when an editor gave a known claim one of their
    wordings after the known wordings were read, that sighting joins the editor's claim and
    the others are still stored."""
    editor = make_editor()
    taken = "Ferry crossings to the island fell by a third in 2023."
    claim = record("Ferry crossings to the island fell sharply.").claim
    claim_update_text(claim=claim, text=taken, by=editor)
    # As if the wordings and the index were read just before the editor's change.
    monkeypatch.setattr(match_services, "claims_by_hash", lambda digests: {})
    monkeypatch.setattr(match_selectors, "claim_index_candidates_many", lambda texts: [[] for _ in texts])
    monkeypatch.setattr(match_selectors, "claims_indexed_since", lambda watermark: [])
    joined, other = sorted(
        record_all([candidate_at(taken, 0), candidate_at("Bus lanes on the bridge opened in May.", 100)]),
        key=lambda a: a.start,
    )
    assert joined.claim_id == claim.pk
    assert Claim.objects.count() == 2 and Claim.objects.filter(pk=other.claim_id).exists()
    assert ClaimMatchKey.objects.filter(claim_id=other.claim_id).exists()
    assert list(Claim.history.filter(id=other.claim_id).values_list("history_type", flat=True)) == ["+"]


def test_a_candidate_merged_after_the_search_is_suggested_as_the_claim_it_lives_under(monkeypatch):
    editor = make_editor()
    known = record("3,000 troops were sent to Russia in 2024.").claim
    survivor = record("The army sent three thousand soldiers to Russia last year.").claim
    search = match_selectors.claim_index_candidates_many

    def search_then_merge(**kwargs):
        found = search(**kwargs)  # finds ``known``; an editor merges it before the lock
        if not Claim.objects.filter(pk=known.pk, merged_into__isnull=False).exists():
            match_services.claim_merge(source=known, target=survivor, by=editor)
        return found

    monkeypatch.setattr(match_selectors, "claim_index_candidates_many", search_then_merge)
    new = record("3,000 troops were killed in Russia in 2024.").claim
    assert set(MatchSuggestion.objects.filter(claim=new).values_list("candidate_id", flat=True)) == {
        survivor.pk
    }
