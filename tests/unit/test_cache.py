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


def test_an_expired_entry_is_computed_once_for_all_the_callers_waiting_for_it() -> None:
    """32 threads ask for the same missing entry while it is being computed: one computes, all get it."""
    import threading
    import time

    from kg_builder.store.cache import SingleFlight

    flight: SingleFlight[int] = SingleFlight(ttl=60, size=16)
    calls: list[int] = []
    start = threading.Barrier(32)

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    answers: list[int] = []

    def ask() -> None:
        start.wait()
        answers.append(flight.get("provinces", slow))

    threads = [threading.Thread(target=ask) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert (len(calls), answers) == (1, [42] * 32)
    flight.invalidate()
    assert flight.get("provinces", lambda: 7) == 7  # a load makes every entry stale


def test_a_failed_computation_is_raised_to_every_waiting_caller_and_not_kept() -> None:
    from kg_builder.store.cache import SingleFlight

    flight: SingleFlight[int] = SingleFlight(ttl=60, size=16)

    def broken() -> int:
        raise RuntimeError("store down")

    try:
        flight.get("k", broken)
    except RuntimeError as err:
        assert str(err) == "store down"
    else:
        raise AssertionError("the error was swallowed")
    assert flight.get("k", lambda: 1) == 1
