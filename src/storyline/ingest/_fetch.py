"""Fetching URLs safely: timeouts, size cap, redirect checks, retries, no private addresses."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from ._errors import InputError

USER_AGENT = "storyline/0.1 (news event dossiers; httpx)"
_RETRY_STATUS = {429, 500, 502, 503, 504}
_REDIRECT_STATUS = {301, 302, 303, 307, 308}
_MAX_RETRY_AFTER = 30.0


@dataclass(slots=True)
class Response:
    """What a fetch returns: the final URL, body bytes and the content type/charset it declared."""

    url: str
    content: bytes
    content_type: str
    charset: str | None


@dataclass
class Fetcher:
    """HTTP(S) client for ingestion. Refuses private, loopback and link-local hosts unless ``allow_private``.

    Every hop of a redirect chain is checked again after DNS resolution. The
    address check happens before httpx connects (it resolves again), which leaves
    a small DNS-rebinding window; connecting to the checked IP would need custom
    TLS/SNI handling, so this is a documented limit.
    """

    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()  # host names exempt from the address check (trusted intranet)
    timeout: float = 10.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff: float = 0.5
    user_agent: str = USER_AGENT

    def get(self, url: str) -> Response:
        """Fetch ``url``; raises ``InputError`` with a one-line reason on any failure."""
        headers = {"User-Agent": self.user_agent, "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5"}
        with httpx.Client(timeout=self.timeout, headers=headers, follow_redirects=False) as client:
            return self._follow(client, url)

    def _follow(self, client: httpx.Client, url: str) -> Response:
        visited: list[str] = []
        while True:
            self.check_address(url)
            if url in visited:
                raise InputError(f"redirect loop: {url} was reached twice")
            visited.append(url)
            if len(visited) > self.max_redirects + 1:
                raise InputError(f"more than {self.max_redirects} redirects (last: {url})")
            response = self._request_with_retries(client, url)
            if response.status_code in _REDIRECT_STATUS and "location" in response.headers:
                url = urljoin(url, response.headers["location"])
                continue
            return self._read(response, url)

    def _request_with_retries(self, client: httpx.Client, url: str) -> _OpenResponse:
        for attempt in range(self.retries + 1):
            last_try = attempt == self.retries
            try:
                opened = _OpenResponse.open(client, url, self.max_bytes)
            except httpx.TimeoutException:
                if last_try:
                    raise InputError(f"timed out after {self.timeout:g} s (attempts: {self.retries + 1})") from None
            except httpx.HTTPError as err:
                if last_try:
                    raise InputError(f"request failed: {type(err).__name__}: {err}") from None
            else:
                if opened.status_code not in _RETRY_STATUS or last_try:
                    return opened
                time.sleep(_retry_delay(opened.headers.get("retry-after"), self.backoff * 2**attempt))
                continue
            time.sleep(self.backoff * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _read(self, response: _OpenResponse, url: str) -> Response:
        if response.status_code >= 400:
            raise InputError(f"HTTP {response.status_code}")
        content_type = response.headers.get("content-type", "")
        mime = content_type.split(";")[0].strip().lower()
        charset = None
        if "charset=" in content_type.lower():
            charset = content_type.lower().split("charset=")[1].split(";")[0].strip(" \"'") or None
        return Response(url=url, content=response.body, content_type=mime, charset=charset)

    def check_address(self, url: str) -> None:
        """Raise unless ``url`` is http(s) and (without ``allow_private``) resolves only to public addresses."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"not an http(s) URL: {url}")
        if self.allow_private or parts.hostname.lower() in self.allowed_hosts:
            return
        try:
            infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
        except socket.gaierror as err:
            raise InputError(f"cannot resolve host {parts.hostname!r} ({err.strerror})") from None
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
                address = address.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
            if not address.is_global or address.is_multicast:
                raise InputError(
                    f"refused: {parts.hostname} resolves to non-public address {address} "
                    "(pass --allow-private to fetch from private networks)"
                )


@dataclass(slots=True)
class _OpenResponse:
    status_code: int
    headers: httpx.Headers
    body: bytes

    @classmethod
    def open(cls, client: httpx.Client, url: str, max_bytes: int) -> _OpenResponse:
        """GET ``url`` streaming, stopping as soon as the body passes ``max_bytes``."""
        with client.stream("GET", url) as response:
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise InputError(_too_big(int(length), max_bytes))
            chunks, size = [], 0
            if response.status_code < 300:
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise InputError(_too_big(size, max_bytes, at_least=True))
                    chunks.append(chunk)
            return cls(response.status_code, response.headers, b"".join(chunks))


def _too_big(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"page is {more}{size / 1e6:.1f} MB, over the {limit / 1e6:g} MB limit (raise max_bytes to accept it)"


def _retry_delay(retry_after: str | None, default: float) -> float:
    if not retry_after:
        return default
    if retry_after.strip().isdigit():
        return min(float(retry_after), _MAX_RETRY_AFTER)
    try:
        delay = parsedate_to_datetime(retry_after).timestamp() - time.time()
    except (TypeError, ValueError):
        return default
    return max(0.0, min(delay, _MAX_RETRY_AFTER))
