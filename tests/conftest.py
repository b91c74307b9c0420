"""Shared fixtures: a real Redis server and a real Celery worker process, started once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from factcheck import embedded

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "putin-north-korean-troops.txt"


class RedisServer:
    """The test Redis server; a test may stop it and start it again (same port, same data)."""

    def __init__(self, data_dir: Path):
        self.port = embedded.free_port()
        self.data_dir = data_dir
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = embedded.start_redis(port=self.port, data_dir=self.data_dir)

    def stop(self) -> None:
        if self.process is not None:
            embedded.stop(self.process)


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_url(redis_server):
    return redis_server.url


@pytest.fixture(scope="session")
def celery_broker(redis_url):
    """Point this process's Celery app at the test Redis server.

    Nothing in the test process publishes before this (the other tests replace
    ``delay``), so the connection pool is first built with this URL.
    """
    from factcheck.celery import app

    app.conf.broker_url = redis_url
    yield app


def subprocess_database_url() -> str:
    """This process's test database as a DATABASE_URL, for the processes a test starts."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def start_celery(
    *args: str, redis_url: str, log_path: Path, env: dict[str, str] | None = None, ready: bytes = b"ready."
):
    """A real ``celery`` process (worker or beat) on the test Redis server and the test
    database, started once its log shows ``ready``; ``log_path`` is kept on it."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_BROKER_URL": redis_url,
        "DATABASE_URL": subprocess_database_url(),
        **(env or {}),
    }
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "factcheck", *args],
            cwd=ROOT,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while ready not in log_path.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            embedded.stop(process)
            pytest.fail(f"celery {args[0]} did not start:\n" + log_path.read_text(errors="replace"))
        time.sleep(0.1)
    process.log_path = log_path  # type: ignore[attr-defined]
    return process


QUIET_WORKER = ("--loglevel", "INFO", "--without-heartbeat", "--without-gossip", "--without-mingle")


@pytest.fixture
def celery_worker_process(celery_broker, redis_url, transactional_db, tmp_path):
    """A real ``celery worker`` process on the test Redis server and the test database.

    Function-scoped because it must start after the test database exists and see
    the same one: its DATABASE_URL is built from this process's test connection.
    """
    process = start_celery_worker(redis_url, tmp_path / "worker.log")
    yield process
    embedded.stop(process)


def start_celery_worker(
    redis_url: str, log_path: Path, *, pool: str = "solo", env: dict[str, str] | None = None
):
    """Start ``celery worker`` (``pool``, one process) and wait until it is ready; its log
    is at ``process.log_path``. ``env`` adds to the worker's environment."""
    return start_celery(
        "worker",
        "--pool",
        pool,
        "--concurrency",
        "1",
        *QUIET_WORKER,
        redis_url=redis_url,
        log_path=log_path,
        env=env,
    )


def wait_until(predicate, timeout: float = 60, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
