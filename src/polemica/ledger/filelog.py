"""The file log: events as committed leaves, their openings, the tree's nodes, a signed checkpoint.

Appends are buffered; `sign()` flushes everything and then replaces the checkpoint, so the
checkpoint on disk always describes files that are completely written. A reader trusts only the
checkpoint's size: bytes beyond it (an interrupted append) are ignored, and cut off when the log
is next opened for writing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from array import array
from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import accumulate
from pathlib import Path
from types import TracebackType

from polemica.events import Event, format_time, parse_event
from polemica.ledger.checkpoint import Checkpoint, sign_checkpoint
from polemica.ledger.commit import (
    OpenedEvent,
    Opening,
    StoredOpenings,
    commit_for_log,
    open_leaf,
    openings_record,
    parse_openings,
)
from polemica.ledger.filestore import FileNodeStore
from polemica.ledger.hashing import HASH_SIZE, leaf_hash
from polemica.ledger.keys import Signer, Verifier
from polemica.ledger.layout import (
    CHECKPOINT,
    LEAVES,
    LEAVES_INDEX,
    NODES,
    OFFSET_SIZE,
    OPENINGS,
    OPENINGS_INDEX,
    VERIFIER,
    LogFormatError,
    Manifest,
    offsets,
    offsets_bytes,
    read_manifest,
)
from polemica.ledger.native import leaf_hashes
from polemica.ledger.signed_head import read_checkpoint, read_verifier
from polemica.ledger.tree import MerkleTree

BATCH = 4096


class _Appender:
    """A buffered, indexed append-only record file (`name` + `name`.idx of end offsets)."""

    def __init__(self, data: Path, index: Path, end: int) -> None:
        self._data = open(data, "ab")  # noqa: SIM115 - closed by close()
        self._index = open(index, "ab")  # noqa: SIM115 - closed by close()
        self.chunks: list[bytes] = []  # appended to directly on the hot path
        self.end = end

    def flush(self) -> None:
        chunks = self.chunks
        if chunks:
            ends = array("Q", accumulate((len(c) + 1 for c in chunks), initial=self.end))
            del ends[0]
            self.end = ends[-1]
            chunks.append(b"")
            self._data.write(b"\n".join(chunks))
            self._index.write(offsets_bytes(ends))
            self.chunks = []
        self._data.flush()
        self._index.flush()

    def sync(self) -> None:
        self.flush()
        os.fsync(self._data.fileno())
        os.fsync(self._index.fileno())

    def close(self) -> None:
        self.flush()
        self._data.close()
        self._index.close()


class FileLog:
    """A log directory. Open it with `FileLog.create` or `FileLog.open`."""

    def __init__(
        self, path: Path, manifest: Manifest, verifier: Verifier, size: int, signer: Signer | None
    ) -> None:
        self.path = path
        self.manifest = manifest
        self.verifier = verifier
        self.signer = signer
        writable = signer is not None
        if writable:
            _cut(path / LEAVES, path / LEAVES_INDEX, size)
            _cut(path / OPENINGS, path / OPENINGS_INDEX, size)
        self.store = FileNodeStore(path / NODES, size, writable=writable)
        self.tree = MerkleTree(self.store)
        self._leaves: _Appender | None = None
        self._openings: _Appender | None = None
        self._pending: list[bytes] = []  # leaves not yet in the tree

    # -- opening and creating -------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, origin: str, signer: Signer) -> FileLog:
        """A new, empty log at `path` (which must not exist or be an empty directory)."""
        if path.exists() and (not path.is_dir() or any(path.iterdir())):
            raise LogFormatError(f"{path} already exists and is not an empty directory")
        if signer.name != origin:
            raise LogFormatError(f"the key is named {signer.name!r}, the log's origin {origin!r}")
        (path / NODES).mkdir(parents=True, exist_ok=True)
        manifest = Manifest(origin)
        (path / "manifest.json").write_bytes(manifest.encode())
        (path / VERIFIER).write_text(signer.verifier.text() + "\n", encoding="utf-8")
        for name in (LEAVES, LEAVES_INDEX, OPENINGS, OPENINGS_INDEX):
            (path / name).touch()
        log = cls(path, manifest, signer.verifier, 0, signer)
        log.sign()
        return log

    @classmethod
    def open(
        cls, path: Path, *, signer: Signer | None = None, verifier: Verifier | None = None
    ) -> FileLog:
        """Open a log; with `signer` it can be appended to. The checkpoint is verified."""
        manifest = read_manifest(path)
        stored = read_verifier(path)
        if verifier is not None and verifier != stored:
            raise LogFormatError("the log's verifier key is not the key given")
        if signer is not None and signer.verifier != stored:
            raise LogFormatError("the signing key does not match the log's verifier key")
        checkpoint = read_checkpoint(path, stored)
        if checkpoint.origin != manifest.origin:
            raise LogFormatError("the checkpoint's origin is not the log's origin")
        return cls(path, manifest, stored, checkpoint.size, signer)

    # -- appending ------------------------------------------------------------------------

    @property
    def size(self) -> int:
        return self.tree.size + len(self._pending)

    def append(self, event: Event, *, erasure_record: bool = False) -> int:
        """Append one event (its seq must be the next one); return its 0-based index.

        A `record.erased` event is only appended by `erase` (or by `build_log`, which applies
        it), since on its own it would claim an erasure that did not happen.
        """
        pending = self._pending
        index = self.tree.size + len(pending)
        if event.seq != index + 1:
            raise ValueError(f"seq is {event.seq} where {index + 1} was expected")
        if event.kind == "record.erased" and not erasure_record:
            raise ValueError("record.erased events are appended by erase(), not append()")
        leaves, opens = self._leaves or self._appenders()[0], self._openings or self._appenders()[1]
        leaf, record = commit_for_log(event)
        leaves.chunks.append(leaf)
        opens.chunks.append(record)
        pending.append(leaf)
        if len(pending) >= BATCH:
            self._flush_tree()
        return index

    def extend(self, events: Iterable[Event]) -> int:
        """`append` each event (the same checks, in the same order); return the new size."""
        leaves = opens = None
        expected = self.size + 1
        for event in events:
            if event.seq != expected:
                raise ValueError(f"seq is {event.seq} where {expected} was expected")
            if event.kind == "record.erased":
                raise ValueError("record.erased events are appended by erase(), not append()")
            if leaves is None or opens is None:
                leaves, opens = self._appenders()
            leaf, record = commit_for_log(event)
            leaves.chunks.append(leaf)
            opens.chunks.append(record)
            pending = self._pending
            pending.append(leaf)
            if len(pending) >= BATCH:
                self._flush_tree()
            expected += 1
        return self.size

    def _appenders(self) -> tuple[_Appender, _Appender]:
        if self.signer is None:
            raise ValueError("the log was opened read-only")
        if self._leaves is None or self._openings is None:
            self._leaves = _Appender(
                self.path / LEAVES, self.path / LEAVES_INDEX, _end(self.path / LEAVES_INDEX)
            )
            self._openings = _Appender(
                self.path / OPENINGS, self.path / OPENINGS_INDEX, _end(self.path / OPENINGS_INDEX)
            )
        return self._leaves, self._openings

    def _flush_tree(self) -> None:
        """Hash the pending leaves into the tree and write the buffered records out."""
        if self._pending:
            joined = leaf_hashes(self._pending)
            self.tree.extend_hashes(
                joined[i : i + HASH_SIZE] for i in range(0, len(joined), HASH_SIZE)
            )
        self._pending = []
        for appender in (self._leaves, self._openings):
            if appender is not None:
                appender.flush()

    def sign(self, extensions: tuple[str, ...] = ()) -> str:
        """Write everything out, then sign and store the checkpoint of the current size."""
        if self.signer is None:
            raise ValueError("the log was opened read-only")
        self._flush_tree()
        for appender in (self._leaves, self._openings):
            if appender is not None:
                appender.sync()
        self.store.sync()
        checkpoint = Checkpoint(self.manifest.origin, self.tree.size, self.tree.root(), extensions)
        note = sign_checkpoint(checkpoint, self.signer)
        _replace(self.path / CHECKPOINT, note.encode("utf-8"))
        return note

    def close(self) -> None:
        for appender in (self._leaves, self._openings):
            if appender is not None:
                appender.close()
        self.store.close()

    def __enter__(self) -> FileLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- reading --------------------------------------------------------------------------

    def checkpoint_note(self) -> str:
        return (self.path / CHECKPOINT).read_text(encoding="utf-8")

    def leaf(self, index: int) -> bytes:
        return _record(self.path / LEAVES, self.path / LEAVES_INDEX, index, self.tree.size)

    def openings(self, index: int) -> StoredOpenings:
        raw = _record(self.path / OPENINGS, self.path / OPENINGS_INDEX, index, self.tree.size)
        return parse_openings(raw.rstrip(b" "))

    def event(self, seq: int) -> OpenedEvent:
        """The event at `seq`, opened and checked against its leaf hash."""
        if not 1 <= seq <= self.tree.size:
            raise LookupError(f"the log has events 1 to {self.tree.size}, not {seq}")
        leaf = self.leaf(seq - 1)
        if leaf_hash(leaf) != self.tree.leaf_hash_at(seq - 1):
            raise LogFormatError(f"event {seq} does not match its leaf hash")
        return open_leaf(leaf, self.openings(seq - 1))

    # -- erasure --------------------------------------------------------------------------

    def erase(self, seq: int, reason: str, *, actor: str | None = None) -> Event:
        """Delete the personal text of event `seq` and record the erasure as a new event."""
        if not reason.strip():
            raise ValueError("an erasure needs a reason")
        target = self.event(seq)
        stored = self.openings(seq - 1)
        fields = sorted(stored.openings)
        if not fields:
            already = " (already erased)" if stored.erased else ""
            raise ValueError(f"event {seq} has no personal text to erase{already}")
        record = parse_event(
            {
                "v": 1,
                "seq": self.size + 1,
                "id": f"erasure-{uuid.uuid4().hex}",
                "at": format_time(datetime.now(UTC)),
                "org": target.event.org,
                "body": target.event.body,
                "actor": actor,
                "kind": "record.erased",
                "subject": target.event.id,
                "data": {"event": target.event.id, "seq": seq, "fields": fields, "reason": reason},
            }
        )
        self.append(record, erasure_record=True)
        self.sign()
        self.erase_openings(seq, fields)
        return record

    def erase_openings(self, seq: int, fields: Iterable[str]) -> None:
        """Delete the openings (text and salt) of `fields` of event `seq`, in place.

        Only the openings change: the leaf, the nodes and the checkpoint stay as they are. The
        caller records the erasure as an event (`erase` does both).
        """
        stored = self.openings(seq - 1)
        names = set(fields)
        keep = {k: v for k, v in stored.openings.items() if k not in names}
        erased = tuple(sorted({*stored.erased, *(names & set(stored.openings))}))
        _overwrite(self.path / OPENINGS, self.path / OPENINGS_INDEX, seq - 1, keep, erased)


def _end(index: Path) -> int:
    with open(index, "rb") as f:
        f.seek(0, os.SEEK_END)
        if f.tell() < OFFSET_SIZE:
            return 0
        f.seek(-OFFSET_SIZE, os.SEEK_END)
        return offsets(f.read(OFFSET_SIZE))[0]


def _bounds(index: Path, i: int) -> tuple[int, int]:
    with open(index, "rb") as f:
        if i == 0:
            f.seek(0)
            start, end = 0, offsets(f.read(OFFSET_SIZE))[0]
        else:
            f.seek((i - 1) * OFFSET_SIZE)
            start, end = offsets(f.read(2 * OFFSET_SIZE))
    return start, end


def _record(data: Path, index: Path, i: int, size: int) -> bytes:
    if not 0 <= i < size:
        raise LookupError(f"record {i} is outside a log of {size} events")
    start, end = _bounds(index, i)
    with open(data, "rb") as f:
        f.seek(start)
        raw = f.read(end - start)
    if len(raw) != end - start or not raw.endswith(b"\n"):
        raise LogFormatError(f"record {i + 1} of {data.name} is damaged")
    return raw[:-1]


def _cut(data: Path, index: Path, size: int) -> None:
    """Drop records beyond `size` (left by an interrupted append)."""
    with open(index, "r+b") as f:
        f.truncate(size * OFFSET_SIZE)
    end = _end(index) if size else 0
    with open(data, "r+b") as f:
        f.truncate(end)


def _overwrite(
    data: Path, index: Path, i: int, keep: dict[str, Opening], erased: tuple[str, ...]
) -> None:
    """Replace record `i` of the openings in place, padded with spaces to its old length."""
    start, end = _bounds(index, i)
    new = openings_record(keep, erased)
    width = end - start - 1
    if len(new) > width:
        raise LogFormatError("an erased openings record does not fit in place")
    with open(data, "r+b") as f:
        f.seek(start)
        f.write(new + b" " * (width - len(new)))
        f.flush()
        os.fsync(f.fileno())


def _replace(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "wb") as out:
        out.write(content)
        out.flush()
        os.fsync(out.fileno())
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


__all__ = ["FileLog", "read_checkpoint", "read_verifier", "remove_tree"]
