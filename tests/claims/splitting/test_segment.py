"""Sentence segmentation: the news furniture and abbreviations a claim splitter meets.

CASES doubles as the accuracy set the segmenter was chosen on (see the docstring of
``claims.splitting.segment``): each is a text and the sentences expected from it.
"""

from __future__ import annotations

import time

import pytest

from claims.splitting.segment import segment

CASES: list[tuple[str, str, list[str]]] = [
    (
        "plain sentences",
        "Troops arrived on Monday. They left on Friday! Why did they go?",
        ["Troops arrived on Monday.", "They left on Friday!", "Why did they go?"],
    ),
    (
        "u.s. mid-sentence",
        "The U.S. Army sent 3,000 troops to Poland. Officials confirmed it.",
        ["The U.S. Army sent 3,000 troops to Poland.", "Officials confirmed it."],
    ),
    (
        "u.s. ends a sentence",
        "The aid was paid for by the U.S. The Pentagon declined to comment.",
        ["The aid was paid for by the U.S.", "The Pentagon declined to comment."],
    ),
    (
        "titles before names",
        "Dr. Anthony Fauci met Gen. Mark Milley and Sen. Bernie Sanders. Mr. Smith was absent.",
        ["Dr. Anthony Fauci met Gen. Mark Milley and Sen. Bernie Sanders.", "Mr. Smith was absent."],
    ),
    (
        "saint and street",
        "The summit was held in St. Petersburg in June. Prices rose.",
        ["The summit was held in St. Petersburg in June.", "Prices rose."],
    ),
    (
        "initials",
        "George W. Bush signed the bill in 2002. J.K. Rowling wrote seven books.",
        ["George W. Bush signed the bill in 2002.", "J.K. Rowling wrote seven books."],
    ),
    (
        "numbers and decimals",
        "Inflation fell to 2.4% in March. It was 3.1 percent a year earlier.",
        ["Inflation fell to 2.4% in March.", "It was 3.1 percent a year earlier."],
    ),
    (
        "months, times and No.",
        "The vote is on Jan. 5 at 3 p.m. in room No. 10 of the Capitol. It is public.",
        ["The vote is on Jan. 5 at 3 p.m. in room No. 10 of the Capitol.", "It is public."],
    ),
    (
        "time ends a sentence",
        "The polls closed at 8 p.m. The count began at once.",
        ["The polls closed at 8 p.m.", "The count began at once."],
    ),
    (
        "company suffixes",
        "Acme Inc. said sales rose 5%. Beta Corp. The firm disagreed.",
        ["Acme Inc. said sales rose 5%.", "Beta Corp.", "The firm disagreed."],
    ),
    (
        "e.g. and i.e.",
        "Some states, e.g. Texas, refused. Others, i.e. the rest, agreed.",
        ["Some states, e.g. Texas, refused.", "Others, i.e. the rest, agreed."],
    ),
    (
        "quote spanning sentences kept with its attribution",
        '"We will not retreat. We will win," Zelensky said on Tuesday. The crowd cheered.',
        ['"We will not retreat. We will win," Zelensky said on Tuesday.', "The crowd cheered."],
    ),
    (
        "curly quote spanning sentences",
        "“Prices are falling. Wages are rising,” the minister said. Critics disagreed.",
        ["“Prices are falling. Wages are rising,” the minister said.", "Critics disagreed."],
    ),
    (
        "quote closed by a full stop splits",
        'He said: "The troops arrived in Kursk. They are North Korean." Nobody denied it.',
        ['He said: "The troops arrived in Kursk.', 'They are North Korean."', "Nobody denied it."],
    ),
    (
        "quoted question with attribution",
        '"Why now?" Senator Warner asked. The answer was unclear.',
        ['"Why now?" Senator Warner asked.', "The answer was unclear."],
    ),
    (
        "quoted question with lowercase attribution",
        '"Is it true?" she asked. Nobody knew.',
        ['"Is it true?" she asked.', "Nobody knew."],
    ),
    (
        "headline line then text",
        "North Korea sends 3,000 troops to Russia\nSeoul said on Friday that the troops had arrived.",
        ["North Korea sends 3,000 troops to Russia", "Seoul said on Friday that the troops had arrived."],
    ),
    (
        "dateline with date",
        "LONDON, March 14 — Britain will raise defence spending to 2.5% of GDP, the prime minister said.",
        ["Britain will raise defence spending to 2.5% of GDP, the prime minister said."],
    ),
    (
        "dateline with agency",
        "WASHINGTON (Reuters) - The Senate passed the bill 68-32. It now goes to the House.",
        ["The Senate passed the bill 68-32.", "It now goes to the House."],
    ),
    (
        "dateline with region and agency",
        "KYIV, Ukraine (AP) — Russia launched 120 missiles overnight, officials said.",
        ["Russia launched 120 missiles overnight, officials said."],
    ),
    (
        "byline is dropped",
        "By Jane Smith and John Doe\nThe council voted 7-2 to close the library.",
        ["The council voted 7-2 to close the library."],
    ),
    (
        "byline with outlet is dropped",
        "By Jane Smith, Reuters\nThe council voted 7-2 to close the library.",
        ["The council voted 7-2 to close the library."],
    ),
    (
        "sentence starting with By is kept",
        "By 2030 the city will have 2 million residents.\nBy March, prices had doubled.",
        ["By 2030 the city will have 2 million residents.", "By March, prices had doubled."],
    ),
    (
        "tags and furniture lines are dropped",
        "The bridge opened in 1932.\nTags: Sydney, Bridges, History\nAdvertisement\nShare this article\n"
        "Read more: Sydney's other bridges",
        ["The bridge opened in 1932."],
    ),
    (
        "list bullets are skipped",
        "The report found:\n- 40% of schools lack heating\n• 12 hospitals closed in 2023\n1. Rents rose by 9%.",
        [
            "The report found:",
            "40% of schools lack heating",
            "12 hospitals closed in 2023",
            "Rents rose by 9%.",
        ],
    ),
    (
        "ellipsis",
        "He paused… Then he said the war would end. Nobody believed him...",
        ["He paused…", "Then he said the war would end.", "Nobody believed him..."],
    ),
    (
        "closing brackets",
        "The law passed (after a long debate.) It takes effect in May.",
        ["The law passed (after a long debate.)", "It takes effect in May."],
    ),
    (
        "urls and domains are not ends",
        "The data is on example.com and gov.uk today. It was updated.",
        ["The data is on example.com and gov.uk today.", "It was updated."],
    ),
    (
        "lowercase after a stop is not a new sentence",
        "The vote was 52 vs. 48 in favour. The motion passed.",
        ["The vote was 52 vs. 48 in favour.", "The motion passed."],
    ),
    (
        "et al.",
        "Smith et al. found a 20% drop. The study was small.",
        ["Smith et al. found a 20% drop.", "The study was small."],
    ),
    (
        "french",
        "Le gouvernement a annoncé une hausse de 3 %. Les syndicats protestent.",
        ["Le gouvernement a annoncé une hausse de 3 %.", "Les syndicats protestent."],
    ),
    (
        "chinese stops",
        "政府宣布了新政策。专家表示支持！",
        ["政府宣布了新政策。", "专家表示支持！"],
    ),
    (
        "blank lines and spaces",
        "\n\n  First paragraph here.  \n\n\n   Second paragraph here.\n",
        ["First paragraph here.", "Second paragraph here."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_sentences_match_expected(text, expected):
    assert [sentence.text for sentence in segment(text)] == expected


@pytest.mark.parametrize("text", [case[1] for case in CASES], ids=[case[0] for case in CASES])
def test_offsets_point_into_the_text(text):
    sentences = segment(text)
    for sentence in sentences:
        assert sentence.text == text[sentence.start : sentence.end]
        assert sentence.text == sentence.text.strip()
    starts = [sentence.start for sentence in sentences]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:], strict=False))


def test_dateline_is_skipped_but_offsets_still_exact():
    text = "LONDON, March 14 — Britain will raise spending. It was announced today."
    first = segment(text)[0]
    assert first.start == text.index("Britain")
    assert text[first.start : first.end] == "Britain will raise spending."


def test_all_caps_word_with_lowercase_continuation_is_not_a_dateline():
    text = "NATO - the alliance of 32 members - met in Brussels."
    assert [s.text for s in segment(text)] == [text]


def test_empty_and_whitespace_text_give_no_sentences():
    assert segment("") == []
    assert segment(" \n\n \t ") == []


def test_paragraph_without_punctuation_is_one_sentence_in_linear_time():
    text = "word " * 400_000  # 2 MB, no stop at all
    started = time.perf_counter()
    sentences = segment(text)
    elapsed = time.perf_counter() - started
    assert len(sentences) == 1 and sentences[0].text == text.strip()
    assert elapsed < 2.0


@pytest.mark.parametrize(
    "unit",
    [
        "a. " * 3,
        'x"' * 2,
        '"a, ' * 2,
        "U.S" * 2,
        ". " * 2,
        "A. " * 2,
        "“" + "a. B, " * 2,
    ],
)
def test_pathological_repetitions_stay_linear(unit):
    # Patterns that make a backtracking regex quadratic: repeated initials,
    # unbalanced quotes, dotted tokens, stops without words.
    small = unit * 2_000
    large = unit * 20_000
    sentences = segment(large)
    assert all(s.text == large[s.start : s.end] for s in sentences)
    # 10x the input may cost about 10x the time, not 100x. The best of three
    # runs of each, taken in turn, keeps a busy neighbour core or a garbage
    # collection from deciding the test (one single run once measured 36x).
    small_elapsed = large_elapsed = float("inf")
    for _ in range(3):
        small_elapsed = min(small_elapsed, _elapsed(segment, small))
        large_elapsed = min(large_elapsed, _elapsed(segment, large))
    assert large_elapsed < max(0.5, 30 * small_elapsed)


def _elapsed(function, argument) -> float:
    started = time.perf_counter()
    function(argument)
    return time.perf_counter() - started
