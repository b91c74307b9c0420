"""Splitting speed: sentences per second on one CPU core.

Prints the full splitter (extract, segment, language, score, attribute, decompose)
beside the bare segmenter, both measured in this run on the same news-like corpus:
the labelled news set (plain text and an HTML page) and the seed article.

    .venv/bin/python bench/splitter.py [--seconds 5]

Target: the full splitter at >= 1,000 sentences/s/core, models loaded once.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.splitting import Splitter  # noqa: E402
from claims.splitting.extract import extract  # noqa: E402
from claims.splitting.segment import segment  # noqa: E402

TARGET = 1000.0


def corpus() -> list[tuple[bytes, str]]:
    news = ROOT / "claims" / "splitting" / "evaluation" / "news"
    files = sorted(
        [*news.glob("*.txt"), *news.glob("*.html"), ROOT / "seeds" / "putin-north-korean-troops.txt"]
    )
    return [(f.read_bytes(), "text/html" if f.suffix == ".html" else "text/plain") for f in files]


def rate(work, seconds: float) -> tuple[float, int]:
    """Run ``work`` (returning a sentence count) repeatedly for ``seconds``; sentences/s."""
    work()  # warm caches and lazy imports outside the clock
    sentences, rounds, started = 0, 0, time.perf_counter()
    while True:
        sentences += work()
        rounds += 1
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return sentences / elapsed, rounds


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=5.0, help="time per measurement")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core: figures are per core

    documents = corpus()
    started = time.perf_counter()
    splitter = Splitter()
    load_seconds = time.perf_counter() - started
    texts = [extract(data, content_type=ctype).text for data, ctype in documents]

    def bare_segmenter() -> int:
        return sum(len(segment(text)) for text in texts)

    def full_splitter() -> int:
        return sum(splitter.split(data, content_type=ctype).sentences for data, ctype in documents)

    per_round = bare_segmenter()
    claims = sum(len(splitter.split(data, content_type=ctype).claims) for data, ctype in documents)
    segment_rate, segment_rounds = rate(bare_segmenter, args.seconds)
    full_rate, full_rounds = rate(full_splitter, args.seconds)

    print(f"corpus: {len(documents)} documents, {per_round} sentences, {claims} claims per round")
    print(f"model load (once per process): {load_seconds * 1000:.0f} ms")
    print(f"{'measure':<44}{'sentences/s/core':>18}{'rounds':>8}")
    print(f"{'bare segmenter (baseline)':<44}{segment_rate:>18,.0f}{segment_rounds:>8}")
    print(f"{'full splitter (extract..decompose)':<44}{full_rate:>18,.0f}{full_rounds:>8}")
    print(f"{'target for the full splitter':<44}{TARGET:>18,.0f}")
    verdict = "meets" if full_rate >= TARGET else "MISSES"
    print(
        f"full splitter {verdict} the target: {full_rate / TARGET:.2f}x; "
        f"it runs at {full_rate / segment_rate:.1%} of the bare segmenter's speed"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
