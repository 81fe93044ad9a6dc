"""`polemica import convokit`: a small corpus directory written here, and malformed ones."""

from __future__ import annotations

import json
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


def corpus(d: Path, extra_line: str | None = None) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    utts = [
        {
            "id": "u1",
            "speaker": "ana",
            "conversation_id": "u1",
            "reply_to": None,
            "timestamp": 1700000000,
            "text": "We should strike on Monday.",
            "meta": {"score": 3},
        },
        {
            "id": "u2",
            "speaker": "ben",
            "conversation_id": "u1",
            "reply_to": "u1",
            "timestamp": 1700000060,
            "text": "Monday is too early for the night shift.",
            "meta": {},
        },
        {
            "id": "u3",
            "speaker": "ana",
            "conversation_id": "u1",
            "reply_to": "u2",
            "timestamp": 1700000120,
            "text": "The night shift asked for it.",
            "meta": {},
        },
        {
            "id": "u4",
            "speaker": "chen",
            "conversation_id": "u4",
            "reply_to": None,
            "timestamp": 1700000180,
            "text": "A new topic.",
            "meta": {},
        },
    ]
    lines = [json.dumps(u) for u in utts]
    if extra_line is not None:
        lines.insert(2, extra_line)
    (d / "utterances.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    speakers = {
        "ana": {"meta": {"role": "leader", "power": 0.9}},
        "ben": {"meta": {"power": 0.2}},
        "chen": {"meta": {}},
    }
    (d / "speakers.json").write_text(json.dumps(speakers), encoding="utf-8")
    (d / "conversations.json").write_text(
        json.dumps({"u1": {"meta": {"title": "Strike"}}, "u4": {"meta": {}}}), encoding="utf-8"
    )
    (d / "corpus.json").write_text(json.dumps({"name": "union-talk"}), encoding="utf-8")
    (d / "index.json").write_text(json.dumps({"version": 1}), encoding="utf-8")
    return d


def test_corpus_becomes_questions_members_roles_and_replies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.jsonl"
    res = polemica(["import", "convokit", str(corpus(tmp_path / "c")), "--out", str(out)], capsys)
    assert res[0] == 0, res[1]
    events = read_events(out)
    kinds = [e.kind for e in events]
    assert kinds.count("question.opened") == 2 and kinds.count("contribution.posted") == 4
    joined = {e.subject: e.data for e in events if e.kind == "member.joined"}
    assert joined["ana"]["meta"] == {"role": "leader", "power": 0.9}
    roles = [(e.data["member"], e.data["role"]) for e in events if e.kind == "role.assigned"]
    assert roles == [("ana", "leader")]
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    assert posts["u2"].data["target"] == "u1" and posts["u2"].data["type"] == "remark"
    assert posts["u1"].data["meta"] == {"score": 3} and posts["u1"].at == "2023-11-14T22:13:20Z"
    title = next(
        e.data["title"] for e in events if e.kind == "question.opened" and e.subject == "u1"
    )
    assert title == "Strike"
    rep = analyze(out)
    body = next(s for s in rep.scopes if s.scope == "body")
    assert body.signals["reply_share"].value == pytest.approx(2 / 4)
    assert body.signals["objection_answer_rate"].value is None


def test_malformed_line_is_named_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "events.jsonl"
    d = corpus(
        tmp_path / "c", extra_line='{"id": "u9", "conversation_id": "u1", "text": "no speaker"}'
    )
    res = polemica(["import", "convokit", str(d), "--out", str(out)], capsys)
    assert res[0] == 1
    assert "utterances.jsonl line 3" in res[1] and "speaker" in res[1]
    assert not out.exists()
    d2 = corpus(tmp_path / "c2", extra_line="{broken")
    res = polemica(["import", "convokit", str(d2), "--out", str(out)], capsys)
    assert "line 3" in res[1] and "not valid JSON" in res[1]
    res = polemica(["import", "convokit", str(tmp_path), "--out", str(out)], capsys)
    assert "not a ConvoKit corpus" in res[1]
