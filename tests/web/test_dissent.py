"""Dissent travels with the directive: the lower body sees the minority's share, the objections
left unanswered and the reservations recorded after the decision."""

from __future__ import annotations

from django.urls import reverse

from polemica.web.orgs import actions as orgs
from polemica.web.process import actions as process
from polemica.web.votes import actions as votes
from tests.web.conftest import Api
from tests.web.ui.conftest import signed_in


def _contested_decision(api: Api) -> tuple[str, str, str, str]:
    """The committee (its leader, and the cell's leader and deputy seated in it) adopts a line
    two to one, an objection left unanswered; a reservation follows. Returns (question,
    decision, objection, reservation)."""
    org = api.org
    admin, top = org.actor("admin"), org.actor("top_leader")
    for role in ("leader", "deputy"):
        orgs.do_assign_role(admin, org.top, org.members[role], "member")
    leader, deputy = org.actor("leader"), org.actor("deputy")
    q = process.do_open_question(top, org.top, "Campaign", "Which demand first?")
    a = process.do_post_contribution(top, q.id, "position", "Rents first.")
    b = process.do_post_contribution(deputy, q.id, "position", "Repairs first.")
    objection = process.do_post_contribution(
        deputy, q.id, "objection", "Rents first loses the south.", target=a.id
    )
    process.do_move_phase(top, q.id, "verification")
    process.do_move_phase(top, q.id, "voting", left_unanswered=[objection.id])
    votes.do_cast_ballot(top, q.id, {"choice": a.id})
    votes.do_cast_ballot(leader, q.id, {"choice": a.id})
    votes.do_cast_ballot(deputy, q.id, {"choice": b.id})
    decision = votes.do_record_decision(top, q.id, "Rents first.")
    reservation = process.do_post_contribution(
        deputy, q.id, "reservation", "I still think repairs should lead."
    )
    return q.id, decision.id, objection.id, reservation.id


def test_a_directive_carries_the_minority_and_what_stayed_open(api: Api) -> None:
    q, decision, objection, reservation = _contested_decision(api)
    d = api.post("top_leader", f"/decisions/{decision}/directives", {"to": [api.org.cell]})
    assert d.status_code == 201, d.content
    detail = api.get("member", f"/directives/{d.json()['id']}").json()
    dissent = detail["dissent"]
    assert (dissent["ballots"], dissent["backing"]) == (3, 2)
    assert dissent["minority_share"] == round(1 / 3, 4)
    assert [c["id"] for c in dissent["unanswered"]] == [objection]
    assert [c["id"] for c in dissent["reservations"]] == [reservation]
    assert dissent["reservations"][0]["text"] == "I still think repairs should lead."
    page = (
        signed_in(api.org, "member")
        .get(reverse("ui:directive", args=[d.json()["id"]]))
        .content.decode()
    )
    assert "What was contested" in page and "2 of 3 ballots backed the adopted line" in page
    assert "Rents first loses the south." in page and "repairs should lead" in page
    # Closed to the cell, the question's texts stay closed; the counts still come down.
    process.do_close_question(api.org.actor("top_leader"), q, "Tactics.")
    hidden = api.get("member", f"/directives/{d.json()['id']}").json()["dissent"]
    assert (hidden["unanswered_count"], hidden["reservations_count"]) == (1, 1)
    assert hidden["unanswered"] == [] and hidden["reservations"] == []
    assert hidden["minority_share"] == dissent["minority_share"]
