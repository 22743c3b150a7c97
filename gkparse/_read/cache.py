"""One bounded memo for the reader's pure functions of short texts.

Line shapes, cell classes and resolved label runs repeat across reports, so
the reader memoises them; a batch of a million reports must not grow them
without bound.  A `BoundedCache` is a dict that never stores a long key and
forgets everything when full (cheaper than an LRU's bookkeeping on the hot
path, and the common entries come back within a report).
"""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class BoundedCache(dict[K, V], Generic[K, V]):
    """A dict bounded in entries and key length: read it with ``get``, fill it with `put`.

    Args:
        entries: the most entries held; a `put` into a full cache clears it first.
        key_length: the longest key stored (its ``len``, or the ``length`` given to `put`).
    """

    def __init__(self, entries: int, key_length: int) -> None:
        super().__init__()
        self.entries = entries
        self.key_length = key_length

    def put(self, key: K, value: V, length: int | None = None) -> V:
        """Store ``value`` under ``key`` unless the key is too long; return ``value``.

        ``length``: the key's length when ``len(key)`` is not it (a tuple of texts).
        """
        if (len(key) if length is None else length) <= self.key_length:  # type: ignore[arg-type]
            if len(self) >= self.entries:
                self.clear()
            self[key] = value
        return value
