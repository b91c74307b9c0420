"""``manage.py run_embedded``: the whole product on its embedded defaults, in one command.

Migrates, prints an editor login, starts Redis (unless one answers already), the web
server, a Celery worker and Celery beat, ingests ``seeds/`` through the queue and
prints the admin URL, the API docs URL and example curl commands. Ctrl-C (or SIGTERM)
stops everything it started, in order: the worker finishes its task, then beat, the web
server and Redis.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from factcheck import embedded
from sources.models import Article

# How long a worker busy with an article may take to finish it after Ctrl-C before it
# is stopped cold (its article is taken up again after the next start, within a lease).
WORKER_STOP_SECONDS = 30
OTHER_STOP_SECONDS = 10


class StopRequested(BaseException):
    """Raised in the main flow (never from the signal handler, which only sets a flag)
    when a stop was asked for while starting up."""


@dataclass
class Child:
    name: str
    process: subprocess.Popen


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("FACTCHECK_PORT", "8000")))
        parser.add_argument(
            "--redis-port", type=int, default=int(os.environ.get("FACTCHECK_REDIS_PORT", "6379"))
        )
        parser.add_argument("--no-seeds", action="store_true", help="Do not ingest seeds/.")

    def handle(self, *args, port, redis_port, no_seeds, **options):
        self.started: list[Child] = []
        self.stopping = False
        # Ctrl-C and SIGTERM stop everything this started, even when it was launched in
        # the background with SIGINT ignored. Every child runs in a session of its own,
        # so a terminal's Ctrl-C (sent to the whole foreground group) reaches only this
        # process, which then stops them in order instead of all at once.
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self._on_signal)
        failed = False
        try:
            failed = not self._run(port, redis_port, no_seeds)
        except StopRequested:
            pass
        finally:
            self._stop_all()
        if failed:
            sys.exit(1)

    def _on_signal(self, signum, frame):
        # Only flags and kills here: an exception raised at an arbitrary point (inside a
        # wait of the orderly stop, say) is what printed tracebacks before.
        if self.stopping:
            # The second Ctrl-C: no more waiting. Killing the children ends the waits of
            # the orderly stop under way, which then finishes at once.
            _say("Stopping at once.")
            for child in self.started:
                _kill_group(child.process, signal.SIGKILL)
            return
        self.stopping = True
        _say(f"\nStopping ({signal.Signals(signum).name}; Ctrl-C again to stop at once)...")

    def _check(self) -> None:
        if self.stopping:
            raise StopRequested

    def _stop_all(self) -> None:
        """Stop taking work, let the running task finish (or time out), then the worker,
        beat, the web server and Redis."""
        self.stopping = True  # from now on a signal only hurries this
        order = {"worker": 0, "beat": 1, "web": 2, "Redis": 3}
        stopping_order = sorted(self.started, key=lambda c: order.get(c.name, -1))
        for child in stopping_order:
            process = child.process
            if process.poll() is not None:
                continue
            # SIGTERM is the worker's warm shutdown: it takes no new message and finishes
            # the tasks it runs. To the main process only: its pool children, in its
            # group, would die of it mid-task. Redis saves its append-only file and exits.
            process.send_signal(signal.SIGTERM)
            timeout = WORKER_STOP_SECONDS if child.name == "worker" else OTHER_STOP_SECONDS
            try:
                process.wait(1)
            except subprocess.TimeoutExpired:
                if child.name == "worker":
                    self.stdout.write(f"Waiting up to {timeout} s for the worker to finish its task...")
                try:
                    process.wait(timeout - 1)
                except subprocess.TimeoutExpired:
                    self.stdout.write(f"The {child.name} did not stop in {timeout} s: killed.")
                    _kill_group(process, signal.SIGKILL)
                    process.wait()
            # A worker's pool children share its group; none may outlive it.
            _kill_group(process, signal.SIGKILL)
        names = ", ".join(child.name for child in stopping_order) or "nothing was running"
        self.stdout.write(f"Stopped everything run_embedded started ({names}).")

    def _start(self, name: str, command: list[str], env: dict[str, str]) -> None:
        logs = settings.DATA_DIR / "logs"
        log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child process
        process = subprocess.Popen(
            command,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        self.started.append(Child(name, process))
        self.stdout.write(f"Started {name} (log: {logs / (name + '.log')}).")

    def _run(self, port: int, redis_port: int, no_seeds: bool) -> bool:
        """Start everything and wait until told to stop; False if something failed."""
        parent = os.getppid()
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        self._check()
        self.stdout.write("Database migrated: " + str(settings.DATABASES["default"]["NAME"]))
        if not settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        # An editor drafts, a publisher (a second person) publishes: the demo has both.
        for username, options in (("editor", []), ("publisher", ["--publisher"])):
            if get_user_model().objects.filter(username=username).exists():
                # Never reset a password someone may have chosen: say how to get a new one.
                self.stdout.write(
                    f"Login {username!r} exists (new password: manage.py create_editor {username} {' '.join(options)})."
                )
            else:
                call_command("create_editor", username, *options, stdout=self.stdout)
        self._check()

        if embedded.port_open(port):
            self.stderr.write(f"Port {port} is taken: set FACTCHECK_PORT or pass --port.")
            return False
        logs = settings.DATA_DIR / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        if embedded.port_open(redis_port):
            self.stdout.write(f"Using the Redis server already on port {redis_port}.")
        else:
            redis = embedded.start_redis(
                port=redis_port, data_dir=settings.DATA_DIR / "redis", log_file=logs / "redis.log"
            )
            self.started.append(Child("Redis", redis))
            self.stdout.write(f"Started Redis ({embedded.redis_server_binary()}) on port {redis_port}.")
        env = {**os.environ, "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0"}
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        celery = [sys.executable, "-m", "celery", "-A", "factcheck"]
        self._start("web", manage + ["runserver", f"127.0.0.1:{port}", "--noreload"], env)
        self._start("worker", celery + ["worker", "--loglevel", "INFO", "--concurrency", "2"], env)
        schedule = str(settings.DATA_DIR / "celerybeat-schedule")
        self._start("beat", celery + ["beat", "--loglevel", "INFO", "-s", schedule], env)
        services = [child for child in self.started if child.name != "Redis"]
        deadline = time.monotonic() + 30
        while not embedded.port_open(port):
            if time.monotonic() > deadline or services[0].process.poll() is not None:
                self.stderr.write(f"The web server did not start; see {logs / 'web.log'}.")
                return False
            self._pause(0.2)

        if not no_seeds:
            ingest = subprocess.Popen(manage + ["ingest", str(settings.BASE_DIR / "seeds")], env=env)
            try:
                while ingest.poll() is None:
                    self._pause(0.2)
            finally:
                embedded.stop(ingest)
            self._wait_for_queue()

        base = f"http://127.0.0.1:{port}"
        self.stdout.write(self.style.SUCCESS(f"\nAdmin: {base}/admin/  (Ctrl-C stops everything)"))
        self.stdout.write(self.style.SUCCESS(f"API docs: {base}/api/docs/  (schema: {base}/api/schema/)"))
        self.stdout.write(f"Try: curl -s '{base}/api/v1/changes/?after=0'   (published verdicts, in order)")
        self.stdout.write(f"     curl -s -H 'Accept: application/ld+json' '{base}/api/v1/verdicts/'")
        while not self.stopping:
            crashed = [child.name for child in self.started if child.process.poll() is not None]
            if crashed:
                self.stderr.write(f"{', '.join(crashed)} exited; stopping. Logs are in {logs}.")
                return False
            if os.getppid() != parent:
                self.stdout.write("The terminal or dev.py that started this is gone; stopping.")
                return True
            time.sleep(0.5)
        return True

    def _pause(self, seconds: float) -> None:
        self._check()
        time.sleep(seconds)

    def _wait_for_queue(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        pending = Article.objects.filter(status__in=[Article.Status.QUEUED, Article.Status.PROCESSING])
        while pending.exists() and time.monotonic() < deadline:
            self._pause(0.5)
        counts = {status: Article.objects.filter(status=status).count() for status in Article.Status.values}
        self.stdout.write("Articles: " + ", ".join(f"{n} {status}" for status, n in counts.items()))


def _say(line: str) -> None:
    """Print from a signal handler: straight to the file descriptor, since the main
    flow may be in the middle of a buffered write (a reentrant write raises)."""
    os.write(sys.stdout.fileno(), (line + "\n").encode())


def _kill_group(process: subprocess.Popen, signum: int) -> None:
    """Signal a child and everything in its process group (it leads one of its own)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)
