"""The published RFC 6962 test vectors (transparency-dev/merkle, certificate-transparency-go).

The data carries over: the 8 leaves of the reference tree, its root at every size, and the
inclusion and consistency proofs published for it. Only our own code computes and checks them.
"""

from __future__ import annotations

import pytest

from polemica.ledger.hashing import EMPTY_ROOT, leaf_hash, node_hash
from polemica.ledger.proofs import ProofError, verify_consistency, verify_inclusion
from polemica.ledger.store import MemoryNodeStore
from polemica.ledger.tree import MerkleTree

h = bytes.fromhex

LEAVES = [
    b"",
    h("00"),
    h("10"),
    h("2021"),
    h("3031"),
    h("40414243"),
    h("5051525354555657"),
    h("606162636465666768696a6b6c6d6e6f"),
]

ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]

# (leaf number counted from 1, tree size, path)
INCLUSION = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        2,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]

CONSISTENCY = [
    (1, 1, []),
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
    (
        6,
        7,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
]


@pytest.fixture
def tree() -> MerkleTree:
    t = MerkleTree(MemoryNodeStore())
    for leaf in LEAVES:
        t.append(leaf)
    return t


def test_hasher_vectors() -> None:
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert leaf_hash(b"L123456").hex() == (
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert node_hash(b"N123", b"N456").hex() == (
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


def test_roots_at_every_size(tree: MerkleTree) -> None:
    assert [tree.root(size).hex() for size in range(1, 9)] == ROOTS
    assert tree.root(0) == EMPTY_ROOT


def test_roots_while_growing() -> None:
    t = MerkleTree(MemoryNodeStore())
    for leaf, want in zip(LEAVES, ROOTS, strict=True):
        t.append(leaf)
        assert t.root().hex() == want


@pytest.mark.parametrize(("number", "size", "path"), INCLUSION)
def test_inclusion_vectors(tree: MerkleTree, number: int, size: int, path: list[str]) -> None:
    index = number - 1
    assert [p.hex() for p in tree.inclusion_proof(index, size)] == path
    proof = [h(p) for p in path]
    root = h(ROOTS[size - 1])
    verify_inclusion(index, size, leaf_hash(LEAVES[index]), proof, root)


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY)
def test_consistency_vectors(tree: MerkleTree, first: int, second: int, path: list[str]) -> None:
    assert [p.hex() for p in tree.consistency_proof(first, second)] == path
    verify_consistency(
        first, second, h(ROOTS[first - 1]), h(ROOTS[second - 1]), [h(p) for p in path]
    )


SOME = h("abacaba000000000000000000000000000000000000000000060061e00123456")


def _inclusion_probes(
    index: int, size: int, leaf: bytes, path: list[bytes], root: bytes
) -> list[tuple[int, int, bytes, list[bytes], bytes]]:
    probes = [
        (index - 1, size, leaf, path, root),
        (index + 1, size, leaf, path, root),
        (index ^ 2, size, leaf, path, root),
        (index, size * 2, leaf, path, root),
        (index, size // 2, leaf, path, root),
        (index, size, leaf_hash(b"WrongLeaf"), path, root),
        (index, size, leaf, path, EMPTY_ROOT),
        (index, size, leaf, path, SOME),
        (index, size, leaf, [*path, root], root),
        (index, size, leaf, [root, *path], root),
    ]
    for i in range(len(path)):
        bad = list(path)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        probes.append((index, size, leaf, bad, root))
    if path:
        probes.append((index, size, leaf, path[:-1], root))
    if len(path) > 1:
        probes.append((index, size, leaf, [SOME, path[0], *path[1:]], root))
    return probes


@pytest.mark.parametrize(("number", "size", "path"), INCLUSION[1:])
def test_corrupted_inclusion_proofs_fail(number: int, size: int, path: list[str]) -> None:
    index = number - 1
    proof = [h(p) for p in path]
    for probe in _inclusion_probes(
        index, size, leaf_hash(LEAVES[index]), proof, h(ROOTS[size - 1])
    ):
        if probe[:2] == (index, size) and probe[2:] == (leaf_hash(LEAVES[index]), proof):
            continue
        with pytest.raises(ProofError):
            verify_inclusion(*probe)


@pytest.mark.parametrize(("first", "second", "path"), CONSISTENCY[1:])
def test_corrupted_consistency_proofs_fail(first: int, second: int, path: list[str]) -> None:
    proof = [h(p) for p in path]
    r1, r2 = h(ROOTS[first - 1]), h(ROOTS[second - 1])
    probes = [
        (first - 1, second, r1, r2, proof),
        (first + 1, second, r1, r2, proof),
        (first ^ 2, second, r1, r2, proof),
        (first, second * 2, r1, r2, proof),
        (first, second // 2, r1, r2, proof),
        (first, second, SOME, r2, proof),
        (first, second, r1, SOME, proof),
        (first, second, r2, r1, proof),
        (first, second, r1, r2, []),
        (first, second, r1, r2, [*proof, r1]),
        (first, second, r1, r2, [*proof, r2]),
        (first, second, r1, r2, [r1, *proof]),
        (first, second, r1, r2, [r2, *proof]),
        (first, second, r1, r2, [proof[0], *proof]),
        (first, second, r1, r2, proof[:-1]),
    ]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
        probes.append((first, second, r1, r2, bad))
    for probe in probes:
        with pytest.raises(ProofError):
            verify_consistency(*probe)


def test_trivial_consistency_cases() -> None:
    r = h(ROOTS[0])
    verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    verify_consistency(0, 5, EMPTY_ROOT, r, [])
    verify_consistency(1, 1, r, r, [])
    for probe in [(1, 1, r, SOME, []), (1, 0, r, r, []), (1, 2, r, SOME, []), (0, 1, r, r, [r])]:
        with pytest.raises(ProofError):
            verify_consistency(*probe)


def test_single_entry_inclusion() -> None:
    one = leaf_hash(b"data")
    verify_inclusion(0, 1, one, [], one)
    with pytest.raises(ProofError):
        verify_inclusion(0, 1, one, [], b"")
    with pytest.raises(ProofError):
        verify_inclusion(0, 0, one, [], one)
    with pytest.raises(ProofError):
        verify_inclusion(2, 1, one, [], one)
