"""``manage.py run_embedded``: the whole product on its embedded defaults, in one command.

Migrates, prints an editor login, starts Redis (unless one answers already), the web
server, a Celery worker and Celery beat, ingests ``seeds/`` through the queue and
prints the admin URL. Ctrl-C stops everything it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from factcheck import embedded
from sources.models import Article


def _interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=int(os.environ.get("FACTCHECK_PORT", "8000")))
        parser.add_argument(
            "--redis-port", type=int, default=int(os.environ.get("FACTCHECK_REDIS_PORT", "6379"))
        )
        parser.add_argument("--no-seeds", action="store_true", help="Do not ingest seeds/.")

    def handle(self, *args, port, redis_port, no_seeds, **options):
        # Ctrl-C and SIGTERM stop everything this started, even when it was launched
        # in the background with SIGINT ignored.
        signal.signal(signal.SIGINT, _interrupt)
        signal.signal(signal.SIGTERM, _interrupt)
        started: list[subprocess.Popen] = []
        try:
            self._run(port, redis_port, no_seeds, started)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping...")
        finally:
            for process in reversed(started):
                embedded.stop(process)
            self.stdout.write("Stopped everything run_embedded started.")

    def _run(self, port, redis_port, no_seeds, started):
        call_command("migrate", interactive=False, verbosity=0)
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

        if embedded.port_open(redis_port):
            self.stdout.write(f"Using the Redis server already on port {redis_port}.")
        else:
            started.append(embedded.start_redis(port=redis_port, data_dir=settings.DATA_DIR / "redis"))
            self.stdout.write(f"Started Redis ({embedded.redis_server_binary()}) on port {redis_port}.")
        env = {**os.environ, "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0"}
        if embedded.port_open(port):
            self.stderr.write(f"Port {port} is taken: set FACTCHECK_PORT or pass --port.")
            return
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        celery = [sys.executable, "-m", "celery", "-A", "factcheck"]
        logs = settings.DATA_DIR / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        children = {
            "web": manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
            "worker": celery + ["worker", "--loglevel", "INFO", "--concurrency", "2"],
            "beat": celery
            + ["beat", "--loglevel", "INFO", "-s", str(settings.DATA_DIR / "celerybeat-schedule")],
        }
        for name, command in children.items():
            log = open(logs / f"{name}.log", "ab")  # noqa: SIM115 - handed to the child process
            started.append(
                subprocess.Popen(
                    command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR
                )
            )
            self.stdout.write(f"Started {name} (log: {logs / (name + '.log')}).")
        deadline = time.monotonic() + 30
        while not embedded.port_open(port):
            if time.monotonic() > deadline or started[-3].poll() is not None:
                self.stderr.write(f"The web server did not start; see {logs / 'web.log'}.")
                return
            time.sleep(0.2)

        if not no_seeds:
            subprocess.run(manage + ["ingest", str(settings.BASE_DIR / "seeds")], env=env, check=False)
            self._wait_for_queue()

        self.stdout.write(
            self.style.SUCCESS(f"\nAdmin: http://127.0.0.1:{port}/admin/  (Ctrl-C stops everything)")
        )
        while all(process.poll() is None for process in started):
            time.sleep(0.5)
        crashed = [
            command
            for process, command in zip(started[-3:], children, strict=True)
            if process.poll() is not None
        ]
        self.stderr.write(f"{', '.join(crashed)} exited; stopping. Logs are in {logs}.")

    def _wait_for_queue(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        pending = Article.objects.filter(status__in=[Article.Status.QUEUED, Article.Status.PROCESSING])
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(0.5)
        counts = {status: Article.objects.filter(status=status).count() for status in Article.Status.values}
        self.stdout.write("Articles: " + ", ".join(f"{n} {status}" for status, n in counts.items()))
