"""Authority signals: challenge, answer, adoption, origins, unanimity, the fate of dissenters."""

from __future__ import annotations

import pytest

from tests.analysis.builder import Org, body_with


@pytest.fixture(scope="module")
def org() -> Org:
    o = body_with(["a", "c", "d"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", "first line")
    o.post("o1", "a", "objection", "wrong", target="p1")
    o.post("r1", "lead", "answer", "here is why", target="o1")
    o.post("k1", "c", "question", "who pays", target="p1")
    o.decide("d1", "q1", adopted=["p1"], unanimous=True)
    o.question("q2", actor="lead")
    o.post("p2", "lead", "position", "second line", q="q2")
    o.post("pa", "a", "position", "a better line", q="q2")
    o.post("sd", "d", "support", "fine", target="pa", q="q2")
    o.decide("d2", "q2", adopted=["pa"], unanimous=True)
    o.role("a", "member", revoke=True)
    return o


def _id(o: Org, subject: str) -> str:
    return next(e.id for e in o.w.events if e.subject == subject)


def test_leader_challenge_rate(org: Org) -> None:
    sig = org.sig("body", "b", "leader_challenge_rate")
    assert sig.value == 0.5 and sig.n == 2
    assert sig.evidence == (_id(org, "o1"),)


def test_leader_answer_rate(org: Org) -> None:
    sig = org.sig("body", "b", "leader_answer_rate")
    assert sig.value == 0.5 and sig.n == 2
    assert sig.evidence == (_id(org, "k1"),)


def test_leader_adoption_rate_and_line_origin_diversity(org: Org) -> None:
    assert org.sig("body", "b", "leader_adoption_rate").value == 0.5
    assert org.sig("body", "b", "line_origin_diversity").value == 0.5
    assert org.sig("member", "a", "leader_adoption_rate").value == 0.5


def test_unopposed_unanimity_ignores_decisions_after_objections(org: Org) -> None:
    sig = org.sig("body", "b", "unopposed_unanimity")
    assert sig.value == 0.5
    assert sig.evidence == (_id(org, "d2"),)


def test_dissent_penalty_compares_dissenters_with_the_others(org: Org) -> None:
    sig = org.sig("body", "b", "dissent_penalty")
    # a objected to the leader and lost the role; c and d did not dissent and kept theirs.
    assert sig.value == 1.0 and sig.n == 1


def test_dissent_without_consequence_is_no_penalty() -> None:
    o = body_with(["a", "c"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", "line")
    o.post("o1", "a", "objection", "no", target="p1")
    o.post("s1", "c", "support", "yes", target="p1")
    assert o.sig("body", "b", "dissent_penalty").value == 0.0


def test_never_challenged_leader_has_nothing_to_answer() -> None:
    o = body_with(["a"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", "line")
    assert o.sig("body", "b", "leader_challenge_rate").value == 0.0
    sig = o.sig("body", "b", "leader_answer_rate")
    assert sig.value is None and sig.reason and "nothing to answer" in sig.reason


def test_lines_proposed_upward_credit_their_proposer() -> None:
    # A cell's leader proposes a line to the committee; the committee's leader carries it as a
    # position that cites it (d1), and another proposed line is adopted as it stands (d2).
    o = body_with(["a"])
    o.body("cell", parent="b", level="cell")
    o.member("x", body="cell", role="leader")
    o.member("y", body="cell")
    o.add("line.proposed", "ln1", {"to": "b", "text": "Share the depot"}, actor="x", body="cell")
    o.add("line.proposed", "ln2", {"to": "b", "text": "Open the books"}, actor="y", body="cell")
    o.question("q1", actor="lead")
    o.add(
        "contribution.posted",
        "p1",
        {"question": "q1", "type": "position", "text": "We share the depot", "cites": ["ln1"]},
        actor="lead",
        body="b",
    )
    o.decide("d1", "q1", adopted=["p1"])
    o.question("q2", actor="lead")
    o.post("p2", "lead", "position", "Keep the books closed", q="q2")
    o.decide("d2", "q2", adopted=["ln2"])
    adoption = o.sig("body", "b", "leader_adoption_rate")
    assert adoption.value == 0.5 and adoption.n == 2
    assert adoption.evidence == (_id(o, "d1"),)
    # Adopted lines per decision and origin: (d1, lead), (d1, x), (d2, y).
    diversity = o.sig("body", "b", "line_origin_diversity")
    assert diversity.value == pytest.approx(2 / 3) and diversity.n == 3
    assert diversity.evidence == (_id(o, "d1"), _id(o, "d2"))
    assert o.sig("member", "lead", "leader_adoption_rate").value == 0.5


def _ballots(o: Org, q: str, choices: dict[str, str]) -> None:
    for voter, choice in choices.items():
        o.vote(f"v-{q}-{voter}", voter, choice, q=q)


def test_leader_vote_alignment_is_agreement_with_the_leader_beyond_chance() -> None:
    o = body_with(["a", "c", "d", "e"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", q="q1")
    o.post("p2", "a", "position", q="q1")
    # Three of four others vote with the leader: observed 3/4, chance (3/4)² + (1/4)² = 10/16.
    _ballots(o, "q1", {"lead": "p1", "a": "p2", "c": "p1", "d": "p1", "e": "p1"})
    o.decide("d1", "q1", adopted=["p1"])
    o.question("q2", actor="lead")
    o.post("p3", "lead", "position", q="q2")
    o.post("p4", "a", "position", q="q2")
    # One of four: observed 1/4 against the same chance 10/16.
    _ballots(o, "q2", {"lead": "p3", "a": "p4", "c": "p4", "d": "p3", "e": "p4"})
    o.decide("d2", "q2", adopted=["p4"])
    o.question("q3", actor="lead")
    o.post("p5", "lead", "position", q="q3")
    # Undecided: not counted.
    _ballots(o, "q3", {"lead": "p5", "a": "p5", "c": "p5"})
    o.question("q4", actor="a")
    o.post("p6", "a", "position", q="q4")
    # The leader did not vote: not counted.
    _ballots(o, "q4", {"a": "p6", "c": "p6"})
    o.decide("d4", "q4", adopted=["p6"])
    sig = o.sig("body", "b", "leader_vote_alignment")
    # (3 − 10/4) + (1 − 10/4) over 8 ballots.
    assert sig.value == pytest.approx(-1.0 / 8) and sig.n == 8
    assert sig.evidence == tuple(
        _id(o, f"v-{q}-{m}") for q, m in (("q1", "c"), ("q1", "d"), ("q1", "e"), ("q2", "d"))
    )
    assert o.sig("member", "lead", "leader_vote_alignment").value is None


def test_following_the_leader_scores_above_agreeing_among_equals() -> None:
    followed, free = body_with(["a", "c", "d", "e"]), body_with(["a", "c", "d", "e"])
    for o, lead_choice in ((followed, "p1"), (free, "p2")):
        o.question("q1", actor="lead")
        o.post("p1", "lead", "position", q="q1")
        o.post("p2", "a", "position", q="q1")
        _ballots(o, "q1", {"lead": lead_choice, "a": "p2", "c": "p1", "d": "p1", "e": "p1"})
        o.decide("d1", "q1", adopted=["p1"])
    assert followed.sig("body", "b", "leader_vote_alignment").value == pytest.approx(0.125)
    # The same ballots, the leader with the minority: below chance.
    assert free.sig("body", "b", "leader_vote_alignment").value == pytest.approx(-0.375)


def test_leader_vote_alignment_needs_the_leaders_ballot() -> None:
    o = body_with(["a", "c"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position")
    _ballots(o, "q1", {"a": "p1", "c": "p1"})
    o.decide("d1", "q1", adopted=["p1"])
    sig = o.sig("body", "b", "leader_vote_alignment")
    assert sig.value is None and sig.reason and "leader voted on no decided question" in sig.reason
