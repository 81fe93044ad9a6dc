"""An append-only Merkle tree over a NodeStore: incremental appends, roots and proofs of any size.

The tree keeps its right edge (the roots of the perfect subtrees that make up the current size,
at most log₂ n of them) in memory, so an append hashes and writes only the nodes it completes.
Roots and proofs for older sizes are assembled from O(log n) stored nodes read in one batch.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import count, repeat

from polemica.ledger.hashing import EMPTY_ROOT, HASH_SIZE, leaf_hash, node_hash, split_point
from polemica.ledger.native import node_level
from polemica.ledger.store import Node, NodeKey, NodeStore

Range = tuple[int, int]


def perfect_keys(start: int, end: int) -> list[NodeKey]:
    """The aligned perfect subtrees covering [start, end), largest first.

    Holds for every range the RFC's recursion produces: its start is a multiple of the largest
    power of two not above its length.
    """
    keys: list[NodeKey] = []
    n = end - start
    at = start
    for level in range(n.bit_length() - 1, -1, -1):
        if n >> level & 1:
            keys.append((level, at >> level))
            at += 1 << level
    return keys


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The subtrees whose hashes form the RFC 9162 inclusion path, leaf side first."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    out: list[Range] = []
    start, end, m = 0, size, index
    while end - start > 1:
        k = split_point(end - start)
        if m < k:
            out.append((start + k, end))
            end = start + k
        else:
            out.append((start, start + k))
            start += k
            m -= k
    out.reverse()
    return out


def consistency_ranges(first: int, second: int) -> list[Range]:
    """The subtrees whose hashes form the RFC 9162 consistency proof from `first` to `second`."""
    if not 0 <= first <= second:
        raise ValueError(f"no consistency proof from size {first} to size {second}")
    if first == 0 or first == second:
        return []
    out: list[Range] = []
    start, end, m, whole = 0, second, first, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            out.append((start + k, end))
            end = start + k
        else:
            out.append((start, start + k))
            start += k
            m -= k
            whole = False
    if not whole:
        out.append((start, end))
    out.reverse()
    return out


class MerkleTree:
    """RFC 6962 Merkle tree whose complete subtrees live in `store`."""

    def __init__(self, store: NodeStore) -> None:
        self.store = store
        self._size = store.size()
        keys = perfect_keys(0, self._size)
        # The right edge: (level, index, hash) of each perfect subtree of the current size.
        self._edge: list[Node] = [
            (lv, ix, h) for (lv, ix), h in zip(keys, store.get_nodes(keys), strict=True)
        ]

    @property
    def size(self) -> int:
        return self._size

    def append(self, leaf: bytes) -> int:
        """Append a leaf by its bytes; return its 0-based index."""
        return self.append_hash(leaf_hash(leaf))

    def append_hash(self, digest: bytes) -> int:
        """Append a leaf by its leaf hash; return its 0-based index."""
        index = self._size
        self.store.put_nodes(self._push(digest), self._size)
        return index

    def extend_hashes(self, digests: Iterable[bytes]) -> int:
        """Append many leaf hashes with one write to the store; return the new size.

        The same nodes as appending one by one, computed level by level over the whole batch
        (nodes are handed to the store grouped by level, each level in index order).
        """
        current = list(digests)
        if not current:
            return self._size
        added = len(current)
        edge = self._edge
        nodes: list[Node] = []
        leftovers: list[tuple[int, int, bytes]] = []
        level, index = 0, self._size
        while current:
            nodes.extend(zip(repeat(level), count(index), current))
            if edge and edge[-1][0] == level:  # the left sibling waiting on the right edge
                current.insert(0, edge.pop()[2])
                index -= 1
            if len(current) & 1:
                leftovers.append((level, index + len(current) - 1, current.pop()))
            parents = node_level(b"".join(current))
            current = [parents[i : i + HASH_SIZE] for i in range(0, len(parents), HASH_SIZE)]
            level, index = level + 1, index >> 1
        edge.extend(reversed(leftovers))
        self._size += added
        self.store.put_nodes(nodes, self._size)
        return self._size

    def append_subtree(self, level: int, digest: bytes) -> int:
        """Append 2^level leaves at once by the root of their perfect subtree; return the size.

        The size must be a multiple of 2^level. Only this node and the nodes it completes are
        written: the caller is responsible for the levels below it (a verifier that already
        compared them, or a store that holds them).
        """
        if self._size % (1 << level):
            raise ValueError(f"a subtree of level {level} cannot start at leaf {self._size}")
        self.store.put_nodes(self._push(digest, level), self._size)
        return self._size

    def _push(self, digest: bytes, level: int = 0) -> list[Node]:
        index = self._size >> level
        edge = self._edge
        made: list[Node] = [(level, index, digest)]
        current = digest
        while edge and edge[-1][0] == level:
            left = edge.pop()[2]
            current = node_hash(left, current)
            level += 1
            index >>= 1
            made.append((level, index, current))
        edge.append((level, index, current))
        self._size += 1 << made[0][0]
        return made

    def root(self, size: int | None = None) -> bytes:
        """The root hash of the tree's first `size` leaves (default: all of them)."""
        if size is None or size == self._size:
            hashes = [h for _, _, h in self._edge]
        else:
            self._check_size(size)
            hashes = self.store.get_nodes(perfect_keys(0, size))
        return _fold(hashes) if hashes else EMPTY_ROOT

    def leaf_hash_at(self, index: int) -> bytes:
        self._check_size(index + 1)
        return self.store.get_nodes([(0, index)])[0]

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """The RFC 9162 §2.1.3.1 inclusion path of leaf `index` in the tree of `size` leaves."""
        size = self._size if size is None else size
        self._check_size(size)
        return self._hashes(inclusion_ranges(index, size))

    def consistency_proof(self, first: int, second: int | None = None) -> list[bytes]:
        """The RFC 9162 §2.1.4.1 consistency proof between sizes `first` and `second`."""
        second = self._size if second is None else second
        self._check_size(second)
        return self._hashes(consistency_ranges(first, second))

    def _check_size(self, size: int) -> None:
        if not 0 <= size <= self._size:
            raise ValueError(f"the tree has {self._size} leaves, not {size}")

    def _hashes(self, ranges: list[Range]) -> list[bytes]:
        """Hashes of the given subtrees from one batched read of their perfect parts."""
        parts = [perfect_keys(a, b) for a, b in ranges]
        wanted = sorted({key for keys in parts for key in keys})
        known = dict(zip(wanted, self.store.get_nodes(wanted), strict=True))
        return [_fold([known[key] for key in keys]) for keys in parts]


def _fold(hashes: list[bytes]) -> bytes:
    """The root over perfect subtrees listed largest (leftmost) first."""
    current = hashes[-1]
    for left in reversed(hashes[:-1]):
        current = node_hash(left, current)
    return current
