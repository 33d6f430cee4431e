"""One small bounded cache for values that are not function results (built templates,
readers in worker processes, computed dashboards): :class:`LRU`.

A function of hashable arguments uses :func:`functools.lru_cache` instead. This one is for
keys that are not the arguments (an object's id, a data version), for values put in by
hand, and for values that take long to make and must be made once per key even when
several threads ask at the same time (:meth:`LRU.get_or_make`). It lives at the bottom of
the packages (questionnaires, which imports nothing of the others) so that every layer can
use it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LRU(Generic[K, V]):
    """At most `size` entries; putting one more forgets the least recently used.
    Thread-safe."""

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[K, threading.Lock] = {}

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: object) -> bool:
        return key in self._items

    def get(self, key: K) -> V | None:
        """The value of `key` (now the most recently used), or None."""
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: K, value: V) -> None:
        """Keep `value` under `key`, forgetting the least recently used beyond `size`."""
        with self._lock:
            self._keep(key, value)

    def _keep(self, key: K, value: V) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def get_or_make(self, key: K, make: Callable[[], V]) -> V:
        """The value of `key`, made by `make()` when missing — once: a thread asking for a
        key another thread is making waits for that value (other keys are not held up)."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            key_lock = self._making.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._items:
                    self._items.move_to_end(key)
                    return self._items[key]
            try:
                value = make()
            except BaseException:
                with self._lock:
                    self._making.pop(key, None)
                raise
            with self._lock:
                self._keep(key, value)
                self._making.pop(key, None)
        return value

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._items.clear()
