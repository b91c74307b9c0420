"""Raw input (bytes or str, plain text or HTML) to a :class:`Document`."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .errors import InputError
from .types import Document

# Larger inputs are refused with a clear error rather than risking a worker's
# memory and minutes of CPU; no news article comes close.
MAX_INPUT_BYTES = 8 * 1024 * 1024

_HTML_SNIFF = re.compile(rb"<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|article[\s>]|p[\s>]|div[\s>])", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def decode(data: bytes) -> str:
    """Decode bytes to text, refusing binary content with a reason an editor can read."""
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"input is {len(data):,} bytes; the limit is {MAX_INPUT_BYTES:,}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    head = data[:8192]
    if b"\x00" in head and not (head.startswith(b"\xff\xfe") or head.startswith(b"\xfe\xff")):
        raise InputError("binary content (NUL bytes), not a text or HTML document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise InputError("binary content: no text encoding fits these bytes") from None
        text = str(best)
    if text and len(_CONTROL.findall(text[:8192])) > 0.05 * min(len(text), 8192):
        raise InputError("binary content: too many control characters for a text document")
    return text


def looks_like_html(data: bytes | str) -> bool:
    head = data[:4096]
    if isinstance(head, str):
        head = head.encode("utf-8", "ignore")
    return bool(_HTML_SNIFF.search(head))


def normalize_text(text: str) -> str:
    """NFC, one space between words, paragraphs separated by one blank line."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()


def extract(data: bytes | str, *, content_type: str | None = None, url: str = "") -> Document:
    """Extract the main text and metadata; raises :class:`InputError` for unusable input."""
    raw = data if isinstance(data, str) else decode(data)
    is_html = (content_type or "").startswith("text/html") or (
        content_type is None and looks_like_html(raw)
    )
    if not is_html:
        return Document(text=normalize_text(raw), url=url, content_type="text/plain")
    return _extract_html(raw, url=url)


def _extract_html(html: str, *, url: str) -> Document:
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=True,
    )
    if result is None:
        return Document(text="", url=url, content_type="text/html")
    meta = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = normalize_text(meta.get("text") or "")
    return Document(
        text=text,
        title=(meta.get("title") or "").strip(),
        author=(meta.get("author") or "").strip(),
        published=_parse_date(meta.get("date")),
        url=(meta.get("url") or url or "").strip(),
        content_type="text/html",
    )


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
