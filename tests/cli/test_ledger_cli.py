"""The record commands through `polemica.cli.main.main`: outputs, JSON shapes, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from polemica.cli.main import main
from polemica.events import write_events
from polemica.events.world import small_world
from polemica.ledger.hashing import leaf_hash
from polemica.ledger.proofs import verify_consistency, verify_inclusion


@pytest.fixture(autouse=True)
def key_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("POLEMICA_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out, out.err


@pytest.fixture
def log(tmp_path: Path, world_file: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "log"
    code, out, err = run(["log", "build", str(world_file), "--out", str(path)], capsys)
    assert code == 0, err
    assert "62 events" in out
    return path


def test_build_prints_the_checkpoint_and_verify_passes(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["checkpoint", str(log)], capsys)
    assert code == 0
    lines = out.split("\n")
    assert lines[:2] == ["polemica/org-1", "62"]
    assert lines[4].startswith("— polemica/org-1 ")
    code, out, _ = run(["verify", str(log), "--key", str(log / "verifier.key")], capsys)
    assert code == 0
    assert "sound" in out


def test_build_from_parquet(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "w.parquet"
    write_events(source, small_world())
    assert run(["log", "build", str(source), "--out", str(tmp_path / "l")], capsys)[0] == 0
    assert run(["verify", str(tmp_path / "l")], capsys)[0] == 0


def test_a_malformed_input_leaves_no_log(
    tmp_path: Path, world_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = world_file.read_text().splitlines()
    rows[5] = rows[5].replace('"seq":6', '"seq":60')
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(rows) + "\n")
    code, _, err = run(["log", "build", str(bad), "--out", str(tmp_path / "l")], capsys)
    assert code == 1
    assert err.startswith("error: bad.jsonl line 6, field seq: seq is 60 where 6 was expected")
    assert err.count("\n") == 1
    assert not (tmp_path / "l").exists()


def test_verify_names_the_first_failing_event(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (log / "leaves.jsonl").read_bytes()
    (log / "leaves.jsonl").write_bytes(raw.replace(b'"ev-12"', b'"ev-99"', 1))
    code, _, err = run(["verify", str(log)], capsys)
    assert code == 3
    assert err.startswith(f"error: {log} does not verify: event 12: ")
    assert "Traceback" not in err


def test_verify_hashes_only_ignores_openings_but_not_leaves(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = (log / "openings.jsonl").read_bytes()
    (log / "openings.jsonl").write_bytes(raw.replace(b'"salt":"', b'"salt":"f', 1)[:-1] + b"\n")
    code, out, _ = run(["verify", str(log), "--hashes-only"], capsys)
    assert code == 0 and "events not checked" in out
    assert run(["verify", str(log)], capsys)[0] == 3


def test_verify_checks_the_readable_events_beside_the_leaves(
    log: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["verify", str(log)], capsys)
    assert code == 0 and "no readable events file beside the leaves (none checked)" in out
    readable = log / "events.jsonl"
    assert run(["log", "export", str(log), "--out", str(readable)], capsys)[0] == 0
    code, out, _ = run(["verify", str(log)], capsys)
    assert code == 0, out
    assert "the readable events (events.jsonl) match the leaves" in out
    rows = readable.read_text(encoding="utf-8").splitlines()
    rows[11] = rows[11].replace('"actor":"m-', '"actor":"x-', 1)
    readable.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    code, _, err = run(["verify", str(log)], capsys)
    assert code == 3
    actor = json.loads(rows[11])["actor"]
    assert err == (
        f"error: {log} does not verify: event 12: events.jsonl line 12 differs from the leaf: "
        f'actor is "{actor}" where the leaf has "m-{actor[2:]}".\n'
    )
    code, out, _ = run(["verify", str(log), "--hashes-only"], capsys)
    assert code == 0 and "events not checked" in out
    readable.unlink()
    manifest = (log / "manifest.json").read_bytes()
    (log / "manifest.json").write_bytes(
        manifest.replace(b'{"format"', b'{"events":"events.jsonl","format"')
    )
    code, _, err = run(["verify", str(log)], capsys)
    assert code == 3
    assert err == (
        f"error: {log} does not verify: events.jsonl is missing, though the manifest says the "
        "log has it.\n"
    )


def test_prove_inclusion_json_shape(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["log", "prove", str(log), "--seq", "5", "--format", "json"], capsys)
    assert code == 0
    proof = json.loads(out)
    assert list(proof) == ["tree_size", "leaf_index", "leaf_hash", "root", "path"]
    assert proof["tree_size"] == 62 and proof["leaf_index"] == 4
    assert all(h == h.lower() and len(h) == 64 for h in [proof["root"], *proof["path"]])
    leaf = (log / "leaves.jsonl").read_bytes().splitlines()[4]
    assert leaf_hash(leaf).hex() == proof["leaf_hash"]
    verify_inclusion(
        4,
        60,
        bytes.fromhex(proof["leaf_hash"]),
        [bytes.fromhex(h) for h in proof["path"]],
        bytes.fromhex(proof["root"]),
    )


def test_prove_consistency_json_shape(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["log", "prove", str(log), "--from", "7", "--to", "40", "--format", "json"]
    code, out, _ = run(args, capsys)
    assert code == 0
    proof = json.loads(out)
    assert list(proof) == ["first", "second", "first_root", "second_root", "proof"]
    verify_consistency(
        7,
        40,
        bytes.fromhex(proof["first_root"]),
        bytes.fromhex(proof["second_root"]),
        [bytes.fromhex(h) for h in proof["proof"]],
    )
    code, out, _ = run(["log", "prove", str(log), "--from", "7", "--to", "40"], capsys)
    assert "consistency of the tree of 7 events with the tree of 40" in out


def test_prove_errors_are_one_sentence(log: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["log", "prove", str(log), "--seq", "99"], capsys)
    assert (code, err) == (1, "error: event 99 is not in a tree of 62 events.\n")
    code, _, err = run(["log", "prove", str(log)], capsys)
    assert code == 2 and "--seq N or --from A --to B" in err


def test_erase_show_export(log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = next(e for e in small_world() if e.seq == 17).data["text"]
    code, out, _ = run(["erase", str(log), "--seq", "17", "--reason", "asked"], capsys)
    assert code == 0 and "recorded as event 63" in out
    code, out, _ = run(["log", "show", str(log), "--seq", "17"], capsys)
    assert "data.text: erased" in out and text not in out
    code, out, _ = run(["log", "show", str(log), "--seq", "63", "--format", "json"], capsys)
    shown = json.loads(out)["event"]
    assert shown["kind"] == "record.erased" and shown["data"]["seq"] == 17
    assert run(["verify", str(log)], capsys)[0] == 0
    exported = tmp_path / "out.jsonl"
    assert run(["log", "export", str(log), "--out", str(exported)], capsys)[0] == 0
    rows = [json.loads(x) for x in exported.read_text().splitlines()]
    assert len(rows) == 63 and rows[16]["data"]["text"] == ""
    rebuilt = tmp_path / "again"
    assert run(["log", "build", str(exported), "--out", str(rebuilt)], capsys)[0] == 0
    assert run(["verify", str(rebuilt)], capsys)[0] == 0


def test_erase_without_the_key_is_refused(
    log: Path, key_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.rmtree(key_home)
    code, _, err = run(["erase", str(log), "--seq", "17", "--reason", "x"], capsys)
    assert code == 1 and "no signing key for polemica/org-1" in err


def test_receipt_round_trip(log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    receipt = tmp_path / "r.json"
    assert run(["log", "receipt", str(log), "--seq", "31", "--out", str(receipt)], capsys)[0] == 0
    code, out, _ = run(["verify-receipt", str(receipt), "--key", str(log / "verifier.key")], capsys)
    assert code == 0 and "valid: event 31" in out
    doc = json.loads(receipt.read_text())
    doc["leaf"]["actor"] = "m-chen"
    receipt.write_text(json.dumps(doc))
    code, _, err = run(["verify-receipt", str(receipt)], capsys)
    assert code == 3 and "leaf hash" in err


def test_stats_and_missing_log(
    log: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["log", "stats", str(log)], capsys)
    assert code == 0 and "events     62" in out and "record.erased" in out
    code, _, err = run(["verify", str(tmp_path / "nope")], capsys)
    assert code == 1 and err.count("\n") == 1
