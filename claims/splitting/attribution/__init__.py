"""Claimant attribution: who asserts a sentence, and whether it is a direct quote.

No claimant is better than a wrong one: every rule needs an explicit reporting
frame, and anything the rules cannot pin down stays unattributed:

- ``According to X, ...`` / ``..., according to X(, ...)``: X is the claimant; a
  source given as a document ("a study published in Nature Geoscience", "figures
  from the ONS") is reduced to its named publisher, a bare "the report" gives none;
- ``X said (on Wednesday) (that) ...``, ``X, the ONS chief economist, said ...``,
  ``Speaking on Monday, X told reporters that ...``: the speaker at the head of the
  sentence (verbs such as "criticised" or "told" count only with a ``that`` clause,
  since "Putin criticised the West's approach" narrates an act, it asserts nothing);
- ``..., X said (on Wednesday).`` and ``..., the company said, because ...``:
  a trailing or parenthetical frame;
- direct quotes: ``"...," X said``, ``X said: "..."``, and quotes that run over several
  sentences (the speaker may come in the first sentence or after the closing mark);
  a fully quoted sentence right after a quote of a known speaker in the same paragraph
  is that speaker's too;
- ``A report by the IEA found that ...``, ``Data from the Census Bureau show ...``: the
  publisher, when it is an organisation named right after "by"/"from";
  ``Emmanuel Macron's office said``: the principal; ``The mayor, Eric Adams, said``: the
  name in the appositive; ``Russia's defence ministry said``: the organ, as written;
- a ``that`` clause counts only right after the verb or an adverbial ("said on Monday
  that"), or after the audience of "told"/"warned"; "countered the claim that X" asserts
  no X;
- "he"/"she" resolve to the person named just before whom the pronoun fits (the
  article's own evidence first, then the first name's usual pronoun), else the last
  subject; two people it fits give no claimant. "it"/"the agency"/"the union" go to the
  last organisation named (one whose name contains the noun, or introduced as one: "Aerovale,
  the country's second-largest airline"); "the governor"/"the former president" to the one
  person introduced with that role; "the spokesperson"/"the statement" to the principal or
  issuer named before; "a spokesperson" alone stays anonymous, "a senior official at the
  ministry" is shown as described;
- "It was confirmed by X that ...", "X accused Y of doing Z" (Z, in the past tense, on X's
  word), "X denied that P" (the opposite of P where an auxiliary verb carries it), companies
  named in the possessive ("Garside's said");
- what the article states in the frame itself (a relative clause or a rank in the speaker's
  appositive, a clause before "; she said") is returned as ``Attribution.background``,
  without the speaker.

The article's memory of its people and bodies is in :mod:`.memory`.

Names are normalised for display: titles and their qualifiers go ("Russian President
Vladimir Putin" -> "Vladimir Putin", "Senate Majority Leader Carla Menendez" -> "Carla
Menendez"), a leading "the" goes, and a surname alone maps to the one full name with
that surname anywhere in the same article ("Putin" -> "Vladimir Putin"), so one
article never shows the same person under two names. A surname shared by two full
names in the article stays as written.

The removed frame is returned as ``Attribution.content`` (the claim text without "according
to U.S. intelligence"), with a pronoun subject that refers to the speaker restored
("he would sign the bill" -> "Alan Brooks would sign the bill").

Every pattern is anchored or bounded, so the work per sentence is linear in its length.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from ..decompose import ANONYMITY as _ANONYMITY
from ..decompose import MODAL as _MODAL
from ..decompose import _starts_clause, subordinate_only
from ..types import Attribution
from .accusation import accusation_content, denial_content, rewrite_and_accused
from .first_names import first_name_pronoun
from .memory import ArticleMemory
from .names import (
    _ANONYMOUS_SOURCES,
    _INSTITUTIONAL_PLURALS,
    _adverbial_gap,
    _capitalise,
    _clean_quote,
    _curl,
    _display_name,
    _is_org,
    _looks_like_clause,
    _looks_like_verb,
    _named_role,
    _plausible_speaker,
    _remove_span,
    _restore_subject,
)
from .patterns import (
    _ACCORDING,
    _ACTED_AND_SAID,
    _ADDING_THAT,
    _ADVERBIAL_STARTS,
    _AFTER_VERB,
    _AGENCY_KINDS,
    _AND_IT_REPORTS,
    _AND_SAID,
    _AND_SAID_AGAIN,
    _AND_SAID_LATER,
    _AND_SAID_WORDS,
    _AND_THAT,
    _AUXILIARIES,
    _BARE_SET,
    _BODIES,
    _BUSINESS_DESCRIPTORS,
    _BUSINESS_SUBJECT,
    _BY_PUBLISHER,
    _CAPITAL_RUN,
    _CAPITALISED_SPEAKER,
    _CITING,
    _CLAUSE_WORD,
    _CLOSE_THEN_SPEAKER,
    _CONTRAST,
    _COUNTED_UNNAMED,
    _COURT_NAME,
    _COURT_OWNER,
    _DECLINED_AFTER,
    _DOCUMENT_BY,
    _DOCUMENT_FROM,
    _DOCUMENTS,
    _FINDING_VERBS,
    _GENERIC_SOURCES,
    _ISSUED_IN,
    _LEAD,
    _LOWER_BODY,
    _MAX_SPEAKERS,
    _MEMBERS_OF,
    _NAME_PARTICLES,
    _NAMED_BODY_SPOKESPERSON,
    _NAMED_SUBJECT,
    _NOT_A_SUBJECT_START,
    _NOT_A_VERB_PHRASE,
    _NOT_NAMES,
    _OCCASION,
    _ONLY_A_NAME,
    _OPENS_WITH_PRONOUN,
    _ORG_DESCRIPTORS,
    _ORG_WORDS,
    _OWNED_SOURCE,
    _PASSIVE_FRAME,
    _POSSESSIVE_ORGAN_FULL,
    _PRINCIPAL_OF,
    _PUBLIC_BODIES,
    _QUOTE_FIRST,
    _RANKED,
    _REGULATORS,
    _RELATIVE_FACT,
    _SAID_NOTHING,
    _SAYING,
    _SAYING_TAIL,
    _SAYING_WORDS,
    _SAYS_OF_ITSELF,
    _SECOND_CLAUSE,
    _SOURCE_DESCRIBED,
    _SPEAKER_FIRST,
    _SPOKESPERSON_FOR,
    _SUBJECT_NAMES,
    _TITLE_WORDS,
    _TO_THE,
    _TRAIL,
    _TRAILING_NAME,
    _TRAILING_ORGAN,
    _TRAILING_RELATIVE,
    _TRAILING_TIME,
    _UNNAMED_OFFICIAL,
    _UNNAMED_SOURCE,
    _WEEKDAY_ADVERB,
)

_MAX_CLAUSES_TRIED = 4


class Attributor(ArticleMemory):
    """Stateful over one document: remembers named people and organisations for pronouns.

    Use :meth:`attribute_all` for a whole document (it looks ahead across quotes that
    span sentences and maps surnames to full names at the end); :meth:`attribute` is
    the one-sentence step.
    """

    def __init__(self) -> None:
        super().__init__()
        self._quote_speaker: str | None = None  # speaker of an open multi-sentence quote
        self._in_quote = False
        self._prev_quote_speaker: str | None = None  # for "“A,” X said. “B.”"
        self._finding_others = False  # inside _other_speaker: no second search within it

    # -- public -------------------------------------------------------------------

    def attribute_all(
        self, sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
    ) -> list[Attribution]:
        starts = paragraph_starts or [False] * len(sentences)
        self._note_people(sentences)
        results: list[Attribution] = []
        pending: list[int] = []  # sentences of an open quote whose speaker comes later
        for index, sentence in enumerate(sentences):
            attribution = self.attribute(sentence, paragraph_start=starts[index])
            if attribution.quote and attribution.claimant is None and self._in_quote:
                pending.append(index)
            elif pending and attribution.quote and attribution.claimant:
                for earlier in pending:
                    results[earlier] = replace(results[earlier], claimant=attribution.claimant)
                pending = []
            if not self._in_quote:
                pending = []
            results.append(attribution)
        return [self._full_name(a) for a in results]

    def attribute(self, sentence: str, *, paragraph_start: bool = False) -> Attribution:
        text = _curl(sentence.strip())
        if " (" in text:
            text = self._note_acronyms(text)
        attribution = self._attribute(text, paragraph_start)
        if "Court" in text or "Tribunal" in text:
            courts = [
                _COURT_OWNER.sub("", m.group(1))
                for m in _COURT_NAME.finditer(text)
                # (Looked for in the few characters before it: over the whole text, a
                # sentence of many courts would be quadratic.)
                if not _TO_THE.search(text[max(0, m.start() - 40) : m.start()])
            ]
            self.last_court = courts[-1] if courts else self.last_court
        self._learn_pronouns(text)
        self._sentence += 1
        return attribution

    def _attribute(self, text: str, paragraph_start: bool) -> Attribution:
        if paragraph_start:
            # A quote left open at a paragraph's end and reopened at the next one's start is
            # the same speaker going on (the press convention for a quote over paragraphs).
            carried = self._quote_speaker if self._in_quote and text.startswith("“") else None
            self._in_quote = False
            self._quote_speaker = None
            self._prev_quote_speaker = carried
        if self._in_quote:
            return self._continue_quote(text)
        quoted = self._direct_quote(text)
        if quoted is not None:
            return quoted
        self._prev_quote_speaker = None
        return self._indirect(text)

    # -- quotes -------------------------------------------------------------------

    def _direct_quote(self, text: str) -> Attribution | None:
        if "“" not in text:
            return None
        match = _QUOTE_FIRST.match(text)
        if match:
            # "“...,” the prosecutor, Rebecca Oyelaran KC, said"
            named = match.group("sp") or match.group("sp2")
            speaker = self._resolve(_named_role(named, match.group("app")))
            self._prev_quote_speaker = speaker
            # What the article says of the speaker in passing ("..., said Gunnar Lie, who
            # runs a pensioners' club") is its own fact, not part of the quote.
            trailing = _TRAILING_RELATIVE.match(text.rstrip(), match.end()) if match.group("sp2") else None
            if trailing and trailing.group("rel").startswith("which") and not _is_org(named):
                trailing = None  # "..., said Tom Hale, which surprised many": the remark's
            aside = trailing.group("rel") if trailing else _aside_of(match.group("app"), speaker != named)
            return Attribution(
                speaker,
                quote=True,
                content=_clean_quote(match.group("q")),
                background=_fact_in_passing(speaker or named, aside),
            )
        match = _SPEAKER_FIRST.match(text)
        if (
            match
            and match.group("close")
            and match.group("q")[:1].islower()
            and text[match.end() :].strip(" .,")
        ):
            # A phrase quoted inside reported speech ("said both delegations had accepted,
            # “as a basis for negotiation,” a draft text ..."): the sentence is no quote.
            match = None
        if match:
            speaker = self._resolve(match.group("sp"))
            if match.group("close") is None:
                self._in_quote, self._quote_speaker = True, speaker
            self._prev_quote_speaker = speaker
            return Attribution(speaker, quote=True, content=_clean_quote(match.group("q")))
        if text.startswith("“"):
            body = text[1:]
            if "”" not in body:
                # A quote opened here and closed in a later sentence; right after another
                # quote of a known speaker (“A,” Marten said. “B ...), the same speaker.
                speaker = self._prev_quote_speaker
                self._in_quote, self._quote_speaker = True, speaker
                return Attribution(speaker, quote=True, content=_clean_quote(body))
            if body.rstrip().endswith("”") and body.count("”") == 1:
                # A fully quoted sentence: the speaker of the quote just before it, if any.
                return Attribution(
                    self._prev_quote_speaker, quote=True, content=_clean_quote(body.rstrip()[:-1])
                )
        return None

    def _continue_quote(self, text: str) -> Attribution:
        match = _CLOSE_THEN_SPEAKER.match(text)
        if match:
            self._in_quote = False
            speaker = self._resolve(match.group("sp") or match.group("sp2"))
            speaker = speaker or self._quote_speaker
            self._prev_quote_speaker = speaker
            return Attribution(speaker, quote=True, content=_clean_quote(match.group("q")))
        close = text.find("”")
        if close >= 0:
            self._in_quote = False
            self._prev_quote_speaker = self._quote_speaker
            return Attribution(self._quote_speaker, quote=True, content=_clean_quote(text[:close]))
        return Attribution(self._quote_speaker, quote=True, content=_clean_quote(text))

    # -- reported speech ------------------------------------------------------------

    def _indirect(self, text: str) -> Attribution:
        match = _PASSIVE_FRAME.match(text) if text.startswith("It ") else None
        if match:
            claimant = self._resolve(match.group("sp"))
            # A body or a person ("the health board", "the Liberal Centre"), not a means
            # ("It was confirmed by DNA tests that ...").
            named = claimant and all(w[0].isupper() or w in _NAME_PARTICLES for w in claimant.split())
            if claimant and (named or claimant.split()[-1].lower() in _ORG_WORDS | _ORG_DESCRIPTORS):
                return Attribution(claimant, content=_capitalise(match.group("c").strip()))
        # The substring test first: the pattern's search costs 5 µs, and few sentences have it.
        match = _ACCORDING.search(text) if "ccording" in text else None
        if match:
            claimant = self._source_name(match.group("src"))
            self._note_document(match.group("src"), claimant)
            post = match.group("post")[len(match.group("rel") or "") :]
            end = match.end()
            described = (
                _SOURCE_DESCRIBED.match(text.rstrip(), end)
                if match.start() > 0 and post.strip() == ","
                else None
            )
            if described and _description_head(described.group(0)) in _ORG_WORDS | _ORG_DESCRIPTORS | {
                "body"
            }:
                # "..., according to estimates by the Institute, a government-funded research
                # body.": the source's description, not the claim's last words.
                end, post = described.end(), "."
            content = _remove_span(text, match.start(), end, match.group("pre"), post)
            # The description is the article's own claim about the source.
            background = (
                (f"{_capitalise(claimant)} is {text[described.start() : end].strip().rstrip('.!')}.",)
                if described and end == described.end() and claimant
                else ()
            )
            return Attribution(
                claimant, content=content if claimant or content else None, background=background
            )
        match = _LEAD.match(text)
        if match:
            found = self._lead(match)
            if found is not None:
                return found
        # "She blamed the figures on flu, saying 5,400 flu patients a day were in hospital",
        # "The ministry called the measures X and said in a statement that B": the
        # subject's statement after another act of theirs.
        for pattern, cue in ((_SAYING, _SAYING_WORDS), (_ACTED_AND_SAID, _AND_SAID_WORDS)):
            match = pattern.match(text) if cue.search(text) else None
            if match and self._saying_speaker(match.group("sp")) and _looks_like_clause(match.group("c")):
                # "The shadow minister, Priya Lentz, disputed the figure, saying ...".
                claimant = self._resolve(_named_role(match.group("sp"), match.groupdict().get("app")))
                if claimant:
                    return Attribution(claimant, content=_restore_subject(match.group("c"), claimant))
        match = _TRAIL.search(text)
        if match:
            speaker_text = match.group("sp") or match.group("sp2")
            tail = match.group("tail").strip()
            # "Unlike Maria Lopez, the minister said taxes would not rise.": what follows the
            # verb is a clause of its own, the statement, so the frame does not trail the claim
            # (it would leave "Unlike Maria Lopez." as the claim). "told Reuters in an
            # interview", "said Tuesday in a statement" are no clauses.
            states = tail[:1].islower() and tail.split()[0] not in _ADVERBIAL_STARTS and _starts_clause(tail)
            before = text[: match.start()]
            # "While Putin has not confirmed any involvement, he asserted Russia's right to
            # ...": before a frame that ends the sentence stands only a subordinate clause, so
            # the "frame" is the sentence's main clause, and what precedes it no statement.
            lone = not match.group("end").startswith(",") and subordinate_only(before)
            if (
                not states
                and not lone
                and _plausible_speaker(speaker_text, match.group("verb") or match.group("verb2"))
            ):
                if speaker_text.lower() in ("the company", "the firm", "the group") and not self.orgs:
                    # An article's first sentence: "Harbour Capital will cut 2,400 jobs, the
                    # company said" names the company itself, when its name says it is one
                    # (not "The European Union will ban ..., the company said").
                    business = _BUSINESS_SUBJECT.match(before)
                    if business:
                        self._register_org(business.group("name"))
                claimant = self._resolve(speaker_text)
                issued = _ISSUED_IN.match(match.group("tail"))
                if claimant and issued:
                    self.documents[issued.group("doc")] = claimant  # ", the bank said in a statement"
                after = text[match.end() :] if match.group("end").startswith(",") else ""
                # "..., the air force said, adding that air defences shot down 71": a second
                # statement of the same speaker, joined so that decomposition splits it off.
                after = _ADDING_THAT.sub("and ", after, count=1)
                # "Delgado, she said, had won ...", "Voters, she said, want change": the frame
                # stood between subject and verb.
                joint = " " if after and _continues_subject(before, after) else ", "
                content = before + (joint + after if after else ".")
                return Attribution(claimant, content=_restore_subject(content, claimant))
        found = (
            self._second_clause_frame(text) if "; " in text or ", and " in text or ", but " in text else None
        )
        if found:
            return found
        self._remember_subject(text)
        return Attribution(None)

    def _second_clause_frame(self, text: str) -> Attribution | None:
        """ "He called the meeting constructive; she said the Greens would not sign ...",
        "The outage halted trains, and the fire service said it had rescued 214 people": the
        frame of a later clause; what comes before it is the article's own, and stays a claim.
        The first few separators only, left to right: each try is a match of the frame."""
        for split in itertools.islice(_SECOND_CLAUSE.finditer(text), _MAX_CLAUSES_TRIED):
            match = _LEAD.match(text[split.end() :])
            found = self._lead(match) if match else None
            if found and found.claimant:
                return replace(found, background=(*found.background, text[: split.start()] + "."))
        return None

    def _lead(self, match: re.Match[str]) -> Attribution | None:
        speaker_text = match.group("sp")
        if not _plausible_speaker(speaker_text, match.group("verb").lower()):
            return None
        described = speaker_text
        speaker_text = _named_role(speaker_text, match.group("app"))  # "The mayor, Eric Adams, said"
        verb = match.group("verb").lower()
        denial = verb in ("denied", "denies")
        rest = _CITING.sub("", match.group("rest"), count=1)
        that = _AFTER_VERB.match(rest)
        bare = verb in _BARE_SET or (verb in _FINDING_VERBS and _DOCUMENT_BY.match(speaker_text) is not None)
        if that and not _adverbial_gap(verb, that.group("gap")):
            # The "that" belongs inside the clause ("said the change followed a review of
            # countries that use ...", "said A and that B"): a bare verb's whole clause is
            # the content; "countered the claim that X" asserts nothing.
            that = None
        and_said = None if that or bare else _AND_SAID.match(rest)
        # "Mazur accused Kerevan of targeting ...": the accused's act is the claim.
        accusation = accusation_content(rest) if not that and verb in ("accused", "accuses") else None
        if that:
            # "cautioned that A, and said B": B is the speaker's second statement.
            # A body's or a document's "it" ("The study estimates that A, and it projects that B").
            its = speaker_text.lower().startswith("the ") or _is_org(speaker_text)
            content = _second_statement(that.group("c"), its=its) if " and " in rest else that.group("c")
            first_word = content.split(maxsplit=1)[:1]
            if first_word and first_word[0].lower() in _AUXILIARIES:
                # "said that was not true": "that" was the subject, not the conjunction.
                content = "that " + content
        elif accusation:
            if match.start("sp") == 0 and not self._known_single(speaker_text):
                return None
            # Its subject is the accused ("he" is whom Kemp accused), never the speaker.
            accuser = self._resolve(speaker_text)
            return Attribution(
                accuser,
                content=_capitalise(accusation),
                background=_fact_in_passing(
                    accuser or speaker_text, _aside_of(match.group("app"), speaker_text != described)
                ),
            )
        elif and_said and _looks_like_clause(and_said.group("c")):
            content = and_said.group("c")
        elif bare and not rest.lstrip().startswith((":", "“")):
            content = _WEEKDAY_ADVERB.sub("", rest, count=1) if rest.startswith((" ", ",")) else rest
            intro = match.string[: match.start("sp")].rstrip()
            if rest.startswith(",") and intro.endswith(",") and not _OCCASION.match(intro):
                # "Without a deal, the governor said, 40,000 jobs would be lost": the frame
                # stands in commas inside the statement, whose condition, place or time opens
                # the sentence. Not the occasion of saying it ("On Monday, she said, ...",
                # "In a statement, ..."): that would become the time of the event.
                content = f"{intro} {content.lstrip(' ,')}"
            if _SAID_NOTHING.match(content):
                # "said nothing about jobs and said the plant would close": only the second
                # verb reports a statement (if it does: "and said nothing about taxes").
                again = _AND_SAID_LATER.search(content)
                content = content[again.end() :] if again else ""
                if _SAID_NOTHING.match(content):
                    return None
            if not _looks_like_clause(content):
                return None
        else:
            return None
        # "said water levels had fallen but that 23 bridges had been destroyed", "denied A,
        # saying B": two statements.
        if not denial:  # "denied that A and that B" denies both
            content = _AND_THAT.sub(r", \1 ", content)
        if speaker_text.lower() in _INSTITUTIONAL_PLURALS:
            # "Prosecutors told the jury that ...": the institution, as the article names it.
            return Attribution(speaker_text.lower(), content=_capitalise(content.strip()))
        if match.start("sp") == 0 and not match.group("app") and not self._known_single(speaker_text):
            # A lone unknown word heading a sentence may be a headline's subject ("Retailer
            # says ..."); one with an appositive ("Tennant's, which handles ..., said") is not.
            return None
        claimant = self._resolve(speaker_text)
        issued = _ISSUED_IN.match(rest)
        if claimant and issued:
            self.documents[issued.group("doc")] = claimant  # "said in a statement" ... "the statement said"
        if claimant and match.group("app") and not _is_org(claimant):
            # "Rudolf Brenn, who was transport minister", "The central bank's governor, Miriam
            # Osterholt,": the roles for a later "the governor said".
            self._note_roles(f"{described} {match.group('app')}", claimant)
        if "accused" in content:
            content = rewrite_and_accused(content)
        saying = _SAYING_TAIL.search(content)
        head, more = (content[: saying.start()], content[saying.end() :]) if saying else (content, "")
        if denial and that:
            # What a denial asserts is the opposite: "Northline denied that cuts had played any
            # part" -> "Cuts had not played any part". Where no auxiliary verb plainly carries
            # the negation, where two things are denied ("that A and that B"), or where no
            # one is named to deny it, the denial is kept as it stands.
            negated = denial_content(head) if claimant and not _AND_THAT.search(that.group("c")) else None
            head = negated or f"{claimant or speaker_text} {verb} that {head}"
        # "denied A, saying B": B is a second statement of the speaker's.
        content = f"{head}, and {more}" if more else head
        declined = _DECLINED_AFTER.search(content) if "to " in content else None
        if declined:
            # "said further moves would depend on the data and declined to say when ...": the
            # speaker's refusal is no part of what they said.
            content = content[: declined.start()] + "."
        content, also = self._other_speaker(content, claimant)
        return Attribution(
            claimant,
            also=also,
            content=_restore_subject(content.strip(), claimant, speaker_text),
            # A document's description is its own ("The ruling, which runs to 300 pages,"),
            # not a fact about whoever issued it.
            background=_fact_in_passing(
                speaker_text if _is_document(speaker_text) else claimant or speaker_text,
                _aside_of(match.group("app"), speaker_text != described),
            ),
        )

    def _other_speaker(self, content: str, claimant: str | None) -> tuple[str, tuple[Attribution, ...]]:
        """ "the bridge would reopen, and Ruth Amos said the repairs had cost $4 million": the
        later clause is Ruth Amos's, not the first speaker's (and a third speaker's after it
        theirs). Only a speaker named by name (a pronoun or "the mayor" may be the first
        speaker again), whose statement opens with no pronoun ("Ruth Amos said he had lied":
        who "he" is, the rules cannot tell). Looked for once per sentence, left to right,
        without recursion: a few separators, a few speakers."""
        if self._finding_others or (
            ", and " not in content and ", but " not in content and "; " not in content
        ):
            return content, ()
        self._finding_others = True
        try:
            others: list[Attribution] = []
            first, head, owner = content, content, claimant
            for _ in range(_MAX_SPEAKERS):
                cut = self._next_speaker(head, owner)
                if cut is None:
                    break
                before, found = cut
                if others:
                    others[-1] = replace(others[-1], content=before)
                else:
                    first = before
                others.append(found)
                head, owner = found.content or "", found.claimant
        finally:
            self._finding_others = False
        return first, tuple(others)

    def _next_speaker(self, content: str, owner: str | None) -> tuple[str, Attribution] | None:
        for split in itertools.islice(_SECOND_CLAUSE.finditer(content), _MAX_CLAUSES_TRIED):
            clause = content[split.end() :]
            match = _LEAD.match(clause)
            if match is None or not _CAPITALISED_SPEAKER.match(match.group("sp")):
                continue
            pronoun = _OPENS_WITH_PRONOUN.match(match.group("rest"))
            # "and Harbour Capital said it would sue": a body's "it" is the body.
            its_own = (
                pronoun is not None
                and pronoun.group("p").lower() in ("it", "its")
                and _is_org(match.group("sp"))
            )
            if not _ONLY_A_NAME.match(match.group("sp")) or (pronoun and not its_own):
                # "..., and Democrats in Congress said it would cost $4 billion", "but Ruth
                # Amos said he had lied": someone else's statement, whose speaker or subject
                # the rules cannot name; as written, with no claimant rather than the first's.
                return content[: split.start()] + ".", Attribution(None, content=_capitalise(clause))
            found = self._lead(match)
            if found is not None and found.claimant and found.content and found.claimant != owner:
                return content[: split.start()] + ".", found
        return None

    def _saying_speaker(self, speaker: str) -> bool:
        if speaker.lower() in ("he", "she"):
            return True
        return _plausible_speaker(speaker) and self._known_single(speaker)

    def _known_single(self, speaker: str) -> bool:
        """A lone capitalised word heading a sentence ("Retailer says ...", a headline) is a
        speaker only when the article has named it before: a surname, an organisation or an
        acronym."""
        if " " in speaker.strip() or speaker.lower() in ("he", "she", "it"):
            return True
        word = speaker.strip()
        known = word in self.surnames or word in self.orgs or self._org_named(word) is not None
        return known or (word.isupper() and len(word) >= 2)

    def _resolve(self, speaker: str | None) -> str | None:
        """Display name for a frame's speaker, remembering people and organisations."""
        if not speaker:
            return None
        speaker = speaker.strip(" ,")
        bare = re.sub(r"^the\s+", "", speaker, flags=re.I)
        if bare in self.acronyms:
            return self._register_org(self.acronyms[bare])  # "the FSU said"
        spokes = _NAMED_BODY_SPOKESPERSON.match(speaker)
        if spokes:
            return self._resolve(spokes.group("body"))  # "A Harbour Capital spokesman said"
        if _COUNTED_UNNAMED.match(speaker):
            return speaker[:1].lower() + speaker[1:]  # "Two people familiar with the plans said"
        members = _MEMBERS_OF.match(speaker)
        if members:
            return self._register_org(members.group("org"))  # "Observers from the ... Mission"
        on_behalf = _PRINCIPAL_OF.match(speaker)
        document = _DOCUMENT_BY.match(speaker)
        if on_behalf:
            # "Emmanuel Macron's office" speaks for Macron ("Critics of Macron's office" not).
            principal = on_behalf.group("principal")
            plausible = principal[:1].isupper() and principal.split()[0].lower() not in _NOT_NAMES
            self.spokesperson_for = self._resolve(principal) if plausible else None
            return self.spokesperson_for
        if document:
            # "A report by the IEA" is the IEA's; "data from China" names no publisher.
            principal = re.sub(r"^the\s+", "", document.group("principal"))
            publisher = self._resolve(principal) if _is_org(principal) else None
            self._note_document(speaker, publisher)
            return publisher
        words = speaker.lower().split()
        if len(words) == 2 and words[0] == "the" and words[1] in _DOCUMENTS:
            return self.documents.get(words[1])  # "the statement said": whoever issued it
        if len(words) == 2 and words[0] == "the" and words[1] in _RULINGS:
            return self.last_court  # "The judgment found that ...": the court named last
        if _POSSESSIVE_ORGAN_FULL.match(speaker):
            return self._register_org(speaker)
        lowered = speaker.lower()
        if lowered in ("he", "she"):
            person = self._person_for(lowered)
            if person:
                self.last_person = person  # the one the text is now about: "She added ..."
            return person
        if lowered == "it":
            return self.last_org
        if speaker[0].islower() or lowered.startswith(("the ", "a ", "an ", "its ", "their ")):
            words = lowered.split()
            spokes = _SPOKESPERSON_FOR.search(speaker)
            if spokes:
                self.spokesperson_for = self._resolve(spokes.group(1))
                return self.spokesperson_for
            if words[0] == "the" and len(words) == 2 and words[1].startswith("spokes"):
                return self.spokesperson_for  # "The spokesperson said": the one quoted before
            # "the ex-minister" is "the former minister".
            words = [part for w in words for part in (("former", w[3:]) if w.startswith("ex-") else (w,))]
            described = speaker.split()[1:]
            if (
                words[0] in ("a", "an")
                and 2 <= len(described) <= 4
                and described[-1].lower() in _ANONYMOUS_SOURCES
                and any(w[0].isupper() for w in described[:-1])
            ):
                # "a senior Zemorian official": anonymous, but whose side is named; "he"
                # in the next sentence is this source.
                self.last_person = " ".join(described)
                return self.last_person
            if words[0] in ("a", "an") and _UNNAMED_OFFICIAL.match(speaker):
                # "A company spokesperson said": the company, when the article has named it.
                principal = self._generic(["the", words[1]]) if words[-1].startswith("spokes") else None
                if principal and principal == self.last_org:  # not a guess between two companies
                    return principal
                # "A senior official at the energy ministry, who asked not to be named, said":
                # no name, but the source as the article describes it (and the "he" after it).
                self.last_person = speaker.split(None, 1)[1]
                return self.last_person
            if any(w.startswith("spokes") for w in words) or words[0] in ("a", "an") and len(words) > 1:
                return None
            if all(not w[0].isupper() for w in speaker.split()[1:]):
                return self._generic(words)
        name = _display_name(speaker)
        if name is None:
            return None
        if " " not in name and name not in self.surnames:
            org = self._org_named(name)
            if org:
                return self._register_org(org)
        if name.endswith(("'s", "’s")):
            return self._register_org(name)  # "Garside's said": a company (see _company_possessive)
        description = {w.lower() for w in speaker.split()[:-1] if w.islower()}
        described_as_org = bool(description & (_ORG_DESCRIPTORS | _ORG_WORDS))
        if described_as_org or _is_org(name) or name in self.orgs or name in self.introduced:
            self.descriptions.setdefault(name, set()).update(description)
            return self._register_org(name)
        self.last_person = name
        self._note_full_name(name)
        self._note_roles(speaker, name)
        return name

    def _generic(self, words: list[str]) -> str | None:
        """ "the union" -> the last organisation named with "Union" in it, else None.

        A lower-case description with an adjective ("the national vaccine agency")
        is kept as the claimant: it is how the article names that body.
        """
        head = words[-1]
        if len(words) >= 2 and words[0] == "the" and all(w in _TITLE_WORDS for w in words[1:]):
            return self._by_role(words[1:])
        if head not in _ORG_WORDS and head not in _ORG_DESCRIPTORS and head not in ("bloc", "think", "tank"):
            return None
        for org in reversed(self.orgs):
            if head in org.lower().split() or head in self.descriptions.get(org, ()):
                return org
        introduced = [name for name, heads in self.introduced.items() if head in heads]
        if len(introduced) == 1:
            return self._register_org(introduced[0])  # "the airline": the one introduced as one
        if head in ("watchdog", "regulator"):
            # "The Inspectorate of Constabulary ... The watchdog said": the last body that regulates.
            for org in reversed(self.orgs):
                if set(org.lower().split()) & _REGULATORS:
                    return org
        if head in ("company", "firm"):
            # "the company": the last body shown to be a business, if any was.
            for org in reversed(self.orgs):
                if self.introduced.get(org, set()) & _BUSINESS_DESCRIPTORS or org.endswith(("'s", "’s")):
                    return org
        if words == ["the", "agency"]:
            # "The National Fire Service said ... In its report, the agency said": the one
            # public body named whose name says it is one of the state's agencies (with two,
            # a Met Office and a Fire Service, the rules cannot tell which).
            agencies = [org for org in self.orgs if _head_noun(org) in _AGENCY_KINDS and "Post" not in org]
            if len(agencies) == 1:
                return agencies[0]
        if head in ("company", "firm", "retailer", "tank", "bloc", "group", "think"):
            last = self.last_org
            # A public body is no company: "the company said" after the Medicines Supply Agency
            # spoke is someone the rules have not met.
            public = (
                last is not None
                and head in ("company", "firm", "retailer")
                and _head_noun(last) in _PUBLIC_BODIES
            )
            return None if public else last
        if len(words) >= 3:  # "the national vaccine agency"
            return self._register_org(" ".join(words[1:]))
        return None

    def _source_name(self, source: str) -> str | None:
        # "figures released by Eurostat on Tuesday": when is not who (but "figures released
        # on Tuesday" names no one, so the date stays and the source is refused as before).
        source = source.strip()
        undated = _TRAILING_TIME.sub("", source)
        if undated != source and _CAPITAL_RUN.search(undated):
            source = undated
        if _UNNAMED_SOURCE.match(source):
            return source[:1].lower() + source[1:]  # "people familiar with the matter"
        # "a statement from the bank's monetary policy committee" (but not "a member of ...").
        document = _DOCUMENT_FROM.match(source)
        issuer = source[document.end() :] if document else source
        body = _LOWER_BODY.match(issuer)
        if body and body.end() >= len(issuer.rstrip(". ")):
            return self._register_org(body.group("name"))  # "a statement from the bank's ... committee"
        issuer_words = issuer.lower().split()
        if (
            document
            and issuer.islower()
            and issuer_words[:1] == ["the"]
            and issuer_words[-1] in _ORG_WORDS | _ORG_DESCRIPTORS
        ):
            # "a statement from the health board": the board named before, by its own name
            # (not whatever body came last: "a report from the security firm").
            head = issuer_words[-1]
            named = [*reversed(self.orgs), *self.introduced]
            known = next((org for org in named if head in org.lower().split()), None)
            # Else the article's own words for it, as "according to the agency" is "agency".
            return known or " ".join(issuer_words[1:])
        source = re.sub(r"^(?:the|a|an)\s+", "", source, flags=re.I)
        publisher = _BY_PUBLISHER.search(source)
        if publisher and _is_org(publisher.group("pub")):
            return self._register_org(publisher.group("pub"))
        organ = _TRAILING_ORGAN.search(source)
        if organ:
            return self._register_org(organ.group("org"))  # "a statement from Estrava's foreign ministry"
        owned = _OWNED_SOURCE.match(source)
        if owned:
            return self._generic(["the", owned.group("owner").lower()])  # "the federation's analysis"
        runs = [m for m in _CAPITAL_RUN.finditer(source) if m.group().split()[0].lower() not in _NOT_NAMES]
        if runs:
            last = runs[-1]
            if last.end() >= len(source.rstrip(". ")):
                prefix = source[: last.start()].split()
                if (
                    1 <= len(prefix) <= 3
                    and all(w.islower() for w in prefix)
                    and prefix[-1] in _ORG_DESCRIPTORS | _ORG_WORDS
                ):
                    # "the aid agency Relief Bridge International": the description says
                    # what the body is, for a later "the agency said".
                    return self._resolve(source)
                return self._resolve(last.group())
            tail = source[last.end() :].strip()
            if tail and all(w.lower() in _GENERIC_SOURCES for w in tail.split()):
                # "LSEG data", "ONS figures": the provider of the data, which is not whom
                # "the company" or "it" means in the next sentence.
                last_org = self.last_org
                provider = self._resolve(last.group())
                self.last_org = last_org
                return provider
            if len(source.split()) <= 4 and tail and tail.split()[-1].lower() not in _GENERIC_SOURCES:
                return source  # "U.S. intelligence", "Dravenian statistics office"
            return self._resolve(last.group()) if not tail else None
        words = source.split()
        if len(words) == 1 and words[0].lower() in _ORG_WORDS | _ORG_DESCRIPTORS:
            # "according to the agency": the agency the article has named, if any.
            known = self._generic(["the", words[0].lower()])
            if known:
                return known
        if (
            len(words) <= 3
            and words
            and words[-1].lower() not in _GENERIC_SOURCES
            and not any(c.isdigit() for c in source)
        ):
            return source  # "police", "officials"
        return None

    def _remember_subject(self, sentence: str) -> None:
        # "Moldavian President Elena Vasquez met ..." / "Raman urged ...": a person
        # at the head of a sentence is whom a later "she said" most likely means.
        match = next(
            (
                m
                for m in (p.match(sentence) for p in _SUBJECT_NAMES)
                if m and _looks_like_verb(m.group("verb"))
            ),
            None,
        )
        if match is None:
            return
        raw = match.group("name")
        if " and " in raw:
            for part in raw.split(" and "):
                person = _display_name(part)
                if person and not _is_org(person):
                    self._note_full_name(person)
            return
        if any(w[0].islower() for w in match.group("pre").split()) and not _TITLE_WORDS.intersection(
            w.lower() for w in match.group("pre").split()
        ):
            return
        name = _display_name(match.group("pre") + raw)
        if not name or name.split()[0].lower() in _NOT_NAMES or name.endswith(("'s", "’s")):
            return  # "Threadline's shares fell": the owner is not the subject
        if _is_org(name):
            self._register_org(name)
            return
        parts = name.split()
        if len(parts) == 1 and parts[0] not in self.surnames:
            return
        if len(parts) > 3:
            return
        self._resolve(name)
        self._note_roles(match.group("pre") + raw + " " + (match.group("app") or ""), name)

    def _full_name(self, attribution: Attribution) -> Attribution:
        if attribution.also:
            attribution = replace(attribution, also=tuple(self._full_name(a) for a in attribution.also))
        name = attribution.claimant
        full = self._unique_full_name(name) if name and " " not in name else None
        return replace(attribution, claimant=full) if full else attribution


def _continues_subject(before: str, after: str) -> bool:
    """Whether ``after`` (what follows a frame like ", she said,") is the verb phrase of the
    short subject ``before`` ("Voters" + "want change"), not a clause or phrase of its own
    ("In 2019" + "the plant closed", "..." + "and ...")."""
    first = after.split()[0]
    if _looks_like_verb(first):
        return True
    return (
        first[:1].islower()
        and first.strip(",;:") not in _NOT_A_VERB_PHRASE
        and "," not in before
        and len(before.split()) <= 8
        # "By 2030, she said, half of all cars ...": an opening phrase, not a subject.
        and before.split()[0].lower() not in _NOT_A_SUBJECT_START
    )


def _second_statement(content: str, *, its: bool = False) -> str:
    """ "A, and said B" -> "A, and B" where B is a clause of its own (not "and said nothing
    about jobs", "and said so again"); with ``its`` (the speaker is a body or a document),
    also "A, and it projects that B"."""
    again = _AND_SAID_AGAIN.search(content) or (_AND_IT_REPORTS.search(content) if its else None)
    if again is None or not _starts_clause(content[again.end() :]):
        return content
    return content[: again.start()] + ", and " + content[again.end() :]


_RULINGS = frozenset(("judgment", "judgement", "ruling", "verdict"))


def _is_document(speaker: str) -> bool:
    words = speaker.lower().split()
    return len(words) == 2 and words[0] == "the" and (words[1] in _DOCUMENTS or words[1] in _RULINGS)


def _description_head(description: str) -> str:
    """ "a government-funded research body" -> "body"; "a record for the company" -> "record"."""
    words = description.lower().rstrip(" .!").split()
    for index, word in enumerate(words):
        if index > 1 and word in ("for", "of", "in", "at", "on", "with", "since", "to", "from"):
            return words[index - 1]
    return words[-1] if words else ""


def _head_noun(name: str) -> str:
    """ "Ministry of Defence" -> "ministry", "Harbour Service Holdings" -> "holdings"."""
    words = name.lower().split()
    return words[words.index("of") - 1] if "of" in words[1:] else words[-1]


def _aside_of(appositive: str | None, names_speaker: bool) -> str | None:
    """What an appositive says about the speaker besides their name: all of it, or, when it
    named the speaker ("Piet Ramsay, who has trained her since she was 15"), what follows."""
    if not names_speaker:
        return appositive
    return appositive.split(", ", 1)[1] if appositive and ", " in appositive else None


def _fact_in_passing(subject: str, appositive: str | None) -> tuple[str, ...]:
    """ "Tennant's", "which handles baggage for 14 airlines" -> ("Tennant's handles baggage
    for 14 airlines.",); "Solvane", "the country's largest property insurer" -> ("Solvane is
    the country's largest property insurer.",): a checkable fact (a number, a rank) the
    article states in passing about the speaker."""
    if not appositive:
        return ()
    # The rank must describe the speaker, not sit in a clause about something else ("a
    # political scientist who advised Reinholt's first campaign").
    head = _CLAUSE_WORD.split(appositive, maxsplit=1)[0]
    if appositive.split()[0].lower() in ("the", "a", "an") and _RANKED.search(head):
        return (f"{_capitalise(subject)} is {appositive.rstrip(' ,.')}.",)
    if _ANONYMITY.search(appositive) or _MODAL.search(appositive):
        return ()  # "who asked not to be named"; "who may run for mayor" is no fact
    if not _NAMED_SUBJECT.match(subject):
        return ()  # "A lawyer for Ruth Amos, whose husband died": whose husband is unclear
    role, one_of, rest = appositive.partition(", one of ")
    # Only a body's rank among bodies ("one of only two companies licensed to make it"), not
    # the speaker's among people ("one of the firm's founders").
    owner = _TRAILING_NAME.search(role) if one_of and _BODIES.search(rest) else None
    if owner:
        # "chief executive of Baltry Pharma, one of only two companies licensed to make it"
        # -> "Baltry Pharma is one of only two companies licensed to make it."
        return (f"{owner.group(0)} is one of {rest.rstrip(' ,.')}.",)
    words = appositive.split()
    if words[0] == "whose" and len(words) > 3 and _looks_like_verb(words[2].lower()):
        # "Linda Okafor, whose father caught an infection" -> "Linda Okafor's father caught ..."
        return (f"{_capitalise(subject)}'s {appositive.split(None, 1)[1].rstrip(' ,.')}.",)
    if not _RELATIVE_FACT.match(appositive):
        return ()
    if not _looks_like_verb(appositive.split()[1].lower()):
        return ()  # "which half the town depends on": not the body's own act
    fact = appositive.split(None, 1)[1].rstrip(" ,.").replace(" and who ", " and ")
    return (f"{_capitalise(subject)} {fact}.",)


def self_described(text: str) -> tuple[str, str] | None:
    """ "Rail Users Ardenia says it has 22,000 members." (what decomposition or a speaker's
    relative clause leaves of "Rail Users Ardenia, which says it has 22,000 members,") ->
    ("Rail Users Ardenia has 22,000 members.", "Rail Users Ardenia"): the body's own claim
    about itself, with the body as claimant."""
    match = _SAYS_OF_ITSELF.match(text)
    if match is None:
        return None
    name = match.group("name")
    if name.split()[0].lower() in _NOT_NAMES or _CONTRAST.search(match.group("rest")):
        return None  # "... has 14 percent of the market but critics say ...": not all its own
    if " " not in name and not name.isupper():
        return None  # "Retailer says it ...": a headline's common noun as likely as a name
    words = name.split()
    if len(words) == 2 and first_name_pronoun(words[0]) and not _is_org(name):
        return None  # "Tom Hale says it would cost ...": "it" is something else
    return f"{match.group('the') or ''}{name} {match.group('rest')}", name


def attribute_sentences(
    sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
) -> list[Attribution]:
    """Attribute every sentence of one document, in order."""
    return Attributor().attribute_all(sentences, paragraph_starts)
