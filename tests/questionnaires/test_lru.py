"""questionnaires.lru.LRU: the one bounded cache for values that are not function results."""

from __future__ import annotations

import threading
import time

import pytest

from questionnaires.lru import LRU


def test_forgets_the_least_recently_used() -> None:
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now "b" is the least recently used
    cache.put("c", 3)
    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)
    assert len(cache) == 2
    assert cache.get("b") is None
    cache.clear()
    assert len(cache) == 0


def test_makes_a_missing_value_once_even_when_asked_at_once() -> None:
    cache: LRU[str, int] = LRU(4)
    made: list[str] = []

    def make() -> int:
        made.append("x")
        time.sleep(0.05)
        return 7

    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(cache.get_or_make("k", make)))
               for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [7] * 5
    assert made == ["x"]
    assert cache.get_or_make("k", lambda: 8) == 7


def test_a_failed_make_keeps_nothing_and_can_be_retried() -> None:
    cache: LRU[str, int] = LRU(1)

    def fail() -> int:
        raise RuntimeError("gagal")

    with pytest.raises(RuntimeError):
        cache.get_or_make("k", fail)
    assert "k" not in cache
    assert cache.get_or_make("k", lambda: 1) == 1


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LRU(0)
