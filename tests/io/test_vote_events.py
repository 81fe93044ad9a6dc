"""Ballots from `vote.cast` events: the latest vote counts, blocks carry reasons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from polemica.decide import ConsentBallot, tally, tally_events
from polemica.events import Event, parse_event, write_jsonl
from polemica.io.ballots import read_vote_events


def votes(*items: tuple[str | None, dict[str, Any]], question: str = "q-1") -> list[Event]:
    out = []
    for seq, (actor, ballot) in enumerate(items, start=1):
        out.append(
            parse_event(
                {
                    "v": 1,
                    "seq": seq,
                    "id": f"e-{seq}",
                    "at": f"2026-01-01T00:00:{seq:02d}Z",
                    "org": "o",
                    "body": "b",
                    "actor": actor,
                    "kind": "vote.cast",
                    "subject": f"v-{seq}",
                    "data": {"question": question, "ballot": ballot},
                }
            )
        )
    return out


def test_world_votes_tally_by_majority(world: list[Event], world_file: Path) -> None:
    result = tally_events("majority", world)
    assert result.winners == ("c-1",) and result.scores == {"c-1": 2, "c-2": 1}
    question, ballots = read_vote_events(world_file)
    voted_on = {e.data["question"] for e in world if e.kind == "vote.cast"}
    assert len(ballots) == 3 and {question} == voted_on


def test_latest_vote_of_a_member_replaces_earlier_ones() -> None:
    events = votes(
        ("m1", {"ranking": [["a"], ["b"]]}),
        ("m2", {"ranking": [["b"], ["a"]]}),
        ("m1", {"ranking": [["b", "a"]]}),
        ("m3", {"ranking": [["b"]]}),
    )
    result = tally_events("schulze", events)
    assert result.winners == ("b",)
    assert result.details["pairwise"].tolist() == [[0, 0], [2, 0]]


def test_block_ballot_is_valid_event_and_stops_consensus() -> None:
    events = votes(
        ("m1", {"stance": "agree", "statement": "p"}),
        ("m2", {"stance": "disagree", "statement": "p", "block": "no budget for it"}),
        ("m3", {"stance": "pass", "statement": "p"}),
    )
    result = tally_events("consensus", events)
    assert result.winners == ()
    assert result.details["blocks"]["p"] == [{"voter": "m2", "reason": "no budget for it"}]
    # m2 withdraws the block: a later stance on the same statement replaces it
    later = votes(
        *[(e.actor, dict(e.data["ballot"])) for e in events],
        ("m2", {"stance": "agree", "statement": "p"}),
    )
    assert tally_events("consensus", later).winners == ("p",)


def test_bad_block_and_ambiguous_question_are_rejected(tmp_path: Path) -> None:
    bad = votes(("m1", {"stance": "agree", "statement": "p", "block": ""}))
    with pytest.raises(ValueError, match=r"seq 1 .*block"):
        tally_events("consensus", bad)
    two = votes(("m1", {"choice": "a"})) + votes(("m2", {"choice": "a"}), question="q-2")
    two = [e for e in two]
    with pytest.raises(ValueError, match="questions voted on: q-1, q-2"):
        tally_events("majority", two)


def test_abstention_and_approval_ballots(tmp_path: Path) -> None:
    events = votes(
        ("m1", {"choice": "abstain"}), ("m2", {"choice": "x"}), ("m3", {"approve": ["x", "y"]})
    )
    path = tmp_path / "v.jsonl"
    write_jsonl(path, events)
    _, ballots = read_vote_events(path)
    assert tally("majority", ballots[:2]).details["abstentions"] == 1
    assert tally("approval", ballots).scores == {"x": 2, "y": 1}
    assert not any(isinstance(b, ConsentBallot) for b in ballots)
