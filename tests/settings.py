"""Test settings: the production settings, with only what tests must change."""

import atexit
import os
import shutil
import tempfile

# Tests never run with a production key; DEBUG stays off as in production.
os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret")
if "FACTCHECK_DATA_DIR" not in os.environ:
    # Set here once; the worker processes the tests start inherit it and share the folder.
    os.environ["FACTCHECK_DATA_DIR"] = tempfile.mkdtemp(prefix="factcheck-test-data-")
    atexit.register(shutil.rmtree, os.environ["FACTCHECK_DATA_DIR"], ignore_errors=True)

from factcheck.settings import *  # noqa: E402,F403
from factcheck.settings import DATA_DIR, DATABASES  # noqa: E402

# Fast hashing: the tests create users, they do not test password storage.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Plain static storage: the manifest storage needs collectstatic first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the Celery worker under test is another process and must
    # see the same test database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

# The throttle counts need no Redis in most tests; tests/api/conftest.py points them at
# the real test Redis server.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"},
}


if os.environ.get("FACTCHECK_TEST_SPLIT_DELAY"):
    # A worker a test starts with FACTCHECK_TEST_SPLIT_DELAY=N spends N more seconds on
    # each article (before splitting it): a long-running task on demand, however fast
    # the machine splits.
    import time

    from claims.splitting import pipeline

    _split = pipeline.Splitter.split

    def _slow_split(self, *args, **kwargs):
        time.sleep(float(os.environ["FACTCHECK_TEST_SPLIT_DELAY"]))
        return _split(self, *args, **kwargs)

    pipeline.Splitter.split = _slow_split  # type: ignore[method-assign]
