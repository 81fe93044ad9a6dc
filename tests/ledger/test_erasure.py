"""Erasure: the text is gone from every file, the log still verifies, the erasure is recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from polemica.events.world import small_world
from polemica.ledger.filelog import FileLog
from polemica.ledger.keys import Signer
from polemica.ledger.verify import verify_log


def all_bytes(root: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file())


@pytest.fixture
def log_copy(world_log: Path, tmp_path: Path) -> Path:
    path = tmp_path / "log"
    shutil.copytree(world_log, path)
    return path


def test_erase_removes_the_text_and_keeps_the_log_sound(log_copy: Path, signer: Signer) -> None:
    target = next(e for e in small_world() if e.kind == "contribution.posted")
    text = target.data["text"].encode()
    assert text in all_bytes(log_copy)
    with FileLog.open(log_copy, signer=signer) as log:
        root_before = log.tree.root()
        salt = log.openings(target.seq - 1).openings["text"].salt
        record = log.erase(target.seq, "the member asked", actor="m-ana")
        assert log.tree.root(log.tree.size - 1) == root_before  # nothing rewritten
    everything = all_bytes(log_copy)
    assert text not in everything
    assert salt not in everything and salt.hex().encode() not in everything
    result = verify_log(log_copy)
    assert result.ok, result.failure
    assert result.erasure_records == 2
    with FileLog.open(log_copy) as log:
        shown = log.event(target.seq)
        assert shown.erased == ("text",)
        assert log.event(record.seq).event.kind == "record.erased"
        assert log.event(record.seq).event.data == {
            "event": target.id,
            "seq": target.seq,
            "fields": ["text"],
            "reason": "the member asked",
        }
        assert log.event(record.seq).event.actor == "m-ana"


def test_world_erasure_is_applied_by_build(world_log: Path) -> None:
    assert b"Moved abroad." not in all_bytes(world_log)
    with FileLog.open(world_log) as log:
        assert log.event(61).erased == ("reason",)


def test_erasing_twice_or_nothing_is_an_error(log_copy: Path, signer: Signer) -> None:
    with FileLog.open(log_copy, signer=signer) as log:
        with pytest.raises(ValueError, match="already erased"):
            log.erase(61, "again")
        with pytest.raises(ValueError, match="no personal text"):
            log.erase(2, "a body name is not personal")
        with pytest.raises(LookupError):
            log.erase(999, "no such event")
    assert verify_log(log_copy).ok
