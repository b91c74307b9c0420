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
