"""`polemica import polis`: the six real Pol.is exports become events that replay Pol.is's votes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from polemica.cli.main import main
from polemica.decide.ballots import ConsentBallot
from polemica.events import parse_time, read_events
from polemica.io import _spill
from polemica.io.ballots import read_vote_events
from polemica.io.polis_import import import_polis

POLIS = Path(__file__).resolve().parents[3] / "shared" / "data" / "polis"
REAL = sorted(p.name for p in POLIS.iterdir()) if POLIS.exists() else []
need_data = pytest.mark.skipif(not REAL, reason="shared sample data not present")
VALUE = {"agree": "1", "disagree": "-1", "pass": "0"}
FIXED = {"participant", "xid", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree"}


def polemica(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(args)
        raise SystemExit(0)
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out + out.err


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@need_data
@pytest.mark.parametrize("name", REAL)
def test_final_votes_equal_polis_own_final_votes(name: str, tmp_path: Path) -> None:
    d = POLIS / name
    out = tmp_path / "events.jsonl"
    import_polis(d, out)
    events = read_events(out)
    kinds = [e.kind for e in events]
    comments, votes = rows(d / "comments.csv"), rows(d / "votes.csv")
    assert kinds.count("question.opened") == 1
    assert kinds.count("contribution.posted") == len(comments)
    assert kinds.count("vote.cast") == len(votes)
    moderated_out = sum(1 for c in comments if c["moderated"].strip() == "-1")
    assert kinds.count("contribution.redacted") == moderated_out
    posts = {e.subject: e for e in events if e.kind == "contribution.posted"}
    for c in comments:
        post = posts[f"s-{c['comment-id']}"]
        assert (
            post.actor == f"p-{c['author-id']}" and post.data["text"] == c["comment-body"].strip()
        )
    # Pol.is's own final votes (participants-votes.csv) are what the events' latest ballots say.
    _, ballots = read_vote_events(out)
    ours = {}
    for b in ballots:
        assert isinstance(b, ConsentBallot) and b.voter is not None
        ours[(b.voter.removeprefix("p-"), b.proposal.removeprefix("s-"))] = VALUE[b.stance]
    theirs = {}
    for row in rows(d / "participants-votes.csv"):
        for column, value in row.items():
            if column not in FIXED and value and value.strip():
                theirs[(row["participant"], column)] = value.strip()
    assert ours == theirs
    groups = {
        e.subject: e.data["meta"].get("group-id") for e in events if e.kind == "member.joined"
    }
    for row in rows(d / "participants-votes.csv"):
        if row["group-id"].strip() and f"p-{row['participant']}" in groups:
            assert groups[f"p-{row['participant']}"] == int(row["group-id"])
    title = next(e.data["title"] for e in events if e.kind == "question.opened")
    summary = dict(r[:2] for r in csv.reader((d / "summary.csv").open(encoding="utf-8")) if r)
    assert title == summary["topic"].strip()
    ats = [parse_time(e.at) for e in events]
    assert ats == sorted(ats)  # statements and votes interleaved in time order


@need_data
def test_report_and_tally_run_on_the_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "london.jsonl"
    code, text = polemica(
        ["import", "polis", str(POLIS / "london.youth.policing"), "--out", str(out)], capsys
    )
    assert code == 0 and "wrote" in text
    code, text = polemica(["tally", str(out), "--method", "consensus", "--format", "json"], capsys)
    assert code == 0, text
    assert '"s-1"' in text or "s-1" in text
    code, text = polemica(["analyze", str(out), "--format", "json"], capsys)
    assert code == 0, text


@need_data
def test_votes_sorted_through_disk_give_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    d = POLIS / "scoop-hivemind.freshwater"
    whole, spilled = tmp_path / "whole.jsonl", tmp_path / "spilled.jsonl"
    import_polis(d, whole)
    monkeypatch.setattr(_spill, "RUN", 500)  # eight sorted runs merged from disk
    import_polis(d, spilled)
    assert whole.read_bytes() == spilled.read_bytes()


def mini(tmp_path: Path) -> Path:
    d = tmp_path / "conv"
    d.mkdir()
    (d / "comments.csv").write_text(
        "timestamp,datetime,comment-id,author-id,agrees,disagrees,moderated,comment-body\n"
        '1000,x,0,0,1,0,1,"Rents should be capped, city-wide"\n'
        "2000,x,1,1,0,1,-1,Off topic\n",
        encoding="utf-8",
    )
    (d / "votes.csv").write_text(
        "timestamp,datetime,comment-id,voter-id,vote\n"
        "5000,x,0,2,-1\n"
        "3000,x,0,2,1\n"  # earlier in time though later in the file: replaced by the line above
        "4000,x,1,1,0\n",
        encoding="utf-8",
    )
    (d / "summary.csv").write_text("topic,Housing\nurl,https://pol.is/abc123\n", encoding="utf-8")
    return d


def test_a_later_vote_replaces_an_earlier_one_by_time_not_file_order(tmp_path: Path) -> None:
    out = tmp_path / "e.jsonl"
    import_polis(mini(tmp_path), out)
    events = read_events(out)
    votes = [(e.actor, e.data["ballot"]["stance"]) for e in events if e.kind == "vote.cast"]
    assert votes == [("p-2", "agree"), ("p-1", "pass"), ("p-2", "disagree")]
    _, ballots = read_vote_events(out)
    assert {(b.voter, b.stance) for b in ballots if isinstance(b, ConsentBallot)} == {
        ("p-2", "disagree"),
        ("p-1", "pass"),
    }
    q = next(e for e in events if e.kind == "question.opened")
    assert q.subject == "abc123" and q.data["title"] == "Housing"


@pytest.mark.parametrize(
    ("file", "line", "content", "reason"),
    [
        ("votes.csv", 3, "3000,x,0,2,yes\n", "vote must be 1, -1 or 0"),
        ("votes.csv", 3, "soon,x,0,2,1\n", "timestamp 'soon' is not a number"),
        ("votes.csv", 3, "3000,x,7,2,1\n", "comment-id 7 is not in comments.csv"),
        ("votes.csv", 3, "3000,x,0,,1\n", "voter-id is empty"),
        ("comments.csv", 3, "2000,x,0,1,0,1,1,again\n", "comment-id 0 appears twice"),
        ("comments.csv", 3, "2000,x,1,1,0,1,9,text\n", "moderated must be -1, 0 or 1"),
    ],
)
def test_malformed_line_is_named_and_nothing_is_written(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    file: str,
    line: int,
    content: str,
    reason: str,
) -> None:
    d = mini(tmp_path)
    lines = (d / file).read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = content
    (d / file).write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "e.jsonl"
    code, text = polemica(["import", "polis", str(d), "--out", str(out)], capsys)
    assert code == 1
    assert f"{file} line {line}: {reason}" in text
    assert not out.exists() and not list(tmp_path.glob(".e.jsonl*"))


def test_a_directory_without_comments_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    d = mini(tmp_path)
    shutil.copy(d / "votes.csv", tmp_path / "v.csv")
    (d / "comments.csv").unlink()
    code, text = polemica(["import", "polis", str(d), "--out", str(tmp_path / "e.jsonl")], capsys)
    assert code == 1 and "no comments.csv" in text
