"""`polemica import convokit`: a small corpus directory written here, and malformed ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from polemica.analysis import analyze
from polemica.cli.main import main
from polemica.events import parse_time, read_events
from polemica.io.convokit import import_convokit
from tests.io.polis_corpus import POLIS
from tests.io.polis_corpus import build as build_polis_corpus


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


# --- Dialects: what real corpora contain, not only what our writer writes ---------------------


def write_lines(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def contributions(out: Path) -> dict[str, dict[str, object]]:
    return {e.subject: dict(e.data) for e in read_events(out) if e.kind == "contribution.posted"}


def test_reply_to_with_a_hyphen_as_convokit_dumps_it(tmp_path: Path) -> None:
    # The bug of issue 13: a corpus dumped by ConvoKit lost every reply link.
    d = tmp_path / "c"
    write_lines(
        d / "utterances.jsonl",
        [
            {"id": "a", "speaker": "x", "conversation_id": "a", "reply-to": None, "text": "Hi."},
            {"id": "b", "speaker": "y", "conversation_id": "a", "reply-to": "a", "text": "Yo."},
            # Both keys: ConvoKit's loader takes reply_to (its fix for the Reddit corpora).
            {"id": "c", "speaker": "z", "conversation_id": "a", "reply_to": "a", "reply-to": "b"},
        ],
    )
    out = tmp_path / "e.jsonl"
    import_convokit(d, out)
    posts = contributions(out)
    assert posts["b"]["target"] == "a" and posts["c"]["target"] == "a"
    rep = analyze(out)
    body = next(s for s in rep.scopes if s.scope == "body")
    assert body.signals["reply_share"].value == pytest.approx(2 / 3)


def test_convokit_2_0_directory_with_users_and_roots(tmp_path: Path) -> None:
    d = tmp_path / "old"
    d.mkdir()
    utts = [
        {"id": "1", "user": "ann", "root": "1", "reply-to": None, "timestamp": 1.5e9, "text": "A."},
        {
            "id": "2",
            "user": "bo",
            "root": "1",
            "reply-to": "1",
            "timestamp": 1.5e9 + 60,
            "text": "B.",
        },
    ]
    (d / "utterances.json").write_text(json.dumps(utts), encoding="utf-8")
    (d / "users.json").write_text(
        json.dumps({"ann": {"is-admin": True}, "bo": {}}), encoding="utf-8"
    )
    out = tmp_path / "e.jsonl"
    import_convokit(d, out)
    events = read_events(out)
    posts = contributions(out)
    assert posts["2"]["target"] == "1" and posts["2"]["question"] == "1"
    assert [(e.data["member"], e.data["role"]) for e in events if e.kind == "role.assigned"] == [
        ("ann", "leader")
    ]


def test_convokit_1_single_file_with_user_info(tmp_path: Path) -> None:
    # The socialkit format: a JSON list, speaker metadata inline, times as text.
    path = tmp_path / "sample.json"
    rows = [
        {
            "id": "1",
            "root": "1",
            "text": "The filmography page looks copied.",
            "timestamp": "1.310746500E09",
            "user": "Johannes003",
            "user-info": {"gender": "unknown", "is-admin": False, "user-edit-count": "8283"},
        },
        {
            "id": "2",
            "reply-to": "1",
            "root": "1",
            "text": "I don't think it's true.",
            "timestamp": "1.310746560E09",
            "user": "Mia",
            "user-info": {"is-admin": True},
            "page": "Nagma",
        },
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")
    out = tmp_path / "e.jsonl"
    import_convokit(path, out)
    events = read_events(out)
    joined = {e.subject: e.data["meta"] for e in events if e.kind == "member.joined"}
    assert joined["Johannes003"]["user-edit-count"] == "8283"
    posts = contributions(out)
    assert posts["2"]["target"] == "1" and posts["2"]["meta"] == {"page": "Nagma"}
    assert events[0].at == "2011-07-15T16:15:00Z"
    assert ("Mia", "leader") in [
        (e.data["member"], e.data["role"]) for e in events if e.kind == "role.assigned"
    ]


def test_missing_conversation_ids_follow_the_reply_chain_and_binary_meta_is_left_out(
    tmp_path: Path,
) -> None:
    d = tmp_path / "c"
    write_lines(
        d / "utterances.jsonl",
        [
            {
                "id": "r",
                "speaker": "x",
                "conversation_id": "conv-9",
                "reply-to": None,
                "text": "Root",
            },
            {
                "id": "s",
                "speaker": "y",
                "reply-to": "r",
                "text": "Reply",
                "meta": {"vec": "<##bin{0}&&@**>", "ok": 1},
            },
            {"id": "t", "speaker": "x", "reply-to": "s", "text": "Reply to reply"},
            {"id": "u", "speaker": "y", "reply-to": None, "text": "Alone"},
        ],
    )
    out = tmp_path / "e.jsonl"
    import_convokit(d, out)
    posts = contributions(out)
    assert [posts[k]["question"] for k in "rstu"] == ["conv-9", "conv-9", "conv-9", "u"]
    assert posts["s"]["meta"] == {"ok": 1}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            '{"id": "z", "speaker": "q", "reply-to": "nowhere", "text": "?"}',
            "'nowhere', which is not in the corpus",
        ),
        (
            '{"id": "z", "speaker": "q", "conversation_id": ["a"], "text": "?"}',
            "conversation_id is not an id",
        ),
        (
            '{"id": "z", "speaker": "q", "conversation_id": "a", "timestamp": "noon"}',
            "timestamp 'noon' is not a time",
        ),
    ],
)
def test_dialect_errors_name_the_line(tmp_path: Path, line: str, reason: str) -> None:
    d = tmp_path / "c"
    write_lines(d / "utterances.jsonl", [{"id": "a", "speaker": "x", "conversation_id": "a"}])
    with (d / "utterances.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(line + "\n")
    out = tmp_path / "e.jsonl"
    with pytest.raises(ValueError) as info:
        import_convokit(d, out)
    assert "utterances.jsonl line 2" in str(info.value) and reason in str(info.value)
    assert not out.exists()


@pytest.mark.peers
@pytest.mark.skipif(not POLIS.exists(), reason="shared sample data not present")
def test_corpus_dumped_by_convokit_round_trips(tmp_path: Path) -> None:
    pytest.importorskip("convokit")
    corpus = build_polis_corpus()
    corpus.dump("polis-statements", base_path=str(tmp_path))
    d = tmp_path / "polis-statements"
    assert '"reply-to": ' in (d / "utterances.jsonl").read_text(encoding="utf-8")
    out = tmp_path / "e.jsonl"
    import_convokit(d, out)
    events = read_events(out)
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    utts = list(corpus.iter_utterances())
    assert len(posts) == len(utts) > 800
    for u in utts:
        post = posts[u.id]
        assert post.actor == u.speaker.id
        assert post.data.get("target") == u.reply_to
        assert post.data["question"] == u.conversation_id
        assert post.data["text"] == (u.text or " ")
        assert post.data["meta"] == dict(u.meta)
        assert abs(parse_time(post.at).timestamp() - u.timestamp) < 1e-3
    joined = {e.subject: e.data["meta"] for e in events if e.kind == "member.joined"}
    assert joined == {s.id: dict(s.meta) for s in corpus.iter_speakers()}
    opened = {e.subject: e.data for e in events if e.kind == "question.opened"}
    assert set(opened) == set(corpus.get_conversation_ids())
    for conv in corpus.iter_conversations():
        assert opened[conv.id]["title"] == conv.meta["title"]
        assert opened[conv.id]["meta"] == dict(conv.meta)
