import pytest


@pytest.fixture(scope="session")
def httpserver_listen_address():
    # An IPv4 literal: "localhost" may resolve to ::1 first while the server listens on IPv4.
    return ("127.0.0.1", 0)


@pytest.fixture
def site(httpserver, settings):
    """The local test server, reachable: the private-address guard off (as
    FETCH_ALLOW_PRIVATE_ADDRESSES=1 does), robots.txt not asked for, and the per-host
    limit held in this process (no broker)."""
    from sources import fetching

    settings.FACTCHECK_FETCH_ALLOW_PRIVATE_ADDRESSES = True
    settings.FACTCHECK_FETCH_OBEY_ROBOTS = False
    settings.CELERY_BROKER_URL = "memory://"
    fetching.robots_clear()
    yield httpserver
    fetching.robots_clear()
