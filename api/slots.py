"""Work that may take long (raw queries, uploads' extraction) runs in a few slots, waited for on the
event loop: a caller in the queue holds no worker thread, so it cannot starve /health or the other
routes of the threadpool; a caller still waiting after `wait` seconds gets 503 with Retry-After."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from fastapi.concurrency import run_in_threadpool

from kg_builder.errors import Busy

T = TypeVar("T")


async def in_slot(slots: asyncio.Semaphore, wait: float, work: Callable[[], T], *, busy: str) -> T:
    """`work` on a worker thread once one of `slots` is free; `busy` says what was busy."""
    try:
        await asyncio.wait_for(slots.acquire(), timeout=wait)
    except TimeoutError:
        raise Busy(f"{busy}; try again") from None
    try:
        return await run_in_threadpool(work)
    finally:
        slots.release()
