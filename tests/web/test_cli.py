"""`polemica replay` into a truly empty database (another SQLite file) rebuilds the same state."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from polemica.events import write_jsonl
from polemica.events.world import small_world

DUMP = (
    "import json, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'polemica.web.settings'; "
    "from polemica.web.setup import setup; setup(); "
    "from polemica.web.record.dump import dump; print(json.dumps(dump()))"
)


def _run(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    drop = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env["POLEMICA_HOME"] = str(home)
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=600, check=False)


def _polemica(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(home, str(Path(sys.executable).parent / "polemica"), *args)


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="the CLI's own databases are SQLite here")
def test_export_then_replay_into_an_empty_database(tmp_path: Path) -> None:
    world = tmp_path / "world.jsonl"
    write_jsonl(world, small_world())
    a, b = tmp_path / "a", tmp_path / "b"
    done = _polemica(a, "replay", str(world))
    assert done.returncode == 0, done.stderr
    assert f"replayed {len(small_world())} events of org-1" in done.stdout
    out = tmp_path / "export"
    exported = _polemica(a, "export", "org-1", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert _polemica(a, "verify", str(out)).returncode == 0
    again = _polemica(b, "replay", str(out))
    assert again.returncode == 0, again.stderr
    dump_a, dump_b = _run(a, sys.executable, "-c", DUMP), _run(b, sys.executable, "-c", DUMP)
    assert dump_a.returncode == 0, dump_a.stderr
    assert json.loads(dump_a.stdout) == json.loads(dump_b.stdout)
    # The small world's contributions, two of them its secret vote's.
    assert len(json.loads(dump_a.stdout)["process.contribution"]) == 11
    twice = _polemica(b, "replay", str(out))
    assert twice.returncode == 1 and "already in this database" in twice.stderr


@pytest.mark.parametrize(
    ("bad", "reason"), [("\x00", "NUL character"), ("\ud800", "lone surrogate (U+D800)")]
)
def test_replay_of_events_with_bad_text_names_line_and_field(
    db: None, tmp_path: Path, bad: str, reason: str
) -> None:
    """A NUL or a lone surrogate in a text is refused by the event format, so an import fails
    with the line and the field, before anything is stored, on either database."""
    from polemica.web.record.models import EventRow
    from polemica.web.record.replay import replay_path

    events = [e.to_dict() for e in small_world()]
    n = next(i for i, e in enumerate(events) if e["kind"] == "contribution.posted")
    events[n]["data"]["text"] = f"I agree{bad}"
    path = tmp_path / "bad.jsonl"
    # ensure_ascii: the file holds the escapes \u0000 and \ud800, as JSON writes them
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="ascii")
    with pytest.raises(ValueError, match=rf"line {n + 1}, field data.text: .*{re.escape(reason)}"):
        replay_path(path)
    assert not EventRow.objects.exists()
    if "DATABASE_URL" not in os.environ:
        done = _polemica(tmp_path / "home", "replay", str(path))
        assert done.returncode == 1
        assert f"line {n + 1}, field data.text" in done.stderr and reason in done.stderr


def test_an_id_longer_than_the_platform_stores_fails_the_import_naming_it(
    db: None, tmp_path: Path
) -> None:
    """SQLite would store a 65-character id, PostgreSQL would refuse it mid-import: both refuse
    it before anything is stored, naming the event and the field."""
    from polemica.web.record.models import EventRow
    from polemica.web.record.replay import replay_path

    events = [e.to_dict() for e in small_world()]
    n = next(i for i, e in enumerate(events) if e["kind"] == "contribution.posted")
    events[n]["data"]["question"] = "q" * 65
    path = tmp_path / "long.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    with pytest.raises(ValueError, match=rf"event {n + 1}, field data.question: is longer than"):
        replay_path(path)
    assert not EventRow.objects.exists()
