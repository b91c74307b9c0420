"""The editors' desk in the Django admin, one module per part.

claims.py (the queue, a claim's page, the workflow's buttons), claimants.py, verdicts.py, evidence.py,
appearances.py, dashboard.py (the index's counts and chart), filters.py, panels.py.
"""

from claims import admin_matching  # noqa: F401  (registers match suggestions and changes)

from ..api import admin as api_admin  # noqa: F401  (the API client keys screen lives with the API)
from . import appearances, claimants, claims, dashboard, evidence, verdicts  # noqa: F401  (registration)
from .claims import ClaimForm
from .common import FastListMixin, ReadOnlyTabularInline

__all__ = ["ClaimForm", "FastListMixin", "ReadOnlyTabularInline"]
