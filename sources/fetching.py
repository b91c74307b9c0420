"""Fetching documents by URL without letting a URL reach inside our network.

Every hop (the URL and each redirect) is resolved first; if any address of the
host is not a public one (loopback, private, link-local, metadata services...)
the fetch is refused. The connection then goes to the address we checked, not to
a second DNS answer, so a rebinding DNS server cannot slip a private address in
between the check and the connection.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.message import Message
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import certifi
import urllib3

MAX_REDIRECTS = 5
# Used when no Django setting names the deployment (the splitter's tools, plain scripts).
USER_AGENT = "factcheck-claim-tracker/0.1 (+https://github.com/)"
# Media types of article pages and of feeds; anything else is refused before its body is read.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
PAGE_TYPES = HTML_TYPES | {"text/plain"}
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "application/feed+json",
        "application/json",
        # Servers that do not know the feed's type; the parser decides.
        "text/plain",
        "application/octet-stream",
    }
)


class FetchError(Exception):
    """The URL could not be fetched; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    data: bytes
    # 304 when a conditional request found the document unchanged (then ``data`` is empty).
    status: int = 200
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# A charset label as codecs name them; anything else in the header is not passed on.
_CHARSET_LABEL = re.compile(r"[\w:.-]{1,40}")


def media_type(header: str) -> str:
    """``text/html`` from ``text/HTML; charset=utf-8``: the media type of a Content-Type."""
    return header.split(";", 1)[0].strip().lower()


def media_type_with_charset(header: str) -> str:
    """``text/html; charset=iso-8859-2`` from a Content-Type header: the media type and,
    when the server names one, the charset (which decides how the bytes are read, before
    a page's own ``<meta>``); other parameters are dropped."""
    message = Message()
    message["Content-Type"] = header
    kind = media_type(header)
    charset = message.get_param("charset")
    charset = charset if isinstance(charset, str) and _CHARSET_LABEL.fullmatch(charset) else None
    return f"{kind}; charset={charset.lower()}" if kind and charset else kind


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Public, and not an IPv6 wrapping of a non-public IPv4 address."""
    if not address.is_global or address.is_multicast:
        return False
    if isinstance(address, ipaddress.IPv6Address):
        wrapped = address.ipv4_mapped or address.sixtofour or (address.teredo or (None, None))[1]
        if wrapped is None and address in _NAT64:
            wrapped = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if wrapped is not None:
            return is_public(wrapped)
    return True


def public_addresses(host: str, port: int) -> list[str]:
    """The host's addresses, refusing a host that has any non-public one."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not is_public(address):
            raise FetchError(f"host {host!r} resolves to a non-public address ({address}); refused")
        addresses.append(str(address))
    if not addresses:
        raise FetchError(f"host {host!r} has no address")
    return addresses


def _setting(name: str, default):
    """A Django setting when Django is configured, else ``default`` (the module also
    serves plain scripts)."""
    try:
        from django.conf import settings

        return getattr(settings, name, default)
    except ImportError:  # pragma: no cover - Django is always installed with the product
        return default


def user_agent() -> str:
    return _setting("FACTCHECK_FETCH_USER_AGENT", USER_AGENT)


def resolve(host: str, port: int) -> str:
    """The address to connect to: a public one, unless the deployment switched the guard
    off (``FETCH_ALLOW_PRIVATE_ADDRESSES=1``, for development and tests only)."""
    if not _setting("FACTCHECK_FETCH_ALLOW_PRIVATE_ADDRESSES", False):
        return public_addresses(host, port)[0]
    try:
        return str(socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][4][0])
    except (socket.gaierror, UnicodeError, IndexError) as exc:
        raise FetchError(f"cannot resolve host {host!r}: {exc}") from None


def fetch_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    connect_timeout: float | None = None,
    accept: frozenset[str] | None = None,
    headers: dict[str, str] | None = None,
    obey_robots: bool = False,
    max_wire_bytes: int | None = None,
) -> Fetched:
    """Fetch ``url`` through the address guard, on every hop.

    ``timeout`` bounds the whole fetch, redirects and slow bodies included;
    ``connect_timeout`` each connection. ``max_bytes`` caps the body as read
    (decompressed), ``max_wire_bytes`` as sent (compressed; ``max_bytes`` by default), so
    neither a large page nor a gzip bomb gets through. ``accept`` lists the media types
    taken (others are refused before the body is read). ``headers`` adds request headers
    (``If-None-Match``, ``If-Modified-Since``: then a 304 comes back as ``not_modified``).
    ``obey_robots`` checks the site's robots.txt (cached) first, unless the deployment
    turned that off.
    """
    deadline = time.monotonic() + timeout
    if connect_timeout is None:
        connect_timeout = _setting("FACTCHECK_FETCH_CONNECT_TIMEOUT", 5.0)
    wire_cap = max_wire_bytes if max_wire_bytes is not None else max_bytes
    agent = user_agent()
    for _ in range(MAX_REDIRECTS + 1):
        try:
            parts = urlsplit(url)
            explicit_port = parts.port
        except ValueError as exc:
            raise FetchError(f"not a valid URL: {exc}") from None
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"only http and https URLs can be fetched, not {parts.scheme or 'none'!r}")
        if not parts.hostname:
            raise FetchError("the URL has no host")
        if obey_robots and not robots_allow(url, deadline=deadline):
            raise FetchError(f"{url} is disallowed by the site's robots.txt; not fetched")
        port = explicit_port or (443 if parts.scheme == "https" else 80)
        try:
            host_header = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(f"not a valid host name: {parts.hostname!r}") from None
        if ":" in host_header:  # an IPv6 literal
            host_header = f"[{host_header}]"
        if explicit_port:
            host_header = f"{host_header}:{explicit_port}"
        address = resolve(parts.hostname, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{url} took longer than {timeout:g} s; refused")
        pool_timeout = urllib3.Timeout(connect=min(connect_timeout, remaining), read=remaining)
        if parts.scheme == "https":
            pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
                address,
                port,
                timeout=pool_timeout,
                retries=False,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=pool_timeout, retries=False)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        with host_slot(parts.hostname.lower(), deadline=deadline):
            try:
                response = pool.urlopen(
                    "GET",
                    path,
                    headers={
                        "Host": host_header,
                        "User-Agent": agent,
                        "Accept": "text/html, text/plain;q=0.9, */*;q=0.1",
                        "Accept-Encoding": "gzip, deflate",
                        **(headers or {}),
                    },
                    redirect=False,
                    preload_content=False,
                )
            except urllib3.exceptions.TimeoutError:
                raise FetchError(f"{url} took longer than {timeout:g} s; refused") from None
            except urllib3.exceptions.HTTPError as exc:
                raise FetchError(f"cannot fetch {url}: {exc}") from None
            try:
                if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status == 304 and headers:
                    return Fetched(url=url, content_type="", data=b"", status=304)
                if response.status != 200:
                    raise FetchError(f"{url} answered HTTP {response.status}")
                content_type = media_type_with_charset(response.headers.get("Content-Type", ""))
                kind = media_type(content_type)
                if accept is not None and kind and kind not in accept:
                    raise FetchError(f"{url} is {kind}, not one of the types taken here; refused")
                length = response.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > wire_cap:
                    raise FetchError(f"{url} is larger than {wire_cap:,} bytes; refused")
                data = _read_body(
                    response, url=url, max_bytes=max_bytes, wire_cap=wire_cap, deadline=deadline
                )
                if time.monotonic() > deadline:
                    raise FetchError(f"{url} took longer than {timeout:g} s; refused")
                return Fetched(
                    url=url,
                    content_type=content_type,
                    data=data,
                    etag=response.headers.get("ETag", "")[:300],
                    last_modified=response.headers.get("Last-Modified", "")[:100],
                )
            finally:
                response.release_conn()
                pool.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def fetch_scheduled(url: str, *, accept: frozenset[str], headers: dict[str, str] | None = None) -> Fetched:
    """A fetch of the scheduled ingestion (feeds and their pages): the deployment's
    limits, robots.txt obeyed."""
    return fetch_url(
        url,
        max_bytes=_setting("FACTCHECK_FETCH_MAX_BYTES", 8 * 1024 * 1024),
        max_wire_bytes=_setting("FACTCHECK_FETCH_MAX_WIRE_BYTES", None),
        timeout=_setting("FACTCHECK_FETCH_TIMEOUT", 15.0),
        accept=accept,
        headers=headers,
        obey_robots=True,
    )


def _read_body(response, *, url: str, max_bytes: int, wire_cap: int, deadline: float) -> bytes:
    data = bytearray()
    try:
        # urllib3 2.x decompresses at most the amount asked for per read, so a gzip
        # bomb is stopped after one chunk past the cap, not after inflating in memory.
        for chunk in response.stream(64 * 1024, decode_content=True):
            data += chunk
            if len(data) > max_bytes:
                raise FetchError(f"{url} is larger than {max_bytes:,} bytes once decompressed; refused")
            if response.tell() > wire_cap:
                raise FetchError(f"{url} is larger than {wire_cap:,} bytes; refused")
            if time.monotonic() > deadline:
                raise FetchError(f"{url} took longer than the time allowed; refused")
    except urllib3.exceptions.TimeoutError:
        raise FetchError(f"{url} took longer than the time allowed; refused") from None
    except urllib3.exceptions.DecodeError as exc:
        raise FetchError(f"{url} sent a body that does not decompress: {exc}") from None
    except urllib3.exceptions.HTTPError as exc:
        raise FetchError(f"cannot fetch {url}: {exc}") from None
    return bytes(data)


# --- robots.txt ---------------------------------------------------------------------
# Parsed robots.txt per site, kept in each process for an hour: a worker asks a site for
# it once an hour, not once per page. (A shared cache would save one request per worker.)
ROBOTS_TTL = 3600.0
# An unreachable robots.txt (5xx, network error) counts as "disallow all" (RFC 9309),
# asked again sooner.
ROBOTS_ERROR_TTL = 300.0
_robots: dict[str, tuple[float, RobotFileParser]] = {}
_robots_lock = threading.Lock()


def robots_allow(url: str, *, deadline: float | None = None) -> bool:
    """Whether the site's robots.txt lets our User-Agent fetch ``url``."""
    if not _setting("FACTCHECK_FETCH_OBEY_ROBOTS", True):
        return True
    parts = urlsplit(url)
    site = f"{parts.scheme}://{parts.netloc}"
    now = time.monotonic()
    with _robots_lock:
        cached = _robots.get(site)
    if cached is None or cached[0] < now:
        parser, ttl = _load_robots(site, deadline=deadline)
        cached = (now + ttl, parser)
        with _robots_lock:
            _robots[site] = cached
    return cached[1].can_fetch(user_agent(), url)


def _load_robots(site: str, *, deadline: float | None) -> tuple[RobotFileParser, float]:
    parser = RobotFileParser(f"{site}/robots.txt")
    timeout = 10.0 if deadline is None else max(0.5, min(10.0, deadline - time.monotonic()))
    try:
        fetched = fetch_url(f"{site}/robots.txt", max_bytes=512 * 1024, timeout=timeout)
    except FetchError as exc:
        status = str(exc).rsplit("HTTP ", 1)[-1]
        if status.isdigit() and 400 <= int(status) < 500:
            parser.parse([])  # no robots.txt: everything allowed
            return parser, ROBOTS_TTL
        parser.parse(["User-agent: *", "Disallow: /"])
        return parser, ROBOTS_ERROR_TTL
    parser.parse(fetched.data.decode("utf-8", "replace").splitlines())
    return parser, ROBOTS_TTL


def robots_clear() -> None:
    with _robots_lock:
        _robots.clear()


# --- at most N requests per host at once --------------------------------------------
_local_slots: dict[str, threading.BoundedSemaphore] = {}
_local_lock = threading.Lock()
_redis_client: tuple[str, Any] | None = None
_redis_down_until = 0.0


@contextmanager
def host_slot(host: str, *, deadline: float):
    """Hold one of the host's ``FACTCHECK_FETCH_PER_HOST`` request slots.

    Across all workers when the broker is Redis: a sorted set per host holds one member
    per request in flight, scored by its start so a slot whose worker died frees itself
    after ``HOLD`` seconds. Without Redis (``poll_feeds --sync`` with no broker) the
    limit holds per process only.
    """
    limit = int(_setting("FACTCHECK_FETCH_PER_HOST", 4))
    client = _redis()
    if client is None:
        with _local_slot(host, limit, deadline):
            yield
        return
    key = f"factcheck:fetch-slots:{host}"
    token = uuid.uuid4().hex
    delay = 0.01
    while True:
        try:
            # One script, so counting the slots and taking one cannot interleave with
            # another worker doing the same.
            taken = client.eval(_TAKE_SLOT, 1, key, limit, time.time(), HOLD, token)
        except Exception:  # noqa: BLE001 - Redis went away: fall back to this process's limit
            _redis_failed()
            with _local_slot(host, limit, deadline):
                yield
            return
        if taken == 1:
            break
        if time.monotonic() + delay > deadline:
            raise FetchError(f"{host} is busy with {limit} of our requests already; gave up waiting")
        time.sleep(delay)
        delay = min(delay * 2, 0.2)
    try:
        yield
    finally:
        with suppress(Exception):
            client.zrem(key, token)


_TAKE_SLOT = """
local key, limit, now, hold, token = KEYS[1], tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - hold)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, token)
  redis.call('EXPIRE', key, math.ceil(hold) + 1)
  return 1
end
return 0
"""
# A slot is forgotten after this long even if its worker never gave it back.
HOLD = 120.0


@contextmanager
def _local_slot(host: str, limit: int, deadline: float):
    with _local_lock:
        slot = _local_slots.setdefault(host, threading.BoundedSemaphore(limit))
    if not slot.acquire(timeout=max(0.0, deadline - time.monotonic())):
        raise FetchError(f"{host} is busy with {limit} of our requests already; gave up waiting")
    try:
        yield
    finally:
        slot.release()


def _redis():
    global _redis_client
    url = _setting("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")) or time.monotonic() < _redis_down_until:
        return None
    if _redis_client is None or _redis_client[0] != url:
        import redis

        _redis_client = (url, redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2))
    return _redis_client[1]


def _redis_failed() -> None:
    global _redis_down_until, _redis_client
    _redis_client = None
    _redis_down_until = time.monotonic() + 60
