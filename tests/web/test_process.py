"""Rules of the process: answered challenges, phase moves backed by a third of the members."""

from __future__ import annotations

import pytest

from polemica.web.base.errors import Conflict, Forbidden, Invalid
from polemica.web.process import actions as process
from polemica.web.process.rules import Node, unanswered
from tests.web.conftest import Org


def test_only_someone_else_answers_a_challenge() -> None:
    nodes = [
        Node("p", "position", "ana", None, False),
        Node("o1", "objection", "ben", "p", False),
        Node("a1", "answer", "ben", "o1", False),  # its own author: still unanswered
        Node("o2", "objection", "ben", "p", False),
        Node("m2", "amendment", "ana", "o2", False),  # an amendment answers it
        Node("q1", "question", "chen", "p", False),
        Node("o3", "objection", "ana", "q1", False),  # an objection answers a question
        Node("q2", "question", "chen", "p", False),
        Node("a2", "answer", "ana", "q2", True),  # a redacted answer does not count
        Node("q3", "question", "chen", "p", True),  # a redacted question is not waiting
    ]
    assert unanswered(nodes) == ["o1", "o3", "q2"]


def test_a_third_of_the_members_lets_any_member_move_a_phase(org: Org) -> None:
    leader, member, member2 = org.actor("leader"), org.actor("member"), org.actor("member2")
    q = process.do_open_question(leader, org.cell, "Picnic", "When?")
    process.do_post_contribution(member, q.id, "position", "In June.")
    with pytest.raises(Forbidden):
        process.do_move_phase(member, q.id, "verification")
    process.do_back_phase(member, q.id, "verification")
    with pytest.raises(Conflict):
        process.do_back_phase(member, q.id, "verification")
    with pytest.raises(Forbidden):  # one of four members is not a third
        process.do_move_phase(member, q.id, "verification")
    process.do_back_phase(member2, q.id, "verification")
    moved = process.do_move_phase(member2, q.id, "verification")
    assert moved.phase == "verification"
    # Backing counts again from zero in the new phase.
    with pytest.raises(Forbidden):
        process.do_move_phase(member, q.id, "voting")
    with pytest.raises(Invalid):
        process.do_back_phase(member, q.id, "decided")
    with pytest.raises(Forbidden):
        process.do_back_phase(org.actor("observer"), q.id, "voting")
