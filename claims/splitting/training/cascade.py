"""Choose the cascade (linear model first, transformer on the unsure sentences) and write it.

``python -m claims.splitting.training.cascade [--transformer-dir DIR]`` takes the shipped
linear model and the fine-tuned transformer (``python -m
claims.splitting.training.transformer``), scores dev.tsv and dev-test.tsv with both, and
grid-searches the band (how far from the threshold, in linear logit units, a sentence is
re-scored) and the weight of the linear model in the blend.

Selection rule (fixed before test.tsv was scored): best
``(F1 dev + 2 * F1 dev-test) / 3`` among the settings whose share of re-scored sentences,
measured on the news corpus the speed bench runs (``claims/splitting/evaluation/news`` and
the seed article: no labels are read), is at most ``--max-share``; ``--max-share`` comes
from the speeds (full splitter without the transformer, transformer alone) so that the full
splitter keeps >= 1,000 sentences/s/core with a margin. Ties: the smaller band (cheaper).

Then writes ``claims/splitting/models/checkworthiness-cascade.json`` (and copies the ONNX
model and its tokenizer beside it) and prints P/R/F1 of the cascade, the linear model and
the TF-IDF + LR baseline (trained in this run) on dev, dev-test and test. test.tsv is read
for that last table only.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

import numpy as np

from ..checkworthiness import (
    CASCADE_FORMAT,
    CASCADE_PATH,
    MODEL_PATH,
    Cascade,
    CheckworthinessModel,
    TransformerScorer,
    _logit,
)
from .checkworthiness import Baseline, figures, load_split
from .transformer import ONNX_NAME, TOKENIZER_NAME, selection_score

REPO_ROOT = Path(__file__).resolve().parents[3]
BANDS = (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 2.5, 3.0, 4.0, 1e9)
WEIGHTS = (0.0, 0.25, 0.5, 0.75)


def news_sentences() -> list[str]:
    from ..extract import extract
    from ..segment import segment

    news = REPO_ROOT / "claims" / "splitting" / "evaluation" / "news"
    files = sorted(
        [*news.glob("*.txt"), *news.glob("*.html"), REPO_ROOT / "seeds" / "putin-north-korean-troops.txt"]
    )
    out = []
    for f in files:
        text = extract(f.read_bytes(), content_type="text/html" if f.suffix == ".html" else "text/plain").text
        out += [s.text for s in segment(text)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--transformer-dir", type=Path, default=MODEL_PATH.parent)
    parser.add_argument(
        "--max-share",
        type=float,
        required=True,
        help="largest share of news sentences the transformer may re-score",
    )
    parser.add_argument(
        "--write", action="store_true", help="write the cascade file into the models directory"
    )
    parser.add_argument(
        "--report-test", action="store_true", help="also print test.tsv figures of the chosen cascade"
    )
    args = parser.parse_args(argv)

    meta = json.loads((args.transformer_dir / "checkworthiness-minilm.json").read_text())
    linear = CheckworthinessModel.from_file(MODEL_PATH)
    scorer = TransformerScorer(
        args.transformer_dir / ONNX_NAME, args.transformer_dir / TOKENIZER_NAME, max_length=meta["max_length"]
    )
    t_lin = linear.threshold
    t_tr = meta["threshold"]
    splits = {n: load_split(n) for n in ("dev", "dev-test")}
    z = {n: (linear.logits(s.texts), scorer.logits(s.texts)) for n, s in splits.items()}
    news = news_sentences()
    z_news = linear.logits(news)

    rows = []
    for band in BANDS:
        share = float(np.mean(np.abs(z_news - _logit(t_lin)) <= band))
        for weight in WEIGHTS:
            cascade = Cascade(scorer, band=band, weight=weight, transformer_threshold=t_tr)
            f1 = {}
            for n, s in splits.items():
                zl, zt = z[n]
                final = np.where(np.abs(zl - _logit(t_lin)) <= band, cascade.combine(zl, zt, t_lin), zl)
                f1[n] = figures(s.labels, final >= _logit(t_lin)).f1
            sel = selection_score(f1["dev"], f1["dev-test"])
            rows.append((band, weight, share, f1["dev"], f1["dev-test"], sel))
            print(
                f"band {band:>5g} w {weight:.2f}: news share {share:.2f}  dev {f1['dev']:.3f}  "
                f"dev-test {f1['dev-test']:.3f}  selection {sel:.3f}"
            )
    allowed = [r for r in rows if r[2] <= args.max_share]
    band, weight, share, f_dev, f_dt, sel = max(allowed, key=lambda r: (round(r[5], 6), -r[0]))
    print(
        f"chosen: band {band:g}, weight {weight:.2f} (news share {share:.2f}; dev {f_dev:.3f}, "
        f"dev-test {f_dt:.3f}, selection {sel:.3f})"
    )
    lin_sel = selection_score(
        figures(splits["dev"].labels, z["dev"][0] >= _logit(t_lin)).f1,
        figures(splits["dev-test"].labels, z["dev-test"][0] >= _logit(t_lin)).f1,
    )
    print(f"linear alone: selection {lin_sel:.3f}")

    if args.write:
        out = MODEL_PATH.parent
        if args.transformer_dir.resolve() != out.resolve():
            for name in (ONNX_NAME, TOKENIZER_NAME, "checkworthiness-minilm.json"):
                shutil.copyfile(args.transformer_dir / name, out / name)
        data = {
            "format": CASCADE_FORMAT,
            "onnx": ONNX_NAME,
            "tokenizer": TOKENIZER_NAME,
            "max_length": meta["max_length"],
            "band": band,
            "weight": weight,
            "transformer_threshold": t_tr,
            "meta": {
                "news_share": round(share, 4),
                "dev": round(f_dev, 4),
                "dev-test": round(f_dt, 4),
                "selection": round(sel, 4),
                "max_share": args.max_share,
            },
        }
        CASCADE_PATH.write_text(json.dumps(data, indent=1) + "\n")
        print(f"wrote {CASCADE_PATH}")

    if args.report_test:
        baseline = Baseline(load_split("train"))
        cascade = Cascade(scorer, band=band, weight=weight, transformer_threshold=t_tr)
        print(
            f"\n{'split':<9} {'cascade':<30} {'linear alone':<30} {'transformer alone':<30} baseline (TF-IDF + LR)"
        )
        for n in ("dev", "dev-test", "test"):
            s = load_split(n)
            zl, zt = linear.logits(s.texts), scorer.logits(s.texts)
            final = np.array(cascade.rescore(s.texts, list(zl), t_lin))
            print(
                f"{n:<9} {figures(s.labels, final >= _logit(t_lin))!s:<30} "
                f"{figures(s.labels, zl >= _logit(t_lin))!s:<30} {figures(s.labels, zt >= _logit(t_tr))!s:<30} "
                f"{figures(s.labels, baseline.predict(s.texts))}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
