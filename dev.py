#!/usr/bin/env python3
"""The two commands of the project, on a fresh machine with only Python 3.11+.

    python3 dev.py run    install, migrate, print an editor login, start Redis, the web
                          server, a Celery worker and beat, ingest seeds/, print the admin URL;
                          Ctrl-C stops it all (arguments go to manage.py run_embedded,
                          e.g. --no-seeds)
    python3 dev.py test   install, then run the whole test suite on SQLite and on a
                          throwaway PostgreSQL server

Standard library only: it runs before anything is installed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
VENV_PYTHON = VENV / "bin" / "python"
PIP_VERSION = "pip==26.3"  # the installer is pinned too: same resolver, same result
# Debian packages the tests use for real servers and the browser (installed when root).
SYSTEM_PACKAGES = {
    "postgresql": "initdb",
    "chromium": "chromium",
    "chromium-driver": "chromedriver",
    "docker-compose": "docker-compose",  # validates docker-compose.yml; no engine needed
}


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, check=True, **kwargs)


def install(extras: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs before the venv exists
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not VENV_PYTHON.exists():
        log(f"Creating the virtual environment in {VENV}")
        run([sys.executable, "-m", "venv", str(VENV)])
    spec = f".[{extras}]" if extras else "."
    stamp = _install_stamp(spec)
    # The test extras hold everything the product needs: `run` after `test` installs nothing.
    if stamp.exists() or (not extras and _install_stamp(".[dev]").exists()):
        return
    log(f"Installing the pinned dependencies ({spec})")
    # -qq: errors only (a failed install still says why); the build backend's
    # deprecation warnings are not the user's business.
    pip = [str(VENV_PYTHON), "-m", "pip", "install", "-qq", "--disable-pip-version-check"]
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    run([*pip, PIP_VERSION], env=env)
    run([*pip, "-c", str(ROOT / "requirements.lock"), "-e", spec], cwd=ROOT, env=env)
    for old in VENV.glob(".installed-*"):
        old.unlink()
    stamp.touch()


def _install_stamp(spec: str) -> Path:
    digest = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "requirements.lock").read_bytes() + spec.encode()
    ).hexdigest()[:16]
    return VENV / f".installed-{digest}"


def postgres_bin_dir() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    if versions:
        return versions[-1].parent
    # Without Debian's server (no root to install it), the server binaries that the
    # pgserver wheel ships: it is one of the test extras.
    shipped = sorted(VENV.glob("lib/python3*/site-packages/pgserver/pginstall/bin/pg_ctl"))
    if shipped and os.geteuid() != 0:
        return shipped[-1].parent
    return None


def install_system_packages() -> None:
    missing = [
        package
        for package, binary in SYSTEM_PACKAGES.items()
        if not (shutil.which(binary) or (binary == "initdb" and postgres_bin_dir()))
    ]
    if not missing:
        return
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        log(f"Not installed: {', '.join(missing)}; the tests that need them will say so")
        return
    log(f"Installing Debian packages: {', '.join(missing)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing], env=env)


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free port, for one test run."""

    def __init__(self, bin_dir: Path, settings: dict[str, str] | None = None):
        self.bin_dir = bin_dir
        self.settings = settings or {}
        self.dir = Path(tempfile.mkdtemp(prefix="factcheck-pg-"))
        self.port = _free_port()
        # PostgreSQL refuses to run as root: run it as the postgres account then.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")

    def __enter__(self) -> str:
        try:
            return self._start()
        except BaseException:
            self.__exit__()
            raise

    def _start(self) -> str:
        data = self.dir / "data"
        run(
            [
                *self.as_user,
                str(self.bin_dir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            stdout=subprocess.DEVNULL,
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        ) + "".join(f" -c {name}={value}" for name, value in self.settings.items())
        run(
            [
                *self.as_user,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                options,
                "-l",
                str(self.dir / "server.log"),
                "-w",
                "start",
            ],
            stdout=subprocess.DEVNULL,
        )
        return f"postgres://postgres@127.0.0.1:{self.port}/factcheck"

    def __exit__(self, *exc) -> None:
        subprocess.run(
            [
                *self.as_user,
                str(self.bin_dir / "pg_ctl"),
                "-D",
                str(self.dir / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        shutil.rmtree(self.dir, ignore_errors=True)


def bench_database(
    stack: contextlib.ExitStack, database_url: str | None = None, settings: dict[str, str] | None = None
) -> str:
    """For the benchmarks: ``database_url``, else an empty ``factcheck`` database on a
    throwaway PostgreSQL server with ``settings`` (``shared_buffers``, ...) that ``stack``
    stops (they run in the virtual environment, so psycopg is there)."""
    if database_url:
        return database_url
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql): pass --database-url.")
    url = stack.enter_context(ThrowawayPostgres(bin_dir, settings))
    import psycopg

    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute("CREATE DATABASE factcheck")
    return url


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def command_run(args: list[str]) -> int:
    try:
        install()
    except KeyboardInterrupt:
        print("\nInterrupted while installing; nothing was started.", flush=True)
        return 130
    # Unbuffered: the lines its signal handler writes straight out keep their order.
    env = {**os.environ, "DJANGO_DEBUG": os.environ.get("DJANGO_DEBUG", "1"), "PYTHONUNBUFFERED": "1"}
    # run_embedded gets a session of its own, so a terminal's Ctrl-C (sent to the whole
    # foreground group) reaches only this process, which passes each signal on once:
    # the first stops everything in order, a second at once. This waits for it, and
    # it waits for everything it started.
    child = subprocess.Popen(
        [str(VENV_PYTHON), "manage.py", "run_embedded", *args], cwd=ROOT, env=env, start_new_session=True
    )

    def forward(signum, frame):
        child.send_signal(signal.SIGTERM if signum == signal.SIGHUP else signum)

    # Also when this was started in the background with SIGINT ignored.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)
    return child.wait()


def command_test(pytest_args: list[str]) -> int:
    install("dev")
    install_system_packages()
    pytest = [str(VENV_PYTHON), "-m", "pytest", *pytest_args]
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    started = time.monotonic()
    log("Test suite on SQLite")
    results = {"SQLite": subprocess.call(pytest, cwd=ROOT, env=env)}
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        log("PostgreSQL is not installed: the PostgreSQL pass cannot run")
        results["PostgreSQL"] = 1
    else:
        log(f"Database tests on a throwaway PostgreSQL ({bin_dir})")
        with ThrowawayPostgres(bin_dir) as url:
            # The splitting package has no database: its tests ran in the first pass.
            results["PostgreSQL"] = subprocess.call(
                [*pytest, "--ignore=tests/claims/splitting"], cwd=ROOT, env={**env, "DATABASE_URL": url}
            )
    log(
        f"Done in {time.monotonic() - started:.0f} s: "
        + ", ".join(
            f"{name} {'passed' if code == 0 else f'FAILED ({code})'}" for name, code in results.items()
        )
    )
    return 0 if all(code == 0 for code in results.values()) else 1


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    if argv[0] == "run":
        return command_run(argv[1:])
    return command_test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
