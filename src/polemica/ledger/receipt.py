"""Receipts: proof, checkable offline, that an event is in the log under a signed checkpoint.

A receipt is a JSON document:

    {"format": "polemica-receipt/1", "seq": N, "leaf_index": N-1, "leaf": {committed event},
     "leaf_hash": hex, "tree_size": S, "path": [hex, …], "checkpoint": "<signed note>"}

`leaf` is the event as the log hashed it (personal text replaced by commitments), so the holder
sees what was recorded without the receipt carrying anyone's text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from polemica.events import canonical_json
from polemica.ledger.checkpoint import CheckpointError, verify_checkpoint
from polemica.ledger.filelog import FileLog
from polemica.ledger.hashing import HASH_SIZE, leaf_hash
from polemica.ledger.keys import Verifier
from polemica.ledger.proofs import ProofError, verify_inclusion

RECEIPT_FORMAT = "polemica-receipt/1"


class ReceiptError(ValueError):
    """A receipt that does not hold, with the reason."""


def make_receipt(log: FileLog, seq: int) -> dict[str, Any]:
    """The receipt of event `seq` against the log's current signed checkpoint."""
    if not 1 <= seq <= log.tree.size:
        raise LookupError(f"the log has events 1 to {log.tree.size}, not {seq}")
    leaf = log.leaf(seq - 1)
    size = log.tree.size
    return {
        "format": RECEIPT_FORMAT,
        "seq": seq,
        "leaf_index": seq - 1,
        "leaf": json.loads(leaf),
        "leaf_hash": leaf_hash(leaf).hex(),
        "tree_size": size,
        "path": [h.hex() for h in log.tree.inclusion_proof(seq - 1, size)],
        "checkpoint": log.checkpoint_note(),
        "verifier": log.verifier.text(),
    }


@dataclass(frozen=True)
class CheckedReceipt:
    seq: int
    tree_size: int
    origin: str
    event_id: str
    kind: str


def verify_receipt(receipt: Any, verifier: Verifier) -> CheckedReceipt:
    """Check a receipt offline against `verifier`; raise ReceiptError with the reason."""
    if not isinstance(receipt, dict) or receipt.get("format") != RECEIPT_FORMAT:
        raise ReceiptError(f"this is not a {RECEIPT_FORMAT} receipt")
    try:
        seq, index, size = receipt["seq"], receipt["leaf_index"], receipt["tree_size"]
        leaf, note = receipt["leaf"], receipt["checkpoint"]
        digest = _hex(receipt["leaf_hash"])
        path = [_hex(h) for h in receipt["path"]]
    except (KeyError, TypeError):
        raise ReceiptError("the receipt lacks a field or has one of the wrong type") from None
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (seq, index, size)):
        raise ReceiptError("seq, leaf_index and tree_size must be integers")
    if index != seq - 1 or not isinstance(leaf, dict) or leaf.get("seq") != seq:
        raise ReceiptError("the receipt's seq, leaf_index and event do not agree")
    if leaf_hash(canonical_json(leaf)) != digest:
        raise ReceiptError("the leaf hash is not the hash of the event in the receipt")
    if not isinstance(note, str):
        raise ReceiptError("the checkpoint must be the signed note text")
    try:
        checkpoint = verify_checkpoint(note, verifier)
    except CheckpointError as exc:
        raise ReceiptError(f"the checkpoint does not verify: {exc}") from None
    if checkpoint.size != size:
        raise ReceiptError("the proof is for another tree size than the checkpoint's")
    try:
        verify_inclusion(index, size, digest, path, checkpoint.root)
    except ProofError as exc:
        raise ReceiptError(f"the inclusion proof does not hold: {exc}") from None
    return CheckedReceipt(seq, size, checkpoint.origin, str(leaf.get("id")), str(leaf.get("kind")))


def _hex(value: Any) -> bytes:
    if not isinstance(value, str) or len(value) != 2 * HASH_SIZE:
        raise ReceiptError("a hash in the receipt is not 64 hexadecimal digits")
    try:
        return bytes.fromhex(value)
    except ValueError:
        raise ReceiptError("a hash in the receipt is not 64 hexadecimal digits") from None
