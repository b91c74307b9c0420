"""The audit trail: django-simple-history, and the one gap it leaves closed.

Why simple-history and not django-pghistory: pghistory records through PostgreSQL
triggers (django-pgtrigger), so it catches every write, ``QuerySet.update()`` included,
but it does not run on SQLite, which the product supports (development, the embedded
demo, half the test passes). simple-history works on both; it records from
``post_save``/``post_delete``, so a ``QuerySet.update()`` or ``bulk_update()`` leaves no
entry by itself. This project closes that gap in two ways:

* editorial bulk actions (assign, dismiss, set review state) go through
  ``claims.workflow``, which locks and saves each claim, one history row each;
* the few conditional UPDATEs the services need for correctness under concurrency
  (the pipeline raising a claim's score, publishing setting the claim's status) are
  followed by ``record_updates``, which writes the history rows of what they changed
  with the history manager's ``bulk_history_create``.

``tests/claims/test_history.py`` holds both to account, including a change made by a
real Celery worker.
"""

from __future__ import annotations

from collections.abc import Iterable


def record_updates(model, pks: Iterable[int], *, by=None, reason: str = "") -> None:
    """Write a history entry for each row of ``model`` just changed by ``QuerySet.update()``."""
    rows = list(model.objects.filter(pk__in=list(pks)))
    if rows:
        model.history.bulk_history_create(rows, update=True, default_user=by, default_change_reason=reason)
