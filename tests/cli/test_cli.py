from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from polemica.cli.main import cli, main
from tests.cli.walk import subcommands


def walk(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in subcommands(group).items():
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found.extend(walk(command, path))
    return found


ALL_COMMANDS = walk(cli)


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage: " in result.output


def run_main(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out, out.err


def test_validate_reports_a_sound_file(
    world_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(["events", "validate", str(world_file)], capsys)
    assert code == 0
    assert "all valid" in out


def test_validate_names_the_bad_line_without_traceback(
    tmp_path: Path, world_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = world_file.read_text().splitlines()
    obj = json.loads(rows[2])
    obj["data"]["level"] = 5
    rows[2] = json.dumps(obj)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join(rows) + "\n")
    code, _, err = run_main(["events", "validate", str(bad)], capsys)
    assert code == 1
    assert (
        err.strip() == "error: bad.jsonl line 3, field data.level: must be a string, not a number"
    )
    assert "Traceback" not in err


def test_convert_to_parquet_and_back(
    tmp_path: Path, world_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pq = tmp_path / "w.parquet"
    back = tmp_path / "back.jsonl"
    assert run_main(["events", "convert", str(world_file), str(pq)], capsys)[0] == 0
    assert run_main(["events", "convert", str(pq), str(back)], capsys)[0] == 0
    assert back.read_bytes() == world_file.read_bytes()


def test_log_demo_writes_and_verifies_the_demonstration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POLEMICA_HOME", str(tmp_path / "home"))
    code, out, _ = run_main(["log", "demo", "--dir", str(tmp_path)], capsys)
    assert code == 0
    assert (tmp_path / "demo-events.jsonl").exists()
    assert "demonstration organization" in out
    assert "verified; its signed checkpoint:" in out
    assert "\n— polemica/org-1 " in out
    assert run_main(["verify", str(tmp_path / "demo-log")], capsys)[0] == 0


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["frobnicate"], capsys)
    assert code == 2
    assert "No such command" in err
