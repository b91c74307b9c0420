"""Shared fixtures: a real Redis server and a real Celery worker process, started once."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest

from factcheck import embedded

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "putin-north-korean-troops.txt"


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory):
    port = embedded.free_port()
    process = embedded.start_redis(port=port, data_dir=tmp_path_factory.mktemp("redis"))
    yield f"redis://127.0.0.1:{port}/0"
    embedded.stop(process)


@pytest.fixture(scope="session")
def celery_broker(redis_url):
    """Point this process's Celery app at the test Redis server.

    Nothing in the test process publishes before this (the other tests replace
    ``delay``), so the connection pool is first built with this URL.
    """
    from factcheck.celery import app

    app.conf.broker_url = redis_url
    yield app


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
    worker_env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "CELERY_BROKER_URL": redis_url,
        "DATABASE_URL": subprocess_database_url(),
        "FACTCHECK_PROCESSING_LEASE_SECONDS": "600",
        **(env or {}),
    }
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            embedded.celery_worker_command("--concurrency", "1", pool=pool),
            cwd=ROOT,
            env=worker_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while b"ready." not in log_path.read_bytes():
        if process.poll() is not None or time.monotonic() > deadline:
            embedded.stop(process)
            pytest.fail("celery worker did not start:\n" + log_path.read_text(errors="replace"))
        time.sleep(0.1)
    process.log_path = log_path  # type: ignore[attr-defined]
    return process


def subprocess_database_url() -> str:
    """The test database as a DATABASE_URL, for the processes a test starts."""
    from django.db import connection

    settings_dict = connection.settings_dict
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    return (
        f"postgres://{settings_dict['USER']}:{settings_dict['PASSWORD'] or ''}@{settings_dict['HOST']}:"
        f"{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


def wait_until(predicate, timeout: float = 60, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
