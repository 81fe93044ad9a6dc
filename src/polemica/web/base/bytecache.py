"""A small in-process LRU of immutable byte strings, bounded by total size.

Django's local-memory cache pickles every value on the way in and out; for a page of 800 kB
read a hundred times a second that copy is a measurable share of the request. Bytes are
immutable, so the same object can be handed to every reader.
"""

from __future__ import annotations

import threading
from collections import OrderedDict


class BytesLRU:
    """Least-recently-used entries are dropped once `max_bytes` would be exceeded."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def set(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= len(old)
            self._entries[key] = value
            self._size += len(value)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped)

    def __len__(self) -> int:
        return len(self._entries)
