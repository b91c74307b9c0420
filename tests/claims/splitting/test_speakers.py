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
