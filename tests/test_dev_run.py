"""`python3 dev.py run` for real: it starts everything, and a stop signal stops everything.

A terminal's Ctrl-C is a SIGINT to the whole foreground process group: the test starts
dev.py in a group of its own and signals that group, while the worker is busy with an
article, and then looks in /proc for every process dev.py had started.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from factcheck import embedded
from tests.conftest import ROOT, wait_until

pytestmark = pytest.mark.worker

NEWS = ROOT / "claims" / "splitting" / "evaluation" / "news"


def descendants(pid: int) -> set[int]:
    found: set[int] = set()
    parents = [pid]
    while parents:
        children = embedded.children_of(parents.pop())
        found.update(children)
        parents.extend(children)
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class Run:
    """``dev.py run`` in a process group and a data folder of its own, its output collected."""

    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        self.redis_port = embedded.free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
        }
        env.update(
            FACTCHECK_PORT=str(embedded.free_port()),
            FACTCHECK_REDIS_PORT=str(self.redis_port),
            FACTCHECK_DATA_DIR=str(data_dir),
        )
        self.env = env
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "dev.py"), "run", "--no-seeds"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
        self.output: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line.decode(errors="replace"))

    @property
    def text(self) -> str:
        return "".join(self.output)

    def ingest(self, data: bytes) -> None:
        document = self.data_dir / "long.txt"
        document.write_bytes(data)
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "ingest", str(document)],
            cwd=ROOT,
            env={
                **self.env,
                "DJANGO_DEBUG": "1",
                "CELERY_BROKER_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            },
            check=True,
            capture_output=True,
        )

    def article_status(self) -> str | None:
        with sqlite3.connect(self.data_dir / "factcheck.sqlite3") as db:
            row = db.execute("SELECT status FROM sources_article").fetchone()
        return row[0] if row else None

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


@pytest.fixture
def run(tmp_path):
    started = Run(tmp_path / "data")
    yield started
    started.stop()


@pytest.mark.parametrize(
    "how", ["group SIGINT (Ctrl-C in a terminal)", "SIGINT to dev.py alone", "SIGTERM to dev.py"]
)
def test_a_stop_signal_stops_everything_in_order_and_exits_0(run, how):
    wait_until(lambda: "Admin: http://" in run.text or run.process.poll() is not None, timeout=180)
    assert "Admin: http://" in run.text, run.text
    # A busy worker: an article long enough to be mid-way when the signal comes.
    texts = sorted(NEWS.glob("*.txt"))[:12]
    run.ingest(b"\n\n".join(path.read_bytes() for path in texts))
    wait_until(lambda: run.article_status() == "processing", timeout=60, interval=0.05)
    started = descendants(run.process.pid)
    assert len(started) >= 6, "run_embedded, Redis, web, worker (and its pool), beat"

    if how.startswith("group"):
        os.killpg(run.process.pid, signal.SIGINT)
    else:
        run.process.send_signal(signal.SIGINT if "SIGINT" in how else signal.SIGTERM)
    assert run.process.wait(timeout=120) == 0, run.text

    assert "Stopped everything run_embedded started (worker, beat, web, Redis)." in run.text
    assert "Traceback" not in run.text
    # The running task was let finish, not killed mid-article.
    assert run.article_status() == "done"
    wait_until(lambda: not any(alive(pid) for pid in started), timeout=10)
