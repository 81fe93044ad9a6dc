"""Every single-byte change, reorder, truncation or insertion in a stored log is detected."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polemica.ledger.filelog import FileLog
from polemica.ledger.keys import Signer
from polemica.ledger.verify import verify_log


@pytest.fixture(scope="module")
def erased_log(world_log: Path, signer: Signer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The world log with one more erasure made through `erase`, so every record form occurs."""
    path = tmp_path_factory.mktemp("erased") / "log"
    shutil.copytree(world_log, path)
    with FileLog.open(path, signer=signer) as log:
        log.erase(17, "asked by the member")
    assert verify_log(path).ok
    return path


def files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def mutated(root: Path, name: str, data: bytes) -> Path:
    work = Path(tempfile.mkdtemp())
    shutil.copytree(root, work / "log")
    (work / "log" / name).write_bytes(data)
    return work / "log"


def check_detected(root: Path, name: str, data: bytes) -> None:
    path = mutated(root, name, data)
    try:
        assert not verify_log(path).ok, f"a change to {name} went unnoticed"
        # Small chunks take the path large logs take: whole subtrees hashed level by level.
        assert not verify_log(path, chunk=8).ok, f"a change to {name} went unnoticed (chunks)"
    finally:
        shutil.rmtree(path.parent)


ANY = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ANY
@given(st.data())
def test_any_byte_change_is_detected(erased_log: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(files(erased_log)))
    raw = (erased_log / name).read_bytes()
    at = data.draw(st.integers(0, len(raw) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = raw[:at] + bytes([raw[at] ^ flip]) + raw[at + 1 :]
    check_detected(erased_log, name, changed)


@ANY
@given(st.data())
def test_any_truncation_is_detected(erased_log: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(files(erased_log)))
    raw = (erased_log / name).read_bytes()
    cut = data.draw(st.integers(0, len(raw) - 1))
    check_detected(erased_log, name, raw[:cut])


@ANY
@given(st.data())
def test_any_insertion_is_detected(erased_log: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(files(erased_log)))
    raw = (erased_log / name).read_bytes()
    at = data.draw(st.integers(0, len(raw)))
    extra = data.draw(st.binary(min_size=1, max_size=40))
    check_detected(erased_log, name, raw[:at] + extra + raw[at:])


def records(name: str, raw: bytes) -> list[bytes]:
    """The file cut into the units that could be reordered: lines, nodes, offsets."""
    if name.endswith(".jsonl"):
        return raw.splitlines(keepends=True)
    width = 32 if name.startswith("nodes") else 8
    return [raw[i : i + width] for i in range(0, len(raw), width)]


REORDERABLE = [
    "leaves.jsonl",
    "openings.jsonl",
    "leaves.idx",
    "openings.idx",
    "nodes/00.bin",
    "nodes/01.bin",
    "nodes/02.bin",
]


@ANY
@given(st.data())
def test_any_reorder_is_detected(erased_log: Path, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(REORDERABLE))
    units = records(name, (erased_log / name).read_bytes())
    i = data.draw(st.integers(0, len(units) - 2))
    j = data.draw(st.integers(i + 1, len(units) - 1))
    if units[i] == units[j]:
        return
    units[i], units[j] = units[j], units[i]
    check_detected(erased_log, name, b"".join(units))


def test_the_failing_event_is_named(erased_log: Path) -> None:
    raw = (erased_log / "leaves.jsonl").read_bytes()
    lines = raw.splitlines(keepends=True)
    lines[9] = lines[9].replace(b'"ev-10"', b'"ev-1X"')
    path = mutated(erased_log, "leaves.jsonl", b"".join(lines))
    for chunk in (4, 16_384):
        result = verify_log(path, chunk=chunk)
        assert result.failure is not None
        assert result.failure.seq == 10
        assert "leaf hash" in result.failure.reason


def test_a_damaged_inner_node_is_named(erased_log: Path) -> None:
    raw = bytearray((erased_log / "nodes/02.bin").read_bytes())
    raw[32 * 3] ^= 1  # node (2, 3) covers events 13 to 16
    path = mutated(erased_log, "nodes/02.bin", bytes(raw))
    for chunk in (2, 4, 8, 16_384):
        result = verify_log(path, chunk=chunk)
        assert result.failure is not None
        assert result.failure.seq == 13, chunk
        assert "level 2, index 3" in result.failure.reason


def test_hash_only_verification(erased_log: Path) -> None:
    assert verify_log(erased_log, check_events=False, chunk=8).ok
    raw = (erased_log / "leaves.jsonl").read_bytes().replace(b'"ev-3"', b'"ev-X"', 1)
    path = mutated(erased_log, "leaves.jsonl", raw)
    assert verify_log(path, check_events=False).failure.seq == 3  # type: ignore[union-attr]


def test_removing_an_opening_without_a_record_is_named(erased_log: Path, signer: Signer) -> None:
    path = mutated(erased_log, "manifest.json", (erased_log / "manifest.json").read_bytes())
    with FileLog.open(path, signer=signer) as log:
        log.erase_openings(20, ["text"])  # deleting text quietly, with no record.erased event
    result = verify_log(path)
    assert result.failure is not None
    assert result.failure.seq == 20
    assert "without a record.erased event" in result.failure.reason


def test_a_log_signed_by_another_key_fails_with_the_trusted_key(erased_log: Path) -> None:
    other = Signer.generate("polemica/org-1")
    assert not verify_log(erased_log, other.verifier).ok
