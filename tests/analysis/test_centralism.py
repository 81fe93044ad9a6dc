"""Centralism: feedback up and its answers, novelty and parroting of applications."""

from __future__ import annotations

import pytest

from tests.analysis.builder import Org

RULING = "Hold a public rally in every district on the first of May"


@pytest.fixture(scope="module")
def org() -> Org:
    o = Org(hours=12)
    o.body("cc")
    o.body("north", parent="cc", level="cell")
    o.body("south", parent="cc", level="cell")
    o.member("lead", body="cc", role="leader")
    o.member("n1", body="north", role="leader")
    o.member("s1", body="south", role="leader")
    o.question("q1", body="cc", actor="lead")
    o.post("p1", "lead", "position", RULING, body="cc")
    o.decide("d1", "q1", adopted=["p1"], text=RULING, body="cc", actor="lead")
    o.add(
        "directive.issued",
        "dir1",
        {"decision": "d1", "to": ["north", "south"]},
        actor="lead",
        body="cc",
    )
    o.add(
        "directive.applied", "a-n", {"directive": "dir1", "text": RULING}, actor="n1", body="north"
    )
    o.add(
        "directive.applied",
        "a-s",
        {
            "directive": "dir1",
            "text": "South holds two smaller meetings at the harbour and the market instead",
        },
        actor="s1",
        body="south",
    )
    fb = {
        "to": "cc",
        "regarding": "dir1",
        "kind": "critique",
        "text": "May first clashes with the fair.",
    }
    o.add("feedback.sent", "fb1", fb, actor="s1", body="south")
    o.add("feedback.sent", "fb2", {**fb, "text": "Too short notice."}, actor="n1", body="north")
    o.add(
        "feedback.answered",
        "fb1",
        {"feedback": "fb1", "text": "Move it a week."},
        actor="lead",
        body="cc",
        hours=12,
    )
    return o


def test_application_novelty_and_parroting(org: Org) -> None:
    assert org.sig("org", "org-1", "application_novelty").value == pytest.approx(0.5)
    assert org.sig("org", "org-1", "parroting_share").value == pytest.approx(0.5)
    assert org.sig("body", "north", "parroting_share").value == 1.0
    assert org.sig("body", "south", "application_novelty").value == 1.0


def test_feedback_answer_rate_and_delay(org: Org) -> None:
    sig = org.sig("body", "cc", "feedback_answer_rate")
    assert sig.value == 0.5 and sig.n == 2
    fb2 = next(e.id for e in org.w.events if e.subject == "fb2")
    assert sig.evidence == (fb2,)
    # fb1 was sent 2 events (12 h each) before its answer.
    assert org.sig("body", "cc", "feedback_answer_days").value == pytest.approx(1.0)


def test_feedback_per_directive(org: Org) -> None:
    assert org.sig("body", "cc", "feedback_per_directive").value == 2.0
    assert org.sig("body", "north", "feedback_per_directive").value is None
