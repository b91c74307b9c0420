import pytest

from claims.matching.text import compare, facts, for_encoder, terms


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("Some 3,000 soldiers", "some 3000 soldiers"),
        ("three thousand soldiers", "3000 soldiers"),
        ("3 thousand soldiers", "3000 soldiers"),
        ("3.5 million people", "3500000 people"),
        ("one hundred and twenty-five people", "125 people"),
        ("$4bn deal", "$4000000000 deal"),
        ("4.1% in March", "4.1 percent in march"),
        ("4.1 per cent", "4.1 percent"),
        ("The Ministry of Defence's programme", "the ministry of defense's program"),
        ("organised labour", "organized labor"),
        ("the one who left", "the one who left"),
    ],
)
def test_numbers_and_spellings_are_read_one_way(written, read):
    assert for_encoder(written) == read


@pytest.mark.parametrize(
    ("tweet", "words"),
    [
        ("#RIPDrake: the rapper died", "RIP Drake: the rapper died"),
        ("#BlackLivesMatter protest", "Black Lives Matter protest"),
        ("#COVID19 deaths", "COVID 19 deaths"),
        ("#Trump2020 rally", "Trump 2020 rally"),
        ("#I_love_NY", "I love NY"),
        ("#covid vaccine", "covid vaccine"),
    ],
)
def test_a_hashtag_is_read_as_the_words_it_joins(tweet, words):
    assert terms(tweet) == terms(words)
    assert for_encoder(tweet).split() == for_encoder(words).split()


def test_a_hash_inside_a_word_is_left_alone():
    assert terms("Code in C# and F#") == ["code", "c", "f"]


def test_terms_drop_function_words_and_meet_across_inflection():
    assert terms("The troops were sent to the border") == terms("troop sent border")


@pytest.mark.parametrize(
    ("left", "right", "compatible", "swapped"),
    [
        (
            "Russia sent 3,000 troops to the border.",
            "3000 troops were sent to the border by Russia.",
            True,
            False,
        ),
        ("Joe Biden signed the bill on Tuesday.", "Biden signed the bill on Tuesday.", True, False),
        ("3,000 troops were sent to Russia.", "3,000 troops were killed in Russia.", True, True),
        (
            "Unemployment fell to 4.1 percent in 2023.",
            "Unemployment fell to 4.1 percent in 2024.",
            False,
            False,
        ),
        ("The vaccine causes autism.", "The vaccine does not cause autism.", False, False),
        ("Joe Smith won the election.", "Bob Smith won the election.", True, True),
    ],
)
def test_compatibility_of_two_claims_facts(left, right, compatible, swapped):
    difference = compare(facts(left), facts(right))
    assert difference.compatible is compatible
    assert difference.substitution is swapped
