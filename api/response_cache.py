"""Serialised answers to repeated GET requests, kept as bytes.

On a hit the request skips validation and JSON serialisation of the response models, which is
most of what a cached answer costs. Entries are dropped when the store's cache is (any load or
clear through the app) and after the same time to live.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg_builder.store.cache import CachedStore

CACHEABLE = ("/brief", "/provinces", "/documents", "/timeline", "/search", "/graph", "/ask", "/entities/", "/agencies/",
             "/programs/", "/documents/", "/events/", "/provinces/", "/topics/")


class ResponseCache:
    def __init__(self, app: ASGIApp, *, size: int = 2048) -> None:
        self.app = app
        self.size = size
        self.entries: OrderedDict[bytes, tuple[float, int, int, list[Any], bytes]] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope.get("app")
        store = getattr(app.state, "store", None) if app is not None and scope["type"] == "http" else None
        cacheable = scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith(CACHEABLE)
        if not cacheable or not isinstance(store, CachedStore):
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope["query_string"]
        hit = self.entries.get(key)
        if hit is not None and hit[1] == store.generation and time.monotonic() - hit[0] < store.ttl:
            self.entries.move_to_end(key)
            await send({"type": "http.response.start", "status": hit[2], "headers": hit[3]})
            await send({"type": "http.response.body", "body": hit[4]})
            return
        generation, started = store.generation, time.monotonic()
        start: Message = {}
        body: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
            elif message["type"] == "http.response.body":
                body.append(message.get("body", b""))
                if not message.get("more_body") and start.get("status") == 200:
                    self.entries[key] = (started, generation, 200, list(start.get("headers", [])), b"".join(body))
                    if len(self.entries) > self.size:
                        self.entries.popitem(last=False)
            await send(message)

        await self.app(scope, receive, capture)
