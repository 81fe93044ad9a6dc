"""The file log: building, reopening, proofs, appends after reopening, all-or-nothing builds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polemica.events import EventFormatError, iter_jsonl, write_jsonl
from polemica.events.world import small_world
from polemica.ledger.build import build_log
from polemica.ledger.commit import commit_event
from polemica.ledger.filelog import FileLog
from polemica.ledger.hashing import leaf_hash, root_of_hashes
from polemica.ledger.keys import Signer
from polemica.ledger.proofs import verify_consistency, verify_inclusion
from polemica.ledger.verify import verify_log


def test_built_log_matches_a_tree_of_its_leaves(world_log: Path) -> None:
    with FileLog.open(world_log) as log:
        leaves = [log.leaf(i) for i in range(log.tree.size)]
        assert log.tree.root() == root_of_hashes([leaf_hash(x) for x in leaves])
        for seq in (1, 17, log.tree.size):
            path = log.tree.inclusion_proof(seq - 1)
            verify_inclusion(
                seq - 1, log.tree.size, leaf_hash(leaves[seq - 1]), path, log.tree.root()
            )
        verify_consistency(
            5, log.tree.size, log.tree.root(5), log.tree.root(), log.tree.consistency_proof(5)
        )


def test_events_read_back_equal_the_input_apart_from_erasures(world_log: Path) -> None:
    with FileLog.open(world_log) as log:
        for event in small_world():
            opened = log.event(event.seq)
            if opened.erased:
                assert opened.readable() == event.with_data({**event.data, "reason": ""})
            else:
                assert opened.event == event


def test_reopened_log_appends_and_verifies(tmp_path: Path, signer: Signer) -> None:
    world = small_world()[:-1]  # without the erasure record, which only erase() appends
    path = tmp_path / "log"
    with FileLog.create(path, signer.name, signer) as log:
        log.extend(world[:20])
        log.sign()
    with FileLog.open(path, signer=signer) as log:
        first_root = log.tree.root()
        log.extend(world[20:])
        log.sign()
        verify_consistency(
            20, log.tree.size, first_root, log.tree.root(), log.tree.consistency_proof(20)
        )
    assert verify_log(path).ok


def test_an_interrupted_append_is_invisible_and_cut(tmp_path: Path, signer: Signer) -> None:
    world = small_world()[:-1]
    path = tmp_path / "log"
    with FileLog.create(path, signer.name, signer) as log:
        log.extend(world[:10])
        log.sign()
        log.extend(world[10:15])  # never signed
    assert verify_log(path).failure is not None  # bytes beyond the checkpoint are not a log
    with FileLog.open(path, signer=signer) as log:
        assert log.size == 10
        log.extend(world[10:])
        log.sign()
    assert verify_log(path).ok


def test_a_bad_input_leaves_no_log(tmp_path: Path, signer: Signer) -> None:
    rows = [e.to_dict() for e in small_world()]
    rows[30]["data"]["ballot"] = {"choice": ""}
    source = tmp_path / "bad.jsonl"
    write_jsonl(source, rows)
    out = tmp_path / "log"
    with pytest.raises(EventFormatError, match="line 31"):
        build_log(iter_jsonl(source), out, signer)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["bad.jsonl"]


def test_repeated_ids_are_rejected(tmp_path: Path, signer: Signer) -> None:
    world = small_world()
    twice = [*world[:10], world[10].__class__(**{**_fields(world[10]), "id": world[3].id})]
    with pytest.raises(EventFormatError, match="already used by event 4"):
        build_log(twice, tmp_path / "log", signer)
    assert not (tmp_path / "log").exists()


def _fields(event: object) -> dict[str, object]:
    names = ("seq", "id", "at", "org", "body", "actor", "kind", "subject", "data", "v", "extra")
    return {name: getattr(event, name) for name in names}


def test_leaf_file_holds_no_personal_text(world_log: Path) -> None:
    leaves = (world_log / "leaves.jsonl").read_text(encoding="utf-8")
    for event in small_world():
        for name in ("text", "title", "claim", "reasoning"):
            value = event.data.get(name)
            if isinstance(value, str) and len(value) > 8:
                assert value not in leaves
    first = json.loads(leaves.splitlines()[0])
    assert first["data"]["name"] == "Workers' Cooperative Federation"  # not personal


def test_append_refuses_an_erasure_record(tmp_path: Path, signer: Signer) -> None:
    world = small_world()
    with FileLog.create(tmp_path / "log", signer.name, signer) as log:
        log.extend(world[:-1])
        with pytest.raises(ValueError, match="erase"):
            log.append(world[-1])


def test_commitment_bytes_are_what_the_leaf_holds() -> None:
    event = small_world()[6]
    leaf, _ = commit_event(event)
    assert b'"commit":"' in leaf
