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


POSITION = (
    "Every cell opens its meetings to the tenants of its district, publishes its minutes on "
    "the notice board within a week, and reports the tenants' complaints to the district "
    "committee before the next assembly"
)


def test_parroting_is_measured_against_the_adopted_position_not_only_the_decision_text() -> None:
    # The case: the decision reads only "Adopted."; the line is the adopted position,
    # and every cell answers each directive with "We apply the directive: " + that position.
    o = Org(hours=6)
    o.body("cc")
    cells = [f"cell{i}" for i in range(4)]
    o.member("lead", body="cc", role="leader")
    for c in cells:
        o.body(c, parent="cc", level="cell")
        o.member(f"{c}-sec", body=c, role="leader")
    for k in range(4):
        o.question(f"q{k}", body="cc", actor="lead")
        o.post(f"p{k}", "lead", "position", f"{POSITION} number {k}", body="cc")
        o.decide(f"d{k}", f"q{k}", adopted=[f"p{k}"], text="Adopted.", body="cc", actor="lead")
        o.add(
            "directive.issued",
            f"dir{k}",
            {"decision": f"d{k}", "to": cells},
            actor="lead",
            body="cc",
        )
        for c in cells:
            text = f"We apply the directive: {POSITION} number {k}"
            o.add(
                "directive.applied",
                f"a{k}-{c}",
                {"directive": f"dir{k}", "text": text},
                actor=f"{c}-sec",
                body=c,
            )
    share = o.sig("org", "org-1", "parroting_share")
    assert share.value == 1.0 and share.n == 16
    assert o.sig("org", "org-1", "application_novelty").value < 0.2
    syn = o.syn("org", "org-1", "parroting")
    assert syn.flag and syn.state == "flagged", syn.explanation
    assert syn.probability is not None and syn.probability >= 0.95
    # One cell's four applications are too few to tell: neither flagged nor cleared.
    one = o.syn("body", "cell0", "parroting")
    assert one.state in ("flagged", "insufficient_evidence")
