"""Language identification: short news sentences, mixed texts, and what cannot be told."""

from __future__ import annotations

import time

import pytest

from claims.splitting.language import detect_language

ENGLISH = (
    "Approximately 3,000 North Korean troops are believed to have been sent to Russia, "
    "according to U.S. intelligence. The Pentagon declined to comment on Tuesday. "
)
FRENCH = (
    "Le gouvernement a annoncé mardi une hausse de 3 % des impôts locaux, une décision "
    "vivement critiquée par les syndicats et l'opposition. "
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Troops were sent to Russia on Monday.", "en"),
        ("The council voted 7-2 to close the library on Monday.", "en"),
        ("Le gouvernement a annoncé une hausse des impôts.", "fr"),
        ("Die Regierung hat neue Steuern angekündigt.", "de"),
        ("El gobierno anunció nuevos impuestos ayer.", "es"),
        ("Правительство объявило о повышении налогов.", "ru"),
        ("Уряд оголосив про підвищення податків.", "uk"),
        ("政府宣布了新的税收政策。专家表示支持。", "zh"),
        ("أعلنت الحكومة عن زيادة الضرائب بنسبة ثلاثة في المئة.", "ar"),
    ],
)
def test_one_news_sentence_is_enough(text, expected):
    assert detect_language(text) == expected


def test_english_article_quoting_another_language_is_english():
    text = ENGLISH + 'Macron told reporters: "nous ne céderons pas", before leaving for Brussels. ' + ENGLISH
    assert detect_language(text) == "en"


def test_main_language_wins_over_an_opening_in_another():
    # An English standfirst on top of a long French article.
    text = ENGLISH * 20 + FRENCH * 60
    assert detect_language(text) == "fr"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "NATO USA EU UN", "3,000 2024 10:30 +44 20 7946 0000", "!!! ??? ...", "Kursk Pyongyang"],
)
def test_what_cannot_be_told_is_undetermined_not_guessed(text):
    assert detect_language(text) == "und"


def test_huge_text_is_judged_on_samples_in_bounded_time():
    text = FRENCH * 40_000  # about 5 MB
    detect_language(FRENCH)  # loads the detector's model: a one-off cost, not what is timed
    started = time.perf_counter()
    assert detect_language(text) == "fr"
    assert time.perf_counter() - started < 1.0
