"""Streaming reads of a log's indexed record files and node files, in large chunks."""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from polemica.ledger.hashing import HASH_SIZE
from polemica.ledger.layout import OFFSET_SIZE, offsets
from polemica.ledger.native import record_damage

CHUNK_RECORDS = 16_384


class RecordDamage(ValueError):
    """A record file that does not match its index; `index` is the first damaged record."""

    def __init__(self, index: int, reason: str) -> None:
        super().__init__(reason)
        self.index = index
        self.reason = reason


@dataclass(frozen=True, slots=True)
class RecordBlock:
    """Consecutive records as read: record i is blob[bounds[i] : bounds[i + 1] - 1].

    The native functions take the block as it is (`native()`), without a bytes object per
    record.
    """

    blob: bytes
    bounds: npt.NDArray[np.uint64]

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def record(self, i: int) -> bytes:
        return self.blob[int(self.bounds[i]) : int(self.bounds[i + 1]) - 1]

    def native(self, lo: int = 0, hi: int | None = None) -> tuple[bytes, npt.NDArray[np.uint64]]:
        """Records lo to hi (default: all) in the form the native functions take."""
        return self.blob, self.bounds[lo : (len(self) if hi is None else hi) + 1]


def iter_record_blocks(
    data: Path, index: Path, count: int, chunk: int = CHUNK_RECORDS
) -> Iterator[RecordBlock]:
    """The first `count` records, `chunk` at a time, as blocks.

    Checks that every record ends where the index says, with its only newline, and that the
    files hold nothing after the last record; damage raises `RecordDamage` naming the first
    damaged record.
    """
    name = data.name
    with open(data, "rb") as fd, open(index, "rb") as fi:
        data_size = os.fstat(fd.fileno()).st_size
        start = 0
        done = 0
        while done < count:
            n = min(chunk, count - done)
            raw = fi.read(n * OFFSET_SIZE)
            if len(raw) != n * OFFSET_SIZE:
                raise RecordDamage(done + len(raw) // OFFSET_SIZE, f"{index.name} ends early")
            ends = np.frombuffer(raw, dtype="<u8")
            last = int(ends[-1])
            if not start < last <= data_size:
                raise RecordDamage(
                    done + _first_out_of_range(offsets(raw), start, data_size),
                    f"{index.name} points outside {name}",
                )
            # An entry out of order may point past the chunk's last end: the records before it
            # are judged on the bytes they name, so the first damaged record is the one named.
            top = min(max(int(ends.max()), last), data_size)
            blob = fd.read(top - start)
            bounds = np.zeros(n + 1, dtype=np.uint64)
            # An offset below `start` wraps around to a huge bound, which the check rejects.
            np.subtract(ends, np.uint64(start), out=bounds[1:], dtype=np.uint64)
            bad = record_damage(blob, bounds)
            if bad >= 0 or len(blob) != top - start or top != last:
                raise RecordDamage(
                    done + (bad if bad >= 0 else n - 1), f"{name} does not match its index"
                )
            yield RecordBlock(blob, bounds)
            start = last
            done += n
        if fd.read(1):
            raise RecordDamage(count, f"{name} has bytes after the last record")
        if fi.read(1):
            raise RecordDamage(count, f"{index.name} has entries after the last record")


def iter_record_chunks(
    data: Path, index: Path, count: int, chunk: int = CHUNK_RECORDS
) -> Iterator[list[bytes]]:
    """The first `count` records (without their newline), `chunk` at a time, as bytes objects:
    `iter_record_blocks`' blocks (same checks, same damage reports) split at their newlines,
    which the check guarantees are exactly the records' ends."""
    for block in iter_record_blocks(data, index, count, chunk):
        lines = block.blob.split(b"\n")
        del lines[-1]
        yield lines


def _first_out_of_range(ends: array[int], start: int, size: int) -> int:
    prev = start
    for i, end in enumerate(ends):
        if not prev < end <= size:
            return i
        prev = end
    return len(ends) - 1


class NodeReader:
    """Sequential reads of one level's node file, in chunks."""

    def __init__(self, path: Path, count: int) -> None:
        self.path = path
        self.count = count
        self._file = open(path, "rb") if count else None  # noqa: SIM115 - closed by close()
        self._buf = b""
        self._pos = 0
        self.read = 0

    def take(self, n: int) -> bytes:
        """The next `n` node hashes as one bytes object (shorter at the end of the file)."""
        want = n * HASH_SIZE
        if self._pos + want > len(self._buf):
            rest = self._buf[self._pos :]
            more = self._file.read(max(want - len(rest), 1 << 20)) if self._file else b""
            self._buf, self._pos = rest + more, 0
        out = self._buf[self._pos : self._pos + want]
        self._pos += len(out)
        self.read += len(out) // HASH_SIZE
        return out

    def at_end(self) -> bool:
        if self._pos < len(self._buf):
            return False
        return not (self._file and self._file.read(1))

    def close(self) -> None:
        if self._file:
            self._file.close()
