"""Dialogue signals on a hand-built body whose right values are counted by hand."""

from __future__ import annotations

import pytest

from tests.analysis.builder import Org, body_with


@pytest.fixture(scope="module")
def org() -> Org:
    o = body_with(["a", "c", "d", "e"])
    o.question("q1", actor="lead")
    o.post("p1", "lead", "position", "one two three four")
    o.post("o1", "a", "objection", "x y", target="p1")
    o.post("r1", "lead", "answer", "a b", target="o1")
    o.post("k1", "c", "question", "q", target="p1")
    o.post("s1", "d", "support", "s")
    o.vote("v1", "e", "p1")
    return o


def test_reply_share_counts_replies_to_someone_else(org: Org) -> None:
    sig = org.sig("body", "b", "reply_share")
    assert sig.value == pytest.approx(3 / 5) and sig.n == 5
    assert org.sig("member", "a", "reply_share").value == 1.0
    assert org.sig("member", "d", "reply_share").value == 0.0


def test_reciprocity_counts_ordered_pairs_answered_back(org: Org) -> None:
    sig = org.sig("body", "b", "reciprocity")
    assert sig.value == pytest.approx(2 / 3) and sig.n == 3
    assert org.sig("member", "a", "reciprocity").value == 1.0
    assert org.sig("member", "c", "reciprocity").value == 0.0


def test_objection_answer_rate_lists_the_unanswered(org: Org) -> None:
    sig = org.sig("body", "b", "objection_answer_rate")
    assert sig.value == 0.5 and sig.n == 2
    k1 = next(e.id for e in org.w.events if e.subject == "k1")
    assert sig.evidence == (k1,)
    assert org.sig("member", "c", "objection_answer_rate").value == 0.0


def test_leader_voice_share_is_the_leaders_share_of_words(org: Org) -> None:
    assert org.sig("body", "b", "leader_voice_share").value == pytest.approx(6 / 10)
    assert org.sig("member", "a", "leader_voice_share").value == pytest.approx(2 / 10)


def test_participation_breadth_counts_who_argued_among_the_active(org: Org) -> None:
    sig = org.sig("body", "b", "participation_breadth")
    assert sig.value == pytest.approx(3 / 5) and sig.n == 5
    assert org.sig("member", "a", "participation_breadth").value is None


def test_no_leader_means_no_voice_share() -> None:
    o = body_with(["a"], leader=None)
    o.question("q1")
    o.post("p1", "a", "position", "words here")
    sig = o.sig("body", "b", "leader_voice_share")
    assert sig.value is None and sig.reason and "no leader" in sig.reason
