"""`polemica replay` into a truly empty database (another SQLite file) rebuilds the same state."""

from __future__ import annotations

import json
import os
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
    assert len(json.loads(dump_a.stdout)["process.contribution"]) == 9
    twice = _polemica(b, "replay", str(out))
    assert twice.returncode == 1 and "already in this database" in twice.stderr
