"""Score train.tsv with a fine-tuned teacher, for distillation into the shipped transformer.

A larger encoder (all-mpnet-base-v2, 12 layers, 110M parameters) fine-tuned with
``python -m claims.splitting.training.transformer --base-dir DIR --layers 12
--save-checkpoints CKPT`` is far too slow and too big to ship (~45 ms a sentence on one
core; ~110 MB as int8). Its probabilities on the training sentences can still teach the
small model: ``python -m claims.splitting.training.teacher --base-dir DIR --layers 12
--checkpoint CKPT/epoch-X.safetensors --out soft.npz`` writes them (one float per row of
train.tsv, in file order) and ``transformer --soft-labels soft.npz`` trains on them.

``--extra N`` also scores N sentences that are not in the check-worthiness data — the
verified claims, their subtitles and the training tweets of the CheckThat! claim-matching
sets (2015-2022 Snopes fact-checks and tweets, newer than most debates of train.tsv) — so
the student also learns from the teacher on newer topics. These sentences carry no
check-worthiness label; only the teacher's probability is used. No test or dev-test file of
any task is read.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import numpy as np

from ..checkworthiness import load_tokenizer
from . import transformer
from .checkworthiness import SEED, data_dir, load_split


def extra_sentences(n: int) -> list[str]:
    """N distinct sentences from the claim-matching training material (seeded sample)."""
    from ..segment import segment

    root = data_dir() / "claim-matching" / "ct22-2a-en"
    texts: list[str] = []
    with open(root / "vclaims.jsonl", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            texts += [row.get("vclaim") or "", row.get("subtitle") or ""]
    with open(root / "train-dev.queries.tsv", encoding="utf-8", newline="") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            texts += [s.text for s in segment(row[1])]
    seen: set[str] = set()
    unique = []
    for text in (" ".join(t.split()) for t in texts):
        if 20 <= len(text) <= 400 and text.casefold() not in seen:
            seen.add(text.casefold())
            unique.append(text)
    rng = np.random.default_rng(SEED)
    return [unique[i] for i in sorted(rng.choice(len(unique), size=min(n, len(unique)), replace=False))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--base-dir", type=Path, required=True)
    parser.add_argument("--layers", type=int, required=True)
    parser.add_argument("--checkpoint", type=Path, required=True, help="safetensors from --save-checkpoints")
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--extra", type=int, default=0, help="also score N unlabelled newer sentences")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        help=".npz: train (and extra_texts, extra); .json.gz: the form kept in the repository",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from safetensors.torch import load_file

    torch.set_num_threads(args.threads)
    module = transformer.build_module(args.layers, args.base_dir)
    module.load_state_dict(load_file(str(args.checkpoint)))
    tokenizer = load_tokenizer(args.base_dir / "tokenizer.json", args.max_length)
    train = load_split("train")
    probs = transformer.predict_torch(module, transformer.encode(tokenizer, train.texts))
    out = {"train": probs.astype(np.float32)}
    if args.extra:
        extra = extra_sentences(args.extra)
        out["extra_texts"] = np.array(extra)
        out["extra"] = transformer.predict_torch(module, transformer.encode(tokenizer, extra)).astype(
            np.float32
        )
        print(
            f"extra: {len(extra)} sentences, {np.mean(out['extra'] >= 0.5):.2f} of them check-worthy by the teacher"
        )
    if args.out.name.endswith(".json.gz"):
        # The form kept in the repository (teacher_labels.py): no texts, a hash for each.
        from . import teacher_labels

        teacher_labels.save(
            args.out,
            probs,
            list(out.get("extra_texts", [])),
            list(out.get("extra", [])),
            {"base": str(args.base_dir.name), "layers": args.layers, "checkpoint": args.checkpoint.name},
        )
    else:
        np.savez(args.out, **out)
    agree = np.mean((probs >= 0.5) == train.labels)
    print(f"wrote {args.out}: {len(probs)} probabilities; agreement with the labels at 0.5: {agree:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
