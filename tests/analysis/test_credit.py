"""Credit signals: Gini of credits, praise concentration, reuse without acknowledgement."""

from __future__ import annotations

import pytest

from polemica.analysis.signals.credit import gini
from tests.analysis.builder import body_with

PRAISE = "Brilliant work, a true visionary."


def test_gini_of_known_vectors() -> None:
    assert gini([1, 1, 1, 1]) == 0.0
    assert gini([0, 0, 1, 3]) == pytest.approx(0.625)
    assert gini([0, 0, 0, 5]) == pytest.approx(0.75)


def test_credit_concentration_counts_members_without_credit() -> None:
    o = body_with(["a", "c", "d"])
    o.question("q1", actor="lead")
    o.post("p1", "a", "position", "a line")
    for i in range(3):
        o.add("credit.given", f"cr{i}", {"member": "a", "for": "p1"}, actor="lead", body="b")
    o.add("credit.given", "cr9", {"member": "c", "for": "p1"}, actor="lead", body="b")
    sig = o.sig("body", "b", "credit_concentration")
    assert sig.value == pytest.approx(0.625) and sig.n == 4


def test_praise_concentration_is_the_share_of_the_most_praised() -> None:
    o = body_with(["a", "c"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", "line one")
    o.post("p2", "a", "position", "line two")
    for i in range(3):
        o.post(f"s{i}", "c", "support", PRAISE, target="p1")
    o.post("s9", "c", "support", PRAISE, target="p2")
    o.post("s10", "c", "support", "I agree with this line.", target="p2")
    sig = o.sig("body", "b", "praise_concentration")
    assert sig.value == pytest.approx(0.75) and sig.n == 4
    assert o.sig("member", "lead", "praise_concentration").value == pytest.approx(0.75)


def test_unacknowledged_reuse_needs_copy_without_credit() -> None:
    o = body_with(["a", "c"])
    text = "We should build a cooperative bakery in the north district next spring"
    o.question("q1", actor="lead")
    o.post("c1", "c", "position", text)
    o.post("p1", "lead", "position", text + " with our own funds")
    o.decide("d1", "q1", adopted=["p1"], credits=["lead"])
    o.question("q2", actor="lead")
    o.post("c2", "a", "position", text, q="q2")
    o.post("p2", "lead", "position", text + " with our own funds", q="q2")
    o.decide("d2", "q2", adopted=["p2"], credits=["lead", "a"])
    o.question("q3", actor="lead")
    o.post("c3", "a", "position", "Something else entirely about the printing press", q="q3")
    o.post("p3", "lead", "position", text, q="q3")
    o.decide("d3", "q3", adopted=["p3"], credits=["lead"])
    sig = o.sig("body", "b", "unacknowledged_reuse")
    assert sig.value == pytest.approx(1 / 3) and sig.n == 3
    ids = {e.subject: e.id for e in o.w.events}
    assert sig.evidence == (ids["d1"], ids["c1"])


def test_erasure_rate_counts_redactions_and_renames() -> None:
    o = body_with(["a"])
    o.question("q1", actor="lead")
    o.post("p1", "a", "position", "line")
    o.post("p2", "a", "position", "line two")
    o.add("contribution.redacted", "p1", {"reason": "removed"}, actor="lead", body="b")
    assert o.sig("body", "b", "erasure_rate").value == pytest.approx(1 / 3)
