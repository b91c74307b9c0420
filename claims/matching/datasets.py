"""The public claim-matching sets (CheckThat! 2022 Task 2A and 2020 Task 2, English).

A set is a list of verified claims and, per split, queries (tweets) with the ids of the
verified claims they repeat. See datasets/README.md for the files and their licences.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path

SETS = ("ct22-2a-en", "ct20-t2-en")
SPLITS = {"ct22-2a-en": ("train", "dev", "dev-test", "test"), "ct20-t2-en": ("train", "dev", "test")}


def datasets_dir() -> Path:
    env = os.environ.get("FACTCHECK_DATASETS_DIR")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[2] / "datasets"


@dataclass(frozen=True, slots=True)
class Split:
    """Queries of one split and, for each, the set of ids of the claims it repeats."""

    queries: dict[str, str]
    relevant: dict[str, frozenset[str]]


@dataclass(frozen=True, slots=True)
class MatchingSet:
    name: str
    claims: dict[str, str]  # id -> text the index holds (claim, then its title)

    def split(self, split: str) -> Split:
        return _load_split(self.name, split)


def clean_query(text: str) -> str:
    """A tweet as the query. Its "— Name (@handle) January 6, 2020" tail is kept: dropping it
    was tried on the selection splits and lost (CT20 dev MAP@5 0.809 -> 0.776; the author is
    often part of the claim: "Trump tweeted ...")."""
    return text.strip()


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t"))


def load(name: str) -> MatchingSet:
    root = datasets_dir() / "claim-matching" / name
    claims: dict[str, str] = {}
    if name == "ct22-2a-en":
        with (root / "vclaims.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                claims[row["vclaim_id"]] = f"{row['vclaim']} {row['title']}".strip()
    elif name == "ct20-t2-en":
        for row in _read_tsv(root / "verified_claims.tsv")[1:]:
            claims[row[0]] = f"{row[1]} {row[2] if len(row) > 2 else ''}".strip()
    else:
        raise ValueError(f"unknown set {name!r}: one of {SETS}")
    return MatchingSet(name=name, claims=claims)


def _load_split(name: str, split: str) -> Split:
    root = datasets_dir() / "claim-matching" / name
    if name == "ct22-2a-en":
        query_file = "train-dev.queries.tsv" if split in ("train", "dev") else f"{split}.queries.tsv"
        qrels_rows = _read_tsv(root / f"{split}.qrels.tsv")
        rows = _read_tsv(root / query_file)
    else:
        qrels_rows = _read_tsv(root / f"{split}.qrels")
        rows = _read_tsv(root / f"{split}.queries.tsv")[1:]
    relevant: dict[str, set[str]] = {}
    for row in qrels_rows:
        if len(row) >= 3 and row[0] != "":
            relevant.setdefault(row[0], set()).add(row[2])
    texts = {row[0]: row[1] for row in rows if len(row) >= 2}
    queries = {qid: clean_query(texts[qid]) for qid in relevant if qid in texts}
    return Split(queries=queries, relevant={q: frozenset(relevant[q]) for q in queries})
