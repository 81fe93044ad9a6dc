"""`verify` checks the readable events beside the leaves: any change to them is named by event,
file, line and field; an erased event (its text "" and no opening) still passes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from polemica.events import Event, write_events
from polemica.events.world import small_world
from polemica.ledger.filelog import FileLog
from polemica.ledger.layout import MANIFEST, LogFormatError, Manifest, read_manifest
from polemica.ledger.readable import opened_bytes
from polemica.ledger.verify import verify_log

ERASED = 61  # the small world's erased event: data.reason of a member.left


def readable_events(log: Path) -> list[Event]:
    with FileLog.open(log) as opened:
        return [opened.event(seq).readable() for seq in range(1, opened.tree.size + 1)]


def with_readable(
    world_log: Path, target: Path, name: str = "events.jsonl", claim: bool = True
) -> Path:
    """A copy of the log with its readable events as an export writes them."""
    shutil.copytree(world_log, target)
    write_events(target / name, readable_events(target))
    if claim:
        origin = read_manifest(target).origin
        (target / MANIFEST).write_bytes(Manifest(origin, events=name).encode())
    return target


@pytest.fixture
def log(world_log: Path, tmp_path: Path) -> Path:
    return with_readable(world_log, tmp_path / "log")


def lines(log: Path) -> list[str]:
    return (log / "events.jsonl").read_text(encoding="utf-8").splitlines()


def write_lines(log: Path, new: list[str]) -> None:
    (log / "events.jsonl").write_text("".join(x + "\n" for x in new), encoding="utf-8")


def failure(log: Path) -> str:
    result = verify_log(log)
    assert not result.ok
    return str(result.failure)


def edit(
    log: Path, seq: int, change: dict[str, object]
) -> tuple[dict[str, object], dict[str, object]]:
    """Change fields of line `seq` (dotted names reach into data); return the old and new event."""
    rows = lines(log)
    old = json.loads(rows[seq - 1])
    new = json.loads(rows[seq - 1])
    for key, value in change.items():
        if key.startswith("data."):
            new["data"][key[5:]] = value
        else:
            new[key] = value
    rows[seq - 1] = json.dumps(new, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    write_lines(log, rows)
    return old, new


def test_readable_events_that_match_pass_with_the_erased_one(log: Path) -> None:
    result = verify_log(log)
    assert result.ok, result.failure
    assert result.readable == ("events.jsonl",)
    assert result.erased_events == 1
    erased = json.loads(lines(log)[ERASED - 1])
    assert erased["data"]["reason"] == ""


def test_altered_text_is_named(log: Path) -> None:
    seq = next(e.seq for e in small_world() if e.kind == "contribution.posted")
    old, _ = edit(log, seq, {"data.text": "Something nobody said."})
    said = json.dumps(old["data"]["text"], ensure_ascii=False)  # type: ignore[index]
    assert failure(log) == (
        f"event {seq}: events.jsonl line {seq} differs from the leaf: data.text is "
        f'"Something nobody said." where the leaf has {said[:57]}…'  # long values are cut
    )


def test_altered_actor_is_named(log: Path) -> None:
    old, _ = edit(log, 12, {"actor": "m-mallory"})
    assert failure(log) == (
        f'event 12: events.jsonl line 12 differs from the leaf: actor is "m-mallory" where '
        f'the leaf has "{old["actor"]}"'
    )


def test_erased_text_put_back_is_named(log: Path) -> None:
    edit(log, ERASED, {"data.reason": "Moved abroad."})
    assert failure(log) == (
        f"event {ERASED}: events.jsonl line {ERASED} differs from the leaf: data.reason is "
        '"Moved abroad." where the leaf has ""'
    )


def test_reordered_lines_are_named(log: Path) -> None:
    rows = lines(log)
    rows[20], rows[21] = rows[21], rows[20]
    write_lines(log, rows)
    message = failure(log)
    assert message.startswith("event 21: events.jsonl line 21 differs from the leaf: ")
    assert "where the leaf has" in message


def test_a_deleted_line_is_named(log: Path) -> None:
    rows = lines(log)
    del rows[29]
    write_lines(log, rows)
    assert failure(log).startswith("event 30: events.jsonl line 30 differs from the leaf: ")


def test_a_deleted_last_line_and_an_added_line_are_named(log: Path) -> None:
    rows = lines(log)
    write_lines(log, rows[:-1])
    assert (
        failure(log)
        == f"event {len(rows)}: events.jsonl ends after {len(rows) - 1} lines; the log goes on"
    )
    write_lines(log, [*rows, rows[-1]])
    assert failure(log) == f"events.jsonl has more lines than the log's {len(rows)} events"


def test_a_line_that_is_not_json_or_not_canonical_is_named(log: Path) -> None:
    rows = lines(log)
    write_lines(log, [*rows[:4], rows[4][:-1], *rows[5:]])
    assert failure(log) == "event 5: events.jsonl line 5 is not valid JSON"
    write_lines(log, [*rows[:4], json.dumps(json.loads(rows[4])), *rows[5:]])
    assert failure(log) == "event 5: events.jsonl line 5 is not in canonical form"


def test_a_deleted_file_the_manifest_names_fails(log: Path) -> None:
    (log / "events.jsonl").unlink()
    assert failure(log) == "events.jsonl is missing, though the manifest says the log has it"


def test_a_log_without_readable_events_says_none_was_checked(
    world_log: Path, tmp_path: Path
) -> None:
    result = verify_log(world_log)
    assert result.ok and result.readable == ()
    unclaimed = with_readable(world_log, tmp_path / "unclaimed", claim=False)
    edit(unclaimed, 3, {"subject": "q-999"})
    assert failure(unclaimed).startswith(
        "event 3: events.jsonl line 3 differs from the leaf: subject"
    )


def test_parquet_readable_events_are_checked(world_log: Path, tmp_path: Path) -> None:
    log = with_readable(world_log, tmp_path / "pq", name="events.parquet")
    assert verify_log(log).readable == ("events.parquet",)
    events = readable_events(log)
    events[6] = events[6].with_data({**events[6].data, "text": "Rewritten."})
    write_events(log / "events.parquet", events)
    assert failure(log).startswith(
        'event 7: events.parquet row 7 differs from the leaf: data.text is "Rewritten." where'
    )


def test_hashes_only_does_not_read_the_readable_events(log: Path) -> None:
    edit(log, 12, {"actor": "m-mallory"})
    assert verify_log(log, check_events=False).ok


def test_a_manifest_naming_another_file_is_refused(log: Path) -> None:
    raw = (log / MANIFEST).read_bytes().replace(b'"events.jsonl"', b'"secrets.txt"')
    with pytest.raises(LogFormatError, match="not a readable events file"):
        Manifest.parse(raw)


def test_the_byte_replacement_equals_opening_the_leaf(log: Path) -> None:
    """Every event of the world, erased one included, opened through the byte path equals the
    readable event as `log export` writes it."""
    with FileLog.open(log) as opened:
        for seq, line in enumerate(lines(log), start=1):
            leaf = opened.leaf(seq - 1)
            record = (log / "openings.jsonl").read_bytes().split(b"\n")[seq - 1]
            assert opened_bytes(leaf, record) == line.encode(), seq
