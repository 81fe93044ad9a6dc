"""One question carried through every phase by actions, as the people of `Org` would."""

from __future__ import annotations

from dataclasses import dataclass

from polemica.web.centralism import actions as centralism
from polemica.web.process import actions as process
from polemica.web.votes import actions as votes
from tests.web.conftest import Org


@dataclass
class Scenario:
    question: str
    positions: list[str]
    objection: str
    fact: str
    decision: str
    directive: str
    feedback: str


def top_decision(org: Org, title: str, line: str) -> str:
    """The committee above the cells adopts its leader's `line` on a question of its own, voted
    through every phase; returns the decision's id."""
    top = org.actor("top_leader")
    q = process.do_open_question(top, org.top, title, "Join in?")
    p = process.do_post_contribution(top, q.id, "position", line)
    process.do_move_phase(top, q.id, "verification")
    process.do_move_phase(top, q.id, "voting")
    votes.do_cast_ballot(top, q.id, {"choice": p.id})
    return votes.do_record_decision(top, q.id, line).id


def full(org: Org) -> Scenario:
    """A question in the cell: positions, an objection answered, another left unanswered, a fact
    reviewed, a reading, votes (one changed), a decision, a reservation; then the committee
    decides and sends a directive down, a cell applies it and sends feedback, which is answered."""
    leader, deputy = org.actor("leader"), org.actor("deputy")
    member, member2 = org.actor("member"), org.actor("member2")
    q = process.do_open_question(
        leader, org.cell, "Rent strike in the north blocks", "Do we call a rent strike?"
    )
    p1 = process.do_post_contribution(leader, q.id, "position", "Strike from December.")
    process.do_revise_contribution(leader, p1.id, "Strike from January, with a hardship fund.")
    p2 = process.do_post_contribution(member, q.id, "position", "Negotiate first, strike later.")
    obj = process.do_post_contribution(
        member2, q.id, "objection", "A winter strike risks evictions.", target=p1.id
    )
    process.do_post_contribution(
        deputy, q.id, "answer", "The hardship fund covers court costs.", target=obj.id
    )
    obj2 = process.do_post_contribution(
        member, q.id, "objection", "We have no lawyer yet.", target=p1.id
    )
    process.do_post_contribution(member2, q.id, "amendment", "Strike from February.", target=p1.id)
    fact = process.do_place_fact(
        member,
        q.id,
        "Rents rose 14% in 2025.",
        [{"title": "City rent register", "uri": "https://example.org/rents"}],
    )
    process.do_review_fact(member2, fact.id, "disputed", "The register excludes social housing.")
    process.do_review_fact(deputy, fact.id, "authentic", "Checked against the 2025 register.")
    process.do_post_contribution(
        member2, q.id, "reading", "The rise is real and hits the north hardest.", cites=[fact.id]
    )
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting", left_unanswered=[obj2.id])
    votes.do_cast_ballot(leader, q.id, {"choice": p1.id})
    votes.do_cast_ballot(member, q.id, {"choice": p1.id})
    votes.do_cast_ballot(member, q.id, {"choice": p2.id})
    votes.do_cast_ballot(member2, q.id, {"choice": p1.id})
    votes.do_cast_ballot(deputy, q.id, {"choice": p1.id})
    decision = votes.do_record_decision(leader, q.id, "We strike from January with a fund.")
    process.do_post_contribution(member, q.id, "reservation", "I still think we negotiate first.")
    # The committee above decides and directs both cells.
    top = org.actor("top_leader")
    tdec = top_decision(org, "Federation-wide rent campaign", "Every cell joins the campaign.")
    directive = centralism.do_issue_directive(top, tdec, [org.cell, org.other], "2027-01-31")
    centralism.do_apply_directive(leader, directive.id, org.cell, "We start with block 4.")
    fb = centralism.do_send_feedback(
        member, org.cell, org.top, directive.id, "critique", "Block 4 needs a translator."
    )
    centralism.do_answer_feedback(top, fb.id, "We send one from the south.")
    centralism.do_propose_line(member2, org.cell, org.top, "Add a demand for repairs.")
    centralism.do_give_credit(leader, org.members["member2"], p1.id)
    return Scenario(q.id, [p1.id, p2.id], obj2.id, fact.id, decision.id, directive.id, fb.id)
