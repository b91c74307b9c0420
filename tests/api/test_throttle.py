"""Throttling per key and per anonymous address, counted in the real test Redis."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from factcheck import embedded

pytestmark = pytest.mark.django_db


def statuses(client, n: int, **extra) -> list[int]:
    return [client.get("/api/v1/sources/", **extra).status_code for _ in range(n)]


def test_anonymous_addresses_are_throttled_each_on_their_own(client_as, settings):
    settings.FACTCHECK_API_ANON_RATE = "3/minute"
    client = client_as("anonymous")
    assert isinstance(caches["throttle"], RedisCache)
    assert statuses(client, 4) == [200, 200, 200, 429]
    assert statuses(client, 1, REMOTE_ADDR="192.0.2.7") == [200]
    throttled = client.get("/api/v1/sources/")
    assert throttled.json()["code"] == "throttled"
    assert 0 < int(throttled["Retry-After"]) <= 60


def test_each_key_has_its_own_allowance(client_as, settings):
    settings.FACTCHECK_API_ANON_RATE = "1/minute"
    settings.FACTCHECK_API_KEY_RATE = "2/minute"
    one, other = client_as("plain_key"), client_as("plain_key")
    assert statuses(one, 3) == [200, 200, 429]
    assert statuses(other, 2) == [200, 200]
    assert statuses(client_as("anonymous"), 2) == [200, 429]


def test_the_count_is_shared_through_redis(client_as, settings, redis_url):
    settings.FACTCHECK_API_ANON_RATE = "2/minute"
    client_as("anonymous").get("/api/v1/sources/")
    import redis

    keys = redis.Redis.from_url(redis_url).keys("test:*throttle:addr:*")
    assert len(keys) == 1


def test_an_unreachable_redis_does_not_take_the_api_down(client_as, settings):
    settings.FACTCHECK_API_ANON_RATE = "1/minute"
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{embedded.free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }
    assert statuses(client_as("anonymous"), 3) == [200, 200, 200]
