"""The tamper-evident record: an RFC 6962/9162 Merkle log with signed checkpoints (docs/ledger.md).

The package namespace holds what the platform and other callers build on; the file log's
builder, verifier and receipts live in `polemica.ledger.build`, `.verify` and `.receipt`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polemica.lazy import lazy_names

if TYPE_CHECKING:
    from polemica.ledger.checkpoint import (
        Checkpoint,
        CheckpointError,
        open_note,
        sign_checkpoint,
        sign_note,
        verify_checkpoint,
    )
    from polemica.ledger.commit import (
        CommitmentError,
        OpenedEvent,
        Opening,
        StoredOpenings,
        commit_event,
        commitment,
        open_leaf,
        openings_record,
        parse_openings,
    )
    from polemica.ledger.filelog import FileLog
    from polemica.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
    from polemica.ledger.keys import KeyFormatError, Signer, Verifier, load_or_create_signer
    from polemica.ledger.proofs import ProofError, verify_consistency, verify_inclusion
    from polemica.ledger.store import MemoryNodeStore, NodeStore
    from polemica.ledger.tree import MerkleTree

# Each name is imported from its module on first use (polemica/lazy.py).
__getattr__ = lazy_names(
    __name__,
    {
        "Checkpoint": "polemica.ledger.checkpoint",
        "CheckpointError": "polemica.ledger.checkpoint",
        "CommitmentError": "polemica.ledger.commit",
        "EMPTY_ROOT": "polemica.ledger.hashing",
        "FileLog": "polemica.ledger.filelog",
        "KeyFormatError": "polemica.ledger.keys",
        "MemoryNodeStore": "polemica.ledger.store",
        "MerkleTree": "polemica.ledger.tree",
        "NodeStore": "polemica.ledger.store",
        "OpenedEvent": "polemica.ledger.commit",
        "Opening": "polemica.ledger.commit",
        "ProofError": "polemica.ledger.proofs",
        "Signer": "polemica.ledger.keys",
        "StoredOpenings": "polemica.ledger.commit",
        "Verifier": "polemica.ledger.keys",
        "commit_event": "polemica.ledger.commit",
        "commitment": "polemica.ledger.commit",
        "leaf_hash": "polemica.ledger.hashing",
        "load_or_create_signer": "polemica.ledger.keys",
        "node_hash": "polemica.ledger.hashing",
        "open_leaf": "polemica.ledger.commit",
        "open_note": "polemica.ledger.checkpoint",
        "openings_record": "polemica.ledger.commit",
        "parse_openings": "polemica.ledger.commit",
        "sign_checkpoint": "polemica.ledger.checkpoint",
        "sign_note": "polemica.ledger.checkpoint",
        "verify_checkpoint": "polemica.ledger.checkpoint",
        "verify_consistency": "polemica.ledger.proofs",
        "verify_inclusion": "polemica.ledger.proofs",
    },
)

__all__ = [
    "EMPTY_ROOT",
    "Checkpoint",
    "CheckpointError",
    "CommitmentError",
    "FileLog",
    "KeyFormatError",
    "MemoryNodeStore",
    "MerkleTree",
    "NodeStore",
    "OpenedEvent",
    "Opening",
    "ProofError",
    "Signer",
    "StoredOpenings",
    "Verifier",
    "commit_event",
    "commitment",
    "leaf_hash",
    "load_or_create_signer",
    "node_hash",
    "open_leaf",
    "open_note",
    "openings_record",
    "parse_openings",
    "sign_checkpoint",
    "sign_note",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
]
