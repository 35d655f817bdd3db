"""URLs through a real loopback HTTP server: safety rules, retries and the URL bad-input matrix."""

from __future__ import annotations

import pytest

from storyline.ingest import Fetcher, IngestError, read_sources
from storyline.ingest._errors import InputError

from ._pages import PARAGRAPHS, article_page
from ._server import LocalServer, redirect, send, slow

PAGE = article_page().encode()


def _flaky(failures: int, status: int):
    calls = {"n": 0}

    def route(handler):
        calls["n"] += 1
        if calls["n"] <= failures:
            handler.send_response(status)
            handler.send_header("Retry-After", "0")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
        else:
            send(handler, PAGE)

    return route


def _huge(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(50_000_000))
    handler.end_headers()
    handler.wfile.write(b"<html>" + b" " * 1_000_000)


def _huge_chunked(handler):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()  # no Content-Length: the body is cut off while streaming
    for _ in range(50):
        handler.wfile.write(b" " * 1_000_000)


@pytest.fixture(scope="module")
def server():
    routes = {
        "/article": lambda h: send(h, PAGE),
        "/ua": lambda h: send(h, article_page(title=h.headers["User-Agent"]).encode()),
        "/flaky503": _flaky(2, 503),
        "/flaky429": _flaky(1, 429),
        "/slow": slow(2.0),
        "/loop-a": lambda h: redirect(h, "/loop-b"),
        "/loop-b": lambda h: redirect(h, "/loop-a"),
        "/hop": lambda h: redirect(h, "/article"),
        "/huge": _huge,
        "/huge-chunked": _huge_chunked,
        "/binary": lambda h: send(h, b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 16, "text/html"),
        "/latin1-label": lambda h: send(
            h, article_page(paragraphs=[p.replace("Mayor", "Maire Élodie") for p in PARAGRAPHS], charset_meta=None).encode(),
            "text/html; charset=iso-8859-1"),
        "/image": lambda h: send(h, b"GIF89a" + bytes(32), "image/gif"),
    }  # fmt: skip
    with LocalServer(routes) as running:
        running.routes["/to-loopback"] = lambda h: redirect(h, running.url("/article"))
        yield running


def _one(url: str, **fetcher_options):
    (item,) = list(read_sources([url], fetcher=Fetcher(**{"allow_private": True, **fetcher_options})))
    return item


def test_page_is_fetched_and_extracted(server):
    article = _one(server.url("/article"))
    assert article.url == server.url("/article") and PARAGRAPHS[0] in article.text


def test_clear_user_agent_is_sent(server):
    assert _one(server.url("/ua")).title.startswith("storyline/")


def test_redirect_is_followed(server):
    assert _one(server.url("/hop")).url == server.url("/article")


def test_retries_with_backoff_on_5xx_and_429(server):
    assert _one(server.url("/flaky503"), backoff=0.01).text
    assert server.hits["/flaky503"] == 3
    assert _one(server.url("/flaky429"), backoff=0.01).text


def test_loopback_is_refused_without_allow_private(server):
    (error,) = list(read_sources([server.url("/article")]))
    assert str(error) == (
        f"{server.url('/article')}: refused: 127.0.0.1 resolves to non-public address 127.0.0.1 "
        "(pass --allow-private to fetch from private networks)"
    )


def test_redirect_to_127_0_0_1_is_refused(server):
    start = server.url("/to-loopback", host="localhost")
    (error,) = list(read_sources([start], fetcher=Fetcher(allowed_hosts=frozenset({"localhost"}))))
    assert error.input == start
    assert error.message.startswith("refused: 127.0.0.1 resolves to non-public address 127.0.0.1")


def test_url_timeout(server):
    error = _one(server.url("/slow"), timeout=0.3, retries=0)
    assert str(error) == f"{server.url('/slow')}: timed out after 0.3 s (attempts: 1)"


def test_redirect_loop(server):
    error = _one(server.url("/loop-a"))
    assert str(error) == f"{server.url('/loop-a')}: redirect loop: {server.url('/loop-a')} was reached twice"


def test_fifty_megabyte_page(server):
    assert _one(server.url("/huge")).message == "page is 50.0 MB, over the 10 MB limit (raise max_bytes to accept it)"
    assert _one(server.url("/huge-chunked")).message.startswith("page is more than 10.")


def test_binary_served_as_text_html(server):
    error = _one(server.url("/binary"))
    assert isinstance(error, IngestError) and error.message.startswith("binary content (NUL bytes)")


def test_wrong_charset_in_http_header(server):
    article = _one(server.url("/latin1-label"))
    assert "Maire Élodie" in article.text
    assert article.meta["charset_note"] == "declared iso-8859-1, decoded as utf-8"


def test_unsupported_content_type_then_batch_goes_on(server):
    items = list(read_sources([server.url("/image"), server.url("/article")], allow_private=True))
    assert str(items[0]) == f"{server.url('/image')}: unsupported content type 'image/gif' (expected HTML, a feed or plain text)"
    assert not isinstance(items[1], IngestError)


@pytest.mark.parametrize(
    "url", ["http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://[::ffff:127.0.0.1]/"]
)
def test_private_link_local_and_mapped_addresses_are_refused(url):
    (error,) = list(read_sources([url]))
    assert error.input == url and error.message.startswith("refused: ") and "non-public address" in error.message


def test_non_http_scheme_is_refused():
    with pytest.raises(InputError, match="not an http"):
        Fetcher().check_address("ftp://example.com/file")
