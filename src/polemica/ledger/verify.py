"""`verify`: recompute a log from its leaves, streaming, and name the first event that fails.

Checked, in one pass over the files: the manifest, the verifier key and the checkpoint's
signature; every record against its index; every leaf hash against the stored leaf hashes; every
stored node against the nodes recomputed from the leaves; the root against the signed checkpoint;
every opening against its commitment; every event against the event format; `seq` counting
1, 2, 3 …; ids unique; every erased field named by a later `record.erased` event and every
`record.erased` event matching an erasure. Memory does not grow with the log, except 8 bytes per
event for the id-uniqueness check.

The per-event work runs in the C module (`native.check_events`): the leaf hashes and a fast path
that only ever proves an event sound. Every event it is unsure of goes to the Python fast path
(`fastverify.fast_check`) and then to the exact reference checks, which give the verdict and the
reason, so the answers are those of the reference checks alone.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from polemica.events import EventFormatError
from polemica.ledger.checkpoint import CheckpointError
from polemica.ledger.commit import CommitmentError, StoredOpenings, open_leaf, parse_openings
from polemica.ledger.fastverify import fast_check
from polemica.ledger.filelog import read_checkpoint, read_verifier
from polemica.ledger.filestore import level_count, level_file
from polemica.ledger.hashing import HASH_SIZE
from polemica.ledger.keys import KeyFormatError, Verifier
from polemica.ledger.layout import (
    LEAVES,
    LEAVES_INDEX,
    NODES,
    OPENINGS,
    OPENINGS_INDEX,
    READABLE,
    LogFormatError,
    Manifest,
    read_manifest,
)
from polemica.ledger.native import Checked, check_events, fingerprint, leaf_hashes, node_level
from polemica.ledger.readable import ReadableChecker, ReadableDamage
from polemica.ledger.records import (
    CHUNK_RECORDS,
    NodeReader,
    RecordBlock,
    RecordDamage,
    iter_record_blocks,
    iter_record_chunks,
)
from polemica.ledger.store import Node, NodeKey
from polemica.ledger.tree import MerkleTree

_NO_OPENINGS = StoredOpenings({}, ())


@dataclass(frozen=True)
class Failure:
    """Why a log does not verify; `seq` is the first failing event when there is one."""

    seq: int | None
    reason: str

    def __str__(self) -> str:
        return f"event {self.seq}: {self.reason}" if self.seq is not None else self.reason


@dataclass
class VerifyResult:
    origin: str = ""
    size: int = 0
    root: bytes = b""
    erased_events: int = 0
    erasure_records: int = 0
    readable: tuple[str, ...] = ()
    failure: Failure | None = None

    @property
    def ok(self) -> bool:
        return self.failure is None


class _Failed(Exception):
    def __init__(self, seq: int | None, reason: str) -> None:
        super().__init__(reason)
        self.failure = Failure(seq, reason)


def verify_log(
    path: Path,
    verifier: Verifier | None = None,
    progress: Callable[[int], None] | None = None,
    *,
    check_events: bool = True,
    chunk: int = CHUNK_RECORDS,
    workers: int = 1,
) -> VerifyResult:
    """Verify the log at `path`; with `verifier`, also require the log to be signed by it.

    `check_events=False` checks only the tree: every leaf hash, every node, the root against
    the signed checkpoint (not the openings, the events' format, seq, ids or erasures).
    `chunk` (a power of two) is how many events are read and hashed at a time. `workers`
    threads share each chunk's native work; the verdict is the same either way. One is the
    default: more pay only on idle cores (on a busy machine they lose time waiting for the
    slowest), and the C code already checks an event in about the time it takes to hash it.
    """
    if chunk < 2 or chunk & (chunk - 1):
        raise ValueError("the chunk size must be a power of two")
    result = VerifyResult()
    try:
        _verify(path, verifier, progress, result, check_events, chunk, workers)
    except _Failed as failed:
        result.failure = failed.failure
    except OSError as exc:
        name = Path(exc.filename).name if exc.filename else "a file"
        result.failure = Failure(None, f"{name} cannot be read ({exc.strerror or exc})")
    except (ValueError, KeyError, MemoryError) as exc:  # damage no specific check named
        result.failure = Failure(None, f"the log is damaged ({exc})")
    return result


def _verify(
    path: Path,
    verifier: Verifier | None,
    progress: Callable[[int], None] | None,
    result: VerifyResult,
    check_events: bool,
    chunk: int,
    workers: int,
) -> None:
    try:
        manifest = read_manifest(path)
        stored_key = read_verifier(path)
        if verifier is not None and verifier != stored_key:
            raise _Failed(None, "the log is not signed by the key given")
        checkpoint = read_checkpoint(path, stored_key)
    except (LogFormatError, KeyFormatError, CheckpointError) as exc:
        raise _Failed(None, str(exc)) from None
    if checkpoint.origin != manifest.origin:
        raise _Failed(None, "the checkpoint's origin is not the log's origin")
    result.origin, result.size = manifest.origin, checkpoint.size
    n = checkpoint.size
    checker = _NodeChecker(path / NODES, n)
    tree = MerkleTree(checker)
    events = _EventChecker()
    readable = _readable(path, manifest) if check_events else []
    with _Native(workers if check_events else 1) as native:
        try:
            for start, leaves, openings, stored in _chunks(path, n, check_events, chunk):
                if openings is not None:
                    joined, fingerprints, unsure, erased = native.check(start + 1, leaves, openings)
                else:
                    joined, fingerprints, unsure, erased = leaf_hashes(leaves.native()), b"", [], []
                if joined != stored:
                    raise _Failed(
                        start + _first_difference(joined, stored) + 1, _leaf_reason(stored, joined)
                    )
                if openings is not None:
                    events.apply(start, leaves, openings, fingerprints, unsure, erased)
                    for file in readable:
                        file.check(start, leaves, openings)
                if len(leaves) == chunk and tree.size % chunk == 0:
                    height = chunk.bit_length() - 1
                    tree.append_subtree(height, _chunk_root(joined, checker, start, height))
                else:
                    tree.extend_hashes(
                        joined[i : i + HASH_SIZE] for i in range(0, len(joined), HASH_SIZE)
                    )
                if progress:
                    progress(len(leaves))
            for file in readable:
                file.finish()
        except RecordDamage as damage:
            raise _Failed(damage.index + 1 if damage.index < n else None, damage.reason) from None
        except ReadableDamage as damage:
            raise _Failed(damage.seq, damage.reason) from None
        finally:
            for file in readable:
                file.close()
    checker.finish()
    if check_events:
        events.finish(path, n)
    root = tree.root()
    if root != checkpoint.root:
        raise _Failed(None, "the root recomputed from the leaves is not the signed root")
    result.root = root
    result.erased_events = len(events.erased)
    result.erasure_records = events.records
    result.readable = tuple(c.name for c in readable)


def _readable(path: Path, manifest: Manifest) -> list[ReadableChecker]:
    """Checkers of the readable events files the directory holds; the one the manifest names
    must be there."""
    if manifest.events is not None and not (path / manifest.events).is_file():
        raise _Failed(
            None, f"{manifest.events} is missing, though the manifest says the log has it"
        )
    return [ReadableChecker(path / name) for name in READABLE if (path / name).is_file()]


def _chunk_root(hashes: bytes, checker: _NodeChecker, start: int, top: int) -> bytes:
    """The root of a full, aligned chunk, comparing its inner levels with the stored nodes."""
    level = hashes
    for height in range(1, top + 1):
        level = node_level(level)
        if height < top:
            stored = checker.readers[height - 1].take(len(level) // HASH_SIZE)
            if level != stored:
                index = (start >> height) + _first_difference(level, stored)
                raise _Failed(
                    (index << height) + 1,
                    f"the stored node (level {height}, index {index}) does not match the leaves",
                )
    return level


def _chunks(
    path: Path, n: int, with_openings: bool, chunk: int
) -> Iterator[tuple[int, RecordBlock, RecordBlock | None, bytes]]:
    level0 = NodeReader(level_file(path / NODES, 0), level_count(n, 0))
    leaves = iter_record_blocks(path / LEAVES, path / LEAVES_INDEX, n, chunk)
    openings = (
        iter_record_blocks(path / OPENINGS, path / OPENINGS_INDEX, n, chunk)
        if with_openings
        else iter(())
    )
    start = 0
    try:
        for leaf_block in leaves:
            try:
                opening_block = next(openings) if with_openings else None
            except StopIteration:
                raise RecordDamage(start, f"{OPENINGS} ends early") from None
            yield start, leaf_block, opening_block, level0.take(len(leaf_block))
            start += len(leaf_block)
        for _ in openings:  # runs the trailing-bytes check of the openings
            pass
        if not level0.at_end():
            raise RecordDamage(n, "nodes/00.bin has leaf hashes beyond the log")
    finally:
        level0.close()


def _first_difference(a: bytes, b: bytes) -> int:
    for i in range(0, max(len(a), len(b)), HASH_SIZE):
        if a[i : i + HASH_SIZE] != b[i : i + HASH_SIZE]:
            return i // HASH_SIZE
    return 0


def _leaf_reason(stored: bytes, computed: bytes) -> str:
    if len(stored) < len(computed):
        return "the stored leaf hashes (nodes/00.bin) end before the log does"
    return "the leaf does not match its stored leaf hash"


class _Native:
    """The native per-event work of each chunk, split between `workers` threads.

    The C code releases the interpreter lock, so the threads run on separate cores; the results
    are joined in event order, so nothing depends on how the chunk was split.
    """

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.pool = ThreadPoolExecutor(workers) if workers > 1 else None

    def check(self, first_seq: int, leaves: RecordBlock, openings: RecordBlock) -> Checked:
        if self.pool is None or len(leaves) < 2 * self.workers:
            return check_events(first_seq, leaves.native(), openings.native())
        step = -(-len(leaves) // self.workers)
        starts = range(0, len(leaves), step)

        def part(at: int) -> Checked:
            end = min(at + step, len(leaves))
            return check_events(first_seq + at, leaves.native(at, end), openings.native(at, end))

        parts = list(self.pool.map(part, starts))
        return (
            b"".join(p[0] for p in parts),
            b"".join(p[1] for p in parts),
            [at + i for at, p in zip(starts, parts, strict=True) for i in p[2]],
            [
                (at + i, ident, f)
                for at, p in zip(starts, parts, strict=True)
                for i, ident, f in p[3]
            ],
        )

    def __enter__(self) -> _Native:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()


class _EventChecker:
    """Per-event checks: openings, validity, seq, id uniqueness, erasure bookkeeping."""

    def __init__(self) -> None:
        self.ids: array[int] = array("q")
        self.erased: dict[int, tuple[str, frozenset[str]]] = {}
        self.covered: dict[int, set[str]] = {}
        self.records = 0

    def apply(
        self,
        start: int,
        leaves: RecordBlock,
        openings: RecordBlock,
        fingerprints: bytes,
        unsure: list[int],
        erased: list[tuple[int, str, tuple[str, ...]]],
    ) -> None:
        """Take the native verdicts of a chunk; decide the events it was unsure of, in order.

        An erasure record only looks at earlier events, so the erased fields of the whole
        chunk's sound events can be noted first.
        """
        self.ids.frombytes(fingerprints)
        for index, ident, fields in erased:
            self.erased[start + index + 1] = (ident, frozenset(fields))
        for index in unsure:
            seq = start + index + 1
            leaf, record = leaves.record(index), openings.record(index)
            proven = fast_check(seq, leaf, record)
            if proven is None:
                self.check_exactly(seq, leaf, record)
            else:
                self.ids.append(fingerprint(proven[0]))
                if proven[1]:
                    self.erased[seq] = (proven[0], frozenset(proven[1]))

    def check_exactly(self, seq: int, leaf: bytes, record: bytes) -> None:
        """The reference checks, which also name the reason when an event is not sound."""
        try:
            stored = _NO_OPENINGS if record == b"{}" else parse_openings(record.rstrip(b" "))
            opened = open_leaf(leaf, stored)
        except (CommitmentError, EventFormatError) as exc:
            raise _Failed(seq, str(exc)) from None
        event = opened.event
        if event.seq != seq:
            raise _Failed(seq, f"the event says seq {event.seq}")
        self.ids.append(fingerprint(event.id))
        if opened.erased:
            self.erased[seq] = (event.id, frozenset(opened.erased))
        if event.kind == "record.erased":
            self._erasure(seq, event.data)

    def _erasure(self, seq: int, data: Any) -> None:
        self.records += 1
        target = data.get("seq")
        if not isinstance(target, int) or isinstance(target, bool) or not 1 <= target < seq:
            raise _Failed(seq, "record.erased must name an earlier event's seq")
        if target not in self.erased:
            raise _Failed(seq, f"record.erased names event {target}, whose text is not erased")
        ident, fields = self.erased[target]
        if data.get("event") != ident:
            raise _Failed(seq, f"record.erased names event {target} by another id")
        named = set(data.get("fields", []))
        if not named <= fields:
            missing = ", ".join(sorted(named - fields))
            raise _Failed(
                seq, f"record.erased names data.{missing} of event {target}, still present"
            )
        self.covered.setdefault(target, set()).update(named)

    def finish(self, path: Path, n: int) -> None:
        for seq in sorted(self.erased):
            left = self.erased[seq][1] - self.covered.get(seq, set())
            if left:
                fields = ", ".join(f"data.{f}" for f in sorted(left))
                raise _Failed(seq, f"{fields} was erased without a record.erased event")
        ordered = np.frombuffer(self.ids, dtype=np.int64)
        ordered.sort()  # in place: no second copy of 8 bytes per event
        suspects = set(ordered[1:][ordered[1:] == ordered[:-1]].tolist())
        if suspects:
            _exact_duplicates(path, n, suspects)


def _exact_duplicates(path: Path, n: int, suspects: set[int]) -> None:
    """Second pass over the leaves for ids whose fingerprints collide: are they really equal?"""
    seen: dict[str, int] = {}
    seq = 0
    for chunk in iter_record_chunks(path / LEAVES, path / LEAVES_INDEX, n, CHUNK_RECORDS):
        for leaf in chunk:
            seq += 1
            ident = json.loads(leaf)["id"]
            if fingerprint(ident) in suspects:
                if ident in seen:
                    raise _Failed(seq, f"id {ident!r} was already used by event {seen[ident]}")
                seen[ident] = seq


class _NodeChecker:
    """A NodeStore that, instead of storing, compares each node with the log's node files."""

    def __init__(self, directory: Path, size: int) -> None:
        self.directory = directory
        self._size = size
        self.readers: list[NodeReader] = []
        level = 1
        while level_count(size, level):
            self.readers.append(NodeReader(level_file(directory, level), level_count(size, level)))
            level += 1
        self.levels = level
        self.current = 0

    def size(self) -> int:
        return self.current

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        if keys:
            raise KeyError("the checker stores nothing")
        return []

    def put_nodes(self, nodes: Sequence[Node], new_size: int) -> None:
        for level, index, digest in nodes:
            if level == 0:
                continue
            if self.readers[level - 1].take(1) != digest:
                first = (index << level) + 1
                raise _Failed(
                    first,
                    f"the stored node (level {level}, index {index}) does not match the leaves",
                )
        self.current = new_size

    def finish(self) -> None:
        for reader in self.readers:
            if not reader.at_end():
                raise _Failed(None, f"nodes/{reader.path.name} has nodes beyond the log")
            reader.close()
        for extra in sorted(self.directory.glob("*")):
            name = extra.name
            if not (name.endswith(".bin") and name[:-4].isdigit()) or int(name[:-4]) >= self.levels:
                raise _Failed(None, f"nodes/{name} does not belong to a log of {self._size} events")
        if not (level_file(self.directory, 0).exists() or self._size == 0):
            raise _Failed(None, "nodes/00.bin is missing")


__all__ = ["Failure", "VerifyResult", "verify_log"]
