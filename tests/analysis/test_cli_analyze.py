"""`polemica analyze` end to end: formats, --out, --window, --lexicon, errors."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from polemica.cli.main import cli
from polemica.events import write_events
from tests.analysis import scenarios


def _file(tmp_path: Path, suffix: str = ".jsonl") -> Path:
    path = tmp_path / f"cult{suffix}"
    write_events(path, scenarios.cult_of_person().w.events)
    return path


def test_text_json_and_html(tmp_path: Path) -> None:
    path = _file(tmp_path)
    run = CliRunner().invoke(cli, ["analyze", str(path)])
    assert run.exit_code == 0, run.output
    assert "personality_cult" in run.output
    run = CliRunner().invoke(cli, ["analyze", str(path), "--format", "json", "--window", "90d"])
    doc = json.loads(run.output)
    assert doc["window"]["label"] == "90d" and doc["scopes"]
    out = tmp_path / "r.html"
    run = CliRunner().invoke(
        cli, ["analyze", str(_file(tmp_path, ".parquet")), "--format", "html", "--out", str(out)]
    )
    assert run.exit_code == 0 and "findings" in run.output
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_lexicon_option_and_errors(tmp_path: Path) -> None:
    path = _file(tmp_path)
    words = tmp_path / "w.txt"
    words.write_text("heretic\n", encoding="utf-8")
    run = CliRunner().invoke(cli, ["analyze", str(path), "--lexicon", f"hostile={words}"])
    assert run.exit_code == 0
    run = CliRunner().invoke(cli, ["analyze", str(path), "--lexicon", "hostile"])
    assert run.exit_code != 0 and "NAME=FILE" in run.output
    run = CliRunner().invoke(cli, ["analyze", str(path), "--window", "sometime"])
    assert run.exit_code != 0
