"""`polemica groups` on a Pol.is export and on an events file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from polemica.cli.main import cli
from polemica.events import parse_event, write_jsonl

MINI = Path(__file__).resolve().parents[1] / "io" / "data" / "polis-mini"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, standalone_mode=False)
    assert result.exit_code == 0, result.output
    return result.output


def stance_events(tmp_path: Path) -> Path:
    events: list[Any] = []
    for i in range(24):
        camp = i % 2
        for s in range(8):
            agree = (s % 2 == camp) or s == 0
            ballot = {"stance": "agree" if agree else "disagree", "statement": f"st-{s}"}
            seq = len(events) + 1
            events.append(
                parse_event(
                    {
                        "v": 1,
                        "seq": seq,
                        "id": f"e{seq}",
                        "at": "2026-01-01T00:00:00Z",
                        "org": "o",
                        "body": "b",
                        "actor": f"m-{i}",
                        "kind": "vote.cast",
                        "subject": f"v{seq}",
                        "data": {"question": "q", "ballot": ballot},
                    }
                )
            )
    path = tmp_path / "votes.jsonl"
    write_jsonl(path, events)
    return path


def test_events_file_json_and_plot(tmp_path: Path) -> None:
    png = tmp_path / "groups.png"
    data = json.loads(
        run("groups", str(stance_events(tmp_path)), "--format", "json", "--plot", str(png))
    )
    assert set(data) >= {"groups", "representative", "consensus"}
    assert len(data["groups"]) == 24
    camps = {data["groups"][f"m-{i}"] for i in range(0, 24, 2)}
    assert len(camps) == 1 and camps != {data["groups"]["m-1"]}
    assert "st-0" in data["consensus"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_text_output_on_export_directory() -> None:
    out = run("groups", str(MINI))
    assert "2 of 2 participants placed in 2 groups" in out
    assert "First, with a comma" in out
