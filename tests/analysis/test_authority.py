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
