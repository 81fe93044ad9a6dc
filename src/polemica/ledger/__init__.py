"""The tamper-evident record: an RFC 6962/9162 Merkle log with signed checkpoints (docs/ledger.md).

The package namespace holds what the platform and other callers build on; the file log's
builder, verifier and receipts live in `polemica.ledger.build`, `.verify` and `.receipt`.
"""

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
