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
from .types import Attribution, ClaimCandidate, Document, Score, SplitLimits, SplitResult

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

    def split(
        self,
        data: bytes | str,
        *,
        content_type: str | None = None,
        url: str = "",
        limits: SplitLimits | None = None,
    ) -> SplitResult:
        """The splitter's entry point: a document (bytes or text, plain text or HTML) to
        its text and claims. Raises :class:`InputError` for input that cannot become text.

        ``limits`` bound what one document may yield; what they leave out is described
        in ``SplitResult.cut``.
        """
        document = extract(data, content_type=content_type, url=url)
        return self._split_document(document, limits or SplitLimits())

    def _split_document(self, document: Document, limits: SplitLimits) -> SplitResult:
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
        # Work is done once per distinct sentence of the article: a page that repeats a
        # sentence thousands of times costs one scoring and one decomposition of it.
        distinct = list(dict.fromkeys(s.text for s in usable))
        scores = dict(zip(distinct, self.model.score(distinct), strict=True))
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
        claims_of: dict[tuple[str, Attribution], list[tuple[str, str | None, bool]]] = {}
        budget = _Budget(limits)
        for sentence, attribution in zip(usable, attributions, strict=True):
            key = (sentence.text, attribution)
            if key not in claims_of:
                claims_of[key] = self._sentence_claims(
                    sentence.text, scores[sentence.text], attribution, headline
                )
            score = scores[sentence.text]
            for claim_text, claimant, quote in budget.admit(sentence.text, claims_of[key]):
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
        result.cut = budget.describe()
        return result

    def _sentence_claims(
        self, sentence: str, score: Score, attribution: Attribution, headline: str
    ) -> list[tuple[str, str | None, bool]]:
        """(claim text, claimant, quote) of each claim one attributed sentence makes."""
        if headline and _fold(sentence) == headline:
            # The headline restates the story the body tells (with its sources and
            # figures); it is the article's title, not one more claim to check.
            return []
        # A quote is kept on its score like any sentence: a speaker's "Our door is
        # open" is on the record but asserts nothing to check. A question asserts
        # nothing ("Where are they supposed to go?"), quoted or not.
        if score.value < self.threshold or _is_question(attribution.content or sentence):
            return []
        if is_bare_reaction(sentence):
            # "The company declined to say how many workers lost their jobs.": attribution
            # would leave the indirect question as if it were the claim.
            return []
        claims = _claims_of(attribution, sentence)
        for other in attribution.also:  # "..., and Ruth Amos said B": B is hers
            claims += _claims_of(other, sentence)
        kept = []
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
            kept.append((claim_text, claimant, quote))
        return kept


class _Budget:
    """What one document may still yield under its :class:`SplitLimits`, and what was cut."""

    def __init__(self, limits: SplitLimits):
        self.limits = limits
        self.sightings: dict[str, int] = {}  # sentence -> times it yielded claims
        self.texts: set[str] = set()
        self.appearances = 0
        self.repeats_cut = self.claims_cut = self.appearances_cut = 0

    def admit(
        self, sentence: str, claims: list[tuple[str, str | None, bool]]
    ) -> list[tuple[str, str | None, bool]]:
        if not claims:
            return claims
        limits = self.limits
        seen = self.sightings.get(sentence, 0)
        if limits.repeats is not None and seen >= limits.repeats:
            self.repeats_cut += 1
            return []
        self.sightings[sentence] = seen + 1
        kept = []
        for claim in claims:
            if limits.appearances is not None and self.appearances >= limits.appearances:
                self.appearances_cut += 1
            elif (
                claim[0] not in self.texts and limits.claims is not None and len(self.texts) >= limits.claims
            ):
                self.claims_cut += 1
            else:
                self.texts.add(claim[0])
                self.appearances += 1
                kept.append(claim)
        return kept

    def describe(self) -> str:
        limits, parts = self.limits, []
        if self.repeats_cut:
            parts.append(
                f"{self.repeats_cut:,} repeats of a sentence already recorded {limits.repeats} times"
            )
        if self.claims_cut:
            parts.append(f"{self.claims_cut:,} claims past the limit of {limits.claims:,} claims")
        if self.appearances_cut:
            parts.append(f"{self.appearances_cut:,} appearances past the limit of {limits.appearances:,}")
        return "Limits reached; not recorded: " + "; ".join(parts) + "." if parts else ""


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
