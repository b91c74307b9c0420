"""Fetching by URL against a real HTTP server on loopback.

The server stands in for a public news site: the resolver is patched so that the
host name ``news.example`` is "public" and points at it; every other name goes
through the real check.
"""

import http.server
import threading

import pytest

from sources import fetching
from sources.fetching import FetchError, fetch_url

PAGE = (
    b"<html><head><title>Port strike</title></head><body><article>"
    b"<p>Dockworkers at the port walked out on Monday, the union said, halting 40 percent of exports.</p>"
    b"</article></body></html>"
)
CZECH = "Vláda v úterý oznámila, že inflace v září klesla na 2,4 procenta. Ministr financí řekl, že rozpočet bude vyrovnaný."


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/article":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/czech":
            self.send_response(200)
            self.send_header("Content-Type", 'text/plain; format=flowed; charset="ISO-8859-2"')
            self.end_headers()
            self.wfile.write(CZECH.encode("iso-8859-2"))
        elif self.path == "/to-private":
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:9/admin/")
            self.end_headers()
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"x" * 300_000)
        else:
            self.send_response(404)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def news_site(monkeypatch):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    real = fetching.public_addresses

    def resolve(host, port):
        return ["127.0.0.1"] if host == "news.example" else real(host, port)

    monkeypatch.setattr(fetching, "public_addresses", resolve)
    yield f"http://news.example:{server.server_address[1]}"
    server.shutdown()


def test_fetches_a_page_with_its_content_type(news_site):
    fetched = fetch_url(f"{news_site}/article", max_bytes=1_000_000, timeout=5)
    assert fetched.data == PAGE
    assert fetched.content_type == "text/html; charset=utf-8"


@pytest.mark.django_db
def test_a_page_is_read_in_the_charset_its_server_declares(news_site):
    # Central European bytes without a declaration are easily misread (ž as ľ); the
    # header says what they are, and the stored article keeps it.
    from django.core.management import call_command

    from sources.models import Article

    call_command("ingest", f"{news_site}/czech", "--sync", stdout=None)
    article = Article.objects.get()
    assert article.content_type == "text/plain; charset=iso-8859-2"
    assert article.text == CZECH


def test_a_redirect_to_a_private_address_is_refused(news_site):
    with pytest.raises(FetchError, match="non-public address"):
        fetch_url(f"{news_site}/to-private", max_bytes=1_000_000, timeout=5)


def test_a_response_over_the_size_limit_is_refused(news_site):
    with pytest.raises(FetchError, match="larger than"):
        fetch_url(f"{news_site}/huge", max_bytes=100_000, timeout=5)


def test_http_errors_and_other_schemes_are_clear_errors(news_site):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{news_site}/missing", max_bytes=1_000_000, timeout=5)
    with pytest.raises(FetchError, match="only http and https"):
        fetch_url("file:///etc/passwd", max_bytes=1_000_000, timeout=5)


@pytest.mark.django_db
def test_ingest_stores_a_fetched_page_with_its_url(news_site):
    from django.core.management import call_command

    from sources.models import Article

    call_command("ingest", f"{news_site}/article", "--sync", stdout=None)
    article = Article.objects.get()
    assert article.url == f"{news_site}/article"
    assert article.content_type == "text/html; charset=utf-8"
    assert article.status == Article.Status.DONE
    assert "walked out on Monday" in article.text


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of the cloud metadata address
        "http://[2002:7f00:1::]/",  # 6to4 of loopback
        "http://10.0.0.8/",
        "http://192.168.1.1/",
        "http://user:pass@127.0.0.1/",
        "http://2130706433/",  # 127.0.0.1 as a number
    ],
)
def test_private_and_wrapped_private_addresses_are_refused(url):
    with pytest.raises(FetchError, match="non-public address|cannot resolve"):
        fetch_url(url, max_bytes=1_000, timeout=2)


@pytest.mark.parametrize("url", ["http://example.org:99999/", "http://example.org:abc/"])
def test_a_bad_port_is_a_clear_error(url):
    with pytest.raises(FetchError, match="not a valid URL"):
        fetch_url(url, max_bytes=1_000, timeout=2)


def test_a_slow_server_cannot_hold_a_fetch_past_its_timeout(monkeypatch):
    import socket as socket_module

    listener = socket_module.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]

    def trickle():
        conn, _ = listener.accept()
        conn.recv(4096)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n")
        try:
            for _ in range(40):
                conn.sendall(b"x")
                threading.Event().wait(0.1)
        except OSError:
            pass
        conn.close()

    threading.Thread(target=trickle, daemon=True).start()
    monkeypatch.setattr(fetching, "public_addresses", lambda host, port: ["127.0.0.1"])
    with pytest.raises(FetchError, match="took longer than"):
        fetch_url(f"http://slow.example:{port}/", max_bytes=1_000_000, timeout=1)
    listener.close()
