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
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3

MAX_REDIRECTS = 5
USER_AGENT = "factcheck-claim-tracker/0.1 (+https://github.com/)"


class FetchError(Exception):
    """The URL could not be fetched; the message says why, for the person who gave it."""


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str
    data: bytes


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# A charset label as codecs name them; anything else in the header is not passed on.
_CHARSET_LABEL = re.compile(r"[\w:.-]{1,40}")


def media_type_with_charset(header: str) -> str:
    """``text/html; charset=iso-8859-2`` from a Content-Type header: the media type and,
    when the server names one, the charset (which decides how the bytes are read, before
    a page's own ``<meta>``); other parameters are dropped."""
    message = Message()
    message["Content-Type"] = header
    media_type = header.split(";", 1)[0].strip().lower()
    charset = message.get_param("charset")
    charset = charset if isinstance(charset, str) and _CHARSET_LABEL.fullmatch(charset) else None
    return f"{media_type}; charset={charset.lower()}" if media_type and charset else media_type


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


def fetch_url(url: str, *, max_bytes: int, timeout: float) -> Fetched:
    """Fetch ``url``; ``timeout`` bounds the whole fetch, redirects and slow bodies included."""
    deadline = time.monotonic() + timeout
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
        port = explicit_port or (443 if parts.scheme == "https" else 80)
        try:
            host_header = parts.hostname.encode("idna").decode("ascii")
        except UnicodeError:
            raise FetchError(f"not a valid host name: {parts.hostname!r}") from None
        if ":" in host_header:  # an IPv6 literal
            host_header = f"[{host_header}]"
        if explicit_port:
            host_header = f"{host_header}:{explicit_port}"
        address = public_addresses(parts.hostname, port)[0]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"{url} took longer than {timeout:g} s; refused")
        if parts.scheme == "https":
            pool: urllib3.HTTPConnectionPool = urllib3.HTTPSConnectionPool(
                address,
                port,
                timeout=remaining,
                retries=False,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
                server_hostname=parts.hostname,
                assert_hostname=parts.hostname,
            )
        else:
            pool = urllib3.HTTPConnectionPool(address, port, timeout=remaining, retries=False)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        try:
            response = pool.urlopen(
                "GET",
                path,
                headers={
                    "Host": host_header,
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html, text/plain;q=0.9, */*;q=0.1",
                },
                redirect=False,
                preload_content=False,
            )
        except urllib3.exceptions.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {exc}") from None
        try:
            if response.status in (301, 302, 303, 307, 308) and response.headers.get("Location"):
                url = urljoin(url, response.headers["Location"])
                continue
            if response.status != 200:
                raise FetchError(f"{url} answered HTTP {response.status}")
            data = bytearray()
            for chunk in response.stream(64 * 1024):
                data += chunk
                if len(data) > max_bytes:
                    raise FetchError(f"{url} is larger than {max_bytes:,} bytes; refused")
                if time.monotonic() > deadline:
                    raise FetchError(f"{url} took longer than {timeout:g} s; refused")
            content_type = media_type_with_charset(response.headers.get("Content-Type", ""))
            return Fetched(url=url, content_type=content_type, data=bytes(data))
        finally:
            response.release_conn()
            pool.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")
