"""Pol.is exports: the latest vote wins, moderated statements are marked, bad rows named.

How our groups compare with Pol.is's own on six real conversations: test_polis_agreement.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from polemica.io.polis import PolisFormatError, read_polis_export

MINI = Path(__file__).parent / "data" / "polis-mini"


def test_mini_export() -> None:
    export = read_polis_export(MINI)
    votes = export.votes
    # statement 2 is moderated out: kept in the matrix, marked, as Pol.is zeroes its column
    assert votes.statements == ("0", "1", "2") and export.moderated_out == ("2",)
    assert votes.moderated == {"2"} and votes.kept.tolist() == [True, True, False]
    assert votes.texts["0"] == "First, with a comma"
    cast = {
        (votes.participants[r], votes.statements[c]): int(v)
        for r, c, v in zip(votes.rows, votes.cols, votes.vals, strict=True)
    }
    # participant 1 voted -1 then, later, 0 (pass) on statement 1: the later vote counts; their
    # vote on the moderated statement 2 is kept
    assert cast == {("1", "0"): 1, ("2", "0"): 1, ("1", "1"): 0, ("2", "1"): 1, ("1", "2"): 1}
    assert export.polis_groups == {"1": 0}


def test_meta_statements_are_moderated_out_and_their_votes_kept(tmp_path: Path) -> None:
    (tmp_path / "comments.csv").write_text(
        "comment-id,moderated,is-meta,comment-body\n0,1,false,Plain\n1,1,true,Meta\n"
        "2,-1,false,Rejected\n"
    )
    (tmp_path / "participants-votes.csv").write_text(
        "participant,xid,group-id,n-comments,n-votes,n-agree,n-disagree,0,1,2\n"
        "1,,,0,3,2,1,1,-1,1\n2,x-2,,0,1,1,0,,,1\n"
    )
    export = read_polis_export(tmp_path)
    votes = export.votes
    assert export.moderated_out == ("1", "2") and votes.moderated == {"1", "2"}
    # participant 2 voted only on a rejected statement: still a participant, as in Pol.is
    assert votes.participants == ("1", "2") and len(votes.vals) == 4
    assert votes.votes_per_participant().tolist() == [3, 1]


def test_participants_votes_alone(tmp_path: Path) -> None:
    shutil.copy(MINI / "participants-votes.csv", tmp_path)
    votes = read_polis_export(tmp_path).votes
    assert votes.statements == ("0", "1", "2") and len(votes.vals) == 5


@pytest.mark.parametrize(
    ("name", "text", "line", "reason"),
    [
        ("votes.csv", "timestamp,comment-id,voter-id,vote\n1,0,1,2\n", 2, "vote must be"),
        ("votes.csv", "timestamp,comment-id,voter-id,vote\nnow,0,1,1\n", 2, "not a number"),
        ("votes.csv", "timestamp,comment-id,vote\n1,0,1\n", 1, "missing column 'voter-id'"),
        ("participants-votes.csv", "participant,group-id,0\n1,x,1\n", 2, "not an integer"),
    ],
)
def test_malformed(tmp_path: Path, name: str, text: str, line: int, reason: str) -> None:
    (tmp_path / name).write_text(text)
    with pytest.raises(PolisFormatError, match=reason) as info:
        read_polis_export(tmp_path)
    assert info.value.line == line
