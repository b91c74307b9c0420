"""The seed article through the full splitter: the claims editors must see, with claimants."""

from pathlib import Path

import pytest

from claims.splitting import Splitter
from claims.splitting.decompose import subordinate_only
from claims.splitting.types import Score

from .stubs import PassEverything

SEED = Path(__file__).resolve().parents[3] / "seeds" / "putin-north-korean-troops.txt"


@pytest.fixture(scope="module")
def claims():
    return Splitter(model=PassEverything()).split(SEED.read_bytes()).claims


def find(claims, *words):
    return [c for c in claims if all(w in c.text for w in words)]


def test_north_korean_troops_claim_is_attributed_to_us_intelligence(claims):
    found = find(claims, "3,000 North Korean troops")
    assert found and all(c.claimant == "U.S. intelligence" for c in found)
    assert "according to" not in found[0].text


def test_first_units_in_kursk_is_its_own_claim(claims):
    found = find(claims, "first units", "Kursk")
    assert found and not find(claims, "3,000", "Kursk")


def test_visit_to_pyongyang_and_signing_are_separate_standalone_claims(claims):
    assert find(claims, "Putin visited Pyongyang in June")
    signing = find(claims, "signed a strategic partnership agreement")
    assert signing and all(c.text.startswith("Putin and") for c in signing)


def test_article_4_mutual_defense_clause(claims):
    assert find(claims, "Article 4", "mutual defense clause")


def test_this_is_our_business_is_a_quote_by_putin(claims):
    found = find(claims, "This is our business")
    assert found and found[0].quote and found[0].claimant == "Vladimir Putin"


def test_every_seed_claim_is_a_complete_sentence(claims):
    # The reported request ("warned Western countries to reconsider ...") is no claim, and a
    # subordinate clause ("While Putin has not confirmed ...") is never one alone.
    texts = [c.text for c in claims]
    assert not [t for t in texts if t.startswith("Western countries to")]
    assert not [t for t in texts if subordinate_only(t.rstrip("."))]
    assert "This stance overlooks the broader implications for Russia." in texts
    assert find(claims, "While Putin has not confirmed", "he asserted Russia")


def test_tags_line_is_not_a_claim(claims):
    assert not [c for c in claims if c.sentence.startswith("Tags")]


def test_claims_keep_the_offsets_of_their_source_sentence(claims):
    text = Splitter(model=PassEverything()).split(SEED.read_bytes()).text
    for claim in claims:
        assert text[claim.start : claim.end] == claim.sentence


def test_the_shipped_scorer_keeps_the_seed_claims():
    texts = " | ".join(c.text for c in Splitter().split(SEED.read_bytes()).claims)
    for needle in (
        "3,000 North Korean troops",
        "Kursk",
        "Pyongyang in June",
        "Article 4",
        "This is our business",
    ):
        assert needle in texts


def test_the_headline_is_the_title_not_a_claim():
    text = (
        "Port strike halts 40% of exports\n\n"
        "Dockworkers walked out on Monday, halting 40 percent of exports, the union said.\n"
    )
    result = Splitter(model=PassEverything()).split(text)
    assert result.document.title == "Port strike halts 40% of exports"
    assert [c.sentence for c in result.claims] == [
        "Dockworkers walked out on Monday, halting 40 percent of exports, the union said."
    ]


def test_a_fact_stated_in_a_speakers_frame_is_the_articles_own_claim():
    result = Splitter(model=PassEverything()).split(
        "Tennant's, which handles baggage and check-in for 14 airlines, said 230 of its staff had been "
        "sent home without pay.",
        content_type="text/plain",
    )
    by_text = {c.text: c.claimant for c in result.claims}
    assert by_text["230 of its staff had been sent home without pay."] == "Tennant's"
    assert by_text["Tennant's handles baggage and check-in for 14 airlines."] is None


def test_a_fact_given_in_passing_in_reported_speech_is_the_articles_own():
    result = Splitter(model=PassEverything()).split(
        "Nils Brandt, an economist, said the limit, which was written into the constitution in 2009, had kept "
        "public debt below 40 percent of output.\n\n"
        "“The plant, which employs 400 people, will close in March,” Tom Hale said.",
        content_type="text/plain",
    )
    by_text = {c.text: c.claimant for c in result.claims}
    assert by_text["The limit was written into the constitution in 2009."] is None
    assert by_text["The limit had kept public debt below 40 percent of output."] == "Nils Brandt"
    # In a quote, the speaker's own words.
    assert by_text["The plant employs 400 people."] == "Tom Hale"


def test_a_statement_that_ends_in_a_question_mark_is_kept():
    result = Splitter(model=PassEverything()).split(
        "Rain fell. “The council spent $2 million on consultants and for what?” said Ruth Amos. "
        "Ruth Amos said: “The clinic closed in 2019, so where are we supposed to go?”",
        content_type="text/plain",
    )
    assert [c.text for c in result.claims][1:] == [
        "The council spent $2 million on consultants and for what?",
        "The clinic closed in 2019, so where are we supposed to go?",
    ]


def test_a_quote_is_kept_on_its_score_and_a_question_never():
    class PassFigures(PassEverything):
        """Passes the sentences that hold a figure, as a stand-in for the learned scorer."""

        def score(self, sentences):
            return [Score(1.0 if any(ch.isdigit() for ch in s) else 0.0) for s in sentences]

    result = Splitter(model=PassFigures()).split(
        "“Half of the 400 people who use that branch are over seventy,” Mayor Ilse Fendt said. "
        "“Our door is open,” she added. "
        "“Where are 400 people supposed to go?”",
        content_type="text/plain",
    )
    # A speaker's words are on the record either way; only what is worth checking is a claim.
    assert [(c.text, c.claimant) for c in result.claims] == [
        ("Half of the 400 people who use that branch are over seventy.", "Ilse Fendt")
    ]


@pytest.mark.parametrize(
    ("text", "claims"),
    [
        # A request after the statement: the statement is the claim, the request none.
        (
            "Transport Minister Selma Brandt said fares would rise by 3 percent and urged commuters to "
            "buy season tickets early.",
            [("Fares would rise by 3 percent.", "Selma Brandt")],
        ),
        (
            "Mayor Ilse Fendt argued the levee would hold and warned residents not to return before Friday.",
            [("The levee would hold.", "Ilse Fendt")],
        ),
        (
            "The Farmers' Union said harvests had fallen by a third, and called on the government to release "
            "its grain reserve.",
            [("Harvests had fallen by a third.", "Farmers' Union")],
        ),
        # A subordinate clause before a main clause that only narrates: the whole sentence.
        (
            "Although turnout fell to 41 percent, Governor Ana Ruiz claimed a mandate.",
            [("Although turnout fell to 41 percent, Governor Ana Ruiz claimed a mandate.", None)],
        ),
        (
            "While Dorvalle has not conceded, he asserted his right to a recount in three provinces.",
            [
                (
                    "While Dorvalle has not conceded, he asserted his right to a recount in three provinces.",
                    None,
                )
            ],
        ),
    ],
)
def test_the_splitter_gives_complete_sentences(text, claims):
    result = Splitter(model=PassEverything()).split(text, content_type="text/plain")
    assert [(c.text, c.claimant) for c in result.claims] == claims
