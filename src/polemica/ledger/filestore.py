"""A NodeStore in files: one file per level, fixed 32-byte records, so a read is one seek."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import IO

from polemica.ledger.hashing import HASH_SIZE
from polemica.ledger.store import Node, NodeKey

FLUSH_BYTES = 1 << 22


def level_file(directory: Path, level: int) -> Path:
    return directory / f"{level:02d}.bin"


def level_count(size: int, level: int) -> int:
    """How many complete nodes a tree of `size` leaves has at `level`."""
    return size >> level


class FileNodeStore:
    """Nodes of a tree of `size` leaves in `directory`/LL.bin.

    Writes are buffered until `flush()` (called before any read and by the log when it signs a
    checkpoint); on opening for writing, anything beyond `size` (an interrupted append) is cut.
    """

    def __init__(self, directory: Path, size: int, *, writable: bool = False) -> None:
        self.directory = directory
        self._size = size
        self._writable = writable
        self._counts: list[int] = []
        self._pending: list[list[bytes]] = []
        self._pending_bytes = 0
        self._writers: dict[int, IO[bytes]] = {}
        self._readers: dict[int, IO[bytes]] = {}
        level = 0
        while level_count(size, level) > 0:
            self._counts.append(level_count(size, level))
            self._pending.append([])
            if writable:
                with open(level_file(directory, level), "r+b") as f:
                    f.truncate(self._counts[level] * HASH_SIZE)
            level += 1
        if writable:
            for extra in directory.glob("*.bin"):
                if int(extra.stem) >= level:
                    extra.unlink()

    def size(self) -> int:
        return self._size

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        self.flush()
        out = []
        for level, index in keys:
            if level >= len(self._counts) or not 0 <= index < self._counts[level]:
                raise KeyError(f"node ({level}, {index}) is not stored")
            reader = self._reader(level)
            reader.seek(index * HASH_SIZE)
            digest = reader.read(HASH_SIZE)
            if len(digest) != HASH_SIZE:
                raise ValueError(f"the node file of level {level} is shorter than the log")
            out.append(digest)
        return out

    def put_nodes(self, nodes: Sequence[Node], new_size: int) -> None:
        if not self._writable:
            raise ValueError("the log was opened read-only")
        counts, pending = self._counts, self._pending
        for level, index, digest in nodes:
            if level == len(counts):
                counts.append(0)
                pending.append([])
            if index != counts[level]:
                raise ValueError(f"node ({level}, {index}) is not the next one of its level")
            counts[level] += 1
            pending[level].append(digest)
        self._pending_bytes += len(nodes) * HASH_SIZE
        self._size = new_size
        if self._pending_bytes >= FLUSH_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self._pending_bytes:
            return
        for level, digests in enumerate(self._pending):
            if digests:
                self._writer(level).write(b"".join(digests))
                digests.clear()
        for writer in self._writers.values():
            writer.flush()
        self._pending_bytes = 0

    def sync(self) -> None:
        self.flush()
        for writer in self._writers.values():
            os.fsync(writer.fileno())

    def close(self) -> None:
        self.flush()
        for handle in [*self._writers.values(), *self._readers.values()]:
            handle.close()
        self._writers.clear()
        self._readers.clear()

    def _writer(self, level: int) -> IO[bytes]:
        if level not in self._writers:
            self._writers[level] = open(level_file(self.directory, level), "ab")  # noqa: SIM115 - closed by close()
        return self._writers[level]

    def _reader(self, level: int) -> IO[bytes]:
        if level not in self._readers:
            self._readers[level] = open(level_file(self.directory, level), "rb")  # noqa: SIM115 - closed by close()
        return self._readers[level]
