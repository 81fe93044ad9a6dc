"""Linguistic coordination: hand-computed value, marker matching, and the signals."""

from __future__ import annotations

import polars as pl
import pytest

from polemica.analysis.coordination import CATEGORIES, chunk_mask, summarize
from tests.analysis.builder import body_with


def _cats(text: str) -> set[str]:
    return {c for i, c in enumerate(CATEGORIES) if chunk_mask(text) >> i & 1}


def test_marker_matching_follows_word_boundaries_and_apostrophes() -> None:
    assert _cats("the") == {"article"}
    assert _cats("theory") == set()
    assert _cats("y'all") == {"ppron"}  # one word, not "all"
    assert _cats("it's") == {"auxverb", "ipron"}
    assert _cats("sooooo") == {"adverb"}  # a prefix pattern


def test_hand_computed_coordination() -> None:
    # m replies five times to the leader: three times "the" after "the", once "no" after "the",
    # once "nope" after "hello". Articles: P(reply has one | leader's had one) = 3/4, P(reply has
    # one) = 3/5, so coordination = 0.15; no other class occurs.
    rows = []
    pairs = [("the a", "the")] * 3 + [("the", "no"), ("hello", "nope")]
    for i, (lead, reply) in enumerate(pairs):
        rows.append((f"l{i}", "lead", None, lead))
        rows.append((f"r{i}", "m", f"l{i}", reply))
    df = pl.DataFrame(rows, schema=["id", "speaker", "reply_to", "text"], orient="row")
    s = summarize(df, speakers=["m"], targets=["lead"])
    assert s.scores == {"m": {"article": pytest.approx(0.15)}}
    assert s.agg3 == pytest.approx(0.15) and s.agg1 is None and s.agg2 is None


def test_coordination_signals_of_a_body() -> None:
    o = body_with(["a"])
    o.question("q1", actor="lead")
    for i in range(4):
        o.post(f"l{i}", "lead", "position", "the plan is the best")
        o.post(f"r{i}", "a", "support", "the plan works" if i < 3 else "fine", target=f"l{i}")
    to = o.sig("body", "b", "coordination_to_leader")
    assert to.value == pytest.approx(0.0)  # 3/4 − 3/4 on articles; ipron etc. absent in replies
    back = o.sig("body", "b", "coordination_from_leader")
    assert back.value is None and back.reason and "too few replies" in back.reason
