"""Build a log from a file of events, all or nothing, applying any erasures it records."""

from __future__ import annotations

import os
import tempfile
from array import array
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from polemica.events import Event, EventFormatError
from polemica.ledger.filelog import FileLog, remove_tree
from polemica.ledger.keys import Signer
from polemica.ledger.layout import LogFormatError


@dataclass(frozen=True)
class BuildResult:
    path: Path
    size: int
    erased: int
    checkpoint: str


@dataclass(frozen=True)
class _Erasure:
    seq: int
    target: int
    event: str
    fields: tuple[str, ...]


def build_log(
    events: Iterable[Event],
    out: Path,
    signer: Signer,
    *,
    progress: Callable[[int], None] | None = None,
) -> BuildResult:
    """Write `events` as a new signed log at `out`; on any error nothing is left at `out`.

    `record.erased` events in the input are applied: the fields they name are erased from the
    built log, so a log exported and rebuilt keeps its erasures.
    """
    if out.exists():
        raise LogFormatError(f"{out} already exists")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.building-", dir=out.parent))
    try:
        result = _build(events, work, signer, progress)
        os.replace(work, out)
    except BaseException:
        remove_tree(work)
        raise
    return BuildResult(out, result[0], result[1], result[2])


def _build(
    events: Iterable[Event], work: Path, signer: Signer, progress: Callable[[int], None] | None
) -> tuple[int, int, str]:
    ids: array[int] = array("q")
    erasures: list[_Erasure] = []
    with FileLog.create(work, signer.name, signer) as log:
        for count, event in enumerate(events, start=1):
            log.append(event, erasure_record=True)
            ids.append(hash(event.id))
            if event.kind == "record.erased":
                erasures.append(_erasure(event))
            if progress and count % 4096 == 0:
                progress(4096)
        if progress:
            progress(log.size % 4096)
        log.sign()
        _check_unique(log, ids)
        for erasure in erasures:
            _apply(log, erasure)
        return log.size, len(erasures), log.checkpoint_note()


def _erasure(event: Event) -> _Erasure:
    data = event.data
    target, ident, fields = data.get("seq"), data.get("event"), data.get("fields")
    if not isinstance(target, int) or isinstance(target, bool) or not 1 <= target < event.seq:
        raise EventFormatError(
            "must be the seq of an earlier event", line=event.seq, field="data.seq", unit="event"
        )
    assert isinstance(fields, list)  # checked by the event format
    return _Erasure(event.seq, target, str(ident), tuple(fields))


def _apply(log: FileLog, erasure: _Erasure) -> None:
    target = log.event(erasure.target).event
    where = {"line": erasure.seq, "unit": "event"}
    if target.id != erasure.event:
        raise EventFormatError(
            f"event {erasure.target} has id {target.id!r}, not {erasure.event!r}",
            field="data.event",
            **where,  # type: ignore[arg-type]
        )
    stored = log.openings(erasure.target - 1)
    unknown = set(erasure.fields) - set(stored.openings) - set(stored.erased)
    if unknown:
        raise EventFormatError(
            f"event {erasure.target} has no personal field {', '.join(sorted(unknown))}",
            field="data.fields",
            **where,  # type: ignore[arg-type]
        )
    log.erase_openings(erasure.target, erasure.fields)


def _check_unique(log: FileLog, ids: array[int]) -> None:
    fingerprints = np.frombuffer(ids, dtype=np.int64)
    order = np.sort(fingerprints)  # a copy: the fingerprints are needed in order below
    suspects = set(order[1:][order[1:] == order[:-1]].tolist())
    if not suspects:
        return
    seen: dict[str, int] = {}
    for seq in range(1, log.size + 1):
        if int(fingerprints[seq - 1]) in suspects:
            ident = log.event(seq).event.id
            if ident in seen:
                raise EventFormatError(
                    f"id {ident!r} was already used by event {seen[ident]}",
                    line=seq,
                    field="id",
                    unit="event",
                )
            seen[ident] = seq
