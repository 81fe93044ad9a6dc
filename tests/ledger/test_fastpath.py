"""The fast paths (orjson, the verifier's fast event check) never change an answer."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polemica.events import canonical_json
from polemica.events.world import small_world
from polemica.ledger.commit import commit_for_log
from polemica.ledger.fastjson import UNSURE, dumps, loads_canonical
from polemica.ledger.fastverify import fast_check
from polemica.ledger.native import fingerprint
from polemica.ledger.store import MemoryNodeStore
from polemica.ledger.tree import MerkleTree
from polemica.ledger.verify import _EventChecker, _Failed, verify_log

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


def reference(value: Any) -> bytes | type[Exception]:
    try:
        return canonical_json(value)
    except Exception as exc:
        return type(exc)


@settings(max_examples=200)
@given(json_values)
def test_dumps_is_the_canonical_encoder(value: Any) -> None:
    expected = reference(value)
    if isinstance(expected, bytes):
        assert dumps(value) == expected
    else:
        with pytest.raises(expected):
            dumps(value)


def test_dumps_refuses_what_the_reference_refuses() -> None:
    import enum
    import uuid

    class Colour(enum.Enum):
        RED = "red"

    for odd in (uuid.uuid4(), Colour.RED, {1: "int key"}, float("nan"), "\ud800"):
        expected = reference(odd)
        if isinstance(expected, bytes):
            assert dumps(odd) == expected
        else:
            with pytest.raises(expected):
                dumps(odd)


@settings(max_examples=200)
@given(json_values, st.sampled_from(["canonical", "spaced", "unsorted", "ascii"]))
def test_loads_canonical_only_accepts_canonical_bytes(value: Any, style: str) -> None:
    if not isinstance(reference(value), bytes):
        return
    if style == "canonical":
        raw = canonical_json(value)
    elif style == "spaced":
        raw = json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8", "surrogatepass")
    elif style == "unsorted":
        raw = json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    else:
        raw = json.dumps(value, sort_keys=True, separators=(",", ":")).encode()
    got = loads_canonical(raw)
    if got is not UNSURE:
        assert json.loads(raw) == got
        assert canonical_json(json.loads(raw)) == raw


def slow_verdict(seq: int, leaf: bytes, record: bytes) -> tuple[str, tuple[str, ...]] | str:
    checker = _EventChecker()
    try:
        checker.check_exactly(seq, leaf, record)
    except _Failed as failed:
        return failed.failure.reason
    erased = checker.erased.get(seq)
    return (str(checker.ids[0]), tuple(sorted(erased[1])) if erased else ())


WORLD = [(event.seq, *commit_for_log(event)) for event in small_world()]


def test_the_fast_check_proves_ordinary_events() -> None:
    proven = [fast_check(seq, leaf, record) for seq, leaf, record in WORLD]
    assert sum(p is not None for p in proven) >= len(WORLD) // 2


@settings(max_examples=200)
@given(st.data())
def test_fast_and_slow_checks_agree_on_changed_events(data: st.DataObject) -> None:
    seq, leaf, record = data.draw(st.sampled_from(WORLD))
    target = data.draw(st.sampled_from(["leaf", "record", "seq", "none"]))
    if target != "none" and target != "seq":
        raw = leaf if target == "leaf" else record
        at = data.draw(st.integers(0, len(raw) - 1))
        byte = data.draw(st.integers(0, 255))
        raw = raw[:at] + bytes([byte]) + raw[at + 1 :]
        leaf, record = (raw, record) if target == "leaf" else (leaf, raw)
    if target == "seq":
        seq += data.draw(st.integers(1, 3))
    fast = fast_check(seq, leaf, record)
    slow = slow_verdict(seq, leaf, record)
    if fast is not None:
        assert not isinstance(slow, str), slow
        ident, erased = fast
        assert (str(fingerprint(ident)), tuple(sorted(erased))) == slow


@settings(max_examples=100)
@given(st.lists(st.integers(0, 70), max_size=12))
def test_batched_appends_make_the_same_tree(batches: list[int]) -> None:
    one_by_one, batched = MerkleTree(MemoryNodeStore()), MerkleTree(MemoryNodeStore())
    counter = 0
    for size in batches:
        digests = [hashlib.sha256(b"%d" % (counter + i)).digest() for i in range(size)]
        counter += size
        for digest in digests:
            one_by_one.append_hash(digest)
        assert batched.extend_hashes(digests) == one_by_one.size
        assert batched.root() == one_by_one.root()
    for level in range(counter.bit_length()):
        keys = [(level, i) for i in range(counter >> level)]
        assert batched.store.get_nodes(keys) == one_by_one.store.get_nodes(keys)
    if counter > 1:
        assert batched.consistency_proof(1) == one_by_one.consistency_proof(1)
        assert batched.inclusion_proof(counter - 1) == one_by_one.inclusion_proof(counter - 1)


def test_workers_give_the_same_verdicts(world_log: Path, tmp_path: Path) -> None:
    serial = verify_log(world_log, chunk=4, workers=1)
    assert serial.ok
    assert verify_log(world_log, chunk=4, workers=2) == serial
    for name in ("leaves.jsonl", "openings.jsonl"):
        raw = (world_log / name).read_bytes()
        for n, at in enumerate((len(raw) // 5, len(raw) // 2, len(raw) - 40)):
            changed = tmp_path / f"{name}-{n}"
            shutil.copytree(world_log, changed)
            (changed / name).write_bytes(raw[:at] + b"#" + raw[at + 1 :])
            expected = verify_log(changed, chunk=4, workers=1)
            assert not expected.ok
            assert verify_log(changed, chunk=4, workers=2) == expected
