"""Settings of the site bench/api.py serves under gunicorn: the product's settings, its
URLs plus the plain baseline (``api_urls.py``), and a middleware that reports the
server's own time per request in a ``Server-Timing`` header."""

from __future__ import annotations

import time

from factcheck.settings import *  # noqa: F403
from factcheck.settings import MIDDLEWARE

ROOT_URLCONF = "api_urls"
MIDDLEWARE = ["api_site.server_timing", *MIDDLEWARE]


def server_timing(get_response):
    def middleware(request):
        started = time.perf_counter()
        response = get_response(request)
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.3f}"
        return response

    return middleware
