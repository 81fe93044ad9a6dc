"""The tamper-evident record: an RFC 6962/9162 Merkle log with signed checkpoints.

`store` defines the NodeStore protocol a storage (memory, files, a database) implements, `tree`
the incremental Merkle tree over it, `proofs` the RFC 9162 proof verification.
"""

from polemica.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from polemica.ledger.proofs import ProofError, verify_consistency, verify_inclusion
from polemica.ledger.store import MemoryNodeStore, NodeStore
from polemica.ledger.tree import MerkleTree

__all__ = [
    "EMPTY_ROOT",
    "MemoryNodeStore",
    "MerkleTree",
    "NodeStore",
    "ProofError",
    "leaf_hash",
    "node_hash",
    "verify_consistency",
    "verify_inclusion",
]
