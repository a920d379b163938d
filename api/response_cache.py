"""Serialised answers to repeated GET requests, kept as bytes.

On a hit the request skips validation and JSON serialisation of the response models, which is
most of what a cached answer costs. Entries are dropped when the store's cache is (any load or
clear through the app) and after the same time to live. The paths are the read routers' GET paths
(api/routes). A missing entry is computed once: requests for it that come meanwhile wait for that
answer instead of computing it again (no stampede when a popular entry expires).
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg_builder.store.cache import CachedStore


class ResponseCache:
    def __init__(self, app: ASGIApp, *, paths: tuple[str, ...], size: int = 2048) -> None:
        self.app = app
        self.paths = paths
        self.size = size
        self.entries: OrderedDict[bytes, tuple[float, int, int, list[Any], bytes]] = OrderedDict()
        self.running: dict[bytes, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope.get("app")
        store = getattr(app.state, "store", None) if app is not None and scope["type"] == "http" else None
        cacheable = scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith(self.paths)
        if not cacheable or not isinstance(store, CachedStore):
            await self.app(scope, receive, send)
            return
        key = scope["path"].encode() + b"?" + scope["query_string"]
        if await self._answer(key, store, send):
            return
        running = self.running.get(key)
        if running is not None:  # the same request is being answered: wait for that answer
            await running.wait()
            if await self._answer(key, store, send):
                return
        done = self.running.setdefault(key, asyncio.Event())
        try:
            await self._compute(key, store, scope, receive, send)
        finally:
            if self.running.get(key) is done:
                del self.running[key]
            done.set()

    async def _answer(self, key: bytes, store: CachedStore, send: Send) -> bool:
        hit = self.entries.get(key)
        if hit is None or hit[1] != store.generation or time.monotonic() - hit[0] >= store.ttl:
            return False
        self.entries.move_to_end(key)
        await send({"type": "http.response.start", "status": hit[2], "headers": hit[3]})
        await send({"type": "http.response.body", "body": hit[4]})
        return True

    async def _compute(self, key: bytes, store: CachedStore, scope: Scope, receive: Receive, send: Send) -> None:
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
