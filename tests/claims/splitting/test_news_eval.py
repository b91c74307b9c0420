"""The news harness: its gold set is well-formed and its matching counts what it says."""

import argparse
from types import SimpleNamespace

import pytest

from claims.splitting.evaluation import news


def produced(text, sentence, claimant=None):
    return SimpleNamespace(text=text, sentence=sentence, claimant=claimant)


def article(*gold):
    return news.Article("t", news.NEWS_DIR, "test", False, tuple(gold))


GOLD = news.GoldClaim("passed by 21 votes", "The bill passed by 21 votes to 17.", ("Carla Menendez",))
SENTENCE = "The bill passed by 21 votes to 17, and it now goes to the House."


def test_gold_set_has_at_least_eight_varied_articles_and_a_held_out_part():
    articles = news.load_articles()
    assert len(articles) >= 8
    assert any(a.path.suffix == ".html" for a in articles)
    assert any("opinion" in a.topic for a in articles)
    assert any(a.held_out for a in articles) and any(not a.held_out for a in articles)


def test_every_gold_sentence_marker_occurs_in_its_article():
    for item in news.load_articles():
        raw = news.fold(item.path.read_text(encoding="utf-8"))
        for gold in item.gold:
            assert news.fold(gold.sentence_contains) in raw, (item.slug, gold.sentence_contains)


def test_exact_claim_matches_with_right_claimant():
    counts = news.evaluate_article(
        article(GOLD), [produced("The bill passed by 21 votes to 17.", SENTENCE, "Carla Menendez")]
    )
    assert (counts.matched, counts.claimant_right, counts.recall, counts.precision) == (1, 1, 1.0, 1.0)


def test_unsplit_compound_sentence_below_f_threshold_does_not_match():
    gold = news.GoldClaim("passed by 21 votes", "The bill passed.", (None,))
    counts = news.evaluate_article(article(gold), [produced(SENTENCE, SENTENCE)])
    assert counts.matched == 0 and counts.precision == 0.0


def test_claim_from_another_sentence_does_not_match():
    counts = news.evaluate_article(
        article(GOLD), [produced("The bill passed by 21 votes to 17.", "Other sentence.")]
    )
    assert counts.matched == 0


def test_one_produced_claim_matches_one_gold_claim_only():
    twin = news.GoldClaim("passed by 21 votes", "The bill passed by 21 votes to 17.", (None,))
    counts = news.evaluate_article(
        article(GOLD, twin), [produced("The bill passed by 21 votes to 17.", SENTENCE)]
    )
    assert counts.matched == 1 and counts.recall == 0.5


def test_missing_and_wrong_claimants_are_counted_apart():
    claims = [produced("The bill passed by 21 votes to 17.", SENTENCE, None)]
    assert news.evaluate_article(article(GOLD), claims).claimant_missing == 1
    claims = [produced("The bill passed by 21 votes to 17.", SENTENCE, "Douglas Whitfield")]
    counts = news.evaluate_article(article(GOLD), claims)
    assert (counts.claimant_wrong, counts.claimant_missing, counts.claimant_accuracy) == (1, 0, 0.0)


def test_claimant_where_gold_has_none_is_wrong():
    gold = news.GoldClaim("passed by 21 votes", "The bill passed by 21 votes to 17.", (None,))
    counts = news.evaluate_article(article(gold), [produced(gold.claim, SENTENCE, "Someone")])
    assert counts.claimant_wrong == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the Office for National Statistics", "Office for National Statistics"),
        ("U.S. intelligence", "u.s. Intelligence"),
    ],
)
def test_claimant_normalisation(a, b):
    assert news.normalise_claimant(a) == news.normalise_claimant(b)


def test_arguments_register_the_run_function():
    parser = argparse.ArgumentParser()
    news.add_arguments(parser)
    args = parser.parse_args(["--subset", "held-out"])
    assert args.run is news.run and args.subset == "held-out" and args.min_f == news.MIN_F
