"""What the splitter gives each speaker of a sentence that has more than one."""

from claims.splitting import Splitter

from .stubs import PassEverything


def test_each_speaker_of_one_sentence_keeps_their_own_claim():
    result = Splitter(model=PassEverything()).split(
        "Tom Hale said the bridge would reopen in May, and Ruth Amos said the repairs had cost $4 million."
    )
    assert [(c.text, c.claimant) for c in result.claims] == [
        ("The bridge would reopen in May.", "Tom Hale"),
        ("The repairs had cost $4 million.", "Ruth Amos"),
    ]


def test_what_a_body_says_of_itself_in_passing_is_its_claim():
    result = Splitter(model=PassEverything()).split(
        "Rail Users Ardenia, which says it has 22,000 members, called the rise a disgrace."
    )
    assert ("Rail Users Ardenia has 22,000 members.", "Rail Users Ardenia") in [
        (c.text, c.claimant) for c in result.claims
    ]


def claims_of(text):
    return [(c.text, c.claimant) for c in Splitter(model=PassEverything()).split(text).claims]


def test_a_third_speaker_keeps_their_own_claim():
    assert claims_of(
        "Tom Hale said the plan was sound, and Ruth Amos said the cost had doubled to $4 billion, "
        "and Joe Reed said the bridge had failed twice."
    ) == [
        ("The plan was sound.", "Tom Hale"),
        ("The cost had doubled to $4 billion.", "Ruth Amos"),
        ("The bridge had failed twice.", "Joe Reed"),
    ]


def test_a_later_speaker_the_rules_cannot_name_gets_no_claimant():
    # "he" may be Tom Hale: "Ruth Amos had lied" would reverse the accusation.
    assert claims_of("Tom Hale said the plan was sound, but Ruth Amos said he had lied about its cost.") == [
        ("The plan was sound.", "Tom Hale"),
        ("Ruth Amos said he had lied about its cost.", None),
    ]
    assert claims_of(
        "Tom Hale said the plan was sound, and Democrats in Congress said it would cost $4 billion."
    ) == [
        ("The plan was sound.", "Tom Hale"),
        ("Democrats in Congress said it would cost $4 billion.", None),
    ]


def test_many_later_speakers_cost_linear_time():
    import time

    splitter = Splitter(model=PassEverything())
    text = "Tom Hale said the plan was sound" + ", and Ruth Amos said the cost rose" * 55 + "."
    splitter.split(text)
    started = time.perf_counter()
    splitter.split(text)
    assert time.perf_counter() - started < 0.5
