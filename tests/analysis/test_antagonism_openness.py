"""Antagonism (hostile labels, extendable lexicon) and openness (closed questions, early decisions)."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemica.analysis import analyze_frame
from polemica.analysis.frame import frame_from_events
from polemica.analysis.report import lexicons_from
from tests.analysis.builder import Org, body_with


def _labelled() -> Org:
    o = body_with(["a", "c"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", "our line")
    o.post("o1", "a", "objection", "it is wrong", target="p1")
    o.post(
        "h1",
        "lead",
        "answer",
        "Only a traitor and an enemy of the people would say that.",
        target="o1",
    )
    o.post("o2", "c", "objection", "too costly", target="p1")
    o.post("h2", "lead", "answer", "The dues cover it, see the budget.", target="o2")
    o.post("o3", "c", "objection", "and too late", target="p1")
    o.post("h3", "lead", "answer", "Spoken like a heretic.", target="o3")
    return o


def test_hostile_label_rate_counts_responses_that_brand_the_objector() -> None:
    o = _labelled()
    sig = o.sig("body", "b", "hostile_label_rate")
    assert sig.value == pytest.approx(1 / 3) and sig.n == 3
    assert o.sig("member", "lead", "hostile_label_rate").value == pytest.approx(1 / 3)


def test_lexicon_can_be_extended_from_a_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.txt"
    extra.write_text("# our own words\nheretic\n", encoding="utf-8")
    o = _labelled()
    rep = analyze_frame(frame_from_events(o.w.events), lexicons=lexicons_from([("hostile", extra)]))
    body = next(s for s in rep.scopes if s.scope == "body")
    assert body.signals["hostile_label_rate"].value == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="unknown lexicon"):
        lexicons_from([("slurs", extra)])


def test_closed_questions_and_missing_reasons() -> None:
    o = body_with(["a"])
    o.question("q1", actor="lead", closed=True, reason="Salaries of named staff.")
    o.question("q2", actor="lead", closed=True)
    o.question("q3", actor="lead")
    o.question("q4", actor="lead")
    assert o.sig("body", "b", "closed_share").value == 0.5
    assert o.sig("body", "b", "closed_without_reason").value == 0.5


def test_formulas_and_later_closures_count_as_closed_without_reason(tmp_path: Path) -> None:
    o = body_with(["a"])
    o.question("q1", actor="lead", closed=True, reason="It names a member's illness.")
    o.question("q2", actor="lead", closed=True, reason="By decision of the leadership!")
    o.question("q3", actor="lead", closed=True, reason="Confidential.")
    o.question("q4", actor="lead")
    o.question("q5", actor="lead")
    o.add("question.closed", "q5", {"reason": "Internal matter"}, actor="lead", body="b")
    o.question("q6", actor="lead")
    o.add(
        "question.closed", "q6", {"reason": "Names two staff under review."}, actor="lead", body="b"
    )
    assert o.sig("body", "b", "closed_share").value == pytest.approx(5 / 6)
    bare = o.sig("body", "b", "closed_without_reason")
    assert bare.value == pytest.approx(3 / 5)
    assert bare.n == 5
    # An organization may add its own formulas.
    extra = tmp_path / "ours.txt"
    extra.write_text("names two staff under review\n", encoding="utf-8")
    rep = analyze_frame(
        frame_from_events(o.w.events), lexicons=lexicons_from([("non_reasons", extra)])
    )
    body = next(s for s in rep.scopes if s.scope == "body")
    assert body.signals["closed_without_reason"].value == pytest.approx(4 / 5)


def test_decided_before_review() -> None:
    o = body_with(["a", "c"])
    src = [{"title": "report"}]
    for q in ("q1", "q2"):
        o.question(q, actor="lead")
        o.add(
            "fact.placed",
            f"f-{q}",
            {"question": q, "claim": "x", "sources": src},
            actor="a",
            body="b",
        )
    o.add(
        "fact.reviewed",
        "r2",
        {"fact": "f-q2", "verdict": "authentic", "reasoning": "ok"},
        actor="c",
        body="b",
    )
    o.decide("d1", "q1")
    o.decide("d2", "q2")
    o.add(
        "fact.reviewed",
        "r1",
        {"fact": "f-q1", "verdict": "authentic", "reasoning": "late"},
        actor="c",
        body="b",
    )
    sig = o.sig("body", "b", "decided_before_review")
    assert sig.value == 0.5 and sig.n == 2
