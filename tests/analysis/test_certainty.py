"""Flags with stated certainty (issue 13): thin records get "insufficient evidence", strong
regimes a flag with high probability, and the report says what it could not judge and why."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from polemica.analysis import analyze, analyze_frame
from polemica.analysis.frame import frame_from_events
from polemica.analysis.render import render_html, render_text
from polemica.analysis.report import Report
from polemica.io.mbox import import_mbox
from polemica.simulate import simulate
from tests.analysis import scenarios
from tests.io.test_mbox import PIPERMAIL


@cache
def simulated(regime: str, members: int, months: float, seed: int = 7) -> Report:
    events = list(simulate(regime, seed=seed, members=members, months=months))
    return analyze_frame(frame_from_events(events), kinds=("body", "org", "forum"))


def test_never_challenged_on_four_positions_is_insufficient_evidence_not_a_cult() -> None:
    # The case: leader_challenge_rate = 0.00 on a handful of positions.
    thin = scenarios.cult_of_person(n=4)
    assert thin.sig("body", "b", "leader_challenge_rate").value == 0.0
    assert thin.sig("body", "b", "leader_challenge_rate").n == 4
    cult = thin.syn("body", "b", "personality_cult")
    assert not cult.flag and cult.state == "insufficient_evidence", cult.explanation
    assert cult.explanation.startswith("Insufficient evidence")
    assert cult.interval is not None and cult.interval[0] < cult.threshold <= cult.interval[1]  # type: ignore[operator]
    # Three times the record, the same behaviour: now a flag, with its probability stated.
    strong = scenarios.cult_of_person(n=12).syn("body", "b", "personality_cult")
    assert strong.flag and strong.probability is not None and strong.probability >= 0.95


def test_two_positions_are_too_few_to_score() -> None:
    cult = scenarios.cult_of_person(n=2).syn("body", "b", "personality_cult")
    assert cult.score is None and not cult.flag
    assert cult.state == "insufficient_evidence"


def test_healthy_small_organization_gets_no_flag_and_some_insufficient_evidence() -> None:
    rep = simulated("healthy", members=80, months=3)
    states = [y.state for s in rep.scopes for y in s.syndromes.values()]
    assert "flagged" not in states
    assert "insufficient_evidence" in states
    assert "clear" in states
    text = render_text(rep)
    assert "Findings: none flagged." in text and "Insufficient evidence" in text


def test_strong_degenerate_regime_is_flagged_with_high_probability() -> None:
    rep = simulated("personality_cult", members=150, months=6)
    cults = [s.syndromes["personality_cult"] for s in rep.scopes]
    best = max((y for y in cults if y.flag), key=lambda y: y.probability or 0.0)
    assert best.probability is not None and best.probability >= 0.99
    assert best.interval is not None and best.interval[0] >= best.threshold  # type: ignore[operator]
    assert "90% interval" in best.explanation


def test_imported_mailing_list_states_at_the_top_what_it_could_not_judge(tmp_path: Path) -> None:
    # A real Mailman (pipermail) archive excerpt: every contribution is an untyped remark.
    src = tmp_path / "2001-November.txt"
    src.write_bytes(PIPERMAIL.encode("ascii"))
    import_mbox(src, tmp_path / "events.jsonl")
    rep = analyze(tmp_path / "events.jsonl")
    head = rep.head_json()
    assert head["contribution_types"] == "untyped"
    judged, not_judged = head["judged"], head["not_judged"]
    assert isinstance(judged, list) and isinstance(not_judged, dict)
    assert set(judged) | set(not_judged) == set(rep.scopes[0].syndromes)
    # Nobody leads a mailing list, nothing is decided or voted on: said, with the reason.
    assert "leader" in not_judged["personality_cult"]
    assert "decision" in not_judged["formal_democracy"]
    assert "votes" in not_judged["factionalism"] or "voters" in not_judged["factionalism"]
    assert "no contribution types" in not_judged["antagonism_branding"]
    # What the structure allows is read: the thread's two questions ("Does anyone have a
    # working sparse matrix module?", "Isn't that the one in SciPy?"), each answered by another.
    body = next(s for s in rep.scopes if s.scope == "body")
    asked = body.signals["objection_answer_rate"]
    assert asked.value == 1.0 and asked.n == 2
    assert body.signals["reply_share"].value == pytest.approx(0.75)
    text = render_text(rep)
    top = text.split("Findings")[0]
    assert "Syndromes that could not be judged:" in top and "Untyped source" in top
    assert "  - personality_cult: " in top
    html = render_html(rep)
    assert html.index("could not be judged") < html.index("<h2>Findings</h2>")
