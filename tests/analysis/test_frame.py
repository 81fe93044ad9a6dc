"""The event frame: fixed schema, lazy reading, JSON Lines through a Parquet cache, windows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from polemica.analysis.frame import frame_schema, scan_events
from polemica.analysis.window import parse_window
from polemica.events import write_events
from polemica.events.world import small_world


def test_jsonl_and_parquet_give_the_same_frame(tmp_path: Path) -> None:
    events = small_world()
    write_events(tmp_path / "w.jsonl", events)
    write_events(tmp_path / "w.parquet", events)
    a = scan_events(tmp_path / "w.jsonl", cache_dir=tmp_path / "cache").collect()
    b = scan_events(tmp_path / "w.parquet").collect()
    assert a.schema == frame_schema() == b.schema
    assert a.equals(b)
    assert a.height == len(events)
    row = a.filter(pl.col("kind") == "directive.issued").row(0, named=True)
    assert row["to"] == ["cell-north", "cell-south"] and row["decision"] == "d-1"
    fb = a.filter(pl.col("kind") == "feedback.sent").row(0, named=True)
    assert fb["to"] == ["cc"] and fb["fb_kind"] == "critique"
    assert a.filter(pl.col("kind") == "vote.cast")["choice"].to_list() == ["c-1", "c-1", "c-2"]


def test_scan_is_lazy_and_the_cache_is_reused(tmp_path: Path) -> None:
    write_events(tmp_path / "w.jsonl", small_world())
    lf = scan_events(tmp_path / "w.jsonl", cache_dir=tmp_path / "c")
    assert isinstance(lf, pl.LazyFrame)
    cached = list((tmp_path / "c").glob("*.parquet"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    scan_events(tmp_path / "w.jsonl", cache_dir=tmp_path / "c")
    assert cached[0].stat().st_mtime_ns == stamp


def test_malformed_jsonl_is_rejected_with_its_line_and_no_cache(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    write_events(bad, small_world()[:3])
    with bad.open("a", encoding="utf-8") as fh:
        fh.write("{not json\n")
    with pytest.raises(ValueError, match="line 4"):
        scan_events(bad, cache_dir=tmp_path / "c")
    assert not list((tmp_path / "c").glob("*.parquet"))


def test_windows() -> None:
    last = datetime(2026, 6, 30, tzinfo=UTC)
    assert parse_window("all").start is None
    w = parse_window("90d", last)
    assert w.end == last and (last - w.start).days == 90  # type: ignore[operator]
    r = parse_window("2026-01-01..2026-06-30")
    assert r.start == datetime(2026, 1, 1, tzinfo=UTC) and r.end is not None and r.end.day == 30
    assert parse_window("..2026-03-01").start is None
    for bad in ("soon", "0d", "2026-06-30..2026-01-01", "2026-13-01..2026-12-01"):
        with pytest.raises(ValueError):
            parse_window(bad)
