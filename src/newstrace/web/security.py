"""ASGI middleware: body size limit, rate limit, host check, access token, security headers."""
from __future__ import annotations

import hmac
import json
import threading
import time
from collections import deque
from typing import Any, Awaitable, Callable
from urllib.parse import parse_qs

LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]", "testserver"})
TOKEN_COOKIE = "newstrace_token"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"),
           (b"cross-origin-opener-policy", b"same-origin")]

Scope = dict[str, Any]
ASGIApp = Callable[[Scope, Callable, Callable], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Return whether a listen address is a loopback address."""
    h = host.strip().strip("[]").lower()
    return h in ("localhost", "::1") or h.startswith("127.")


class Guard:
    """Wrap an ASGI app with the server's protections (HTTP requests only)."""

    def __init__(self, app: ASGIApp, *, token: str = "", max_body: int = 5_000_000,
                 rate_limit: int = 600, loopback_only: bool = True):
        self.app, self.token, self.max_body = app, token, max_body
        self.rate_limit, self.loopback_only = rate_limit, loopback_only
        self._hits: dict[str, deque] = {}
        self._lock = threading.Lock()

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        refusal = self._refuse(scope, headers)
        if refusal is not None:
            return await _reply(send, *refusal)
        extra = []
        if self.token and self._query_token(scope):
            extra = [(b"set-cookie", f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/".encode())]
        return await self.app(scope, self._limited(receive), _with_headers(send, extra))

    def _refuse(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """Return (status, message) when the request must be refused, else None."""
        host = headers.get("host", "").rsplit(":", 1)[0] if not headers.get("host", "").endswith("]") \
            else headers.get("host", "")
        if self.loopback_only and host.lower() not in LOOPBACK_HOSTS:
            return 421, f"host {host!r} not served; this server only answers on localhost"
        try:
            length = int(headers.get("content-length", "0") or 0)
        except ValueError:
            return 400, "bad Content-Length"
        if length > self.max_body:
            return 413, f"request body larger than {self.max_body} bytes"
        if self.rate_limit and not self._allow((scope.get("client") or ("?", 0))[0]):
            return 429, f"more than {self.rate_limit} requests per minute; slow down"
        if self.token and not self._authorised(scope, headers):
            return 401, "this server needs its access token (Authorization: Bearer TOKEN, or ?token=TOKEN once)"
        return None

    def _allow(self, client: str) -> bool:
        """Count a request of a client; return False past the per-minute limit."""
        now = time.monotonic()
        with self._lock:
            if len(self._hits) > 10_000:             # forget clients idle for a minute
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] >= now - 60}
            q = self._hits.setdefault(client, deque())
            while q and q[0] < now - 60:
                q.popleft()
            if len(q) >= self.rate_limit:
                return False
            q.append(now)
            return True

    def _authorised(self, scope: Scope, headers: dict[str, str]) -> bool:
        """Check the token in the Authorization header, the cookie or the query string."""
        given = []
        auth = headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given.append(auth[7:].strip())
        for part in headers.get("cookie", "").split(";"):
            k, _, v = part.strip().partition("=")
            if k == TOKEN_COOKIE:
                given.append(v)
        given += _query_tokens(scope)
        return any(hmac.compare_digest(g.encode(), self.token.encode()) for g in given)

    def _query_token(self, scope: Scope) -> bool:
        """Return whether the right token came in the query string (then it is set as a cookie)."""
        return any(hmac.compare_digest(g.encode(), self.token.encode()) for g in _query_tokens(scope))

    def _limited(self, receive: Callable) -> Callable:
        """Wrap receive so that a body streamed past the limit ends the request."""
        seen = 0

        async def wrapped() -> dict[str, Any]:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return msg
        return wrapped


class BodyTooLarge(Exception):
    """A request body exceeded the limit while streaming."""


def _query_tokens(scope: Scope) -> list[str]:
    return parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [])


def _with_headers(send: Callable, extra: list[tuple[bytes, bytes]]) -> Callable:
    """Wrap send so that every response carries the security headers (and any extra ones)."""
    async def wrapped(msg: dict[str, Any]) -> None:
        if msg["type"] == "http.response.start":
            names = {k.lower() for k, _ in msg.get("headers", [])}
            msg["headers"] = list(msg.get("headers", [])) + [h for h in HEADERS if h[0] not in names] + extra
        await send(msg)
    return wrapped


async def _reply(send: Callable, status: int, message: str) -> None:
    """Send a small JSON error response with the security headers."""
    body = json.dumps({"detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())] + HEADERS})
    await send({"type": "http.response.body", "body": body})
