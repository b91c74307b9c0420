import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connections

from tests.conftest import SEED


def split_json(path) -> dict:
    out = StringIO()
    call_command("split_claims", str(path), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def no_database(monkeypatch):
    """Fail the test if anything opens a database connection."""

    def refuse(*args, **kwargs):
        raise AssertionError("split_claims touched the database")

    for alias in connections:
        monkeypatch.setattr(connections[alias], "ensure_connection", refuse)


def test_json_has_exactly_the_documented_shape(no_database):
    result = split_json(SEED)
    assert set(result) == {"language", "text", "claims"}
    assert result["language"] == "en"
    assert result["claims"]
    for claim in result["claims"]:
        assert set(claim) == {"text", "sentence", "start", "end", "claimant", "checkworthiness", "quote"}
        assert result["text"][claim["start"] : claim["end"]] == claim["sentence"]
        assert 0 <= claim["checkworthiness"] <= 1
        assert isinstance(claim["quote"], bool)
        assert claim["claimant"] is None or isinstance(claim["claimant"], str)


def find(claims, *words):
    return [c for c in claims if all(word.lower() in c["text"].lower() for word in words)]


def test_seed_article_claims(no_database):
    claims = split_json(SEED)["claims"]
    troops = find(claims, "3,000", "North Korean troops")
    assert troops and troops[0]["claimant"] == "U.S. intelligence"
    assert find(claims, "Kursk")
    assert find(claims, "Pyongyang", "June")
    assert find(claims, "Article 4", "mutual defense")
    quote = find(claims, "This is our business")
    assert quote and quote[0]["quote"] is True and "Putin" in quote[0]["claimant"]
    assert not find(claims, "Tags")


def test_html_file(tmp_path, no_database):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Deficit</title></head><body><nav>Home | World | Sport</nav><article>"
        "<p>The Treasury said on Tuesday that the deficit fell to 3.1 percent of GDP in 2025, "
        "down from 4.4 percent a year earlier.</p></article></body></html>"
    )
    result = split_json(page)
    assert "deficit fell to 3.1 percent" in result["text"]
    assert "Home | World" not in result["text"]


def test_binary_file_is_a_clear_error(tmp_path, no_database):
    blob = tmp_path / "blob.txt"
    blob.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(CommandError, match="binary"):
        split_json(blob)


def test_a_name_longer_than_the_system_allows_is_a_one_line_error(tmp_path, no_database):
    with pytest.raises(CommandError) as error:
        split_json(tmp_path / ("a" * 300 + ".txt"))
    assert str(error.value).endswith("a.txt: File name too long")
    assert "\n" not in str(error.value) and len(str(error.value)) < 120


def test_a_missing_file_is_a_clear_error(tmp_path, no_database):
    with pytest.raises(CommandError, match="missing.txt: no such file"):
        split_json(tmp_path / "missing.txt")


def test_the_text_output_says_what_the_article_limits_cut(tmp_path, settings, no_database):
    settings.FACTCHECK_ARTICLE_MAX_REPEATS = 2
    repeated = tmp_path / "repeated.txt"
    repeated.write_text(
        "The unemployment rate rose to 5.2 percent in 2024, the statistics office said. " * 50
    )
    out = StringIO()
    call_command("split_claims", str(repeated), stdout=out)
    assert (
        "note: Limits reached; not recorded: 48 repeats of a sentence already recorded 2 times."
        in out.getvalue()
    )
    assert len(split_json(repeated)["claims"]) == 2


def test_a_file_over_the_size_limit_is_a_clear_error(tmp_path, settings, no_database):
    settings.FACTCHECK_FETCH_MAX_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(b"The council said 40 new homes were built in 2024. " * 100)
    with pytest.raises(CommandError, match="big.txt: the file is 5,000 bytes; the limit is 1,000$"):
        split_json(big)
