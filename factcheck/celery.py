"""The Celery application: configuration from Django settings (CELERY_* names)."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.celeryd_init.connect
def worker_time_limits(conf, options, **kwargs):
    """Give a starting worker its own time limits (FACTCHECK_TASK_*TIME_LIMIT).

    Set here, in the worker only, and not as CELERY_TASK_*_TIME_LIMIT: Celery copies a
    configured task limit into the header of every message a process sends, and a worker
    applies a message's limit before its own, so the limit would be whatever the sender
    (the web server, ``ingest``, beat) was configured with. A worker started with
    ``--soft-time-limit``/``--time-limit`` keeps those.
    """
    from django.conf import settings

    conf.task_soft_time_limit = options.get("soft_time_limit") or settings.FACTCHECK_TASK_SOFT_TIME_LIMIT
    conf.task_time_limit = options.get("time_limit") or settings.FACTCHECK_TASK_TIME_LIMIT


@signals.task_prerun.connect
@signals.task_postrun.connect
def database_connections_checked(task=None, **kwargs):
    """Around each task, what Django does around each request: close a connection that is
    broken or older than CONN_MAX_AGE (SQLite's is 0: closed every time), keep the rest.

    Not for a task run eagerly (inside the caller's transaction, as in tests)."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
