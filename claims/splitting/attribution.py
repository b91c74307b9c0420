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
- "he"/"she" resolve to the last named person, "it"/"the agency"/"the union" to the
  last organisation named (one whose name contains the noun when there is one); "a
  spokesperson" stays anonymous.

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

import re
from collections.abc import Sequence

from .types import Attribution

# Verbs that frame a statement. BARE verbs also take a clause without "that"
# ("she said wages had grown"); the others need "that" to carry content.
_BARE_VERBS = (
    "said|says|argued|argues|insisted|insists|claimed|claims|added|adds|noted|notes|stressed|stresses|"
    "predicted|predicts|estimated|estimates|suggested|suggests|admitted|admits|acknowledged|acknowledges|"
    "maintained|maintains|contended|contends|emphasized|emphasised|emphasizes|emphasises|believes|"
    "thinks|wrote|writes|explained|explains|warned|warns|insist|say|argue|claim|warn|believe|think|"
    "highlighted|highlights|told|tells"
)
_THAT_VERBS = (
    "confirmed|confirms|denied|denies|announced|announces|stated|states|reported|reports|declared|"
    "declares|alleged|alleges|asserted|asserts|remarked|remarks|concluded|concludes|found|finds|"
    "showed|shows|show|projected|projects|accepted|accepts|conceded|concedes|assured|assures|"
    "informed|informs|revealed|reveals|disclosed|discloses|agreed|agrees|promised|promises|"
    "criticized|criticised|accused|welcomed|forecast|forecasts|testified|testifies|tweeted|posted|"
    "boasted|boasts|complained|complains|countered|counters|replied|replies|recalled|recalls|"
    "calculated|calculates|observed|observes"
)
REPORTING_VERBS = f"{_BARE_VERBS}|{_THAT_VERBS}"
_BARE_SET = frozenset(_BARE_VERBS.split("|")) - {"told", "tells"}

# "The", "It", "But" open sentences, they do not name anyone.
_TOKEN = r"(?!(?:The|A|An|It|He|She|This|That|These|Those|They|We|I|But|And|In|On|At|As|If|When|While)\b)[A-Z][\w'’.&-]*"
# Lower-case words inside a name ("Office for National Statistics", "Ursula von der Leyen").
_NAME_PARTICLES = ("of", "for", "and", "the", "de", "du", "der", "van", "von")
_CONNECTOR = rf"(?:{'|'.join(_NAME_PARTICLES)}|al-|&)"
# Particles a name may not start with after its description is cut ("the Federal Reserve").
_INNER_PARTICLES = tuple(p for p in _NAME_PARTICLES if p != "the")
# A capitalised run with connectors ("Office for National Statistics"), bounded.
_NAME = rf"{_TOKEN}(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{_TOKEN}){{0,7}}"
_PRONOUN = r"He|She|It|he|she|it"
# "the agency", "the national vaccine agency", "a company spokesperson".
_GENERIC = r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir)\s+(?:[\w.'’-]+\s+){0,3}?(?:[a-z][\w'’-]*)"
# "Emmanuel Macron's office", "the minister's spokeswoman": they speak for the principal.
_ON_BEHALF = r"(?:office|press\s+office|press\s+secretary|spokes(?:person|man|woman))"
_PRINCIPAL_OF = re.compile(rf"^(?P<principal>.+?)['’]s\s+{_ON_BEHALF}$")
# "Russia's defence ministry", "Ukraine's military": a country's or body's own organ,
# named that way in the article, is the claimant as written.
_ORGAN = (
    r"(?:ministry|military|army|navy|government|agency|department|police|embassy|regulator|bank|"
    r"parliament|cabinet|forces|staff|service|intelligence|authorities|office)"
)
_POSSESSIVE_ORGAN = rf"{_NAME}['’]s\s+(?:[a-z][\w-]*\s+){{0,2}}?{_ORGAN}"
_POSSESSIVE_ORGAN_FULL = re.compile(rf"^{_POSSESSIVE_ORGAN}$")
# "Strand's barrister, Daniel Freer KC, said": a role named in the appositive after it.
_POSSESSIVE_ROLE = (
    rf"{_NAME}['’]s\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:lawyer|barrister|solicitor|attorney|counsel|adviser|"
    r"advisor|aide|economist|analyst|doctor|agent|chief\s+executive|director|manager)"
)
_SPEAKER = (
    rf"(?:{_NAME}['’]s\s+{_ON_BEHALF}|{_POSSESSIVE_ORGAN}|{_POSSESSIVE_ROLE}|"
    rf"(?:[\w.'’-]+\s+){{0,5}}?{_NAME}|{_PRONOUN}|{_GENERIC})"
)
_AUX = r"(?:has\s+|have\s+|had\s+|also\s+|has\s+also\s+|had\s+also\s+|previously\s+|later\s+)?"
_VERB = rf"(?:{REPORTING_VERBS})"

# "Speaking on Monday, " / "In a statement, " before the speaker.
# Only an adverbial opening: "Rescuers were searching the rubble, he said, and ..." is a
# clause of its own, not the lead-in of "he said".
_INTRO = (
    r"(?:(?:[A-Z][a-z]+ing|In|On|At|During|After|Before|Asked|Earlier|Later|Separately|Meanwhile|"
    r"Last|This|Yesterday|Today|Under|With|From|For|Without|Despite|Since|When|While|As|Addressing|"
    r"Responding)\b[^,“”\"]{0,100},\s+)?"
)
_APPOSITIVE = r"(?:,\s+(?P<app>[^,“”\"]{1,120}),)?"

_LEAD = re.compile(
    rf"^{_INTRO}(?P<sp>{_SPEAKER}){_APPOSITIVE}\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$", re.S
)
_TRAIL = re.compile(
    rf",\s+(?:(?P<sp>{_SPEAKER})\s+{_AUX}(?P<verb>{_VERB})|(?P<verb2>said|says|added|wrote)\s+(?P<sp2>{_NAME}))"
    rf"(?P<tail>[^,“”\"]{{0,80}}?)(?P<end>,\s+|[.!]?\s*$)"
)
_AFTER_VERB = re.compile(
    r"^\s*(?:,\s*)?(?:(?P<gap>[^,“”\"]{0,60}?)\s+)?that\s+(?P<c>.+)$",
    re.S,
)
# Verbs whose object is the audience: "told reporters that", "warned investors that".
_ADDRESSEE_VERBS = frozenset(
    "told tells informed informs assured assures warned warns reminded reminds promised promises".split()
)
# Otherwise only an adverbial may stand before "that" ("said on Monday that", "wrote in a
# post that"); "countered the claim that X" or "observed a comet that" assert no X.
_ADVERBIAL_STARTS = frozenset(
    "on in at to during after before last yesterday today earlier later again repeatedly also then "
    "recently previously once separately publicly privately officially still this".split()
)
_WHEN_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june "
    "july august september october november december".split()
)
_SAYING = re.compile(
    rf"^{_INTRO}(?P<sp>{_SPEAKER})\s+[a-z]+(?:ed|s)\b[^“”\"]{{1,200}}?,\s+(?:saying|arguing|insisting|claiming)"
    r"\s+(?:that\s+)?(?P<c>[^“”\"]+)$"
)
_SAYING_WORDS = re.compile(r",\s+(?:saying|arguing|insisting|claiming)\s")  # cheap test first
_ADDING_THAT = re.compile(r"^(?:adding|saying|arguing|noting|warning)\s+that\s+")
# "denied hitting homes and said (that) ...": a second, reporting verb after "and".
_AND_SAID = re.compile(
    r"^[^“”\"]{1,200}?\s+(?:and|but)\s+(?:also\s+)?(?:said|says|added|insisted|claimed|argued)\s+(?:that\s+)?(?P<c>.+)$",
    re.S,
)
_WEEKDAY_ADVERB = re.compile(
    r"^\s*(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today|"
    r"last\s+(?:week|month|year|night)|earlier\s+(?:this|on)\s+\w+|in\s+a\s+statement|on\s+\w+day)?\s*,?\s+"
)
_ACCORDING = re.compile(
    r"(?P<pre>^|,\s*|\s)[Aa]ccording\s+to\s+(?P<src>[^,;“”\"]{1,120}?)(?P<post>\s*,\s*|\s*(?:[.;]\s*)?$)"
)
_QUOTE_FIRST = re.compile(
    rf"^“(?P<q>[^”]+)”\s*,?\s*(?:(?P<sp>{_SPEAKER})(?:,\s+(?P<app>[^,“”\"]{{1,120}}),)?\s+{_AUX}(?P<verb>{_VERB})|"
    rf"(?P<verb2>said|says|added|told)\s+(?P<sp2>{_NAME}))\b",
    re.S,
)
_SPEAKER_FIRST = re.compile(
    rf"^{_INTRO}(?P<sp>{_SPEAKER}){_APPOSITIVE}\s+{_AUX}(?P<verb>{_VERB})\b[^“”]{{0,60}}?[:,]\s*“(?P<q>[^”]+)(?P<close>”)?",
    re.S,
)
_CLOSE_THEN_SPEAKER = re.compile(
    rf"^(?P<q>[^“”]*)”\s*,?\s*(?:(?P<sp>{_SPEAKER})\s+{_AUX}(?P<verb>{_VERB})|(?P<verb2>said|says|added|told)\s+(?P<sp2>{_NAME}))\b"
)
_STRAIGHT_OPEN = re.compile(r'(^|[\s(\[—–-])"')
# A name heading a sentence after 0-3 description words, then its verb.
_SUBJECT_NAMES = tuple(
    re.compile(
        rf"^(?P<pre>(?:[A-Za-z][\w'’.-]*\s+){{{k}}})(?P<name>{_NAME}){_APPOSITIVE}\s+(?P<verb>[a-z]+)\b"
    )
    for k in range(4)
)
_LEADING_PRONOUN = re.compile(r"^(?:he|she|it)\b(?!['’])", re.I)

_TITLE_WORDS = frozenset(
    """
    president prime minister secretary chancellor leader majority minority senate senator sen sen.
    governor gov gov. dr dr. mr mr. mrs mrs. ms ms. prof prof. professor sir dame lord general gen gen.
    chief executive ceo cfo director spokesperson spokesman spokeswoman mayor councillor councilor chair
    chairman chairwoman judge justice representative rep rep. deputy vice foreign health finance
    defence defense interior transport housing education home economist analyst researcher
    security scientist editor commissioner ambassador speaker king queen pope prince princess
    colonel col col. lt lt. captain capt capt. admiral adm adm. sergeant officer lawyer attorney head
    founder coach manager inspector superintendent detective constable correspondent columnist
    prosecutor barrister solicitor counsel
    opposition former then acting interim state-owned
    """.split()
)
_ORG_WORDS = frozenset(
    """
    office ministry department agency bank institute university council committee commission
    organization organisation association union service board centre center authority court police
    party corporation group inc inc. ltd ltd. plc foundation fund survey statistics bureau
    administration trust society school college company network hospital reserve government senate
    house parliament congress kremlin pentagon labs lab holdings consortium federation alliance army
    navy forces intelligence times post news journal review geoscience nature lancet reuters
    military embassy regulator cabinet staff authorities force mission stores supermarkets airlines
    airways motors industries brands pharmaceuticals technologies systems partners insurance capital
    investments ventures securities
    """.split()
)
_NOT_NAMES = frozenset(
    """
    it this that there the they we i you he she his her its their our reports officials but and
    critics aides sources supporters opponents members allies friends people residents experts
    analysts observers leaders
    however meanwhile still yet so while when if as in on at a an some many most others another
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    """.split()
)
_GENERIC_SOURCES = frozenset(
    "report reports study data figures estimates survey sources analysis statement documents research "
    "records polls poll statistics agreement plan source document article filing filings".split()
)
# Lower-case prefix words that may precede a name as its description
# ("security researcher Daniel Okoro", "the online fashion retailer Threadline").
_BLOCKING_PREFIX = frozenset(
    "by of in at on to for with from that which who as than after before when where while if "
    "because since is are was were be been and or but not no".split()
)
_SPOKESPERSON_FOR = re.compile(r"spokes(?:person|man|woman)\s+for\s+((?:the\s+)?[\w\s'’-]{1,60})$", re.I)
# Descriptions that make a one-word name an organisation ("the retailer Threadline").
_ORG_DESCRIPTORS = frozenset(
    "retailer company firm group bank agency charity regulator watchdog broadcaster newspaper "
    "carrier airline insurer lender manufacturer maker startup start-up chain operator union".split()
)
# "A report by the International Energy Agency", "data from the Census Bureau": the
# document's publisher is the claimant.
_DOCUMENT_BY = re.compile(
    r"^(?i:(?:a|an|the)\s+)?(?:[a-z]+\s+){0,2}?(?i:report|study|analysis|survey|review|paper|assessment|"
    r"audit|poll|estimates?|investigation|data|figures|statistics|research)"
    r"(?:\s+(?:published|released|issued|compiled)(?:\s+(?:on|last|this|in)\s+\w+)?)?\s+(?:by|from)\s+"
    rf"(?P<principal>(?:the\s+)?{_NAME})$"
)
# "Documents seen by Reuters show": Reuters saw them, it does not assert their content.
_PASSIVE_BY = re.compile(
    r"\b(?:\w+ed|seen|shown|given|written|taken|made|held|read|quoted|cited)\s+by\b", re.I
)
_TRAILING_ORGAN = re.compile(rf"(?:^|\s)(?P<org>{_POSSESSIVE_ORGAN})\s*$")
_OWNED_SOURCE = re.compile(
    r"^(?P<owner>[a-z]+)['’]s\s+(?:own\s+)?(?:analysis|figures|data|report|estimates|research|survey|statement)$"
)
_BY_PUBLISHER = re.compile(rf"\b(?:by|from)\s+(?:the\s+)?(?P<pub>{_NAME}(?:\s+in\s+{_NAME})?)\s*$")
# Verbs a document takes without "that": "Data from the Census Bureau show incomes rose".
_FINDING_VERBS = frozenset("show shows showed found finds suggest suggests".split())
_TRAILING_TIME = re.compile(
    r"\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today|"
    r"last\s+(?:week|month|year)|this\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year)|"
    r"in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4}))"
    r"(?:\s+\d{4})?$"
)
_CAPITAL_RUN = re.compile(rf"{_TOKEN}(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{_TOKEN})*")


class Attributor:
    """Stateful over one document: remembers named people and organisations for pronouns.

    Use :meth:`attribute_all` for a whole document (it looks ahead across quotes that
    span sentences and maps surnames to full names at the end); :meth:`attribute` is
    the one-sentence step.
    """

    def __init__(self) -> None:
        self.last_person: str | None = None
        self.last_org: str | None = None
        self.orgs: list[str] = []
        self.surnames: dict[str, set[str]] = {}
        self.roles: list[tuple[frozenset[str], str]] = []  # (role words, full name)
        self.descriptions: dict[str, set[str]] = {}  # "Relief Bridge International": {"aid", "agency"}
        self._quote_speaker: str | None = None  # speaker of an open multi-sentence quote
        self._in_quote = False
        self._prev_quote_speaker: str | None = None  # for "“A,” X said. “B.”"

    # -- public -------------------------------------------------------------------

    def attribute_all(
        self, sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
    ) -> list[Attribution]:
        starts = paragraph_starts or [False] * len(sentences)
        results: list[Attribution] = []
        pending: list[int] = []  # sentences of an open quote whose speaker comes later
        for index, sentence in enumerate(sentences):
            attribution = self.attribute(sentence, paragraph_start=starts[index])
            if attribution.quote and attribution.claimant is None and self._in_quote:
                pending.append(index)
            elif pending and attribution.quote and attribution.claimant:
                for earlier in pending:
                    prev = results[earlier]
                    results[earlier] = Attribution(attribution.claimant, quote=True, content=prev.content)
                pending = []
            if not self._in_quote:
                pending = []
            results.append(attribution)
        return [self._full_name(a) for a in results]

    def attribute(self, sentence: str, *, paragraph_start: bool = False) -> Attribution:
        text = _curl(sentence.strip())
        if paragraph_start:
            self._in_quote = False
            self._quote_speaker = None
            self._prev_quote_speaker = None
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
            speaker_text = match.group("sp") or match.group("sp2")
            appositive = match.group("app")
            if appositive and _is_title(speaker_text) and _plausible_name(appositive):
                speaker_text = appositive  # "“...,” the prosecutor, Rebecca Oyelaran KC, said"
            speaker = self._resolve(speaker_text)
            self._prev_quote_speaker = speaker
            return Attribution(speaker, quote=True, content=_clean_quote(match.group("q")))
        match = _SPEAKER_FIRST.match(text)
        if match:
            speaker = self._resolve(match.group("sp"))
            if match.group("close") is None:
                self._in_quote, self._quote_speaker = True, speaker
            self._prev_quote_speaker = speaker
            return Attribution(speaker, quote=True, content=_clean_quote(match.group("q")))
        if text.startswith("“"):
            body = text[1:]
            if "”" not in body:
                # A quote opened here and closed in a later sentence.
                self._in_quote, self._quote_speaker = True, None
                return Attribution(None, quote=True, content=_clean_quote(body))
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
        match = _ACCORDING.search(text)
        if match:
            claimant = self._source_name(match.group("src"))
            content = _remove_span(text, match.start(), match.end(), match.group("pre"), match.group("post"))
            return Attribution(claimant, content=content if claimant or content else None)
        match = _LEAD.match(text)
        if match:
            found = self._lead(match)
            if found is not None:
                return found
        match = _SAYING.match(text) if _SAYING_WORDS.search(text) else None
        # "She blamed the figures on flu, saying 5,400 flu patients a day were in hospital":
        # the participle's clause is the subject's statement.
        if match and self._saying_speaker(match.group("sp")) and _looks_like_clause(match.group("c")):
            claimant = self._resolve(match.group("sp"))
            if claimant:
                return Attribution(claimant, content=_restore_subject(match.group("c"), claimant))
        match = _TRAIL.search(text)
        if match:
            speaker_text = match.group("sp") or match.group("sp2")
            if _plausible_speaker(speaker_text):
                claimant = self._resolve(speaker_text)
                before = text[: match.start()]
                after = text[match.end() :] if match.group("end").startswith(",") else ""
                # "..., the air force said, adding that air defences shot down 71": a second
                # statement of the same speaker, joined so that decomposition splits it off.
                after = _ADDING_THAT.sub("and ", after, count=1)
                content = before + (", " + after if after else ".")
                return Attribution(claimant, content=_restore_subject(content, claimant))
        self._remember_subject(text)
        return Attribution(None)

    def _lead(self, match: re.Match[str]) -> Attribution | None:
        speaker_text = match.group("sp")
        if not _plausible_speaker(speaker_text):
            return None
        appositive = match.group("app")
        if appositive and _is_title(speaker_text) and _plausible_name(appositive):
            speaker_text = appositive  # "The mayor, Eric Adams, said"
        verb = match.group("verb").lower()
        rest = match.group("rest")
        that = _AFTER_VERB.match(rest)
        bare = verb in _BARE_SET or (verb in _FINDING_VERBS and _DOCUMENT_BY.match(speaker_text) is not None)
        if that and not _adverbial_gap(verb, that.group("gap")):
            # The "that" belongs inside the clause ("said the change followed a review of
            # countries that use ...", "said A and that B"): a bare verb's whole clause is
            # the content; "countered the claim that X" asserts nothing.
            that = None
        and_said = None if that or bare else _AND_SAID.match(rest)
        if that:
            content = that.group("c")
        elif and_said and _looks_like_clause(and_said.group("c")):
            content = and_said.group("c")
        elif bare and not rest.lstrip().startswith((":", "“")):
            content = _WEEKDAY_ADVERB.sub("", rest, count=1) if rest.startswith((" ", ",")) else rest
            if not _looks_like_clause(content):
                return None
        else:
            return None
        if speaker_text.lower() in _INSTITUTIONAL_PLURALS:
            # "Prosecutors told the jury that ...": the institution, as the article names it.
            claimant: str | None = speaker_text.lower()
            return Attribution(claimant, content=_capitalise(content.strip()))
        if match.start("sp") == 0 and not self._known_single(speaker_text):
            return None
        claimant = self._resolve(speaker_text)
        return Attribution(claimant, content=_restore_subject(content.strip(), claimant, speaker_text))

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
        return word in self.surnames or word in self.orgs or (word.isupper() and len(word) >= 2)

    # -- names ----------------------------------------------------------------------

    def _resolve(self, speaker: str | None) -> str | None:
        """Display name for a frame's speaker, remembering people and organisations."""
        if not speaker:
            return None
        speaker = speaker.strip(" ,")
        on_behalf = _PRINCIPAL_OF.match(speaker)
        document = _DOCUMENT_BY.match(speaker)
        if on_behalf:
            # "Emmanuel Macron's office" speaks for Macron ("Critics of Macron's office" not).
            principal = on_behalf.group("principal")
            plausible = principal[:1].isupper() and principal.split()[0].lower() not in _NOT_NAMES
            return self._resolve(principal) if plausible else None
        if document:
            # "A report by the IEA" is the IEA's; "data from China" names no publisher.
            principal = re.sub(r"^the\s+", "", document.group("principal"))
            return self._resolve(principal) if _is_org(principal) else None
        if _POSSESSIVE_ORGAN_FULL.match(speaker):
            return self._register_org(speaker)
        lowered = speaker.lower()
        if lowered in ("he", "she"):
            return self.last_person
        if lowered == "it":
            return self.last_org
        if speaker[0].islower() or lowered.startswith(("the ", "a ", "an ", "its ", "their ")):
            words = lowered.split()
            spokes = _SPOKESPERSON_FOR.search(speaker)
            if spokes:
                return self._resolve(spokes.group(1))
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
            if any(w.startswith("spokes") for w in words) or words[0] in ("a", "an") and len(words) > 1:
                return None
            if all(not w[0].isupper() for w in speaker.split()[1:]):
                return self._generic(words)
        name = _display_name(speaker)
        if name is None:
            return None
        description = {w.lower() for w in speaker.split()[:-1] if w.islower()}
        described_as_org = bool(description & (_ORG_DESCRIPTORS | _ORG_WORDS))
        if described_as_org or _is_org(name) or name in self.orgs:
            self.descriptions.setdefault(name, set()).update(description)
            return self._register_org(name)
        self.last_person = name
        parts = name.split()
        if len(parts) >= 2:
            self.surnames.setdefault(parts[-1], set()).add(name)
        self._note_roles(speaker, name)
        return name

    def _register_org(self, name: str) -> str:
        self.last_org = name
        self.orgs.append(name)
        return name

    def _note_roles(self, text: str, name: str) -> None:
        """Remember the roles a person is introduced with ("regional governor Oleh Dranko"),
        for a later "the governor said"."""
        roles = frozenset(w.lower().strip(".,") for w in text.split()) & _TITLE_WORDS
        if roles and " " in name:
            self.roles.append((roles, name))

    def _by_role(self, roles: list[str]) -> str | None:
        """ "the governor" -> the one person introduced with that role, if exactly one."""
        people = {name for held, name in self.roles if set(roles) <= held}
        return next(iter(people)) if len(people) == 1 else None

    def _generic(self, words: list[str]) -> str | None:
        """ "the union" -> the last organisation named with "Union" in it, else None.

        A lower-case description with an adjective ("the national vaccine agency")
        is kept as the claimant: it is how the article names that body.
        """
        head = words[-1]
        if len(words) >= 2 and words[0] == "the" and all(w in _TITLE_WORDS for w in words[1:]):
            return self._by_role(words[1:])
        if head not in _ORG_WORDS and head not in (
            "firm",
            "company",
            "retailer",
            "bloc",
            "regulator",
            "watchdog",
            "think",
            "tank",
            "college",
        ):
            return None
        for org in reversed(self.orgs):
            if head in org.lower().split() or head in self.descriptions.get(org, ()):
                return org
        if head in ("company", "firm", "retailer", "tank", "bloc", "group", "think"):
            return self.last_org
        if len(words) >= 3:  # "the national vaccine agency"
            name = " ".join(words[1:])
            self.last_org = name
            self.orgs.append(name)
            return name
        return None

    def _source_name(self, source: str) -> str | None:
        # "figures released by Eurostat on Tuesday": when is not who (but "figures released
        # on Tuesday" names no one, so the date stays and the source is refused as before).
        source = source.strip()
        undated = _TRAILING_TIME.sub("", source)
        if undated != source and _CAPITAL_RUN.search(undated):
            source = undated
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
            if last.end() >= len(source.rstrip(". ")) - 0:
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
                if person and not _is_org(person) and len(person.split()) >= 2:
                    self.surnames.setdefault(person.split()[-1], set()).add(person)
            return
        if any(w[0].islower() for w in match.group("pre").split()) and not _TITLE_WORDS.intersection(
            w.lower() for w in match.group("pre").split()
        ):
            return
        name = _display_name(match.group("pre") + raw)
        if not name or name.split()[0].lower() in _NOT_NAMES:
            return
        if _is_org(name):
            self.last_org = name
            self.orgs.append(name)
            return
        parts = name.split()
        if len(parts) == 1 and parts[0] not in self.surnames:
            return
        if len(parts) > 3:
            return
        self._resolve(name)
        self._note_roles(match.group("pre") + raw, name)

    def _full_name(self, attribution: Attribution) -> Attribution:
        name = attribution.claimant
        if name and " " not in name:
            full = self.surnames.get(name)
            if full and len(full) == 1:
                return Attribution(next(iter(full)), attribution.quote, attribution.content)
        return attribution


def attribute_sentences(
    sentences: Sequence[str], paragraph_starts: Sequence[bool] | None = None
) -> list[Attribution]:
    """Attribute every sentence of one document, in order."""
    return Attributor().attribute_all(sentences, paragraph_starts)


# -- helpers ------------------------------------------------------------------------


def _curl(text: str) -> str:
    """Straight double quotes to curly ones (same length), so one set of rules serves both."""
    if '"' not in text:
        return text
    text = _STRAIGHT_OPEN.sub(lambda m: m.group(1) + "“", text)
    return text.replace('"', "”")


def _clean_quote(text: str) -> str:
    return text.strip().strip("“”").strip().rstrip(",").strip()


def _remove_span(text: str, start: int, end: int, pre: str, post: str) -> str | None:
    head, tail = text[:start], text[end:]
    if not head.strip():
        content = tail
    elif post.strip().startswith(","):
        content = head.rstrip(" ,") + ", " + tail if pre.strip() == "," else head.rstrip() + " " + tail
    else:
        content = head.rstrip(" ,") + "."
    content = content.strip()
    return _capitalise(content) if content else None


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _plausible_speaker(speaker: str | None) -> bool:
    if not speaker:
        return False
    if _DOCUMENT_BY.match(speaker):
        return True  # "figures published on Thursday by NHS England": the publisher speaks
    if speaker.rstrip().endswith(("'s", "’s")) or _PASSIVE_BY.search(speaker):
        return False  # "The IMF's forecast that ..." / "Documents seen by Reuters show ..."
    words = speaker.split()
    if words[0].lower() in ("he", "she", "it"):
        return len(words) == 1
    # Lower-case description words before a name must not be a clause
    # ("the bill approved by Congress said ..." is no speaker).
    for word in words[:-1]:
        if word[0].isupper():
            break
        lowered = word.lower().strip(",")
        if lowered in _BLOCKING_PREFIX or (word[0].islower() and lowered.endswith("ed")):
            return False
    first = words[0].lower()
    if first in _NOT_NAMES and first not in ("the", "a", "an", "its", "their"):
        return False
    return not any(ch.isdigit() for ch in speaker)


def _adverbial_gap(verb: str, gap: str | None) -> bool:
    """Whether what stands between a reporting verb and its "that" leaves the clause its own."""
    if not gap or verb in _ADDRESSEE_VERBS:
        return True
    first = gap.split()[0].lower()
    return first in _ADVERBIAL_STARTS or first in _WHEN_WORDS or first.endswith("ly")


_ANONYMOUS_SOURCES = frozenset("official diplomat source officer aide minister".split())
# Plural institutions that speak as one ("Police said", "Prosecutors told the jury").
_INSTITUTIONAL_PLURALS = frozenset({"police", "prosecutors", "investigators"})
_POST_NOMINALS = frozenset("KC QC MP MEP MSP MD PhD Jr Sr OBE CBE MBE".split())


def _is_title(speaker: str) -> bool:
    """ "the mayor", "the company's chief executive": a role, named in an appositive."""
    words = speaker.lower().split()
    possessive = words[0].endswith(("'s", "’s"))  # "Strand's barrister"
    return len(words) >= 2 and (words[0] == "the" or possessive) and words[-1] in _TITLE_WORDS


def _plausible_name(text: str) -> bool:
    """ "Eric Adams": two to four capitalised words, nothing else."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[0].isupper() and w.replace(".", "").isalpha() for w in words)


def _display_name(speaker: str) -> str | None:
    """Strip titles and descriptions: "Russian President Vladimir Putin" -> "Vladimir Putin"."""
    words = speaker.strip(" ,.").split()
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    while len(words) > 2 and words[-1].strip(".,") in _POST_NOMINALS:
        words = words[:-1]  # "Daniel Freer KC": the surname is Freer
    # A lower-case description before the name ("security researcher Daniel Okoro").
    while words and words[0][0].islower() and words[0].lower() not in _INNER_PARTICLES:
        words = words[1:]
    if not words:
        return None
    if any(w[0].islower() and w.lower() not in _NAME_PARTICLES for w in words):
        if not words[-1][0].isupper():
            return " ".join(words)  # "U.S. intelligence"
        run = list(_CAPITAL_RUN.finditer(" ".join(words)))
        words = run[-1].group().split()
    name = " ".join(words)
    if _is_org(name):
        # "World Health Organization" keeps its "Health"; "Bank of England Governor
        # Andrew Bailey" is a person, handled below because the org word precedes a title.
        # A title word after "of" is part of the body's name ("Association of General
        # Practitioners"), not a person's title.
        last_title = max(
            (
                i
                for i, w in enumerate(words)
                if w.lower() in _TITLE_WORDS and (i == 0 or words[i - 1].lower() not in _NAME_PARTICLES)
            ),
            default=-1,
        )
        tail = words[last_title + 1 :]
        if last_title < 0 or not tail or _is_org(" ".join(tail)):
            return name
        words = tail
    else:
        last_title = max(
            (i for i, w in enumerate(words) if w.lower().rstrip("’'s") in _TITLE_WORDS), default=-1
        )
        if last_title >= 0:
            words = words[last_title + 1 :]
    while words and words[0].lower() in ("of", "for", "and"):
        words = words[2:] if len(words) > 2 else []
    words = [w.rstrip("’'") if w.endswith(("s’", "s'")) is False else w for w in words]
    if not words or words[0].lower() in _NOT_NAMES:
        return None
    return " ".join(words)


def _is_org(name: str) -> bool:
    words = name.split()
    if any(w.lower().strip("’'s.,") in _ORG_WORDS or w.lower() in _ORG_WORDS for w in words):
        return True
    return any(len(w) >= 2 and w.isupper() and w.isalpha() for w in words)


_NON_CLAUSE_START = frozenset(
    "on in to for with about of at from by over against into onto upon as than".split()
)


def _looks_like_clause(content: str) -> bool:
    words = content.split()
    if len(words) >= 3 and words[0].lower() == "at" and words[1].lower() in ("least", "most"):
        return True
    return len(words) >= 3 and words[0].lower() not in _NON_CLAUSE_START


def _restore_subject(content: str, claimant: str | None, speaker_text: str | None = None) -> str:
    """ "he would sign the bill" (said by Alan Brooks) -> "Alan Brooks would sign the bill"."""
    content = content.strip()
    if claimant and _LEADING_PRONOUN.match(content):
        pronoun = content.split()[0].lower()
        if (pronoun == "it") == _is_org(claimant):
            return claimant + content[len(pronoun) :]
    return _capitalise(content)


def _looks_like_verb(word: str) -> bool:
    from .decompose import _is_verb

    return _is_verb(word) or word in ("apologised", "apologized", "urged", "met")
