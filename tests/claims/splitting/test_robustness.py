"""The whole splitter on hostile input: no crash, a clear result or a clear InputError,
bounded time and memory.

Time bounds are generous (a loaded 2-core CI machine), set to catch a quadratic
regression or a hang, not to measure speed: the benchmarks do that.
"""

from __future__ import annotations

import gzip
import json
import random
import time
import tracemalloc
from pathlib import Path

import pytest

from claims.splitting import InputError, SplitResult, Splitter

FIXTURES = Path(__file__).parent / "fixtures"
SENTENCE = "Approximately 3,000 North Korean troops are believed to have been sent to Russia, according to U.S. intelligence."


# The shipped models: robustness is a property of the product, not of a stand-in.
_SPLITTER = Splitter()


def split_document(data, **kwargs) -> SplitResult:
    return _SPLITTER.split(data, **kwargs)


def _split_timed(data, limit_seconds: float, **kwargs) -> SplitResult:
    started = time.perf_counter()
    result = split_document(data, **kwargs)
    elapsed = time.perf_counter() - started
    assert elapsed < limit_seconds, f"took {elapsed:.1f} s"
    return result


def _assert_consistent(result: SplitResult) -> None:
    text = result.text
    for claim in result.claims:
        assert text[claim.start : claim.end] == claim.sentence
    json.dumps(result.to_json())


@pytest.mark.parametrize(
    "data", [b"", "", b"   \n\n\t ", "\n \r\n"], ids=["bytes", "str", "blank bytes", "blank str"]
)
def test_empty_input_is_a_clear_error(data):
    with pytest.raises(InputError, match="empty"):
        split_document(data)


def test_one_enormous_paragraph_without_punctuation_is_one_unscored_sentence():
    rng = random.Random(1)
    words = [
        "the",
        "troops",
        "were",
        "sent",
        "to",
        "russia",
        "according",
        "to",
        "officials",
        "who",
        "said",
        "soldiers",
    ]
    text = " ".join(rng.choice(words) for _ in range(400_000))  # about 2.5 MB, no stop
    result = _split_timed(text, 30)
    assert result.sentences == 1
    assert result.claims == []  # longer than any sentence: never offered as a claim
    assert result.text == text


def test_five_megabytes_of_text_in_bounded_time_and_memory():
    text = (SENTENCE + " The Pentagon declined to comment on Tuesday.\n") * 32_000
    assert 4_500_000 < len(text) < 8 * 1024 * 1024
    tracemalloc.start()
    try:
        result = _split_timed(text, 120)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.sentences == 64_000
    assert result.language == "en"
    assert len(result.claims) >= 32_000
    _assert_consistent(result)
    # Python objects for 64,000 sentences and claims, not copies of the text per sentence.
    assert peak < 600 * 1024 * 1024


def test_five_megabytes_of_html_in_bounded_time():
    paragraphs = "".join(f"<p>{SENTENCE.replace('3,000', f'{i:,}')}</p>\n" for i in range(40_000))
    html = f"<html><head><title>Long</title></head><body><article>{paragraphs}</article></body></html>"
    assert len(html) > 4_500_000
    result = _split_timed(html.encode(), 120)
    assert result.sentences == 40_000
    assert "<p>" not in result.text
    _assert_consistent(result)


def test_input_over_the_limit_is_refused():
    with pytest.raises(InputError, match="limit"):
        split_document(b"a " * (5 * 1024 * 1024))


@pytest.mark.parametrize(
    "data",
    [
        random.Random(2).randbytes(200_000),
        bytes(random.Random(3).choices(range(128, 256), k=50_000)),
        b"\xbc" * 20_000,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 50,
        gzip.compress(SENTENCE.encode() * 500),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nstream\n\x00\x01\x02" * 200,
    ],
    ids=["random bytes", "high bytes", "one high byte repeated", "png", "gzip", "pdf"],
)
def test_binary_junk_is_refused_as_binary(data):
    with pytest.raises(InputError, match="binary"):
        split_document(data)


def test_broken_html_still_gives_claims():
    html = (
        b"<html><body><div class='story'><p>The bridge opened in 1932 and carries 160,000 vehicles a day, "
        b"officials said.<p>It cost 10 million pounds in 1932, the city council reported.<div></span></b>"
        b"<<<>>>&&&<p unclosed='"
    )
    result = _split_timed(html, 20)
    assert "The bridge opened in 1932" in result.text
    assert any("160,000 vehicles" in claim.sentence for claim in result.claims)
    _assert_consistent(result)


@pytest.mark.parametrize("depth", [300, 50_000])
def test_deeply_nested_html_keeps_its_text(depth):
    # Deeper than lxml builds a tree (256): without flattening, the sentence is lost and
    # the page reported as "only navigation".
    html = (
        "<html><body>"
        + "<div><span>" * (depth // 2)
        + "<p>The minister said 5,000 homes were built in 2023.</p>"
        + "</span></div>" * (depth // 2)
        + "</body></html>"
    )
    result = _split_timed(html.encode(), 30)
    assert [claim.sentence for claim in result.claims] == [
        "The minister said 5,000 homes were built in 2023."
    ]
    _assert_consistent(result)


def test_mixed_encodings_keep_every_character():
    data = "The café in Zürich raised prices by 5% — ".encode() + "the mayor’s office said.".encode("cp1252")
    result = split_document(data)
    assert result.text == "The café in Zürich raised prices by 5% — the mayor’s office said."


def test_wrongly_declared_encoding_does_not_garble_utf8():
    html = (
        '<html><head><meta charset="iso-8859-1"></head><body><article><p>'
        + "The café in Zürich raised prices by 5%, the mayor’s office said on Monday. " * 6
        + "</p></article></body></html>"
    ).encode("utf-8")
    result = split_document(html)
    assert "café in Zürich" in result.text and "mayor’s" in result.text


def test_double_encoded_text_is_repaired():
    data = "The mayor’s café in Zürich closed, officials said.".encode().decode("cp1252").encode()
    assert split_document(data).text == "The mayor’s café in Zürich closed, officials said."


def test_page_of_navigation_only_is_a_clear_error():
    with pytest.raises(InputError, match="no article text found on the page"):
        split_document((FIXTURES / "navigation_only.html").read_bytes())


def test_news_page_gives_claims_without_furniture_or_dateline():
    result = split_document((FIXTURES / "news_article.html").read_bytes())
    assert result.language == "en"
    assert result.claims
    sentences = [claim.sentence for claim in result.claims]
    assert sentences[0].startswith("Approximately 3,000 North Korean troops")
    for sentence in sentences:
        assert "cookie" not in sentence.lower()
        assert "subscribe" not in sentence.lower()
        assert "newsletter" not in sentence.lower()
    _assert_consistent(result)


def test_article_in_an_uncovered_language_is_recorded_and_not_scored():
    text = (
        "Le gouvernement a annoncé mardi une hausse de 3 % des impôts locaux. "
        "Selon le ministère, 12 000 communes sont concernées par cette mesure."
    )
    result = split_document(text)
    assert result.language == "fr"
    assert result.claims == []
    assert "not covered" in result.note and result.sentences == 2


def test_control_characters_and_invisible_marks_are_cleaned():
    data = "The\u200b council\x07 voted 7-2\u00ad to close the library on Monday, officials said.".encode()
    result = split_document(data)
    assert result.text == "The council voted 7-2 to close the library on Monday, officials said."
    _assert_consistent(result)


def test_symbols_only_text_is_undetermined_with_no_claims():
    result = split_document("--- *** ### 12:30 | 45.6 | 78.9 ===")
    assert result.language == "und"
    assert result.claims == []
