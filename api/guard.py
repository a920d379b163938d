"""Requests that need the API key are checked before their body is read, and bodies are capped
while they stream in.

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
    """POST `path` needs X-API-Key (checked first) and a body of at most `max_bytes`."""

    def __init__(self, app: ASGIApp, *, path: str, key: Callable[[], str | None], max_bytes: int) -> None:
        self.app = app
        self.path = path
        self.key = key
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if not key_matches(headers.get(b"x-api-key"), self.key()):
            await _answer(send, 401, "uploads need the X-API-Key header with the key set in POLICYKG_API_KEY")
            return
        length = headers.get(b"content-length", b"0")
        if length.isdigit() and int(length) > self.max_bytes + 64_000:  # multipart framing besides the file
            await _answer(send, 413, f"the upload is larger than {self.max_bytes // 1_000_000} MB")
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
                if seen > self.max_bytes + 64_000:
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
            await _answer(send, 413, f"the upload is larger than {self.max_bytes // 1_000_000} MB")


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
