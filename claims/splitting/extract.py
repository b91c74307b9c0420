"""Raw input (bytes or str, plain text or HTML) to a :class:`Document`.

HTML goes through trafilatura (2.x), the main-content extractor that leads the
published article-extraction benchmarks, with ``favor_precision`` (a missed
paragraph costs less than a cookie banner scored as a claim) and with the page
furniture it still lets through pruned by class and id first: paywall and
subscription prompts, newsletter sign-ups, cookie banners, "most read" boxes,
share bars. Title, author, date and canonical URL come from its metadata pass
(JSON-LD, OpenGraph, ``<meta>``, ``<link rel=canonical>``).

Cross-document deduplication stays off: it keeps a process-wide cache, so in a
long-lived worker the second outlet to run the same wire story would lose its
paragraphs, and claim matching needs exactly those.

Bytes are decoded strictly as UTF-8 first; then by the charset the server or the
page declares; a mostly-UTF-8 text with stray Windows-1252 bytes (the usual "mixed
encoding") keeps its UTF-8 and reads the strays as Windows-1252; a single-byte text
of Latin script is read in the codec (Windows-1252, Windows-1250, ISO-8859-2) whose
accents fit one European language; anything else is left to charset-normalizer. UTF-8
that was once decoded as Windows-1252 ("Ã©", "â€™") is repaired run by run.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date
from typing import Any

from .errors import InputError
from .types import Document

# Larger inputs are refused with a clear error rather than risking a worker's
# memory and minutes of CPU; no news article comes close.
MAX_INPUT_BYTES = 8 * 1024 * 1024

_HTML_SNIFF = re.compile(
    rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|article[\s>]|p[\s>]|div[\s>]|meta[\s>]|title[\s>]|br\s*/?>)",
    re.I,
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w:.-]{1,40})""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")
# A run of characters that UTF-8 bytes become when read as Windows-1252:
# a lead byte (Â..ô) followed by continuation bytes (\x80-\xbf as cp1252 shows them).
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)
_BULLET_START = re.compile(r"(?:[-*•·▪●◦‣–—]|\d{1,3}[.)])\s")
_LINE_END_CONTINUES = re.compile(r"[^.!?:;\"”’)\]]$")

# Page furniture trafilatura can let through, pruned by class or id before it runs.
_FURNITURE_MARKERS = (
    "paywall",
    "subscri",
    "newsletter",
    "signup",
    "sign-up",
    "promo",
    "cookie",
    "consent",
    "gdpr",
    "most-read",
    "mostread",
    "most-popular",
    "mostpopular",
    "trending",
    "related",
    "share",
    "social",
    "advert",
    "sponsor",
    "breadcrumb",
    "comments",
    "outbrain",
    "taboola",
)
_PRUNE_XPATH = [
    "//*[" + " or ".join(f"contains(@class,'{m}') or contains(@id,'{m}')" for m in _FURNITURE_MARKERS) + "]"
]
# Paragraphs that are furniture whatever their markup.
_FURNITURE_TEXT = re.compile(
    r"(?:you have read \d+ of|free articles? (?:this|per) month|subscribe (?:now|today|for)|"
    r"sign up (?:for|to) (?:our|the) [\w ]*newsletter|already a subscriber|log in to continue|"
    r"we use cookies|accept (?:all )?cookies|all rights reserved|this article is for subscribers)",
    re.I,
)
_MAX_FURNITURE_PARAGRAPH = 300
# trafilatura's time grows faster than the markup (about 2 s a megabyte, 10 to 17 s
# for 5 MB of paragraphs on the dev machine). Pages with more markup than this,
# scripts and styles not counted, go through the plain lxml pass instead, which
# stays linear; no real article page comes near it.
MAX_TRAFILATURA_MARKUP = 1_500_000
_NON_CONTENT_BLOCKS = ("script", "style", "noscript", "svg", "template")
# lxml (libxml2) stops building the tree 256 elements deep, silently: the text below is
# lost. Deeper markup is flattened first, keeping its text; real pages nest a few dozen.
MAX_MARKUP_DEPTH = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]{0,40})\b[^<>]{0,4000}?(/?)>")
_VOID_TAGS = frozenset("area base br col embed hr img input link meta source track wbr".split())
# Raw-text elements: never unwrapped (a script's code must not become article text).
_RAW_TEXT_TAGS = frozenset("script style noscript template textarea title".split())
# Elements whose end tag a page may leave out (the parser closes them itself).
_OPTIONAL_END_TAGS = frozenset(
    "p li dt dd tr td th option optgroup thead tbody tfoot colgroup rb rt rp".split()
)


def _text_encoding(label: str) -> str | None:
    """The codec a page's declared charset names, if it is a real text encoding: a label
    like "undefined", "rot13", "unicode_escape" or "utf-7" is ignored, not trusted."""
    try:
        info = codecs.lookup(label.strip().lower())
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _UNTRUSTED_CODECS:
        return None
    # As in browsers (WHATWG Encoding): pages labelled Latin-1 or ASCII are Windows-1252,
    # whose curly quotes and dashes Latin-1 would turn into control characters.
    return "cp1252" if info.name in ("latin-1", "iso8859-1", "ascii") else info.name


_UNTRUSTED_CODECS = frozenset({"utf-7", "unicode-escape", "raw-unicode-escape", "punycode", "idna", "rot-13"})


def decode(data: bytes, *, charset: str | None = None) -> str:
    """Decode bytes to text, refusing binary content with a reason an editor can read.

    ``charset`` is the one the server declared (HTTP Content-Type): it comes before the
    page's own ``<meta>`` and the guesses, after a byte-order mark and valid UTF-8 (which
    a mislabelled page is far more often than the label says).
    """
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"the document is {len(data):,} bytes; the limit is {MAX_INPUT_BYTES:,}")
    if not data.strip():
        raise InputError("the document is empty")
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return _check_text(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError:
                raise InputError(f"the document says it is {encoding} but is not") from None
    if b"\x00" in data[:8192]:
        raise InputError("binary content (NUL bytes), not a text or HTML document")
    try:
        return _check_text(repair_mojibake(data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    if _mostly_utf8(data):
        # Before any label: a page declared Latin-1 whose bytes are UTF-8 but for a stray
        # byte is UTF-8 ("£" must stay "£", not become "Â£").
        return _check_text(data.decode("utf-8", "cp1252_fallback"))
    declared = _META_CHARSET.search(data[:4096])
    for label in (charset, declared.group(1).decode("ascii", "replace") if declared else None):
        codec = _text_encoding(label) if label else None
        if codec is not None:
            try:
                return _check_text(data.decode(codec))
            except UnicodeError:
                pass
    latin = _as_latin_script(data)
    if latin is not None:
        return _check_text(latin)
    from charset_normalizer import from_bytes

    best = from_bytes(data[: 256 * 1024]).best()
    if best is None or best.encoding is None:
        raise InputError("binary content: no text encoding fits these bytes")
    text = data.decode(best.encoding, "replace")
    if len(text) >= 200 and len(set(text[:8192])) < 8:
        # One or two byte values repeated: a fill pattern, not writing.
        raise InputError("binary content: no text encoding fits these bytes")
    return _check_text(text)


_LATIN_PUNCTUATION = frozenset("’‘“”„–—…€«»°©®·•×±£¥§¶¿¡ªº")
# The single-byte codecs of Latin-script European writing, in order of preference.
_LATIN_CODECS = ("cp1252", "cp1250", "iso8859-2")
# Accented letters of each language's alphabet. Read in the wrong codec, a text's accents
# come out as a mixture no one language writes ("záøí", "ľe" beside "ř").
_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "àâæçéèêëîïôœùûüÿ",  # French
        "äöüß",  # German
        "áéíñóúü",  # Spanish
        "àáâãçéêíóôõú",  # Portuguese
        "àèéìíîòóùú",  # Italian
        "éëïóöü",  # Dutch
        "æøåéäö",  # Danish, Norwegian, Swedish, Finnish
        "áéíóúýþæöð",  # Icelandic
        "áčďéěíňóřšťúůýž",  # Czech
        "áäčďéíĺľňóôŕšťúýž",  # Slovak
        "ąćęłńóśźż",  # Polish
        "áéíóöőúüű",  # Hungarian
        "čćđšž",  # Croatian, Slovenian, Bosnian
        "ăâîșşțţ",  # Romanian
    )
)

_LATIN_SAMPLE_BYTES = 256 * 1024
# In how many of those alphabets each accented letter is.
_ALPHABET_COUNT = {c: sum(c in alphabet for alphabet in _ALPHABETS) for c in set().union(*_ALPHABETS)}


def _as_latin_script(data: bytes) -> str | None:
    """The text in the Latin-script single-byte codec that reads as one European language.

    charset-normalizer guesses poorly on short single-byte texts (French read as Baltic
    cp775, Czech as cp1257). Latin-script text is recognisable: its non-ASCII characters
    are letters or typographic punctuation, a minority of the letters, and its accented
    letters belong to one language's alphabet. Of the codecs in which the bytes read so,
    the one whose accents fit a single alphabet best wins. Cyrillic or
    Greek bytes read this way fail the first two tests.
    """
    best, best_fit = None, (-1.0, -1, -1.0)
    for codec in _LATIN_CODECS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # A sample decides (the per-character pass is Python; one byte is one character).
        accented = _latin_accents(text[:_LATIN_SAMPLE_BYTES])
        if accented is None:
            continue
        total = max(sum(accented.values()), 1)
        in_one_alphabet = max(sum(accented.get(c, 0) for c in alphabet) for alphabet in _ALPHABETS)
        # Readings that fit equally well: Windows-1252 first (French "è" also reads as
        # Czech "č" in Windows-1250); then the one with the more widely used letters (ž, in
        # many alphabets, rather than Slovak-only ľ: ISO-8859-2 against Windows-1250).
        commonness = sum(_ALPHABET_COUNT.get(c, 0) * n for c, n in accented.items())
        fit = (in_one_alphabet / total, int(codec == "cp1252"), commonness / total)
        if fit > best_fit:
            best, best_fit = text, fit
    return best


def _latin_accents(text: str) -> dict[str, int] | None:
    """How often each accented letter occurs, or None if ``text`` is not Latin-script writing.

    A symbol between two letters ("Rz±d", "wrze¶niu": Polish ą and ś in the wrong codec)
    counts against the reading, under the key ``""``, which no alphabet holds.
    """
    letters = 0
    accented: dict[str, int] = {}
    previous_is_letter = False
    pending_symbol = False
    for char in text:
        is_letter = char.isalpha()
        if char.isascii():
            letters += is_letter
        elif is_letter:
            letters += 1
            lower = char.lower()
            accented[lower] = accented.get(lower, 0) + 1
        elif char not in _LATIN_PUNCTUATION and not char.isspace():
            return None
        if pending_symbol and is_letter:
            accented[""] = accented.get("", 0) + 1
        pending_symbol = previous_is_letter and char in _WORD_BREAKING_SYMBOLS
        previous_is_letter = is_letter
    if letters == 0 or sum(accented.values()) > 0.25 * letters:
        return None
    return accented


# Symbols that never stand inside a word (unlike apostrophes and hyphens).
_WORD_BREAKING_SYMBOLS = _LATIN_PUNCTUATION - frozenset("’‘–—·")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few stray bytes: some well-formed multi-byte characters, and no more
    bytes that are not UTF-8 than those (or than one in 500), counted over the whole
    input (a "£" far into the text counts as much as one at its start).

    A single-byte legacy text almost never holds a well-formed UTF-8 sequence (a capital
    accented letter followed by a symbol such as "Â«"), while each of its accents is an
    invalid byte, so it never passes.
    """
    text = data.decode("utf-8", "replace")
    invalid = text.count("\ufffd") - data.count("\ufffd".encode())
    # Characters outside ASCII, less the replacements: the well-formed sequences.
    well_formed = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return well_formed > 0 and 0 < invalid <= max(well_formed, 8, len(data) // 500)


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    assert isinstance(error, UnicodeDecodeError)  # registered for decoding only
    # Stray single bytes in otherwise UTF-8 text are nearly always Windows-1252.
    byte = error.object[error.start : error.start + 1]
    return byte.decode("cp1252", "replace"), error.start + 1


codecs.register_error("cp1252_fallback", _cp1252_fallback)


def _check_text(text: str) -> str:
    sample = text[:8192]
    if sample and len(_CONTROL.findall(sample)) > 0.05 * len(sample):
        raise InputError("binary content: too many control characters for a text document")
    if sample and sample.count("\ufffd") > 0.1 * len(sample):
        raise InputError("binary content: most bytes are not text in any encoding")
    return text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was read as Windows-1252 ("Ã©" -> "é", "â€™" -> "’"), run by run."""
    if "Ã" not in text and "Â" not in text and "â€" not in text:
        return text
    return _MOJIBAKE.sub(_repair_run, text)


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    try:
        return run.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return run


def looks_like_html(data: bytes | str) -> bool:
    head = data[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    return bool(_HTML_SNIFF.search(head))


def normalize_text(text: str, *, unwrap: bool = False) -> str:
    """NFC, one space between words, paragraphs separated by one blank line.

    With ``unwrap``, line breaks inside a hard-wrapped paragraph (plain-text
    e-mail, press releases at 72 columns) become spaces, so a sentence is not cut
    at every line end; a short line (a headline, a paragraph's last line) keeps
    its break.
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", _CONTROL.sub("", text))
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = _BLANK_LINES.sub("\n\n", text).strip()
    if unwrap:
        text = "\n\n".join(_unwrap_block(block) for block in text.split("\n\n"))
    return text


def _unwrap_block(block: str) -> str:
    lines = block.split("\n")
    if len(lines) < 2:
        return block
    width = max(len(line) for line in lines)
    body = lines[:-1]
    wrapped = (
        len(lines) >= 3
        and 40 <= width <= 100
        and sum(len(line) >= 0.6 * width for line in body) >= 0.75 * len(body)
    )
    out = [lines[0]]
    for previous, line in zip(lines, lines[1:], strict=False):
        if _BULLET_START.match(line):
            join = False
        elif wrapped:
            join = len(previous) >= 0.6 * width
        else:
            # Outside a wrapped block, only an obvious continuation joins.
            join = bool(_LINE_END_CONTINUES.search(previous)) and line[:1].islower()
        out.append(" " + line if join else "\n" + line)
    return "".join(out)


def extract(data: bytes | str, *, content_type: str | None = None, url: str = "") -> Document:
    """Extract the main text and metadata; raises :class:`InputError` for unusable input."""
    if isinstance(data, str):
        if len(data) > MAX_INPUT_BYTES:
            raise InputError(f"the document is {len(data):,} characters; the limit is {MAX_INPUT_BYTES:,}")
        raw = _check_text(data)
    else:
        raw = decode(data, charset=content_type_charset(content_type))
    if not raw.strip():
        raise InputError("the document is empty")
    is_html = (content_type or "").startswith(("text/html", "application/xhtml")) or (
        content_type is None and looks_like_html(raw)
    )
    if not is_html:
        text = normalize_text(raw, unwrap=True)
        if not text:
            raise InputError("the document has no text")
        return Document(text=text, title=_plain_text_headline(text), url=url, content_type="text/plain")
    return _extract_html(raw, url=url)


def decode_text(data: bytes, *, content_type: str | None = None) -> str:
    """The text of ``data`` as the splitter reads it, normalised (NFC, one space between
    words, paragraphs apart by one blank line): what makes two copies of a document the
    same. Raises :class:`InputError`, with a reason editors can read, for bytes that are
    not a text document (binary, empty, too large)."""
    return normalize_text(decode(data, charset=content_type_charset(content_type)))


def content_type_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value (``text/html; charset=koi8-r``)."""
    match = _CONTENT_TYPE_CHARSET.search(content_type or "")
    return match.group(1) if match else None


_CONTENT_TYPE_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w:.-]{1,40})""", re.I)
_HEADLINE_MAX_CHARS = 200


def _plain_text_headline(text: str) -> str:
    """The first line of a plain-text article when it reads as a headline: a short line
    of its own, followed by a blank line, not ending like a sentence."""
    first, separator, _ = text.partition("\n\n")
    if not separator or "\n" in first or len(first) > _HEADLINE_MAX_CHARS:
        return ""
    return "" if first.rstrip().endswith((".", ":", ";", ",")) else first.strip()


def _extract_html(html: str, *, url: str) -> Document:
    import trafilatura

    html = flatten_deep_markup(html)
    if _content_markup_size(html) > MAX_TRAFILATURA_MARKUP:
        text = _drop_furniture(normalize_text(_fallback_text(html)))
        if not text:
            raise InputError(
                "no article text found on the page: it holds only navigation, links or boilerplate"
            )
        return Document(text=text, url=url, content_type="text/html")
    result = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
        prune_xpath=_PRUNE_XPATH,
    )
    meta: dict[str, Any] = {}
    if result is not None:
        meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = _drop_furniture(normalize_text(meta.get("text") or ""))
    if not text:
        text = _drop_furniture(normalize_text(_fallback_text(html)))
    if not text:
        raise InputError("no article text found on the page: it holds only navigation, links or boilerplate")
    return Document(
        text=text,
        title=(meta.get("title") or "").strip(),
        author=(meta.get("author") or "").strip(),
        published=_parse_date(meta.get("date")),
        url=(meta.get("url") or url or "").strip(),
        content_type="text/html",
    )


def flatten_deep_markup(html: str, max_depth: int = MAX_MARKUP_DEPTH) -> str:
    """``html`` with the tags nested deeper than ``max_depth`` removed, their text kept.

    Only when lxml would really stop at its depth limit: a page whose tags could not nest
    that deep (counted in one linear pass) or that lxml parses whole (unclosed ``<b>`` or
    ``<p>`` that the parser closes itself) comes back unchanged, and is not copied.
    """
    if html.count("<") <= max_depth:
        return html
    never_counted = _VOID_TAGS | _RAW_TEXT_TAGS
    if _scan_depth(html, max_depth, never_counted)[0] <= max_depth or not _too_deep_for_lxml(html):
        return html
    # First leave alone the elements a parser closes itself; if that is not enough, count them.
    flat = html
    for skipped in (never_counted | _OPTIONAL_END_TAGS, never_counted):
        dropped = _scan_depth(html, max_depth, skipped)[1]
        pieces, last = [], 0
        for start, end in dropped:
            pieces += [html[last:start], " "]
            last = end
        pieces.append(html[last:])
        flat = "".join(pieces)
        if not _too_deep_for_lxml(flat):
            break
    return flat


def _scan_depth(html: str, max_depth: int, skipped: frozenset[str]) -> tuple[int, list[tuple[int, int]]]:
    """The deepest nesting of the tags not ``skipped``, and the spans of those below ``max_depth``."""
    open_tags: list[str] = []  # names of the elements still open, outermost first
    open_count: dict[str, int] = {}
    deepest = 0
    dropped: list[tuple[int, int]] = []
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in skipped or self_closing:
            continue
        if not closing:
            open_tags.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            deepest = max(deepest, len(open_tags))
            if len(open_tags) > max_depth:
                dropped.append(match.span())
            continue
        # An end tag closes the nearest open element of its name and any left open inside
        # it; a stray end tag closes nothing (and, counted, costs no search).
        if not open_count.get(name):
            continue
        position = len(open_tags) - 1
        while open_tags[position] != name:
            position -= 1
        if position >= max_depth:
            dropped.append(match.span())
        for closed in open_tags[position:]:
            open_count[closed] -= 1
        del open_tags[position:]
    return deepest, dropped


def _too_deep_for_lxml(html: str) -> bool:
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    parser = lxml_html.HTMLParser(collect_ids=False, encoding="utf-8")
    try:
        lxml_html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ParserError, ValueError):
        return False
    return any("Excessive depth" in entry.message for entry in parser.error_log)


def _content_markup_size(html: str) -> int:
    """Characters of markup outside script, style and similar blocks (one linear scan)."""
    if len(html) <= MAX_TRAFILATURA_MARKUP:
        return len(html)
    lowered = html.lower()
    size = len(html)
    for tag in _NON_CONTENT_BLOCKS:
        position = 0
        while (start := lowered.find("<" + tag, position)) != -1:
            end = lowered.find("</" + tag, start)
            if end == -1:
                break
            size -= end - start
            position = end + 1
    return size


def _drop_furniture(text: str) -> str:
    paragraphs = [
        line
        for line in text.split("\n")
        if not (len(line) <= _MAX_FURNITURE_PARAGRAPH and _FURNITURE_TEXT.search(line))
    ]
    return normalize_text("\n".join(paragraphs))


def _fallback_text(html: str) -> str:
    """Paragraph text of a fragment too short for trafilatura (``<p>One sentence.</p>``).

    Only prose outside navigation, headers, footers, asides and forms, and not
    made mostly of links, so an all-navigation page still yields nothing.
    """
    from lxml import html as lxml_html
    from lxml.etree import ParserError

    try:
        tree = lxml_html.fromstring(html)
    except (ParserError, ValueError):
        return ""
    for element in tree.xpath(
        _PRUNE_XPATH[0] + " | //nav | //header | //footer | //aside | //form | //script | //style"
    ):
        element.drop_tree()
    paragraphs = []
    for element in tree.iter("p", "h1", "h2", "h3", "li", "blockquote", "td"):
        content = " ".join(element.text_content().split())
        if len(content.split()) < 4:
            continue
        links = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
        if links > 0.5 * len(content):
            continue
        paragraphs.append(content)
    return "\n".join(paragraphs)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
