"""API test fixtures: a client, the roles, and the throttle counting in the real test Redis."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from tests.factories import make_client_key, make_editor


@pytest.fixture(autouse=True)
def throttle_in_redis(settings, redis_url):
    """Throttle counts go to the test Redis server, as in production; emptied before each test."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": "test",
        },
    }
    caches["throttle"].clear()


@pytest.fixture
def api():
    return APIClient()


ROLES = ["anonymous", "plain_key", "writer_key", "internal_key", "revoked_key", "editor"]


@pytest.fixture
def client_as(db):
    """``client_as(role)``: an APIClient acting as one of ROLES."""

    def build(role: str) -> APIClient:
        client = APIClient()
        if role == "anonymous":
            return client
        if role == "editor":
            client.force_login(make_editor(username=f"editor-{role}"))
            return client
        permissions = {
            "plain_key": {},
            "writer_key": {"can_write_articles": True},
            "internal_key": {"can_read_internal": True},
            "revoked_key": {"can_read_internal": True, "can_write_articles": True, "revoked": True},
        }[role]
        _, key = make_client_key(name=role, **permissions)
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        return client

    return build
