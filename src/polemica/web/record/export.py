"""`polemica export`: an organization's log as a ledger log directory, plus readable events.

The directory is the ledger's own format (docs/ledger.md: manifest, leaves, openings, nodes, a
checkpoint signed by the organization's key, the verifier key), so `polemica verify DIR` checks it
offline; it also holds `events.jsonl` (or `events.parquet`): the same events, readable, in the
event format, with erased text as "". `polemica replay DIR` rebuilds the state from the leaves
and openings, so hashes and erasures carry over exactly.
"""

from __future__ import annotations

import json
import shutil
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from polemica.events import Event, parse_event, write_events
from polemica.ledger import MerkleTree, leaf_hash
from polemica.ledger.checkpoint import Checkpoint as Note
from polemica.ledger.checkpoint import sign_checkpoint
from polemica.ledger.commit import Opening, openings_record
from polemica.ledger.filestore import FileNodeStore
from polemica.ledger.layout import (
    CHECKPOINT,
    LEAVES,
    LEAVES_INDEX,
    NODES,
    OPENINGS,
    OPENINGS_INDEX,
    VERIFIER,
    Manifest,
    offsets_bytes,
)
from polemica.web.record import ledger
from polemica.web.record.durable import ensure_durable
from polemica.web.record.models import EventRow, LogHead
from polemica.web.record.models import Opening as OpeningRow

CHUNK = 2000


@dataclass(frozen=True)
class Exported:
    path: Path
    events: int
    root: str


def _rows(org: str, size: int) -> Iterator[tuple[EventRow, dict[str, Opening]]]:
    for start in range(1, size + 1, CHUNK):
        end = min(start + CHUNK - 1, size)
        rows = list(EventRow.objects.filter(org=org, seq__range=(start, end)).order_by("seq"))
        opens: dict[int, dict[str, Opening]] = {}
        for o in OpeningRow.objects.filter(org=org, seq__range=(start, end)):
            opens.setdefault(o.seq, {})[o.field] = Opening(bytes.fromhex(o.salt), o.value)
        for row in rows:
            yield row, opens.get(row.seq, {})


def _committed(leaf: str) -> list[str]:
    data = json.loads(leaf)["data"]
    return [k for k, v in data.items() if isinstance(v, dict) and set(v) == {"commit"}]


def readable(row: EventRow) -> Event:
    return parse_event(
        {
            **row.extra,
            "v": 1,
            "seq": row.seq,
            "id": row.event_id,
            "at": row.at,
            "org": row.org,
            "body": row.body,
            "actor": row.actor,
            "kind": row.kind,
            "subject": row.subject,
            "data": row.data,
        }
    )


def export_log(org: str, out: Path, *, parquet: bool = False) -> Exported:
    """Write `out` (a new directory) atomically: built beside it, then renamed into place."""
    head = LogHead.objects.filter(org=org).first()
    if head is None:
        raise LookupError(f"there is no organization {org!r} in this database")
    if out.exists():
        raise FileExistsError(f"{out} already exists")
    tmp = out.with_name(f".{out.name}.partial")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / NODES).mkdir(parents=True)
    size = head.size
    # The export's checkpoint signs events 1 to `size`: they must be on disk (record.durable).
    ensure_durable()
    signer = ledger.signer(org)
    readable_name = "events.parquet" if parquet else "events.jsonl"
    (tmp / "manifest.json").write_bytes(Manifest(ledger.origin(org), events=readable_name).encode())
    (tmp / VERIFIER).write_text(signer.verifier.text() + "\n", encoding="utf-8")
    store = FileNodeStore(tmp / NODES, 0, writable=True)
    tree = MerkleTree(store)
    events: list[Event] = []
    with (
        open(tmp / LEAVES, "wb") as leaves,
        open(tmp / LEAVES_INDEX, "wb") as leaves_idx,
        open(tmp / OPENINGS, "wb") as opens,
        open(tmp / OPENINGS_INDEX, "wb") as opens_idx,
    ):
        leaf_end = open_end = 0
        for row, openings in _rows(org, size):
            leaf = row.leaf.encode("utf-8")
            erased = tuple(sorted(set(_committed(row.leaf)) - set(openings)))
            record = openings_record(openings, erased)
            leaves.write(leaf + b"\n")
            opens.write(record + b"\n")
            leaf_end += len(leaf) + 1
            open_end += len(record) + 1
            leaves_idx.write(offsets_bytes(array("Q", [leaf_end])))
            opens_idx.write(offsets_bytes(array("Q", [open_end])))
            tree.append_hash(leaf_hash(leaf))
            events.append(readable(row))
    store.sync()
    store.close()
    note = sign_checkpoint(Note(ledger.origin(org), tree.size, tree.root()), signer)
    (tmp / CHECKPOINT).write_text(note, encoding="utf-8")
    write_events(tmp / readable_name, events)
    tmp.rename(out)
    return Exported(out, tree.size, tree.root().hex())
