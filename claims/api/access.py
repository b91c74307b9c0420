"""Who may see what: API-key authentication, the roles, and throttling.

Roles, from least to most:

- anonymous, and a key with no permission: published verdicts, the claims they rule
  on, their claimants, sources;
- a key with ``can_write_articles``: also pushes articles and reads their status;
- a key with ``can_read_internal`` and an editor's session (staff): also drafts,
  dismissed and unreviewed claims, evidence notes and editors' user names.

``FACTCHECK_API_REQUIRE_KEY`` makes every endpoint require a key (or an editor session).
Editors' e-mail addresses are never served, whatever the role.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils.cache import patch_vary_headers
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions, permissions
from rest_framework.authentication import BaseAuthentication
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework_api_key.permissions import KeyParser

from claims.models import ClientKey

logger = logging.getLogger(__name__)

KEY_HEADER_KEYWORD = "Api-Key"


class APIKeyAuthentication(BaseAuthentication):
    """``Authorization: Api-Key <key>``: a valid key becomes ``request.auth``.

    A key that is wrong, expired or revoked is refused with 401 rather than treated
    as anonymous, so a client notices at once that its key stopped working.
    """

    parser = KeyParser()

    def authenticate(self, request):
        key = self.parser.get(request)
        if key is None:
            return None
        try:
            client_key = ClientKey.objects.get_from_key(key)
        except ClientKey.DoesNotExist:
            raise exceptions.AuthenticationFailed("Unknown, revoked or expired API key.") from None
        if client_key.has_expired:
            raise exceptions.AuthenticationFailed("Unknown, revoked or expired API key.")
        return AnonymousUser(), client_key

    def authenticate_header(self, request) -> str:
        return KEY_HEADER_KEYWORD


@dataclass(frozen=True, slots=True)
class Access:
    """What the caller of one request may see and do."""

    internal: bool
    write_articles: bool
    identified: bool

    @classmethod
    def of(cls, request: Request) -> Access:
        cached = getattr(request, "_factcheck_access", None)
        if cached is not None:
            return cached
        key = request.auth if isinstance(request.auth, ClientKey) else None
        editor = bool(request.user and request.user.is_authenticated and request.user.is_staff)
        access = cls(
            internal=editor or bool(key and key.can_read_internal),
            write_articles=editor or bool(key and key.can_write_articles),
            identified=editor or key is not None,
        )
        request._factcheck_access = access  # type: ignore[attr-defined]
        return access


class CanRead(permissions.BasePermission):
    """Public reads, unless the deployment requires a key for everything."""

    message = "This API requires a key: send 'Authorization: Api-Key <key>'."

    def has_permission(self, request, view) -> bool:
        return Access.of(request).identified or not settings.FACTCHECK_API_REQUIRE_KEY


class CanWriteArticles(permissions.BasePermission):
    """Submitting articles needs the write permission; reading their status, the write or
    the internal permission (or an editor's session)."""

    message = "This key is not allowed to submit or read articles."

    def has_permission(self, request, view) -> bool:
        access = Access.of(request)
        if request.method in permissions.SAFE_METHODS:
            return access.write_articles or access.internal
        return access.write_articles


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/minute' -> (120, 60)."""
    count, _, period = rate.partition("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period.strip()[0].lower()]
    return int(count), seconds


class ClientRateThrottle(BaseThrottle):
    """A fixed-window request count per key, per editor, or per anonymous address.

    Counted in the throttle cache (Django's RedisCache on the product's Redis), so all
    web processes share one count; INCR is atomic, so two requests at once never both
    see the same count. If Redis is unreachable the
    request is served and the failure logged: an outage of the limiter must not take
    the API down with it.
    """

    def __init__(self) -> None:
        self.retry_after: float | None = None

    def identity(self, request) -> tuple[str, str]:
        if isinstance(request.auth, ClientKey):
            return f"key:{request.auth.prefix}", settings.FACTCHECK_API_KEY_RATE
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}", settings.FACTCHECK_API_KEY_RATE
        return f"addr:{self.get_ident(request)}", settings.FACTCHECK_API_ANON_RATE

    def allow_request(self, request, view) -> bool:
        ident, rate = self.identity(request)
        limit, period = parse_rate(rate)
        now = time.time()
        window = int(now // period)
        try:
            count = self.count(f"throttle:{ident}:{period}:{window}", period)
        except Exception as exc:  # noqa: BLE001 - any cache failure: serve rather than fail
            logger.warning("API throttle cache unavailable, request not counted: %s", exc)
            return True
        if count > limit:
            self.retry_after = (window + 1) * period - now
            return False
        return True

    @staticmethod
    def count(key: str, period: int) -> int:
        """This request's number in its window: one round trip to Redis.

        Django's cache API needs three here (``add``, then ``incr``'s EXISTS and INCRBY);
        on a busy machine each costs milliseconds. With Django's RedisCache, the same key
        is counted with INCR and EXPIRE in one pipelined MULTI; any other backend (the
        tests' in-memory fallback) goes through the cache API.
        """
        cache = caches[settings.FACTCHECK_API_THROTTLE_CACHE]
        if isinstance(cache, RedisCache):
            full_key = cache.make_and_validate_key(key)
            # Django's own client for this key (the private ``_cache`` of RedisCache,
            # stable across 4.0-5.2), so the pool and the server are the cache's.
            client = cache._cache.get_client(full_key, write=True)  # type: ignore[attr-defined]
            pipe = client.pipeline(transaction=True)
            pipe.incr(full_key)
            # The window is in the key, so pushing its expiry back on each request is
            # harmless (and EXPIRE ... NX needs Redis 7; the embedded server is 6.2).
            pipe.expire(full_key, period + 1)
            return int(pipe.execute()[0])
        cache.add(key, 0, timeout=period + 1)
        return int(cache.incr(key))

    def wait(self) -> float | None:
        return self.retry_after


class AccessScoped:
    """Serializers learn whether the caller may see internal fields."""

    request: object
    # Ids only: anything else is a 404 from the router, never a database error.
    lookup_value_regex = "[0-9]{1,18}"

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        # ?page_size=10&page_size=20 has no single meaning: say so rather than pick one.
        repeated = [name for name in request.query_params if len(request.query_params.getlist(name)) > 1]
        if repeated:
            raise exceptions.ValidationError({name: ["Give this parameter once."] for name in repeated})

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, Response) and response.status_code >= 400:
            # Errors are plain JSON whatever was asked for (a ClaimReview feed's 404 is
            # not JSON-LD): one error shape for every client.
            request.accepted_renderer = JSONRenderer()
            request.accepted_media_type = JSONRenderer.media_type
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        # The answer depends on the key: a shared cache must not serve one key's page to another.
        patch_vary_headers(response, ["Authorization"])
        return response

    def get_serializer_context(self):
        context = super().get_serializer_context()  # type: ignore[misc]
        context["internal"] = Access.of(self.request).internal  # type: ignore[arg-type]
        return context

    def rows_context(self, ids: list[int]) -> dict:
        """What the serializer needs beyond the rows, loaded for all of them at once
        (one query per page, not per row); nothing by default."""
        return {}

    def get_serializer(self, instance=None, *args, **kwargs):
        rows = list(instance) if isinstance(instance, list) else [instance]
        context = self.get_serializer_context()
        context.update(self.rows_context([row.pk for row in rows if hasattr(row, "pk")]))
        kwargs["context"] = context
        return super().get_serializer(instance, *args, **kwargs)  # type: ignore[misc]


class APIKeyScheme(OpenApiAuthenticationExtension):
    """The key scheme in the OpenAPI document (drf-spectacular finds it by subclassing)."""

    target_class = APIKeyAuthentication
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`, a key issued in the admin.",
        }
