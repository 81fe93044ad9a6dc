"""The organization's log as a ledger: leaves from `polemica.ledger.commit`, the tree over the
database node store, signed checkpoints and inclusion proofs. No hashing is done here."""

from __future__ import annotations

import json
from typing import Any

from polemica.events import Event
from polemica.ledger import MerkleTree
from polemica.ledger.checkpoint import Checkpoint as Note
from polemica.ledger.checkpoint import sign_checkpoint
from polemica.ledger.commit import Opening as LedgerOpening
from polemica.ledger.commit import commit_event
from polemica.ledger.keys import Signer
from polemica.ledger.receipt import RECEIPT_FORMAT
from polemica.web.record.durable import ensure_durable
from polemica.web.record.models import Checkpoint, EventRow, LogHead, SigningKey
from polemica.web.record.store import DatabaseNodeStore

Openings = dict[str, LedgerOpening]


def origin(org: str) -> str:
    """The checkpoint origin (and key name) of an organization's log."""
    return f"polemica.log/{org}"


def leaf_parts(event: Event) -> tuple[bytes, Openings]:
    """The leaf bytes of a new event and the openings of its personal fields (fresh salts)."""
    return commit_event(event)


def tree(org: str, size: int | None = None) -> MerkleTree:
    if size is None:
        head = LogHead.objects.filter(org=org).first()
        size = head.size if head else 0
    return MerkleTree(DatabaseNodeStore(org, size))


def signer(org: str) -> Signer:
    """The organization's checkpoint key, created on first use and kept in the database."""
    row = SigningKey.objects.filter(org=org).first()
    if row is None:
        new = Signer.generate(origin(org))
        SigningKey.objects.bulk_create(
            [SigningKey(org=org, signer=new.text(), verifier=new.verifier.text())],
            ignore_conflicts=True,
        )
        row = SigningKey.objects.get(org=org)
    return Signer.parse(row.signer)


def checkpoint(org: str) -> Checkpoint:
    """A signed checkpoint of the log as it is now (signed once per size, then reused).

    Only what is on disk is signed: the head is read, then flushed (record.durable), so a
    crash can never lose an event a checkpoint (or a receipt under it) already covers."""
    t = tree(org)
    ensure_durable()
    found = Checkpoint.objects.filter(org=org, size=t.size).first()
    if found is not None:
        return found
    note = sign_checkpoint(Note(origin(org), t.size, t.root()), signer(org))
    Checkpoint.objects.bulk_create(
        [Checkpoint(org=org, size=t.size, root=t.root().hex(), note=note)],
        ignore_conflicts=True,
    )
    return Checkpoint.objects.get(org=org, size=t.size)


def receipt(org: str, seq: int) -> dict[str, Any]:
    """The receipt of event `seq` (polemica-receipt/1, what `polemica verify-receipt` checks):
    the committed event, its leaf hash and inclusion path under a signed checkpoint."""
    cp = checkpoint(org)
    if not 1 <= seq <= cp.size:
        raise LookupError(f"the log has events 1 to {cp.size}, not {seq}")
    t = tree(org, cp.size)
    row = EventRow.objects.get(org=org, seq=seq)
    return {
        "format": RECEIPT_FORMAT,
        "seq": seq,
        "leaf_index": seq - 1,
        "leaf": json.loads(row.leaf),
        "leaf_hash": row.leaf_hash,
        "tree_size": cp.size,
        "path": [h.hex() for h in t.inclusion_proof(seq - 1, cp.size)],
        "checkpoint": cp.note,
        "verifier": SigningKey.objects.get(org=org).verifier,
    }
