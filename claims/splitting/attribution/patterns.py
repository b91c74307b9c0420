"""The frames, name shapes and word lists of claimant attribution (see the package's docstring).

Every pattern is anchored or bounded, so the work per sentence is linear in its length.
"""

from __future__ import annotations

import re

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
    "criticized|criticised|accused|accuses|welcomed|forecast|forecasts|testified|testifies|tweeted|posted|"
    "boasted|boasts|complained|complains|countered|counters|replied|replies|recalled|recalls|"
    "calculated|calculates|observed|observes|cautioned|cautions"
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
# The words between hold no clause: "The ministry called the measures illegal and said" is
# not the speaker "The ministry called the measures illegal and".
_GENERIC = (
    r"(?:[Tt]he|[Aa]n?|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er)\s+"
    r"(?:(?!(?:and|or|but|that|which|who|whom|said|says|called)\b)[\w.'’-]+\s+){0,5}?(?:[a-z][\w'’-]*)"
)
# "Emmanuel Macron's office", "the minister's spokeswoman": they speak for the principal.
_ON_BEHALF = r"(?:office|press\s+office|press\s+secretary|spokes(?:person|man|woman))"
_PRINCIPAL_OF = re.compile(rf"^(?P<principal>.+?)['’]s\s+{_ON_BEHALF}$")
# "Russia's defence ministry", "Ukraine's military": a country's or body's own organ,
# named that way in the article, is the claimant as written.
_ORGAN = (
    r"(?:ministry|military|army|navy|government|agency|department|police|embassy|regulator|bank|"
    r"parliament|cabinet|forces|staff|service|intelligence|authorities|office|campaign)"
)
_POSSESSIVE_ORGAN = rf"{_NAME}['’]s\s+(?:[a-z][\w-]*\s+){{0,2}}?{_ORGAN}"
_POSSESSIVE_ORGAN_FULL = re.compile(rf"^{_POSSESSIVE_ORGAN}$")
# "Strand's barrister, Daniel Freer KC, said": a role named in the appositive after it.
_POSSESSIVE_ROLE = (
    rf"{_NAME}['’]s\s+(?:[a-z][\w-]*\s+){{0,2}}?(?:lawyer|barrister|solicitor|attorney|counsel|adviser|"
    r"advisor|aide|economist|analyst|doctor|agent|chief\s+executive|director|manager|governor|president|"
    r"minister|mayor|leader|chair|chairman|chairwoman|secretary|founder|commissioner|ambassador|envoy|"
    r"coach|deputy|colleague|partner|wife|husband|mother|father|son|daughter|brother|sister)"
)
# "Two people familiar with the plans": counted, unnamed sources.
_COUNTED_SOURCES = (
    r"(?:[Tt]wo|[Tt]hree|[Ff]our|[Ss]everal|[Ss]ome)\s+(?:people|persons|sources|officials|diplomats)\s+"
    r"(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of)\s+(?:the\s+)?[a-z]+(?:\s+[a-z]+)?"
)
_SPEAKER = (
    rf"(?:{_COUNTED_SOURCES}|{_NAME}['’]s\s+{_ON_BEHALF}|{_POSSESSIVE_ORGAN}|{_POSSESSIVE_ROLE}|"
    rf"(?:[\w.'’-]+\s+){{0,7}}?{_NAME}|{_PRONOUN}|{_GENERIC})"
)
_AUX = r"(?:has\s+|have\s+|had\s+|also\s+|has\s+also\s+|had\s+also\s+|previously\s+|later\s+)?"
_VERB = rf"(?:{REPORTING_VERBS})"

# "Speaking on Monday, " / "In a statement, " before the speaker.
# Only an adverbial opening: "Rescuers were searching the rubble, he said, and ..." is a
# clause of its own, not the lead-in of "he said".
_INTRO = (
    r"(?:(?:(?:[A-Z][a-z]+ing|Asked|Earlier|Later|Separately|Meanwhile|Yesterday|Today|For|When|While|As|"
    r"Addressing|Responding)\b[^,“”\"]{0,100}"
    # "In the hill town of Kestrel Bay, where the bank runs the last branch, Mayor X said": a
    # relative clause only after a place or time opener ("Manning, who leads the inquiry,"
    # is the speaker, not an introduction).
    r"|(?:In|On|At|During|After|Before|Last|This|Under|With|From|Without|Despite|Since)\b[^,“”\"]{0,100}"
    r"(?:,\s+(?:where|which|when)\s[^,“”\"]{0,100})?),\s+)?"
)
# A comma inside a number ("which employs about 1,200 people") does not end it.
# Nor does a relative clause after a name ("Lindqvist's coach, Piet Ramsay, who has trained
# her since she was 15, said").
_APPOSITIVE_TEXT = r"(?:[^,“”\"]|,(?=\d{3}\b)|,(?=\s(?:who|which|whose|one\s+of)\s)){1,160}"
# "which employs about 1,200 people": a relative clause in a speaker's appositive.
_RELATIVE_FACT = re.compile(r"^(?:which|who)\s+[a-z]")
# (From the first space of a run only: from every one the search would be quadratic.)
_AND_THAT = re.compile(r"(?:,\s*|(?<![\s,])\s+)(and|but)\s+that\s+(?=\S)")
_CLAUSE_WORD = re.compile(r"\s(?:who|which|that|whose|where|when)\s")
# A rank makes a description checkable: "the country's largest property insurer".
_RANKED = re.compile(r"\b(?:\w+est|first|second|third|fourth|fifth|only|\w+-largest|\w+-biggest)\b", re.I)
# What a source says of itself to stay unnamed is no fact about the speaker.
# A speaker named as such (a name, "The Brava Fire Survivors' Network"), not described ("A
# lawyer for Ruth Amos"): what a relative clause says is then about them.
_NAMED_SUBJECT = re.compile(
    r"^(?:The\s+)?[A-Z][\w'’.&-]*(?:\s+(?:(?:of|for|and|the|de|van|von|der|du|la|le)\s+)?[A-Z][\w'’.&-]*){0,6}$"
)
_APPOSITIVE = rf"(?:,\s+(?P<app>{_APPOSITIVE_TEXT}),)?"

# "But she cautioned that ...": a connective before the speaker.
_CONNECTIVE = r"(?:(?:But|And|However|Yet|Still|Meanwhile|Separately),?\s+)?"
_LEAD = re.compile(
    rf"^{_CONNECTIVE}{_INTRO}(?P<sp>{_SPEAKER}){_APPOSITIVE}\s+{_AUX}(?P<verb>{_VERB})\b(?P<rest>.*)$", re.S
)
_TRAIL = re.compile(
    rf",\s+(?:(?P<sp>{_SPEAKER})\s+{_AUX}(?P<verb>{_VERB})|(?P<verb2>said|says|added|wrote)\s+(?P<sp2>{_NAME}))"
    rf"(?P<tail>[^,“”\"]{{0,80}}?)(?P<end>,\s+|[.!]?\s*$)"
)
_AFTER_VERB = re.compile(
    # The gap may hold a place's name in commas ("told reporters in the capital, Sennet, that").
    # The gap holds no "that" of its own: the first "that" opens the content.
    # (Possessive runs of spaces: a long run is taken once, not split every way: linear.)
    r"^\s*+(?:,\s*+)?(?:(?P<gap>(?:(?!that\b)[^,“”\"]|,\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2},"
    r"|,\s+(?:published|released|issued)\s[^,“”\"]{1,40},){0,100}?)\s++)?"
    r"that,?\s+(?P<c>.+)$",
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
# "The ministry also dismissed ...": an adverb between the subject and its verb.
_ADVERB = r"(?:also\s+|later\s+|again\s+|then\s+|quickly\s+|promptly\s+)?"
_SAYING = re.compile(
    rf"^{_INTRO}(?P<sp>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERB}[a-z]+(?:ed|s)\b[^“”\"]{{1,200}}?,\s+"
    r"(?:saying|arguing|insisting|claiming)"
    r"\s+(?:that\s+)?(?P<c>[^“”\"]+)$"
)
_SAYING_WORDS = re.compile(r",\s+(?:saying|arguing|insisting|claiming)\s")  # cheap test first
_ADDING_THAT = re.compile(r"^(?:adding|saying|arguing|noting|warning)\s+that\s+")
# "denied hitting homes and said (that) ...": a second, reporting verb after "and".
_AND_SAID = re.compile(
    r"^[^“”\"]{1,200}?\s+(?:and|but)\s+(?:also\s+)?(?:said|says|added|insisted|claimed|argued)\s+(?:that\s+)?(?P<c>.+)$",
    re.S,
)
# "... that A, and said B" inside a speaker's content: the same speaker's second statement.
_AND_SAID_AGAIN = re.compile(
    r",\s+and\s+(?:also\s+)?(?:said|added|insisted|argued)\s+(?:that\s+)?(?=[a-z0-9])"
)
# So is "The study estimates that A, and it projects that B" when the speaker is a body or a
# document ("it"); only verbs that report, not "denies" or "admitted" (a denial is no
# statement of B, and an admission may be someone else's).
_AND_IT_REPORTS = re.compile(
    r",\s+and\s+it\s+(?:also\s+)?(?:says|said|estimates|estimated|projects|projected|reports|reported|"
    r"finds|found|adds|added|notes|noted|states|stated|calculates|calculated|predicts|predicted|claims|claimed)"
    r"\s+that\s+(?=[a-z0-9])"
)
_WEEKDAY_ADVERB = re.compile(
    r"^\s*(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today|"
    r"last\s+(?:week|month|year|night)|earlier\s+(?:this|on)\s+\w+|in\s+a\s+statement|on\s+\w+day)?\s*,?\s+"
)
# The source's own relative clause ("..., which has mediated since March.") belongs to the
# frame: left in the content it would read as part of the claim.
_ACCORDING = re.compile(
    # (A number's comma, "48,000", is part of the source: "a study of almost 48,000 people".)
    r"(?P<pre>^|,\s*|\s)[Aa]ccording\s+to\s+(?P<src>(?:[^,;“”\"]|(?<=\d),(?=\d)){1,120}?)"
    r"(?P<post>(?P<rel>,\s+(?:which|who)\s+[^,;“”\"]{1,150}?)?(?:\s*,(?!\d)\s*|\s*(?:[.;]\s*)?$))"
)
# What stands after a closing "according to X," when it ends the sentence: X's description.
# (Matched on the right-stripped sentence: a whitespace run before the end cannot be split.)
_SOURCE_DESCRIBED = re.compile(r"(?:an?|the)\s+[^,;“”\"]{0,100}?(?P<head>[A-Za-z-]+)[.!]?$")
_QUOTE_FIRST = re.compile(
    rf"^“(?P<q>[^”]+)”\s*,?\s*(?:(?P<sp>{_SPEAKER})(?:,\s+(?P<app>{_APPOSITIVE_TEXT}),)?\s+{_AUX}(?P<verb>{_VERB})|"
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
_BODIES = re.compile(
    r"^(?:only\s+)?(?:the\s+)?(?:[\w'’-]+\s+){0,3}(?:companies|firms|banks|lenders|makers|producers|"
    r"manufacturers|suppliers|insurers|airlines|carriers|retailers|operators|groups|chains|exporters|"
    r"importers|utilities|hospitals|universities|charities|clubs|employers)\b"
)
# The name ending a role: "chief executive of Baltry Pharma" -> "Baltry Pharma".
_TRAILING_NAME = re.compile(r"(?<![\w'’.&-])[A-Z][\w'’.&-]*(?:\s+[A-Z][\w'’.&-]*){0,4}$")
# "..., said Gunnar Lie, who runs a pensioners' club in Vesterhamn." (to the sentence's end)
# (Matched on the right-stripped sentence: "\s*" before the end made long runs quadratic.)
_TRAILING_RELATIVE = re.compile(r"(?:,\s+\d{1,3})?,\s+(?P<rel>(?:who|which)\s+[^,;“”\"]{3,200}?)\.?$")
_STRAIGHT_OPEN = re.compile(r'(^|[\s(\[—–-])"')
# A name heading a sentence after 0-3 description words, then its verb.
_SUBJECT_NAMES = tuple(
    re.compile(
        rf"^(?P<pre>(?:[A-Za-z][\w'’.-]*\s+){{{k}}})(?P<name>{_NAME}){_APPOSITIVE}\s+(?P<verb>[a-z]+)\b"
    )
    for k in range(4)
)
_LEADING_POSSESSIVE = re.compile(r"^its\s+[a-z]", re.I)
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
    prosecutor barrister solicitor counsel coroner
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
    investments ventures securities inspectorate guild directorate secretariat tribunal coalition
    """.split()
)
_NOT_NAMES = frozenset(
    """
    it this that there the they we i you he she his her its their our reports officials but and
    critics aides sources supporters opponents members allies friends people residents experts
    analysts observers leaders
    however meanwhile still yet so while when if as in on at a an some many most others another
    for with from by after before to of among outside inside behind near
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
# "Teodor Vancu, who led Veskoria from 2009 to 2019": a former office-holder, for "the former
# president said" / "the ex-minister said".
_FORMER = re.compile(
    r"\b(?:former|ex-|who\s+(?:was|served)\b|who\s+(?:led|ran|headed)\s+(?:the\s+)?[A-Z]|"
    r"from\s+\d{4}\s+(?:to|until)\s+\d{4})"
)
# Described by rank or by where they work: "a senior officer", "an official at the energy
# ministry" (a bare "an official" says too little to be worth showing).
_SOURCE_NOUN = (
    r"(?:(?:government|military|police|party|intelligence|security|defence|defense|industry|company|"
    r"campaign|union|western|european|american|british|chinese|russian)\s+)?(?:official|officer|source|diplomat|aide)"
)
_WORKPLACE = (
    r"\s+(?:at|in|with|from)\s+the\s+(?:[a-z][\w'’-]*\s+){0,3}"
    r"(?:ministry|department|agency|authority|federation|office|bank|company|union|council|commission|"
    r"board|embassy|party|force|police|regulator|association|institute|service|government|army|military)"
)
# "a senior diplomat in Merava": a place also tells whose side the source is on.
_PLACE = r"\s+(?:in|from)\s+(?-i:[A-Z])[\w'’-]+"
# "a ministry spokeswoman": no name, but whose spokeswoman.
_BODY_SPOKESPERSON = (
    r"(?:ministry|government|company|police|party|campaign|union|army|military|embassy|agency|bank|court)"
    r"\s+spokes(?:person|man|woman)"
)
_UNNAMED_OFFICIAL = re.compile(
    # "a senior interior ministry official": up to two words of where they work between.
    rf"^[Aa]n?\s+(?:(?:senior|junior|former|high-ranking)\s+(?:(?:[a-z][\w-]*|[A-Z][a-z]+)\s+){{0,2}}"
    rf"{_SOURCE_NOUN}(?:{_WORKPLACE}|{_PLACE})?"
    rf"|{_SOURCE_NOUN}{_WORKPLACE}|{_BODY_SPOKESPERSON})$",
    re.I,
)
# "the Financial Services Union (FSU)": a name and, in brackets, its acronym.
_ACRONYM_INTRO = re.compile(rf"(?<![\w'’.&-])(?P<name>{_NAME})\s+\((?P<acronym>[A-Z][A-Z&]{{1,7}})\)")
_NAMED_BODY_SPOKESPERSON = re.compile(rf"^[Aa]n?\s+(?P<body>{_NAME})\s+spokes(?:person|man|woman)$")
# "people familiar with the matter", "sources close to the talks": unnamed, but a source.
_UNNAMED_SOURCE = re.compile(
    r"^(?:people|persons?|sources?|officials?|diplomats?|a\s+person|an\s+official)\s+"
    r"(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of)\s",
    re.I,
)
_COUNTED_UNNAMED = re.compile(
    r"^(?:two|three|four|several|some)\s+(?:people|persons|sources|officials|diplomats)\s+"
    r"(?:familiar\s+with|close\s+to|briefed\s+on|with\s+knowledge\s+of)\s[\w\s'’-]{1,40}$",
    re.I,
)
# "Observers from the Pan-Continental Election Mission": the body they speak for.
_MEMBERS_OF = re.compile(
    r"^(?:observers|officials|inspectors|monitors|experts|researchers|scientists|analysts|economists|"
    r"investigators|delegates|staff|members)\s+(?:from|at|of|with)\s+(?:the\s+)?(?P<org>[A-Z].+)$",
    re.I,
)
# "Veskoria's foreign ministry called the measures X and said in a statement that ...": a
# statement after another act of the same subject.
_AND_SAID_WORDS = re.compile(r"\band\s+(?:also\s+)?(?:said|says|told)\b")  # cheap test first
_ACTED_AND_SAID = re.compile(
    rf"^{_INTRO}(?P<sp>{_SPEAKER}){_APPOSITIVE}\s+{_ADVERB}[a-z]+(?:ed|s)\b"
    # No comma, and no relative clause whose own subject would be the one who said it
    # ("thanked Tom Hale, who visited the site and said ...").
    r"(?:(?!\b(?:who|which|whom|when|where)\b)[^,;]){1,200}?\s+and\s+(?:also\s+)?(?:said|says|told\s+\w+)"
    r"\s+(?:in\s+a\s+statement\s+|on\s+\w+\s+)?(?:that\s+)?(?P<c>[^“”\"]+)$",
    re.S,
)
_ISSUED_IN = re.compile(
    r"^\s+in\s+(?:a|an|its)\s+(?:[a-z]+\s+)?(?P<doc>statement|filing|report)\b(?!\s+(?:by|from|of)\b)"
)
# "the statement said", "the report found": whoever issued the document cited last.
_DOCUMENTS = frozenset("statement report study survey poll review audit analysis paper filing".split())
_DOCUMENT_NOUN = re.compile(rf"\b(?:{'|'.join(sorted(_DOCUMENTS))})\b", re.I)
_IN_JOURNAL = re.compile(r"\bjournal\b|\bpublished\s+in\b", re.I)
_DOCUMENT_FROM = re.compile(
    rf"^(?:(?:a|an|the)\s+)?(?:[a-z]+\s+)?(?:{'|'.join(sorted(_DOCUMENTS))})s?\s+(?:from|by|of)\s+", re.I
)
# A body named in lower case, by its owner: "the bank's monetary policy committee", "the
# regional assembly's health and social care committee".
_LOWER_WORD = re.compile(r"[a-z][a-z-]*")
_BODY_HEAD_WORDS = frozenset("committee board panel council commission inquiry tribunal".split())
_BODY_HEADS = rf"(?:{'|'.join(sorted(_BODY_HEAD_WORDS))})"
_LOWER_BODY = re.compile(
    # The look-behinds keep a start from falling inside a hyphenated run ("a-a-a-...'s"),
    # which would make the search quadratic.
    rf"(?<![\w'’-])(?:[Tt]he\s+)?(?<![\w'’-])(?P<name>[a-z][\w-]*(?:\s+[a-z][\w-]*)?['’]s\s+(?:[a-z][\w-]*\s+){{0,5}}?(?P<head>{_BODY_HEADS}))\b"
)
# "It was confirmed by the health board on Tuesday that ...": a passive frame.
_PASSIVE_FRAME = re.compile(
    r"^It\s+(?:was|has\s+been|had\s+been)\s+(?:confirmed|announced|reported|disclosed|revealed|stated|"
    r"acknowledged)\s+by\s+(?P<sp>[^,“”\"]{2,80}?)(?:\s+(?:on|last|this|in|late|early)\s+\w+)?,?\s+that\s+"
    r"(?P<c>.+)$",
    re.S,
)
# ("office" is left out: "the Home Office" or "the Office for National Statistics" regulate nothing.)
_PUBLIC_BODIES = frozenset(
    "agency ministry department office authority commission council court government police inspectorate "
    "parliament regulator service board".split()
)
_REGULATORS = frozenset("inspectorate commission authority regulator ombudsman watchdog".split())
_SAYING_TAIL = re.compile(r",\s+(?:saying|adding|arguing|noting)\s+(?:that\s+)?(?=\S)")
# Where a second clause, which may have its own frame, starts.
_SECOND_CLAUSE = re.compile(r"(?:;|,\s+(?:and|but))\s+")
# "The broadcaster reported, citing two officials, that ...": the source it cites stands aside.
_CITING = re.compile(r"^,\s+citing\s+[^,“”\"]{1,120},(?=\s+that\s)")
_SPOKESPERSON_FOR = re.compile(r"spokes(?:person|man|woman)\s+for\s+((?:the\s+)?[\w\s'’-]{1,60})$", re.I)
# Descriptions that make a one-word name an organisation ("the retailer Threadline").
_ORG_DESCRIPTORS = frozenset(
    "retailer company firm group bank agency charity regulator watchdog broadcaster newspaper "
    "carrier airline insurer lender manufacturer maker startup start-up chain operator union "
    "merchant supplier developer publisher miner producer exporter importer".split()
)
# Descriptions of a business: "the company" may mean any body introduced as one of these.
# A business by its name: "Harbour Capital", "Baltry Pharma", "Acme Holdings" (not an
# owner, "Tesla's deliveries", nor a person's past title, "Former Baltry Pharma chief").
_BUSINESS_SUBJECT = re.compile(
    r"^(?!(?:Former|Acting|Interim|Ex)\b)(?P<name>(?:[A-Z][\w&-]*\s+){0,3}(?:Capital|Holdings|Group|Bank|Pharma|"
    r"Airlines|Airways|Foods|Motors|Energy|Labs|Stores|Insurance|Logistics|Systems|Technologies|Telecom|"
    r"Steel|Mining|Inc\.?|Ltd\.?|PLC|plc|Corp\.?))\s+[a-z]"
)
_BUSINESS_DESCRIPTORS = _ORG_DESCRIPTORS - {"agency", "charity", "regulator", "watchdog", "union"}
_DESCRIPTOR = "|".join(sorted(_ORG_DESCRIPTORS, key=len, reverse=True))
_DESCRIBED_NAME = r"[A-Z][\w'’&.-]*(?:\s+(?:of\s+|for\s+|and\s+)?[A-Z][\w'’&.-]*){0,4}"
# How an article introduces a body: "Aerovale, the country's second-largest airline," and
# "the grain merchant Garside's", for a later "the airline" / "the company".
_DESCRIBED_AFTER = re.compile(
    rf"(?<![\w'’&.-])(?P<name>{_DESCRIBED_NAME}),\s+(?:the|a|an)\s+(?:[\w'’-]+\s+){{0,4}}?"
    # The description ends with what the body is: "Tom Hale, a union organiser," is no union.
    rf"(?P<head>{_DESCRIPTOR})(?=\s*[,.;)]|\s*$)"
)
_DESCRIBED_BEFORE = re.compile(
    rf"\b(?:[Tt]he|[Ii]ts|[Aa]n?)\s+(?:[a-z][\w-]*\s+){{0,3}}?(?P<head>{_DESCRIPTOR})\s+(?P<name>{_DESCRIBED_NAME})"
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
# "the Supreme Court", "Leeds Crown Court", "Bristol Magistrates' Court", "the Court of
# Appeal" (not a court appealed to: "will appeal to the European Court of Human Rights").
_COURT_NAME = re.compile(
    r"(?<![\w'’.-])((?:[A-Z][\w'’-]*\s+){0,3}(?:Court|Tribunal)(?:\s+of\s+[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,2})?)"
    r"\b(?!['’])"
)
# "On Tuesday Leeds Crown Court" -> "Leeds Crown Court"; "The Supreme Court" -> "Supreme Court".
_COURT_OWNER = re.compile(
    r"^(?:The\s+|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|On|In|At|By)\s+)+"
)
# A court appealed or referred to is not the one that ruled.
_TO_THE = re.compile(
    r"\b(?:appeal(?:ed|s|ing)?|refer(?:red|s)?|taken?|took|go(?:es|ing)?|went|petition(?:ed)?)\s+"
    r"(?:it\s+|the\s+case\s+)?to\s+(?:the\s+)?$"
)
# Verbs a document takes without "that": "Data from the Census Bureau show incomes rose".
_FINDING_VERBS = frozenset("show shows showed found finds suggest suggests".split())
_TRAILING_TIME = re.compile(
    r"\s+(?:on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today|"
    r"last\s+(?:week|month|year)|this\s+(?:week|month|year)|earlier\s+this\s+(?:week|month|year)|"
    r"in\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|\d{4}))"
    r"(?:\s+\d{4})?$"
)
_CAPITAL_RUN = re.compile(rf"{_TOKEN}(?:\s+(?:{_CONNECTOR}\s+){{0,2}}{_TOKEN})*")
# A run of capitalised words ("Environment Minister Claire Rowntree", "Elena Marsh"): a
# person's full name is its last two or three words once titles are dropped. Every run
# starts with a capital: saying so first lets the search skip the rest three times faster.
_CAPITALISED_RUN = re.compile(
    r"(?=[A-Z])"
    r"(?:(?:O['’]|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+){1,5}(?:O['’]|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
)
_LEADING_APPOSITIVE = re.compile(r"^,\s+[^,]{1,120},")
_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.I)
_MALE = re.compile(r"\b(?:he|his|him|himself)\b", re.I)

# -- used by the Attributor for later speakers, refusals, occasions and self-descriptions --
# "said nothing about jobs", "said little to reporters", "said so in a letter": what was
# said is not given. (Not "said nothing had changed", "said much of the money was wasted".)
_SAID_NOTHING = re.compile(
    r"^\s*(?:nothing|little|so)\b(?:\s+(?:about|on|to|in|at|publicly|further|again|new|more|else)\b"
    r"|\s+of\s+the\s+(?:kind|sort)\s*(?:[,.;]|$)|\s*[,.;]|\s*$)",
    re.I,
)
_AND_SAID_LATER = re.compile(
    r"\s(?:and|but)\s+(?:also\s+)?(?:said|added|insisted)\s+(?:(?:later|then|afterwards|separately)\s+)?"
    r"(?:that\s+)?(?=[a-z0-9])"
)
# A speaker named by name alone ("Ruth Amos", "Amos", "Baltry Pharma"), not "she", "the
# mayor" or "Democrats in Congress".
_NO_NAME_WORD = r"(?!(?:The|A|An|His|Her|Its|Their|He|She|It|They|We|I)\b)"
_ONLY_A_NAME = re.compile(
    rf"^{_NO_NAME_WORD}[A-Z][\w'’.&-]*"
    r"(?:\s+(?:of\s+|for\s+|de\s+|van\s+|von\s+)?[A-Z][\w'’.&-]*){0,5}$"
)
_CAPITALISED_SPEAKER = re.compile(rf"^{_NO_NAME_WORD}[A-Z]")
# What follows the verb opens with a pronoun: "said he had lied", "said that it would cost".
_OPENS_WITH_PRONOUN = re.compile(
    r"^\s*+(?:,\s*+)?(?:that\s+)?(?P<p>he|she|it|they|we|i|his|her|its|their|him|them)\b", re.I
)
_MAX_SPEAKERS = 4
# Head nouns of a state agency's name, for a later "the agency".
_AGENCY_KINDS = frozenset(
    "agency service office bureau authority administration institute directorate".split()
)

_DECLINED_AFTER = re.compile(
    r",?\s(?:and|but)\s+(?:declined|refused)\s+to\s+(?:say|comment|give|elaborate|specify|discuss|confirm)\b"
)
_OCCASION = re.compile(
    r"^(?:On\s+(?:\w+day|the\s+\w+)|Last\s+\w+|Earlier|Later|Yesterday|Today|Tonight|This\s+(?:week|month|morning)|"
    r"In\s+(?:a|an|his|her|its|their|the)\s+(?:\w+\s+)?(?:statement|interview|letter|speech|report|post|e-?mail|"
    r"message|briefing|address|video|note|filing|broadcast|press\s+conference|news\s+conference|hearing)|"
    r"In\s+response|When\s+asked|Asked|Speaking|Addressing|Responding|Writing|Interviewed|[A-Z][a-z]+ing)\b"
)
_OPENING_PREPOSITIONS = frozenset(
    "by within during over under across throughout despite amid without".split()
)
# Words that open a clause, a phrase or an aside after ", she said,", not a verb phrase.
_NOT_A_VERB_PHRASE = frozenset(
    "the a an and but or so yet nor which who whom whose that this these those it its he she they we "
    "i you there their his her our in on at for with by from to of as if when while because although "
    "though however since after before than until unless whether where why how not no".split()
)
# Neither a subject nor a verb phrase can open with these ("By 2030", "In 2019").
_NOT_A_SUBJECT_START = _NOT_A_VERB_PHRASE | _OPENING_PREPOSITIONS

_CONTRAST = re.compile(r"\b(?:but|while|although|whereas|though)\b")
# A name of up to six capitalised words (bounded: linear on any input), its verb, its pronoun.
_SAYS_OF_ITSELF = re.compile(
    r"^(?P<the>The )?(?P<name>[A-Z][\w'’&.-]*(?: (?:of |for )?[A-Z][\w'’&.-]*){0,5}) (?:says|said|claims|claimed) "
    # Only "it" and only its size ("has 22,000 members", "represents about 41,000 farmers"):
    # "he" or "she" may be someone named before ("..., but Joe Reed said he had lied"), and in
    # "Harbour Capital said it would cost $4 billion" "it" is the plan.
    r"it (?P<rest>(?:has|represents|employs|counts|serves|operates|owns|runs) "
    r"(?:about |around |more than |almost |nearly |over |some )?\d[\d,.]*(?: million| thousand)? "
    r"(?:[a-z-]+ )?(?:members|workers|employees|staff|people|farmers|customers|households|families|branches|"
    r"stores|shops|outlets|sites|plants|clients|patients|students|pupils|schools|hospitals|teachers|nurses|"
    r"doctors|drivers|pilots|volunteers|supporters|subscribers|users|passengers|homes|beds|offices|vessels|"
    r"aircraft|flights|businesses|companies|clubs|unions|councils)\b[^,;:]*)$",
    re.S,
)
# A verb where a clause's subject should stand: "said that was not true".
_AUXILIARIES = frozenset(
    "was is were are had has have would will could should might may must did does".split()
)
