"""Settings for the fact-check claim tracker, read from the environment.

Embedded defaults (SQLite in ./data, Redis on localhost) serve development and the
demo; production sets DATABASE_URL, CELERY_BROKER_URL, DJANGO_SECRET_KEY and
DJANGO_ALLOWED_HOSTS (see .env.example and docker-compose.yml).
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("FACTCHECK_DATA_DIR", BASE_DIR / "data"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

# No production default: a deployment without a key refuses to start. Development
# (DEBUG on) gets a random key kept in the git-ignored data folder.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if "CHANGE-ME" in SECRET_KEY:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY still holds the placeholder of .env.example.")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    from django.core.management.utils import get_random_secret_key

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "dev-secret-key"
    if not key_file.exists():
        key_file.touch(mode=0o600)
        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    # Its own APIKey model is not used (claims.ClientKey extends the abstract one); the
    # app must be installed for the model module to import. claims/admin.py hides it.
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "sources",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET answer and 304 for a matching If-None-Match: API clients that poll
    # (the change feed, a page of verdicts) pay nothing when nothing changed.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Who made a change, for the history of claims, verdicts and evidence.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'factcheck.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Statements a connection has run this many times are prepared (planned once), as
    # psycopg does by default and Django turns off. Only the claim index's searches bind
    # on the server (claims.match_selectors.search_cursor); the ORM's cursors never
    # prepare. "off" behind a transaction-mode pooler that cannot keep prepared statements
    # (PgBouncer before 1.21).
    _prepare = os.environ.get("DATABASE_PREPARE_THRESHOLD", "5")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _prepare.lower() in ("", "off", "none") else int(_prepare)
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # The web server, the worker and beat write to one file: WAL lets readers go on
    # during a write, IMMEDIATE takes the write lock at BEGIN so two writers queue
    # on the busy timeout instead of failing with "database is locked" mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
# HTTPS in production: redirect plain HTTP and ask browsers to remember it.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
# Covers the names under the site's own host (factcheck.example.org), not its parent domain.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [
    # SECURE_HSTS_PRELOAD: the browsers' preload list takes whole registrable domains
    # (example.org), submitted by the domain's owner, and leaving it is slow; one
    # application on a host does not opt its domain in. DJANGO_HSTS_PRELOAD=1 if you own it.
    "security.W021",
]
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.access.APIKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.access.CanRead"],
    "DEFAULT_THROTTLE_CLASSES": ["claims.api.access.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.CappedCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    # The format is chosen by the Accept header alone (ClaimReview: application/ld+json,
    # or the /claimreview/ URLs), not by a ?format= parameter.
    "URL_FORMAT_OVERRIDE": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Behind a proxy, the number of proxies whose X-Forwarded-For is trusted for the
    # anonymous throttle's address (0: the connection's address).
    "NUM_PROXIES": int(os.environ.get("FACTCHECK_API_NUM_PROXIES", "0")) or None,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check claim tracker API",
    "VERSION": "1.0.0",
    "DESCRIPTION": (
        "Published verdicts on claims found in the news, their evidence, a change feed to stay in "
        "sync, and schema.org ClaimReview JSON-LD.\n\n"
        "**Access.** Reading published verdicts and their claims needs no key (unless this deployment "
        "requires one). Send a key as `Authorization: Api-Key <key>`; keys are issued in the admin, "
        "each with its permissions (read internal claims, write articles).\n\n"
        "**Sync.** Follow `/api/v1/changes/` from `after=0`; see that endpoint.\n\n"
        '**Errors** are JSON: `{"detail": ..., "code": ...}` (plus `field_errors` for bad input).'
    ),
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.models.Claim.Status",
        "ReviewStateEnum": "claims.models.Claim.ReviewState",
        "ArticleStatusEnum": "sources.models.Article.Status",
        "StanceEnum": "claims.models.Evidence.Stance",
        "ClaimantKindEnum": "claims.models.Claimant.Kind",
        "ChangeKindEnum": "claims.models.Change.Kind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.add_shared_responses",
    ],
    "TAGS": [
        {"name": "verdicts", "description": "Published verdicts, also as ClaimReview."},
        {"name": "claims", "description": "Claims and who made them."},
        {"name": "sync", "description": "The change feed."},
        {"name": "sources", "description": "Outlets."},
        {"name": "articles", "description": "Pushing articles in and their processing status."},
    ],
}

# --- The verdict API --------------------------------------------------------------
# Every endpoint needs a key (or an editor's session), not only the internal ones.
FACTCHECK_API_REQUIRE_KEY = env_bool("FACTCHECK_API_REQUIRE_KEY", False)
FACTCHECK_API_ANON_RATE = os.environ.get("FACTCHECK_API_ANON_RATE", "120/minute")
FACTCHECK_API_KEY_RATE = os.environ.get("FACTCHECK_API_KEY_RATE", "1200/minute")
FACTCHECK_API_MAX_PAGE_SIZE = int(os.environ.get("FACTCHECK_API_MAX_PAGE_SIZE", "200"))
FACTCHECK_API_MAX_BODY_BYTES = int(os.environ.get("FACTCHECK_API_MAX_BODY_BYTES", str(2 * 1024 * 1024)))
# Django reads a body into memory up to this; keep it above the API's own cap so the
# API answers 413 itself.
DATA_UPLOAD_MAX_MEMORY_SIZE = FACTCHECK_API_MAX_BODY_BYTES + 1024 * 1024
# ClaimReview's author: the organisation publishing the verdicts.
FACTCHECK_PUBLISHER_NAME = os.environ.get("FACTCHECK_PUBLISHER_NAME", "Fact-check claim tracker")
FACTCHECK_PUBLISHER_URL = os.environ.get("FACTCHECK_PUBLISHER_URL", "")
# The throttle counts live in Redis (the product's own), shared by every web process.
FACTCHECK_API_THROTTLE_CACHE = "throttle"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("FACTCHECK_CACHE_URL", "")
        or os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": "factcheck",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    },
}

# --- Celery ---------------------------------------------------------------------
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged only after it ran, and a worker killed mid-task gives its
# message back: the article is processed at least once. The task claims its
# article row, so a second delivery does nothing twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery closes a worker's database connections before and after every task unless this
# is set; every task then paid for a new PostgreSQL backend (a fork, and cold catalog
# caches that made its first statements several times slower). A worker now keeps its
# connection as the web server does, under Django's CONN_MAX_AGE and health checks
# (factcheck/celery.py); Celery's own count only closes it after this many tasks.
CELERY_DB_REUSE_MAX = 1000
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Splitting one article may take this long; the hard limit kills a hung worker child.
# Neither depends on the processing lease, which a live worker renews while it works.
# They are the worker's own limits, set when a worker starts (factcheck/celery.py): not
# CELERY_TASK_*_TIME_LIMIT, which Celery copies into every message a process sends, so
# that the sender's value (the web server's, ingest's) would override the worker's.
FACTCHECK_TASK_SOFT_TIME_LIMIT = int(os.environ.get("FACTCHECK_TASK_SOFT_TIME_LIMIT", "300"))
FACTCHECK_TASK_TIME_LIMIT = FACTCHECK_TASK_SOFT_TIME_LIMIT + 60
# Publishing gives up quickly when the broker is down: the article is already
# stored as queued and the beat sweep sends it once the broker is back.
# Redis gives an unacknowledged message (acks_late) to another worker after the
# visibility timeout, whether its worker died or is still busy with it. The beat
# sweep, not this, recovers a dead worker's article (within a lease); the timeout only
# has to exceed how long a live worker keeps a message: one reserved behind a running
# task, then its own run, each at most the hard time limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "visibility_timeout": 2 * FACTCHECK_TASK_TIME_LIMIT + 60,
}
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# The sweep that sends articles a broker outage, a lost message or a lost worker left
# behind: every few seconds, so recovery takes seconds. A sweep message older than
# the interval is dropped, not run: behind a backlog, one sweep is enough.
FACTCHECK_REQUEUE_INTERVAL = float(os.environ.get("FACTCHECK_REQUEUE_INTERVAL", "10"))
CELERY_BEAT_SCHEDULE = {
    "requeue-stalled-articles": {
        "task": "sources.tasks.requeue_stalled_articles",
        "schedule": FACTCHECK_REQUEUE_INTERVAL,
        "options": {"expires": FACTCHECK_REQUEUE_INTERVAL},
    },
    # Each feed has its own interval; this only decides how soon a due feed is noticed.
    "poll-due-feeds": {
        "task": "sources.tasks.poll_due_feeds",
        "schedule": float(os.environ.get("FACTCHECK_FEED_CHECK_INTERVAL", "60")),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")

# --- Product settings -----------------------------------------------------------
# Publishing needs a second pair of eyes: the publisher may not be the verdict's author.
FACTCHECK_PUBLISH_NEEDS_SECOND_EDITOR = env_bool("FACTCHECK_PUBLISH_NEEDS_SECOND_EDITOR", True)
# How long the desk's counts and chart on the admin index are kept before recounting.
FACTCHECK_DESK_CACHE_SECONDS = int(os.environ.get("FACTCHECK_DESK_CACHE_SECONDS", "60"))
# A worker's hold on an article: renewed every third of it while the worker works, so
# it lapses this long after the worker was lost, and the sweep queues the article again.
FACTCHECK_PROCESSING_LEASE_SECONDS = int(os.environ.get("FACTCHECK_PROCESSING_LEASE_SECONDS", "30"))
if FACTCHECK_PROCESSING_LEASE_SECONDS < 3:
    raise ImproperlyConfigured("FACTCHECK_PROCESSING_LEASE_SECONDS must be at least 3 (renewed every third).")
# Transient failures are retried this many times before the article is marked failed;
# an article whose worker is lost this many times is marked failed too.
FACTCHECK_MAX_ATTEMPTS = int(os.environ.get("FACTCHECK_MAX_ATTEMPTS", "3"))
# A queued article whose message was sent this long ago is sent again (lost message).
FACTCHECK_REQUEUE_AFTER_SECONDS = int(os.environ.get("FACTCHECK_REQUEUE_AFTER_SECONDS", "900"))
# What one article may add to the record: sightings of one identical sentence that
# yield claims, distinct claims, and appearances in all. A page repeating a sentence
# 70,000 times, or a 5 MB dump, is cut there; the cut is noted on the article.
FACTCHECK_ARTICLE_MAX_REPEATS = int(os.environ.get("FACTCHECK_ARTICLE_MAX_REPEATS", "3"))
FACTCHECK_ARTICLE_MAX_CLAIMS = int(os.environ.get("FACTCHECK_ARTICLE_MAX_CLAIMS", "500"))
FACTCHECK_ARTICLE_MAX_APPEARANCES = int(os.environ.get("FACTCHECK_ARTICLE_MAX_APPEARANCES", "1000"))
# Fetching articles by URL: size cap and timeout.
FACTCHECK_FETCH_MAX_BYTES = int(os.environ.get("FACTCHECK_FETCH_MAX_BYTES", str(8 * 1024 * 1024)))
FACTCHECK_FETCH_TIMEOUT = float(os.environ.get("FACTCHECK_FETCH_TIMEOUT", "15"))
FACTCHECK_FETCH_CONNECT_TIMEOUT = float(os.environ.get("FACTCHECK_FETCH_CONNECT_TIMEOUT", "5"))
# Bytes read from the wire (compressed) for a page or a feed; the decompressed body is
# capped by FACTCHECK_FETCH_MAX_BYTES.
FACTCHECK_FETCH_MAX_WIRE_BYTES = int(
    os.environ.get("FACTCHECK_FETCH_MAX_WIRE_BYTES", str(FACTCHECK_FETCH_MAX_BYTES))
)
# Sent with every request: name the deployment and a contact, so a site can reach us.
FACTCHECK_FETCH_USER_AGENT = os.environ.get(
    "FACTCHECK_FETCH_USER_AGENT", "factcheck-claim-tracker/0.1 (+https://github.com/; feed reader)"
)
# Pages of feed entries are fetched only where the site's robots.txt allows it.
FACTCHECK_FETCH_OBEY_ROBOTS = env_bool("FACTCHECK_FETCH_OBEY_ROBOTS", True)
# At most this many requests to one host at once, across all workers (a Redis semaphore).
FACTCHECK_FETCH_PER_HOST = int(os.environ.get("FACTCHECK_FETCH_PER_HOST", "4"))
# UNSAFE IN PRODUCTION: lets fetches reach loopback, private and link-local addresses
# (cloud metadata included). For local development and tests against a local server only.
FACTCHECK_FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("FETCH_ALLOW_PRIVATE_ADDRESSES", False)
# How long a worker holds a feed it is polling before another may take it over.
FACTCHECK_FEED_POLL_LEASE_SECONDS = int(os.environ.get("FACTCHECK_FEED_POLL_LEASE_SECONDS", "300"))
# Backoff after failures doubles the interval each time, up to this many minutes.
FACTCHECK_FEED_MAX_BACKOFF_MINUTES = int(os.environ.get("FACTCHECK_FEED_MAX_BACKOFF_MINUTES", "1440"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}
