"""Extraction: main text and metadata from HTML, decoding of awkward bytes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from claims.splitting import decode_text
from claims.splitting.errors import InputError
from claims.splitting.extract import (
    decode,
    extract,
    flatten_deep_markup,
    looks_like_html,
    normalize_text,
    repair_mojibake,
)

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def article():
    return extract((FIXTURES / "news_article.html").read_bytes())


def test_article_body_is_extracted(article):
    assert "Approximately 3,000 North Korean troops are believed to have been sent to Russia" in article.text
    assert "Zelensky said on Thursday" in article.text
    assert article.content_type == "text/html"


@pytest.mark.parametrize(
    "furniture",
    [
        "Accept all cookies",  # cookie banner
        "We use cookies",
        "Politics",  # navigation
        "Subscribe",  # header button and paywall prompt
        "free articles this month",
        "morning briefing",  # newsletter sign-up inside the body
        "Sign up for our free newsletter",
        "Most read",  # most-read box
        "Celebrity chef",
        "cat's sleeping habits",
        "Share on Facebook",  # share bar
        "Tags:",
        "All rights reserved",  # footer
        "Independent Press Standards Organisation",
        "Privacy policy",
    ],
)
def test_page_furniture_never_becomes_text(article, furniture):
    assert furniture.lower() not in article.text.lower()


def test_metadata_is_taken_from_the_page(article):
    assert article.title == "North Korean troops sent to Russia, Seoul says"
    assert article.author == "Jane Whitfield"
    assert article.published == date(2024, 10, 18)
    assert article.url == "https://www.dailyledger.example/world/2024/10/18/north-korea-troops-russia"


def test_given_url_is_kept_when_the_page_has_none():
    html = (
        "<html><body><article><p>"
        + "The council voted 7-2 to close the library on Monday. " * 8
        + "</p></article></body></html>"
    )
    document = extract(html, url="https://example.org/library")
    assert document.url == "https://example.org/library"
    assert document.published is None and document.author == ""


def test_navigation_only_page_is_a_clear_error():
    with pytest.raises(InputError, match="no article text"):
        extract((FIXTURES / "navigation_only.html").read_bytes())


def test_short_html_fragment_still_gives_its_text():
    document = extract("<p>The council voted 7-2 to close the library on Monday.</p>")
    assert document.text == "The council voted 7-2 to close the library on Monday."


def test_broken_html_gives_its_text():
    html = "<html><body><div><p>The bridge opened in 1932 and carries 160,000 vehicles a day.<p>It cost 10 million pounds<div></span></b>"
    document = extract(html)
    assert "The bridge opened in 1932" in document.text


def _lxml_text(html):
    from lxml import html as lxml_html

    return lxml_html.document_fromstring(html).text_content()


def test_markup_deeper_than_the_limit_loses_its_tags_not_its_text():
    html = "<html><body>" + "<div class='a'><b>" * 150 + "Deep words." + "</b></div>" * 150 + "</body></html>"
    assert "Deep words." not in _lxml_text(html)  # what the parser alone would lose
    flat = flatten_deep_markup(html)
    assert "Deep words." in _lxml_text(flat)
    # <html> and <body> take two of the 200 levels kept.
    assert flat.count("<div class='a'>") + flat.count("<b>") == 198


def test_shallow_markup_is_returned_as_it_is():
    html = "<html><body>" + "<p>One<br>two</p><ul><li>three</ul>" * 300 + "</body></html>"
    assert flatten_deep_markup(html) is html


def test_unclosed_tags_the_parser_closes_itself_are_left_alone():
    # Counted naively this nests 260 deep; lxml closes each <b> at the next <p>.
    html = (
        "<html><body>"
        + "".join(f"<p><b>Paragraph {i} in bold" for i in range(260))
        + "<article><p>The port handled 40 percent of exports, officials said.</p></article>"
        + "<script>var a = 1; trackPage();</script></body></html>"
    )
    assert flatten_deep_markup(html) is html


def test_a_script_below_the_limit_is_never_unwrapped():
    html = "<html><body>" + "<div>" * 300 + "<script>trackPage();</script><p>Text.</p>" + "</div>" * 300
    flat = flatten_deep_markup(html)
    assert "<script>trackPage();</script>" in flat and "Text." in _lxml_text(flat)


def test_list_items_nested_past_the_limit_are_flattened_too():
    html = "<html><body><ul>" + "<li><span>item " * 260 + "<p>The last words.</p></body></html>"
    assert "The last words." not in _lxml_text(html)
    assert "The last words." in _lxml_text(flatten_deep_markup(html))


def test_stray_end_tags_close_nothing():
    # Unmatched end tags neither drop open elements nor cost a search each.
    html = "<div>" * 300 + "</span>" * 50_000 + "<i>x</i>" + "</div>" * 300
    flat = flatten_deep_markup(html)
    assert flat.count("</span>") == 50_000 and flat.count("<div>") == 200 and "x" in _lxml_text(flat)


def test_content_type_overrides_sniffing():
    text = "<p> is the paragraph tag. Writers use it for text."
    assert extract(text.encode(), content_type="text/plain").text == text
    assert looks_like_html(b"<!DOCTYPE html><html>")
    assert not looks_like_html(b"Plain words, no markup.")


def test_plain_text_keeps_headline_and_paragraph_breaks():
    document = extract(
        b"Troops sent to Russia\n\nSeoul says 3,000 soldiers went.\nNATO could not confirm it."
    )
    assert (
        document.text
        == "Troops sent to Russia\n\nSeoul says 3,000 soldiers went.\nNATO could not confirm it."
    )
    assert document.content_type == "text/plain"


def test_hard_wrapped_plain_text_is_unwrapped_but_headline_kept():
    raw = (
        "Council closes library\n"
        "The council voted on Monday to close the central library,\n"
        "which has served the town since 1904, after a review found\n"
        "that repairs would cost more than 2 million pounds to carry\n"
        "out.\n"
        "The library shuts in May."
    )
    text = normalize_text(raw, unwrap=True)
    assert text.split("\n") == [
        "Council closes library",
        "The council voted on Monday to close the central library, which has served the town since 1904, "
        "after a review found that repairs would cost more than 2 million pounds to carry out.",
        "The library shuts in May.",
    ]


def test_lowercase_continuation_line_is_joined_in_plain_text():
    assert (
        normalize_text("The minister said the figure\nwas wrong.", unwrap=True)
        == "The minister said the figure was wrong."
    )


def test_normalize_collapses_spaces_and_invisible_characters():
    assert (
        normalize_text("  Hello\u00a0\u00a0world\u200b!\r\n\r\n\r\nNext\tline  ")
        == "Hello world!\n\nNext line"
    )


def test_utf8_with_stray_windows_1252_bytes_keeps_both():
    data = "Café costs €5 — ".encode() + "naïve “quote”".encode("cp1252")
    assert decode(data) == "Café costs €5 — naïve “quote”"


PRICE = "The fare rose to £5.40, up 8% on last year, the operator said."


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # One stray byte far from the text's only "£": past the first 64 KiB.
        (b"Rail news. " * 7000 + b"\xff " + PRICE.encode(), "ÿ " + PRICE),
        # A stray byte before any non-ASCII character.
        (b"\x93Fares\x94 " + PRICE.encode(), "“Fares” " + PRICE),
        # Labelled Latin-1 by the page, but its bytes are UTF-8 save one.
        (b'<meta charset="iso-8859-1"><p>\x96 ' + PRICE.encode() + b"</p>", "– " + PRICE),
        # More stray bytes than one in 500, fewer than the well-formed characters.
        ("£ é ü ".encode() * 30 + b"\xe9 " * 40 + PRICE.encode(), "£ é ü " * 30 + "é " * 40 + PRICE),
    ],
)
def test_utf8_with_a_stray_byte_keeps_its_valid_characters(data, expected):
    assert expected in decode(data)
    assert "Â£" not in decode(data)


def test_the_public_decoding_helper_gives_the_normalised_text():
    data = "  Fares\r\n\r\n\r\nrose to £5. ".encode() + b"\xff"
    assert decode_text(data) == "Fares\n\nrose to £5. ÿ"
    assert decode_text(CZECH.encode("iso-8859-2"), content_type="text/plain; charset=iso-8859-2") == CZECH
    with pytest.raises(InputError, match="empty"):
        decode_text(b"  ")


CZECH = "Vláda v úterý oznámila, že inflace v září klesla na 2,4 procenta. Ministr financí řekl, že rozpočet bude vyrovnaný."


def test_charset_the_server_declared_is_honoured():
    data = CZECH.encode("iso-8859-2")
    assert decode(data, charset="iso-8859-2") == CZECH
    document = extract(data, content_type="text/plain; charset=ISO-8859-2")
    assert document.text == CZECH and document.content_type == "text/plain"


def test_server_charset_comes_before_the_pages_meta():
    html = f'<html><head><meta charset="iso-8859-1"></head><body><p>{CZECH}</p></body></html>'
    assert CZECH in extract(html.encode("cp1250"), content_type="text/html; charset=windows-1250").text


def test_a_latin_1_label_reads_curly_quotes_as_browsers_do():
    data = (
        '<html><head><meta charset="iso-8859-1"></head><body><p>“Prices rose 5%”, she said.</p></body></html>'
    )
    assert "“Prices rose 5%”, she said." in extract(data.encode("cp1252")).text


def test_a_wrong_server_charset_does_not_garble_utf8():
    assert decode("Zürich’s café".encode(), charset="iso-8859-1") == "Zürich’s café"


def test_declared_charset_is_honoured():
    html = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    assert "Привет, мир" in decode(html.encode("cp1251"))


def test_undeclared_legacy_encoding_is_detected():
    text = (
        "Правительство объявило о повышении налогов на 3 процента. Профсоюзы протестуют против этого решения."
    )
    assert decode(text.encode("cp1251")) == text


def test_utf16_with_bom_is_decoded():
    assert decode("Troops were sent.".encode("utf-16")) == "Troops were sent."


def test_mojibake_is_repaired():
    broken = "The minister’s café in Zürich".encode().decode("cp1252")
    assert repair_mojibake(broken) == "The minister’s café in Zürich"
    assert decode(broken.encode()) == "The minister’s café in Zürich"


def test_legitimate_accents_are_not_touched_by_mojibake_repair():
    assert repair_mojibake("Ângela Ãlvares visited Âmbar.") == "Ângela Ãlvares visited Âmbar."


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b" \n\t ", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (bytes(range(128, 256)) * 40, "binary"),
    ],
)
def test_unusable_bytes_are_refused_with_a_reason(data, message):
    with pytest.raises(InputError, match=message):
        extract(data)


def test_oversized_input_is_refused():
    with pytest.raises(InputError, match="limit"):
        decode(b"a" * (8 * 1024 * 1024 + 1))


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le gouvernement a annoncé une hausse des impôts, déclarée légitime.", "cp1252"),
        ("Die Regierung hat höhere Steuern für Bürger angekündigt.", "latin-1"),
        ("Правительство объявило о повышении налогов на три процента.", "cp1251"),
        ("Η κυβέρνηση ανακοίνωσε νέους φόρους για τους πολίτες της χώρας.", "iso-8859-7"),
    ],
)
def test_short_legacy_encoded_text_is_read_in_its_own_script(text, encoding):
    assert decode(text.encode(encoding)) == text


LATIN_SCRIPT = {
    "cs": CZECH,
    "pl": "Rząd ogłosił we wtorek, że inflacja we wrześniu spadła do 2,4 procent, powiedział minister.",
    "sk": "Vláda v utorok oznámila, že inflácia klesla. Ľudia podľa ministra zaplatia menej.",
    "sl": "Vlada je v torek sporočila, da bo proračun uravnotežen in da ne bo težav.",
    "hu": "A kormány kedden bejelentette, hogy az infláció 2,4 százalékra csökkent.",
    "da": "Regeringen meddelte, at økonomien går godt på Færøerne, sagde ministeren.",
    "en": "The café in Zürich raised prices by 5% — the mayor’s office said “it is fair”, ±3 points.",
    # è and ù read as Czech č and ů in Windows-1250: the tie goes to Windows-1252.
    "fr": "Le ministre a déclaré que le problème était très grave.",
    "it": "Il governo è al lavoro, ma il tasso è più basso del previsto.",
}


def _writable(text, encoding):
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        pytest.param(text, encoding, id=f"{language}-{encoding}")
        for language, text in LATIN_SCRIPT.items()
        for encoding in ("cp1252", "cp1250", "iso-8859-2")
        if _writable(text, encoding)
    ],
)
def test_undeclared_latin_script_text_is_read_in_the_codec_its_language_fits(text, encoding):
    # Windows-1250 and ISO-8859-2 share most letters: read in the wrong one, Czech "ž"
    # becomes Slovak "ľ", Polish "ą" a "±"; read as Windows-1252, "ř" becomes "ø".
    assert decode(text.encode(encoding)) == text


def test_plain_text_headline_becomes_the_title():
    document = extract(
        "Putin signals Russia's right to engage troops\n\nIn a recent statement, Putin said so."
    )
    assert document.title == "Putin signals Russia's right to engage troops"
    assert document.text.startswith("Putin signals")  # the headline stays in the text: offsets


def test_plain_text_without_a_headline_has_no_title():
    assert extract("In a recent statement, Putin said so.\n\nHe added more.").title == ""
    assert extract("One paragraph that ends like a sentence.\n\nAnother.").title == ""


@pytest.mark.parametrize("label", ["undefined", "unicode_escape", "utf-7", "rot13", "x-no-such-charset"])
def test_a_bogus_declared_charset_is_ignored_not_fatal(label):
    page = (
        f'<html><head><meta charset="{label}"></head><body><p>Prices rose 3% in caf\xe9s.</p></body></html>'
    )
    text = decode(page.encode("latin-1"))
    assert "Prices rose 3% in caf" in text
