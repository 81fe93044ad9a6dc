"""`polemica tally` on PrefLib, pairwise CSV and event files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from polemica.cli.main import cli, main

DATA = Path(__file__).resolve().parents[1] / "io" / "data"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, standalone_mode=False)
    return result.exit_code, result.output


def test_json_has_winners_ranking_by_name_and_explanation() -> None:
    code, out = run("tally", str(DATA / "schulze45.soc"), "--method", "schulze", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["winners"] == ["E"]
    assert data["ranking"] == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert data["tie_break"] == "lexicographic" and data["explanation"]


def test_text_output_and_options() -> None:
    _, out = run("tally", str(DATA / "schulze45.soc"), "--method", "stv", "--seats", "2")
    assert "winners: C, E" in out and "Droop quota" in out
    _, out = run(
        "tally",
        str(DATA / "schulze45.soc"),
        "--method",
        "debian",
        "--default",
        "D",
        "--majority",
        "2",
    )
    assert "winners: E" in out and "ratio 2:1" in out


def test_events_file(world_file: Path) -> None:
    _, out = run("tally", str(world_file), "--method", "plurality", "--format", "json")
    assert json.loads(out)["winners"] == ["c-1"]


def test_user_errors_are_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.soc"
    bad.write_text("# NUMBER ALTERNATIVES: 2\n1: 1\n")
    with pytest.raises(SystemExit) as info:
        main(["tally", str(bad), "--method", "schulze"])
    assert info.value.code == 1
    assert "line 2: an incomplete order" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["tally", str(DATA / "schulze45.soc"), "--method", "instant-runoff", "--seats", "2"])
    assert "takes no option 'seats'" in capsys.readouterr().err
