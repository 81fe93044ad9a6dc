from __future__ import annotations

import json
from pathlib import Path

import pytest

from polemica.events import (
    Event,
    EventFormatError,
    JsonlWriter,
    iter_events,
    iter_jsonl,
    read_events,
    write_events,
    write_jsonl,
)


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_jsonl_round_trip_is_byte_stable(tmp_path: Path, world: list[Event]) -> None:
    first = tmp_path / "a.jsonl"
    second = tmp_path / "b.jsonl"
    write_jsonl(first, world)
    write_jsonl(second, read_events(first))
    assert first.read_bytes() == second.read_bytes()
    assert read_events(first) == world


@pytest.mark.parametrize("name", ["w.parquet", "w.jsonl.gz"])
def test_parquet_and_gzip_round_trip(tmp_path: Path, world: list[Event], name: str) -> None:
    path = tmp_path / name
    assert write_events(path, world) == len(world)
    assert list(iter_events(path)) == world


def test_unknown_kinds_survive_parquet(tmp_path: Path, world: list[Event]) -> None:
    raw = world[0].to_dict() | {"kind": "poll.created", "seq": len(world) + 1, "x-extra": [1]}
    raw["data"] = {"deep": {"a": None}}
    src = tmp_path / "in.jsonl"
    src.write_text(
        "\n".join(json.dumps(e.to_dict()) for e in world) + "\n" + json.dumps(raw) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.parquet"
    write_events(out, iter_events(src))
    back = list(iter_events(out))
    assert back[-1].to_dict() == raw


def write_lines(path: Path, rows: list[str]) -> Path:
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_bad_json_names_the_line(tmp_path: Path, world_file: Path) -> None:
    rows = lines(world_file)
    rows[6] = rows[6][:-3]
    bad = write_lines(tmp_path / "bad.jsonl", rows)
    with pytest.raises(EventFormatError, match=r"bad.jsonl line 7: is not valid JSON") as info:
        read_events(bad)
    assert info.value.line == 7


def test_bad_field_names_line_and_field(tmp_path: Path, world_file: Path) -> None:
    rows = lines(world_file)
    obj = json.loads(rows[20])
    obj["data"]["type"] = "shouting"
    rows[20] = json.dumps(obj)
    bad = write_lines(tmp_path / "bad.jsonl", rows)
    with pytest.raises(EventFormatError) as info:
        read_events(bad)
    assert (info.value.line, info.value.field) == (21, "data.type")
    assert str(info.value).startswith("bad.jsonl line 21, field data.type: 'shouting'")


def test_a_gap_in_seq_is_rejected(tmp_path: Path, world_file: Path) -> None:
    rows = lines(world_file)
    del rows[3]
    bad = write_lines(tmp_path / "gap.jsonl", rows)
    with pytest.raises(EventFormatError, match="line 4, field seq: seq is 5 where 4"):
        read_events(bad)
    assert len(list(iter_jsonl(bad, contiguous=False))) == len(rows)


def test_reading_is_lazy_and_stops_at_the_bad_line(tmp_path: Path, world_file: Path) -> None:
    rows = [*lines(world_file), "{not json"]
    bad = write_lines(tmp_path / "tail.jsonl", rows)
    stream = iter_jsonl(bad)
    assert next(stream).seq == 1
    with pytest.raises(EventFormatError, match=f"line {len(rows)}"):
        list(stream)


def test_non_utf8_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.jsonl"
    bad.write_bytes(b'{"v": 1, "name": "Kova\xe8"}\n')
    with pytest.raises(EventFormatError, match="line 1: is not UTF-8"):
        read_events(bad)


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EventFormatError, match="cannot be read"):
        read_events(tmp_path / "nope.jsonl")


def test_writer_leaves_nothing_when_interrupted(tmp_path: Path, world: list[Event]) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), JsonlWriter(target) as writer:
        writer.write(world[0])
        raise RuntimeError("disk full")
    assert list(tmp_path.iterdir()) == []


def test_corrupt_parquet_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "x.parquet"
    bad.write_bytes(b"PAR1 not really")
    with pytest.raises(EventFormatError, match=r"x.parquet: is not a readable Parquet file"):
        list(iter_events(bad))


def test_written_files_get_ordinary_permissions(tmp_path: Path, world: list[Event]) -> None:
    import os

    mask = os.umask(0o022)
    try:
        for name in ("w.jsonl", "w.parquet"):
            write_events(tmp_path / name, world)
            assert (tmp_path / name).stat().st_mode & 0o777 == 0o644
    finally:
        os.umask(mask)
