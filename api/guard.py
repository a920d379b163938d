"""Requests that need the API key are checked before their body is read, and every body is capped
while it streams in.

FastAPI reads a multipart body (to disk, for large files) before it calls the route, so a key
checked in the route comes after the whole upload; any web page can send such a form. This ASGI
middleware answers 401 from the headers alone and 413 as soon as a body passes the cap, whatever
Content-Length claims.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def key_matches(given: bytes | None, expected: str | None) -> bool:
    """Timing-safe, on bytes: a header in any encoding is compared, never a TypeError."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(given, expected.encode("utf-8"))


class KeyedUploads:
    """POST `path` needs X-API-Key, checked from the headers before anything reads the body."""

    def __init__(self, app: ASGIApp, *, path: str, key: Callable[[], str | None]) -> None:
        self.app = app
        self.path = path
        self.key = key

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == self.path:
            if not key_matches(dict(scope["headers"]).get(b"x-api-key"), self.key()):
                await _answer(send, 401, "uploads need the X-API-Key header with the key set in POLICYKG_API_KEY")
                return
        await self.app(scope, receive, send)


class CappedBodies:
    """Every request body is capped while it streams in: `limits` maps a path to its cap, any other
    path gets `default`. A declared Content-Length over the cap is answered 413 at once; a body
    that passes it while streaming is cut off there and answered 413, whatever the app was doing."""

    def __init__(self, app: ASGIApp, *, default: int, limits: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self.limits.get(scope["path"], self.default)
        length = dict(scope["headers"]).get(b"content-length", b"0")
        if length.isdigit() and int(length) > cap:
            await _answer(send, 413, _too_large(cap))
            return
        seen = 0
        too_large = False

        async def capped_receive() -> Message:
            nonlocal seen, too_large
            if too_large:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    too_large = True  # stop reading: the app sees the client go
                    return {"type": "http.disconnect"}
            return message

        async def checked_send(message: Message) -> None:
            if not too_large:  # whatever the app answers to a body cut short is replaced below
                await send(message)

        try:
            await self.app(scope, capped_receive, checked_send)
        except Exception:
            if not too_large:
                raise
        if too_large:
            await _answer(send, 413, _too_large(cap))


def _too_large(cap: int) -> str:
    return f"the request body is larger than {cap:,} bytes"


async def _answer(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}, ensure_ascii=False).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
