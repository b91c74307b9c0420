"""Bounded work per article: one 5 MB file of a single repeated sentence, ingested.

Runs ``manage.py ingest FILE --sync`` (the worker's work, in one process, on a
throwaway SQLite database) and prints its wall time, CPU time and peak memory, and what
it recorded: appearances, claims and the article's limits note. The seed article is run
the same way first, for the fixed cost of loading the models.

    .venv/bin/python bench/article_bounds.py [--megabytes 5] [--root CHECKOUT]

``--root`` measures another checkout (for a before/after figure: its own ``.venv`` is
not needed, this interpreter runs its ``manage.py``).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = "The unemployment rate rose to 5.2 percent in 2024, the statistics office said. "


def ingest(root: Path, document: Path, data_dir: Path) -> dict[str, float]:
    """Run ``ingest --sync`` on a fresh database; seconds, CPU seconds and peak RSS (MB)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DJANGO_SECRET_KEY": "bench-only-not-secret",
        "FACTCHECK_DATA_DIR": str(data_dir),
        "DATABASE_URL": f"sqlite:///{data_dir / 'bench.sqlite3'}",
    }
    env.pop("DJANGO_DEBUG", None)
    data_dir.mkdir(parents=True, exist_ok=True)
    manage = [sys.executable, str(root / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], cwd=root, env=env, check=True)
    started = time.perf_counter()
    process = subprocess.Popen(
        [*manage, "ingest", str(document), "--sync"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    output = process.stdout.read().decode(errors="replace").strip() if process.stdout else ""
    print(
        f"  ingest: {output.splitlines()[-1] if output else '(no output)'} (exit {os.waitstatus_to_exitcode(status)})"
    )
    return {
        "seconds": seconds,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
    }


def recorded(data_dir: Path) -> tuple[int, int, str]:
    with sqlite3.connect(data_dir / "bench.sqlite3") as db:
        appearances = db.execute("select count(*) from claims_claimappearance").fetchone()[0]
        claims = db.execute("select count(*) from claims_claim").fetchone()[0]
        columns = {row[1] for row in db.execute("pragma table_info(sources_article)")}
        note = ""
        if "limits_note" in columns:
            note = db.execute("select limits_note from sources_article").fetchone()[0]
    return appearances, claims, note


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=float, default=5.0, help="size of the repeated-sentence file")
    parser.add_argument("--root", type=Path, default=ROOT, help="checkout to measure")
    args = parser.parse_args()
    root = args.root.resolve()
    with tempfile.TemporaryDirectory(prefix="article-bounds-") as folder:
        work = Path(folder)
        repeated = work / "repeated.txt"
        count = int(args.megabytes * 1024 * 1024) // len(SENTENCE)
        repeated.write_text(SENTENCE * count)
        print(f"checkout: {root}")
        print(f"document: {repeated.stat().st_size:,} bytes, one sentence {count:,} times")
        rows = []
        for name, document in (
            ("seed article", ROOT / "seeds" / "putin-north-korean-troops.txt"),
            (
                f"{args.megabytes:g} MB repeated sentence",
                repeated,
            ),
        ):
            print(f"{name}:")
            data_dir = work / name.replace(" ", "-")
            figures = ingest(root, document, data_dir)
            rows.append((name, figures, *recorded(data_dir)))
        print(
            f"{'input':<28}{'wall s':>8}{'cpu s':>8}{'peak MB':>9}{'appearances':>13}{'claims':>8}  limits note"
        )
        for name, figures, appearances, claims, note in rows:
            print(
                f"{name:<28}{figures['seconds']:>8.1f}{figures['cpu']:>8.1f}{figures['peak_mb']:>9.0f}"
                f"{appearances:>13,}{claims:>8,}  {note or '-'}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
