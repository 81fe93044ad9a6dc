"""Property tests: every proof between random sizes verifies, and wrong data never does."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polemica.ledger.hashing import leaf_hash, root_of_hashes
from polemica.ledger.proofs import ProofError, verify_consistency, verify_inclusion
from polemica.ledger.store import MemoryNodeStore
from polemica.ledger.tree import MerkleTree


def build(n: int) -> tuple[MerkleTree, list[bytes]]:
    tree = MerkleTree(MemoryNodeStore())
    leaves = [f"leaf {i}".encode() for i in range(n)]
    for leaf in leaves:
        tree.append(leaf)
    return tree, [leaf_hash(x) for x in leaves]


sizes = st.integers(min_value=1, max_value=300)


@settings(max_examples=150, deadline=None)
@given(sizes, st.data())
def test_every_inclusion_proof_verifies(n: int, data: st.DataObject) -> None:
    tree, hashes = build(n)
    size = data.draw(st.integers(1, n))
    index = data.draw(st.integers(0, size - 1))
    root = tree.root(size)
    assert root == root_of_hashes(hashes[:size])
    path = tree.inclusion_proof(index, size)
    verify_inclusion(index, size, hashes[index], path, root)
    other = data.draw(st.integers(0, size - 1).filter(lambda i: i != index)) if size > 1 else None
    if other is not None:
        with pytest.raises(ProofError):
            verify_inclusion(other, size, hashes[index], path, root)
        with pytest.raises(ProofError):
            verify_inclusion(index, size, hashes[other], path, root)
    with pytest.raises(ProofError):
        verify_inclusion(index, size * 2, hashes[index], path, root)  # one level deeper
    if path:
        with pytest.raises(ProofError):
            verify_inclusion(index, size, hashes[index], path, leaf_hash(b"not the root"))


@settings(max_examples=150, deadline=None)
@given(sizes, st.data())
def test_every_consistency_proof_verifies(n: int, data: st.DataObject) -> None:
    tree, _ = build(n)
    second = data.draw(st.integers(1, n))
    first = data.draw(st.integers(1, second))
    proof = tree.consistency_proof(first, second)
    r1, r2 = tree.root(first), tree.root(second)
    verify_consistency(first, second, r1, r2, proof)
    if first < second:
        with pytest.raises(ProofError):
            verify_consistency(first, second, leaf_hash(b"forged"), r2, proof)
        with pytest.raises(ProofError):
            verify_consistency(first, second, r1, leaf_hash(b"forged"), proof)
        if first > 1:
            with pytest.raises(ProofError):
                verify_consistency(first - 1, second, r1, r2, proof)


def test_reopening_a_store_continues_the_tree() -> None:
    store = MemoryNodeStore()
    first = MerkleTree(store)
    for i in range(13):
        first.append(b"%d" % i)
    again = MerkleTree(store)
    assert again.root() == first.root()
    again.append(b"13")
    assert again.root() == root_of_hashes([leaf_hash(b"%d" % i) for i in range(14)])


def test_extend_writes_once_and_matches_append() -> None:
    a, _ = build(0)
    b, _ = build(0)
    digests = [leaf_hash(b"%d" % i) for i in range(1000)]
    for d in digests:
        a.append_hash(d)
    b.extend_hashes(digests)
    assert a.root() == b.root()
    assert a.consistency_proof(77, 1000) == b.consistency_proof(77)
