"""Where the tree's nodes live: a small protocol any storage (memory, files, a database) implements.

A node `(level, index)` is the hash of the complete perfect subtree covering the leaves
`[index·2^level, (index+1)·2^level)`; level 0 holds the leaf hashes. Only complete subtrees are
ever stored, so a stored node never changes: appends only add nodes, and the root or a proof for
any tree size up to the current one is assembled from O(log n) stored nodes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

NodeKey = tuple[int, int]
Node = tuple[int, int, bytes]


class NodeStore(Protocol):
    """Storage of a Merkle tree's complete subtrees.

    A database implements it with one table `(level, index) → hash` plus the size; `get_nodes` is
    one query and `put_nodes` one transaction.
    """

    def size(self) -> int:
        """How many leaves the stored tree has."""
        ...

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        """The hashes of `keys`, in order; raise KeyError for a node that is not stored."""
        ...

    def put_nodes(self, nodes: Sequence[Node], new_size: int) -> None:
        """Store `nodes` (level, index, hash) and set the size to `new_size`, atomically."""
        ...


class MemoryNodeStore:
    """A NodeStore in a dict, one list of hashes per level."""

    def __init__(self) -> None:
        self._levels: list[list[bytes]] = []
        self._size = 0

    def size(self) -> int:
        return self._size

    def get_nodes(self, keys: Sequence[NodeKey]) -> list[bytes]:
        out = []
        for level, index in keys:
            try:
                out.append(self._levels[level][index])
            except IndexError:
                raise KeyError(f"node ({level}, {index}) is not stored") from None
        return out

    def put_nodes(self, nodes: Sequence[Node], new_size: int) -> None:
        for level, index, digest in nodes:
            while len(self._levels) <= level:
                self._levels.append([])
            row = self._levels[level]
            if index == len(row):
                row.append(digest)
            elif index < len(row):
                if row[index] != digest:
                    raise ValueError(f"node ({level}, {index}) is already stored with another hash")
            else:
                raise ValueError(f"node ({level}, {index}) would leave a gap in level {level}")
        self._size = new_size
