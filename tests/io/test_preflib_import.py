"""`polemica import preflib`: `polemica tally` on the events equals `polemica tally` on the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polemica.cli.main import main
from polemica.decide import METHODS
from polemica.events import iter_events, read_events
from polemica.io.preflib_import import import_preflib

DATA = Path(__file__).resolve().parent / "data"
RANKED = sorted(n for n, m in METHODS.items() if m.input in ("ranked", "pairwise", "choice"))

# Ties, voters who rank only some alternatives, and alternative 5 whom nobody ranks.
TOI = """# FILE NAME: committee.toi
# TITLE: Committee chair
# DESCRIPTION: Ranked vote of a committee, with ties and partial ballots
# DATA TYPE: toi
# PUBLICATION DATE: 2024-03-01
# NUMBER ALTERNATIVES: 5
# ALTERNATIVE NAME 1: Ana
# ALTERNATIVE NAME 2: Ben
# ALTERNATIVE NAME 3: Chen
# ALTERNATIVE NAME 4: Dora
# ALTERNATIVE NAME 5: Emil
7: 1,{2,3},4
5: 3,1
4: {2,4},3,1
3: 4
2: 2,1,3,4
"""


def tally(path: Path, method: str, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    with pytest.raises(SystemExit) as info:
        main(["tally", str(path), "--method", method, "--format", "json", *extra])
        raise SystemExit(0)
    out = capsys.readouterr()
    return f"exit {info.value.code or 0}\n{out.out}{out.err}"


@pytest.mark.parametrize("method", RANKED)
@pytest.mark.parametrize("source", ["schulze45.soc", "committee.toi"])
@pytest.mark.parametrize("unranked", ["bottom", "ignore"])
def test_tally_on_events_equals_tally_on_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], method: str, source: str, unranked: str
) -> None:
    path = DATA / source if source.endswith(".soc") else tmp_path / source
    if not path.exists():
        path.write_text(TOI, encoding="utf-8")
    events = tmp_path / "events.jsonl"
    import_preflib(path, events)
    extra = ["--unranked", unranked]
    if method in ("stv",):
        extra += ["--seats", "2"]
    if method == "debian":
        extra += ["--default", "Emil" if source.endswith(".toi") else "D"]
    on_file = tally(path, method, capsys, *extra)
    assert tally(events, method, capsys, *extra) == on_file
    assert on_file.startswith("exit 0"), on_file


def test_each_voter_casts_one_ranking_and_options_are_named(tmp_path: Path) -> None:
    path = tmp_path / "committee.toi"
    path.write_text(TOI, encoding="utf-8")
    out = tmp_path / "e.parquet"
    import_preflib(path, out)
    events = list(iter_events(out))
    votes = [e for e in events if e.kind == "vote.cast"]
    assert len(votes) == 7 + 5 + 4 + 3 + 2
    assert len({e.actor for e in votes}) == len(votes)
    assert votes[0].data["ballot"] == {"ranking": [["1"], ["2", "3"], ["4"]]}
    options = {e.subject: e.data["text"] for e in events if e.kind == "contribution.posted"}
    assert options == {"1": "Ana", "2": "Ben", "3": "Chen", "4": "Dora", "5": "Emil"}
    q = next(e for e in events if e.kind == "question.opened")
    assert q.subject == "committee" and q.data["title"] == "Committee chair"
    assert q.at == "2024-03-01T00:00:00Z"


def test_malformed_line_is_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.soc"
    path.write_text("# NUMBER ALTERNATIVES: 3\n2: 1,2,3\n1: 1,2\n", encoding="utf-8")
    out = tmp_path / "e.jsonl"
    with pytest.raises(SystemExit) as info:
        main(["import", "preflib", str(path), "--out", str(out)])
    assert info.value.code == 1
    assert "bad.soc line 3: an incomplete order" in capsys.readouterr().err
    assert not out.exists() and not list(tmp_path.glob(".e.jsonl*"))


def test_json_names_are_the_alternatives_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = tmp_path / "e.jsonl"
    import_preflib(DATA / "schulze45.soc", events)
    out = tally(events, "schulze", capsys)
    data = json.loads(out.split("\n", 1)[1])
    assert data["winners"] == ["E"]
    assert read_events(events)[0].kind == "org.founded"
