"""`polemica import transcript`: header roles, turns, continuation lines, bad lines named."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.analysis import analyze
from polemica.cli.main import main
from polemica.events import read_events


def polemica(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the real entry point, as a user would, and return (exit code, all output)."""
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out + out.err


TEXT = """# title: Budget for 2027
# body: Finance committee
# date: 2026-03-02T18:00:00Z
# leader: Ana
# observer: Emil
Ana: We keep the reserve at three months.
Ben: [objection] Two months are enough;
  the rest can fund the campaign.
[18:07] Ana: [answer] Last year two months were not enough.
Chen: [question] What did the accounts show?
Chen: And who audits them?
"""


def test_turns_reply_to_the_previous_speaker(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "meeting.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = tmp_path / "m.jsonl"
    res = polemica(["import", "transcript", str(src), "--out", str(out)], capsys)
    assert res[0] == 0, res[1]
    events = read_events(out)
    roles = {(e.data["member"], e.data["role"]) for e in events if e.kind == "role.assigned"}
    assert roles == {("ana", "leader"), ("emil", "observer")}
    posts = [e for e in events if e.kind == "contribution.posted"]
    assert [p.actor for p in posts] == ["ana", "ben", "ana", "chen", "chen"]
    assert [p.data["type"] for p in posts] == [
        "remark",
        "objection",
        "answer",
        "question",
        "remark",
    ]
    assert posts[1].data["text"] == "Two months are enough;\nthe rest can fund the campaign."
    assert posts[1].data["target"] == posts[0].subject
    assert posts[2].at == "2026-03-02T18:07:00Z"
    assert posts[4].data["target"] == posts[2].subject  # the last turn by someone else
    rep = analyze(out)
    body = next(s for s in rep.scopes if s.scope == "body")
    assert body.signals["leader_challenge_rate"].reason is not None  # Ana proposed no position
    assert body.signals["leader_answer_rate"].value == 0.5  # Chen's question stays open


def test_bad_lines_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "m.jsonl"
    cases = {
        "# colour: blue\nAna: hi\n": "line 1",
        "just some words\n": "line 1",
        "Ana: hi\n# leader: Ana\n": "line 2",
        "Ana: [rant] hi\n": "line 1",
        "# date: yesterday\nAna: hi\n": "line 1",
    }
    for text, where in cases.items():
        src = tmp_path / "t.txt"
        src.write_text(text, encoding="utf-8")
        res = polemica(["import", "transcript", str(src), "--out", str(out)], capsys)
        assert res[0] == 1 and where in res[1], (text, res[1])
        assert not out.exists()
