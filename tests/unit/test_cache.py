"""The result cache in front of a store."""

from __future__ import annotations

from kg_builder.store.cache import CachedStore


def test_the_cache_answers_repeats_and_forgets_on_load() -> None:
    class Counting:
        name = "counting"

        def __init__(self) -> None:
            self.calls = 0

        def query(self, name: str, params: dict[str, str | None]) -> list[dict[str, str]]:
            self.calls += 1
            return [{"n": str(self.calls)}]

        def load(self, graphs: object) -> None:
            return None

    inner = Counting()
    cached = CachedStore(inner, ttl=60)  # type: ignore[arg-type]
    assert cached.query("provinces", {"topic": "IPv6"}) == cached.query("provinces", {"topic": "IPv6"})
    assert inner.calls == 1
    cached.query("provinces", {"topic": "5G"})
    assert inner.calls == 2
    cached.load([])
    assert cached.query("provinces", {"topic": "IPv6"}) == [{"n": "3"}]
    expired = CachedStore(inner, ttl=0)  # type: ignore[arg-type]
    expired.query("provinces", {})
    expired.query("provinces", {})
    assert inner.calls == 5
