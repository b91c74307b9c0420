"""Recall, precision and claimant accuracy of the full splitter on the team's labelled news set.

Each article in ``claims/splitting/evaluation/news/`` (``<slug>.txt`` or ``<slug>.html``)
has a ``<slug>.gold.json``: ``{"topic", "held_out", "claims": [{"sentence_contains",
"claim", "claimant"}]}``. A gold ``claimant`` is a name, ``null`` (the article itself
asserts it), or a list of acceptable values (``null`` in the list accepts no claimant).

Matching: a produced claim matches a gold claim when its source sentence contains
``sentence_contains`` and the token F1 of the two claim texts (lower-cased word tokens,
curly quotes folded) is at least ``--min-f`` (0.6). Pairs are assigned one to one, best F
first, so an unsplit compound sentence matches at most one of its gold claims.

- recall: gold claims matched by some produced claim;
- precision: produced claims that match a gold claim (every claim the splitter emits
  counts, so sentences passing the check-worthiness threshold that the labels do not
  treat as claims lower it);
- claimant accuracy: over matched pairs, the claimant equals an accepted gold value after
  normalisation (case, a leading "the", punctuation); a claimant where gold has none,
  or another name, is *wrong*; no claimant where gold has one is *missing*.

Articles whose gold says ``"held_out": true`` were labelled with the others but never
looked at while writing the rules: ``--subset held-out`` reports them alone.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

NEWS_DIR = Path(__file__).with_name("news")
MIN_F = 0.6

_TOKEN = re.compile(r"\w+")
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\u00a0": " "})
_LEADING_THE = re.compile(r"^the\s+")


@dataclass(frozen=True, slots=True)
class GoldClaim:
    sentence_contains: str
    claim: str
    claimants: tuple[str | None, ...]


@dataclass(frozen=True, slots=True)
class Article:
    slug: str
    path: Path
    topic: str
    held_out: bool
    gold: tuple[GoldClaim, ...]


@dataclass(slots=True)
class Counts:
    gold: int = 0
    produced: int = 0
    matched: int = 0
    claimant_right: int = 0
    claimant_wrong: int = 0
    claimant_missing: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)
    claimant_errors: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.produced += other.produced
        self.matched += other.matched
        self.claimant_right += other.claimant_right
        self.claimant_wrong += other.claimant_wrong
        self.claimant_missing += other.claimant_missing

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 0.0

    @property
    def claimant_accuracy(self) -> float:
        return self.claimant_right / self.matched if self.matched else 0.0


def fold(text: str) -> str:
    return text.translate(_FOLD)


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(fold(text).casefold())


def token_f1(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    remaining: dict[str, int] = {}
    for token in tb:
        remaining[token] = remaining.get(token, 0) + 1
    common = 0
    for token in ta:
        if remaining.get(token, 0) > 0:
            remaining[token] -= 1
            common += 1
    if common == 0:
        return 0.0
    precision, recall = common / len(ta), common / len(tb)
    return 2 * precision * recall / (precision + recall)


def normalise_claimant(name: str | None) -> str | None:
    if name is None:
        return None
    text = " ".join(tokens(name))
    text = _LEADING_THE.sub("", text)
    return text or None


def load_articles(directory: Path = NEWS_DIR) -> list[Article]:
    articles = []
    for gold_path in sorted(directory.glob("*.gold.json")):
        slug = gold_path.name.removesuffix(".gold.json")
        candidates = [p for p in (directory / f"{slug}.txt", directory / f"{slug}.html") if p.exists()]
        if len(candidates) != 1:
            raise FileNotFoundError(f"{gold_path}: expected exactly one of {slug}.txt or {slug}.html")
        data = json.loads(gold_path.read_text(encoding="utf-8"))
        gold = []
        for item in data["claims"]:
            claimant = item["claimant"]
            accepted = tuple(claimant) if isinstance(claimant, list) else (claimant,)
            gold.append(GoldClaim(item["sentence_contains"], item["claim"], accepted))
        articles.append(
            Article(slug, candidates[0], data.get("topic", ""), bool(data.get("held_out")), tuple(gold))
        )
    return articles


def evaluate_article(article: Article, produced: Iterable, *, min_f: float = MIN_F) -> Counts:
    """Score produced claims (objects with ``text``, ``sentence``, ``claimant``) against gold."""
    produced = list(produced)
    counts = Counts(gold=len(article.gold), produced=len(produced))
    pairs = []
    for g_index, gold in enumerate(article.gold):
        needle = fold(gold.sentence_contains)
        for p_index, claim in enumerate(produced):
            if needle not in fold(claim.sentence):
                continue
            f = token_f1(claim.text, gold.claim)
            if f >= min_f:
                pairs.append((f, g_index, p_index))
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    gold_done: set[int] = set()
    produced_done: set[int] = set()
    for _, g_index, p_index in pairs:
        if g_index in gold_done or p_index in produced_done:
            continue
        gold_done.add(g_index)
        produced_done.add(p_index)
        counts.matched += 1
        gold, claim = article.gold[g_index], produced[p_index]
        accepted = {normalise_claimant(name) for name in gold.claimants}
        got = normalise_claimant(claim.claimant)
        if got in accepted:
            counts.claimant_right += 1
        elif got is None:
            counts.claimant_missing += 1
            counts.claimant_errors.append(f"missing: {gold.claim!r} (gold {gold.claimants[0]!r})")
        else:
            counts.claimant_wrong += 1
            counts.claimant_errors.append(
                f"wrong: {gold.claim!r} got {claim.claimant!r} (gold {gold.claimants[0]!r})"
            )
    counts.misses = [g.claim for i, g in enumerate(article.gold) if i not in gold_done]
    counts.extras = [f"{c.text!r} [{c.claimant}]" for i, c in enumerate(produced) if i not in produced_done]
    return counts


def _select(articles: list[Article], subset: str) -> list[Article]:
    if subset == "dev":
        return [a for a in articles if not a.held_out]
    if subset == "held-out":
        return [a for a in articles if a.held_out]
    return articles


def _line(name: str, c: Counts) -> str:
    return (
        f"{name:<34} {c.gold:>4} {c.produced:>5} {c.matched:>5} {c.recall:>7.3f} {c.precision:>7.3f} "
        f"{c.claimant_accuracy:>7.3f} {c.claimant_wrong:>5} {c.claimant_missing:>5}"
    )


def run(args: argparse.Namespace) -> int:
    from claims.splitting import Splitter

    splitter = Splitter() if args.threshold is None else Splitter(threshold=args.threshold)
    articles = _select(load_articles(Path(args.dir)), args.subset)
    if not articles:
        print("no articles selected")
        return 1
    header = f"{'article':<34} {'gold':>4} {'prod':>5} {'match':>5} {'recall':>7} {'prec':>7} {'claim.':>7} {'wrong':>5} {'miss':>5}"
    print(header)
    print("-" * len(header))
    totals = {"all": Counts(), "dev": Counts(), "held-out": Counts()}
    for article in articles:
        result = splitter.split(article.path.read_bytes())
        counts = evaluate_article(article, result.claims, min_f=args.min_f)
        totals["all"].add(counts)
        totals["held-out" if article.held_out else "dev"].add(counts)
        print(_line(article.slug + (" *" if article.held_out else ""), counts))
        if args.verbose:
            for text in counts.misses:
                print(f"    missed gold: {text}")
            for text in counts.extras:
                print(f"    unmatched:   {text}")
            for text in counts.claimant_errors:
                print(f"    claimant {text}")
    print("-" * len(header))
    for name in ("dev", "held-out", "all"):
        if totals[name].gold:
            print(_line(f"TOTAL {name}", totals[name]))
    print("(* held out; claimant accuracy is over matched claims; wrong/miss are claimant errors)")
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--dir", default=str(NEWS_DIR), help="directory of articles and *.gold.json")
    parser.add_argument("--subset", choices=("all", "dev", "held-out"), default="all")
    parser.add_argument("--min-f", type=float, default=MIN_F, help="token F1 for a match (default 0.6)")
    parser.add_argument(
        "--threshold", type=float, default=None, help="check-worthiness threshold (default: the model's)"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses, extras, claimant errors")
    parser.set_defaults(run=run)


if __name__ == "__main__":
    import sys

    _parser = argparse.ArgumentParser(prog="python -m claims.splitting.evaluation.news", description=__doc__)
    add_arguments(_parser)
    _args = _parser.parse_args()
    sys.exit(_args.run(_args))
