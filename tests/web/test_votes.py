"""Ballots of every kind, counted by `polemica.decide` through the decision action."""

from __future__ import annotations

from typing import Any

import pytest

from polemica.web.base.errors import Forbidden, Invalid
from polemica.web.process import actions as process
from polemica.web.votes import actions as votes
from polemica.web.votes.models import Ballot
from tests.web.conftest import Org


def _voting(org: Org, method: str) -> tuple[str, str, str]:
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Hall", "Which hall?", method=method)
    a = process.do_post_contribution(leader, q.id, "position", "The old depot.")
    b = process.do_post_contribution(org.actor("member"), q.id, "position", "The school gym.")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    return q.id, a.id, b.id


def _cast(org: Org, q: str, ballots: dict[str, dict[str, Any]]) -> None:
    for role, ballot in ballots.items():
        votes.do_cast_ballot(org.actor(role), q, ballot)


def test_schulze_counts_rankings(org: Org) -> None:
    q, a, b = _voting(org, "schulze")
    _cast(
        org,
        q,
        {
            "leader": {"ranking": [[a], [b]]},
            "deputy": {"ranking": [[b], [a]]},
            "member": {"ranking": [[a], [b]]},
        },
    )
    d = votes.do_record_decision(org.actor("leader"), q, "The old depot.")
    assert d.adopted == [a] and d.method == "schulze" and not d.unanimous


def test_a_block_stops_consensus_and_stays_in_the_record(org: Org) -> None:
    q, a, b = _voting(org, "consensus")
    _cast(
        org,
        q,
        {
            "leader": {"stances": {a: "agree", b: "disagree"}},
            "member": {"stances": {a: {"block": "The depot floods."}, b: "pass"}},
        },
    )
    d = votes.do_record_decision(org.actor("leader"), q, "No consent yet.")
    assert d.adopted == []
    assert d.tally["details"]["blocks"][a][0]["reason"] == "The depot floods."
    q2, a2, b2 = _voting(org, "consensus")
    _cast(
        org,
        q2,
        {
            "leader": {"stances": {a2: "agree", b2: "disagree"}},
            "deputy": {"stances": {a2: "pass", b2: "agree"}},
        },
    )
    assert votes.do_record_decision(org.actor("leader"), q2, "Consent.").adopted == [a2]


def test_a_consensus_ballot_covers_every_position_and_a_block_gives_its_reason(org: Org) -> None:
    q, a, b = _voting(org, "consensus")
    leader = org.actor("leader")
    with pytest.raises(Invalid, match="stance on every position"):
        votes.do_cast_ballot(leader, q, {"stance": "agree", "statement": a})
    with pytest.raises(Invalid, match=f"missing: {b}"):
        votes.do_cast_ballot(leader, q, {"stances": {a: "agree"}})
    with pytest.raises(Invalid, match="block with its reason") as refused:
        votes.do_cast_ballot(leader, q, {"stances": {a: "agree", b: {"block": " "}}})
    assert refused.value.field == f"ballot.stances.{b}"
    assert not Ballot.objects.filter(question_id=q).exists()


def test_approval_and_wrong_ballot_kinds(org: Org) -> None:
    q, a, b = _voting(org, "approval")
    _cast(org, q, {"leader": {"approve": [a, b]}, "member": {"approve": [a]}})
    with pytest.raises(Invalid, match="approve"):
        votes.do_cast_ballot(org.actor("deputy"), q, {"stance": "agree", "statement": a})
    with pytest.raises(Invalid, match="not positions"):
        votes.do_cast_ballot(org.actor("deputy"), q, {"approve": ["c-elsewhere"]})
    d = votes.do_record_decision(org.actor("deputy"), q, "The depot.")
    assert d.adopted == [a]


def test_a_changed_ballot_supersedes_the_old_one(org: Org) -> None:
    q, a, b = _voting(org, "majority")
    first = votes.do_cast_ballot(org.actor("member"), q, {"choice": a})
    second = votes.do_cast_ballot(org.actor("member"), q, {"choice": b})
    first.refresh_from_db()
    assert not first.current and first.superseded_by == second.id
    assert Ballot.objects.filter(question_id=q, current=True).count() == 1
    with pytest.raises(Forbidden, match="only members of the body"):
        votes.do_cast_ballot(org.actor("observer"), q, {"choice": a})
