"""The splitter: extract -> segment -> language -> score -> attribute -> decompose."""

from __future__ import annotations

from functools import lru_cache

from .attribution import attribute_sentences, first_names, self_described
from .checkworthiness import CheckworthinessModel
from .decompose import decompose, decompose_with_asides
from .expectations import is_own_expectation
from .extract import extract
from .language import detect_language
from .reactions import is_bare_reaction
from .segment import segment
from .types import Attribution, ClaimCandidate, Document, SplitResult

SUPPORTED_LANGUAGES = frozenset({"en"})
# Sentences longer than this are not sentences (tables, run-on junk): they are
# cut to keep scoring time bounded, and never offered as claims.
MAX_SENTENCE_CHARS = 2000


class Splitter:
    """Holds the loaded models; build once per process (see :func:`default_splitter`)."""

    def __init__(self, model: CheckworthinessModel | None = None, threshold: float | None = None):
        self.model = model or CheckworthinessModel.load()
        first_names.load()
        self.threshold = self.model.threshold if threshold is None else threshold

    def split(self, data: bytes | str, *, content_type: str | None = None, url: str = "") -> SplitResult:
        return self.split_document(extract(data, content_type=content_type, url=url))

    def split_document(self, document: Document) -> SplitResult:
        language = detect_language(document.text)
        sentences = segment(document.text)
        result = SplitResult(language=language, document=document, sentences=len(sentences))
        if not sentences:
            result.note = "no text found"
            return result
        if language not in SUPPORTED_LANGUAGES:
            result.note = f"language {language!r} is not covered by the check-worthiness model; not scored"
            return result
        usable = [s for s in sentences if len(s.text) <= MAX_SENTENCE_CHARS]
        scores = self.model.score([s.text for s in usable])
        # Attribution runs over the whole document at once: a quote may open in one
        # sentence and name its speaker in a later one, and a surname is shown as
        # the full name the article gives elsewhere.
        text = document.text
        paragraph_starts = [
            index == 0 or "\n" in text[usable[index - 1].end : sentence.start]
            for index, sentence in enumerate(usable)
        ]
        attributions = attribute_sentences([s.text for s in usable], paragraph_starts)
        headline = _fold(document.title)
        for sentence, score, attribution in zip(usable, scores, attributions, strict=True):
            if headline and _fold(sentence.text) == headline:
                # The headline restates the story the body tells (with its sources and
                # figures); it is the article's title, not one more claim to check.
                continue
            # A quote is kept on its score like any sentence: a speaker's "Our door is
            # open" is on the record but asserts nothing to check. A question asserts
            # nothing ("Where are they supposed to go?"), quoted or not.
            if score.value < self.threshold or _is_question(attribution.content or sentence.text):
                continue
            if is_bare_reaction(sentence.text):
                # "The company declined to say how many workers lost their jobs.": attribution
                # would leave the indirect question as if it were the claim.
                continue
            claims = _claims_of(attribution, sentence.text)
            for other in attribution.also:  # "..., and Ruth Amos said B": B is hers
                claims += _claims_of(other, sentence.text)
            for claim_text, claimant, quote in claims:
                own = self_described(claim_text) if claimant is None else None
                if own:
                    # "Rail Users Ardenia, which says it has 22,000 members,": its own claim.
                    claim_text, claimant = own
                if is_own_expectation(claim_text, claimant):
                    # "Sarah Whitlock expected burglaries to fall sharply": her hope, on the
                    # record, with nothing in it to rule on.
                    continue
                if is_bare_reaction(claim_text):
                    # "Lenner declined to comment on the report.", and the reaction left when a
                    # fact is taken out ("The union, which represents 41,000 farmers, disputed that.")
                    continue
                result.claims.append(
                    ClaimCandidate(
                        text=claim_text,
                        sentence=sentence.text,
                        start=sentence.start,
                        end=sentence.end,
                        claimant=claimant,
                        checkworthiness=score.value,
                        quote=quote,
                        reasons=score.reasons,
                    )
                )
        return result


def _claims_of(attribution: Attribution, sentence: str) -> list[tuple[str, str | None, bool]]:
    """(claim text, claimant, quote) of each atomic claim of one attributed statement."""
    # The speaker is passed when their reporting frame was cut from the content.
    speaker = attribution.claimant if attribution.content else None
    # In reported speech a fact given in passing ("the limit, which was written into
    # the constitution in 2009,") is the article's background; in a quote, the
    # speaker's own words.
    reported = attribution.content is not None and not attribution.quote
    claims = [
        (claim_text, None if aside and reported else attribution.claimant, attribution.quote)
        for claim_text, aside in decompose_with_asides(attribution.content or sentence, speaker=speaker)
    ]
    # Facts the article states in the speaker's frame are its own, not the speaker's.
    claims += [(text, None, False) for fact in attribution.background for text in decompose(fact)]
    return claims


def _is_question(text: str | None) -> bool:
    """A question from its first word to its mark ("Where are they supposed to go?"), not
    a statement that ends in one ("The clinic closed in 2019, so where are we to go?")."""
    if text is None or not text.rstrip(" ”’\"'").endswith("?"):
        return False
    first = text.lstrip(" “‘\"'").split(maxsplit=1)
    return bool(first) and first[0].lower().strip(",") in _QUESTION_OPENERS


_QUESTION_OPENERS = frozenset(
    "who whom whose what which where when why how is are was were do does did can could will would "
    "should shall has have had may might must isn't aren't wasn't don't doesn't didn't won't".split()
)


def _fold(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!?:;, ")


@lru_cache(maxsize=1)
def default_splitter() -> Splitter:
    """The process-wide splitter: models load once per worker process."""
    return Splitter()


def split_document(data: bytes | str, *, content_type: str | None = None, url: str = "") -> SplitResult:
    return default_splitter().split(data, content_type=content_type, url=url)
