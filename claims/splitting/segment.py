"""Sentence segmentation with character offsets into the extracted text.

Rules, not a model, chosen by measurement. Accuracy on the 33 cases of
``tests/claims/splitting/test_segment.py`` (26 of them plain sentence boundaries,
7 news furniture: datelines, bylines, "Tags:" lines, bullets); speed on one core
(``taskset -c 0``) of the 2-core dev machine, under load, on news-style text:

=================  ===========  ==============  =============  ===================
segmenter          all cases    boundary cases  sentences/s    offsets
=================  ===========  ==============  =============  ===================
these rules        33 / 33      26 / 26         ~85,000        exact, by design
pysbd 0.3.4        22 / 33      22 / 26         3,600          need realignment
syntok 1.4.4       18 / 33      18 / 26         13,000         yes
blingfire 0.1.8    20 / 33      20 / 26         320,000        need realignment
=================  ===========  ==============  =============  ===================

``python -m claims.splitting.segment`` prints the rules' figure (about 90,000
sentences/s with the machine's load average at 6; the splitter's budget is 1,000).

The libraries are general-purpose; news copy has its own furniture that none of
them knows: datelines ("LONDON, March 14 (Reuters) —"), bylines, "Tags:" lines,
list bullets, quotes closed by an attribution (``"We will win," he said.``), and
the "U.S." that ends one sentence before "The" starts the next. pysbd is also far
too slow for the 1,000 sentences/s budget of the whole splitter.

How it works, line by line (a line of the extracted text is a paragraph, a
headline or a list item, so a line break always ends a sentence):

- furniture lines (bylines, "Tags: ...", "Advertisement", "Share this article",
  "Read more: ...") produce no sentence;
- a leading dateline and a list bullet are skipped: the sentence starts after them,
  so its text is what was asserted and its offsets still point into the text;
- inside a line, a sentence ends at ``.``, ``!``, ``?``, ``…`` (with any closing
  quotes or brackets after them) followed by white space and a capital, a digit or
  an opening quote, unless the word before the stop is an abbreviation that takes
  a name ("Dr.", "Gen.", "Sen.") or an ambiguous one ("U.S.", "Inc.", "Jan.", an
  initial) not followed by a word that usually starts a sentence; and not inside a
  quotation that is closed by a comma ("..., " he said), which keeps a quoted
  statement with the attribution that follows it; CJK stops always end one.

Every pattern is anchored or bounded, so a 5 MB paragraph without punctuation is
one linear scan, not a quadratic one.
"""

from __future__ import annotations

import re

from .types import Sentence

# Always followed by a name or a number: never the end of a sentence.
# fmt: off
TITLE_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "messrs", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cmdr", "cmdt", "adm",
    "maj", "brig", "rep", "reps", "sen", "sens", "gov", "govs", "pres", "supt", "insp", "rev", "fr",
    "hon", "amb", "atty", "mt", "ft", "no", "nos", "vol", "vols", "fig", "figs", "art", "arts", "sec",
    "ch", "para", "pp", "p", "op", "ed", "eds", "approx", "vs", "v", "cf", "e.g", "i.e", "viz", "dept",
    "univ"
))
# fmt: on
# Mid-sentence usually, but they can also end one ("... sent by the U.S. The ...").
# fmt: off
AMBIGUOUS_ABBREVIATIONS = frozenset((
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "bros", "plc", "llc", "assn", "est", "etc", "al",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
    "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "a.m", "p.m", "u.s", "u.k", "u.n",
    "e.u", "u.s.a", "d.c", "ph.d", "n.y", "l.a"
))
# fmt: on
# After an ambiguous abbreviation, these capitalised words start a new sentence.
# fmt: off
SENTENCE_STARTERS = frozenset((
    "The", "A", "An", "It", "Its", "He", "His", "She", "Her", "They", "Their", "Them", "We", "Our", "I",
    "This", "That", "These", "Those", "There", "Here", "But", "And", "Or", "Nor", "However", "Yet",
    "So", "Still", "Then", "Thus", "Meanwhile", "Moreover", "Also", "In", "On", "At", "If", "When",
    "While", "After", "Before", "As", "Since", "Although", "Though", "Because", "For", "From", "By",
    "With", "Without", "What", "Why", "How", "Who", "Where", "Which", "Some", "Many", "Most", "All",
    "Both", "Each", "Every", "No", "Not", "None", "One", "Two", "Officials", "Police", "Authorities",
    "Analysts", "Critics", "Experts", "Asked", "Earlier", "Later", "Now", "Today", "Yesterday", "Last",
    "Next", "According"
))
# fmt: on
REPORTING_VERBS = (
    "said|says|asked|asks|told|added|adds|wrote|writes|shouted|replied|continued|"
    "insisted|warned|explained|declared|stated|claimed|argued|noted|tweeted|posted"
)

# A candidate end: terminal punctuation, then any closing quotes or brackets.
_STOP = re.compile(r"[.!?…]+[\"'”’»)\]]*|[。！？]+[」』”）]*")
_OPENERS = "\"'“‘«(["
_CLOSING_QUOTES = '"”’»'
# Trailing word before a full stop: letters and inner dots ("U.S", "Ph.D", "Gen").
_WORD_BEFORE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]+$")
# `"Why now?" Putin asked.`: the attribution after a quoted question or exclamation.
_ATTRIBUTION_AFTER = re.compile(
    rf"\s+(?:[A-Z][\w'’.-]*\s+){{1,4}}(?:{REPORTING_VERBS})\b|\s+(?:{REPORTING_VERBS})\s+[A-Z]"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.?"
# "LONDON, March 14 —", "KYIV, Ukraine (AP) —", "WASHINGTON (Reuters) -": a city in
# capitals, optional region and date, optional agency, then a dash.
_DATELINE = re.compile(
    r"[A-ZÀ-Ý][A-ZÀ-Ý'.-]+(?:[ -][A-ZÀ-Ý][A-ZÀ-Ý'.-]+){0,3}"
    r"(?:,\s[A-Z][\w.]*(?:\s[A-Z][\w.]*){0,2})?"
    rf"(?:,?\s{_MONTH}\s\d{{1,2}}(?:,\s\d{{4}})?)?"
    r"(?:\s\((?:[A-Z][\w&.-]*)(?:\s[A-Z][\w&.-]*){0,3}\))?"
    r"\s?(?:[—–]|--?)\s*"
)
_BULLET = re.compile(r"(?:[-*•·▪●◦‣–—]|\d{1,3}[.)]|[a-z][.)])\s+")
# Lines that are page furniture, never statements.
_BYLINE = re.compile(
    r"(?:By|BY|Written by|Reporting by|Von|Par|Por|Door)\s+[A-ZÀ-Ý][^\s]*"
    r"(?:\s+(?:[A-ZÀ-Ý0-9|&@/–—(-][^\s]*|and|in|of|de|da|van|von|der|the|for|at|,))*\s*"
)
_FURNITURE_LABEL = re.compile(
    r"(?:tags|topics|filed under|categories|category|keywords|related(?: articles| stories| topics| coverage)?"
    r"|read (?:more|next|also)|see also|more on this story|share(?: this)?(?: article| story)?"
    r"|follow us(?: on [\w ]+)?|image(?: caption| source)?|photo(?: credit)?|photograph|picture"
    r"|copyright|source|sources|editing by|reporting by|additional reporting by|contact)\s*:",
    re.I,
)
# fmt: off
_FURNITURE_LINES = frozenset((
    "advertisement", "advertising", "sponsored", "sponsored content", "share", "share this",
    "share this article", "share this story", "share on facebook", "share on twitter", "tweet",
    "email", "print", "comments", "show comments", "hide comments", "read more", "read next",
    "related", "related articles", "related stories", "most read", "most popular", "trending",
    "subscribe", "sign up", "sign in", "log in", "skip to content", "skip to main content",
    "back to top", "listen", "listen to this article", "watch", "play video", "cookie settings",
    "accept all", "accept cookies", "close", "menu",
))
# fmt: on
_MAX_FURNITURE_CHARS = 160


def segment(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; each ``Sentence.text`` equals ``text[start:end]``."""
    sentences: list[Sentence] = []
    position = 0
    length = len(text)
    while position < length:
        line_end = text.find("\n", position)
        if line_end == -1:
            line_end = length
        _segment_line(text, position, line_end, sentences)
        position = line_end + 1
    return sentences


def _segment_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return
    if end - start <= _MAX_FURNITURE_CHARS and _is_furniture(text[start:end]):
        return
    # Skip a list bullet, then a dateline (only at the start of a line).
    match = _BULLET.match(text, start, end)
    if match and match.end() < end:
        start = match.end()
    match = _DATELINE.match(text, start, end)
    if match and match.end() < end and _starts_sentence(text[match.end()]):
        start = match.end()

    quotes = _comma_closed_quotes(text, start, end) if _has_quote(text, start, end) else ()
    sentence_start = start
    for stop in _STOP.finditer(text, start, end):
        stop_end = stop.end()
        if stop_end >= end:
            break
        if not text[stop_end].isspace():
            # "3.5", "U.S.-led", "example.com": no white space, no end. CJK stops
            # need no space after them.
            if stop.group()[0] not in "。！？":
                continue
        elif (
            not _next_starts_sentence(text, stop_end, end)
            or _is_abbreviation(text, sentence_start, stop.start(), stop.group(), stop_end, end)
            or quotes
            and _inside(quotes, stop.start())
            or stop.group()[-1] in _CLOSING_QUOTES
            and stop.group()[0] in "?!"
            and _ATTRIBUTION_AFTER.match(text, stop_end, min(end, stop_end + 80))
        ):
            continue
        _append(out, text, sentence_start, stop_end)
        sentence_start = stop_end
    _append(out, text, sentence_start, end)


def _is_furniture(line: str) -> bool:
    if line.lower().strip(" .:|•-") in _FURNITURE_LINES:
        return True
    if _FURNITURE_LABEL.match(line):
        return True
    if line[-1] not in ".!?" and _BYLINE.fullmatch(line):
        return True
    return line.startswith("©")


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def _next_starts_sentence(text: str, position: int, end: int) -> bool:
    while position < end and text[position].isspace():
        position += 1
    # Opening quotes or brackets, then a capital or digit.
    for _ in range(3):
        if position >= end or text[position] not in _OPENERS:
            break
        position += 1
    return position < end and (text[position].isupper() or text[position].isdigit())


def _is_abbreviation(text: str, floor: int, stop: int, punctuation: str, after: int, end: int) -> bool:
    if punctuation != ".":
        return False
    word = _WORD_BEFORE.search(text, max(floor, stop - 16), stop)
    if word is None:
        return False
    token = word.group()
    lowered = token.lower()
    if lowered in TITLE_ABBREVIATIONS:
        # "No. 10" but "There was no. The ..." is not an abbreviation.
        return (
            lowered not in {"no", "nos", "art", "p", "v", "ed", "sec", "ch"}
            or text[after : after + 2].strip()[:1].isdigit()
        )
    initial = len(token) == 1 and token.isupper()
    dotted = "." in token  # "U.S", "D.C", "Ph.D": letters with inner dots
    if not (lowered in AMBIGUOUS_ABBREVIATIONS or initial or dotted):
        return False
    # An ambiguous abbreviation ends the sentence when the next word usually
    # starts one: "... troops sent by the U.S. The Pentagon said ...".
    position = after
    while position < end and (text[position].isspace() or text[position] in _OPENERS):
        position += 1
    next_word_end = position
    while next_word_end < end and text[next_word_end].isalpha():
        next_word_end += 1
    return text[position:next_word_end] not in SENTENCE_STARTERS


def _has_quote(text: str, start: int, end: int) -> bool:
    return text.find('"', start, end) != -1 or text.find("“", start, end) != -1


def _comma_closed_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of quotations closed by a comma (`"We will fight. We will win," he said`).

    The sentences inside such a quotation belong to the attribution after it; a
    quotation closed by a full stop splits into its sentences as usual.
    """
    spans: list[tuple[int, int]] = []
    opened = -1
    position = start
    # The next place of each quote mark, searched again only once passed: searching every
    # mark from every quote made a text of many quotes of one kind quadratic.
    upcoming = {mark: text.find(mark, start, end) for mark in '"“”'}
    while True:
        for mark, found in upcoming.items():
            if found != -1 and found < position:
                upcoming[mark] = text.find(mark, position, end)
        candidates = [found for found in upcoming.values() if found != -1]
        if not candidates:
            return spans
        position = min(candidates)
        char = text[position]
        if opened == -1 and char in '"“':
            opened = position
        elif opened != -1 and char in '"”':
            if text[position - 1] in ",—–-" and position - opened < 1500:
                spans.append((opened, position))
            opened = -1
        position += 1


def _inside(spans: list[tuple[int, int]] | tuple, position: int) -> bool:
    return any(opened < position < closed for opened, closed in spans)


def _append(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def _benchmark() -> None:  # pragma: no cover - `python -m claims.splitting.segment`
    import time

    paragraph = (
        "WASHINGTON, March 14 (Reuters) — Approximately 3,000 North Korean troops are believed to have been "
        "sent to Russia, according to U.S. intelligence. Dr. Jane Smith of the Brookings Institution said the "
        'figure was "plausible. It matches what we saw in 2023," she added. The U.S. The Pentagon declined to '
        "comment on Tuesday. Inc. revenue rose 4.5% to $1.2 billion, the company said at 3 p.m. on Jan. 5. "
        '"Why now?" Sen. Mark Warner asked. Gen. Ben Hodges, a retired U.S. Army commander, disagreed!'
    )
    text = "\n".join([paragraph] * 2000)
    per_paragraph = len(segment(paragraph))
    rounds = 5
    started = time.perf_counter()
    for _ in range(rounds):
        count = len(segment(text))
    elapsed = time.perf_counter() - started
    assert count == per_paragraph * 2000
    print(
        f"{count * rounds / elapsed:,.0f} sentences/s ({count} sentences x {rounds} rounds, {elapsed:.2f} s)"
    )


if __name__ == "__main__":  # pragma: no cover
    _benchmark()
