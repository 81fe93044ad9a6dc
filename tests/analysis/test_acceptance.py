"""The letter's distinction, as the acceptance test of the diagnosis (issue 6, DESIGN §7)."""

from __future__ import annotations

from tests.analysis import scenarios


def test_praised_followed_but_challenged_and_answering_leader_is_not_a_cult() -> None:
    o = scenarios.healthy_strong_leader()
    assert o.sig("body", "b", "praise_concentration").value == 1.0
    assert o.sig("body", "b", "leader_adoption_rate").value > 0.6
    cult = o.syn("body", "b", "personality_cult")
    assert cult.score is not None and not cult.flag
    assert "openly challenged" in cult.explanation
    assert not o.syn("member", "lead", "personality_cult").flag
    assert not any(syn.flag for syn in o.report().scopes[-1].syndromes.values())


def test_leader_never_challenged_is_a_cult() -> None:
    o = scenarios.cult_of_person()
    cult = o.syn("body", "b", "personality_cult")
    assert cult.flag and cult.score is not None and cult.score > 0.8
    assert "leader_challenge_rate = 0.00" in cult.explanation
    assert cult.evidence  # the decisions and praise behind it
    assert o.syn("member", "lead", "personality_cult").flag


def test_committee_never_challenged_is_a_cult() -> None:
    o = scenarios.committee_cult()
    cult = o.syn("org", "org-1", "personality_cult")
    assert cult.flag, cult.explanation
    assert "leading body" in cult.explanation.lower()
    assert o.sig("org", "org-1", "leader_adoption_rate").value == 1.0
    assert o.syn("org", "org-1", "parroting").flag


def test_body_rejecting_leadership_and_deciding_nothing_is_ultra_democracy() -> None:
    o = scenarios.ultra_democracy()
    assert o.syn("body", "b", "ultra_democracy").flag
    assert not o.syn("body", "b", "personality_cult").flag
    assert o.syn("body", "b", "personality_cult").score is None
    healthy = scenarios.healthy_strong_leader()
    assert not healthy.syn("body", "b", "ultra_democracy").flag


def test_leading_organization_never_challenged_in_a_forum_is_a_cult() -> None:
    o = scenarios.forum(challenged=False)
    assert o.sig("forum", "forum", "leader_adoption_rate").value == 1.0
    assert o.syn("forum", "forum", "personality_cult").flag
    assert "leading organization" in o.syn("forum", "forum", "personality_cult").explanation


def test_leading_organization_openly_challenged_is_not() -> None:
    o = scenarios.forum(challenged=True)
    assert o.sig("forum", "forum", "leader_challenge_rate").value == 0.5
    assert o.sig("forum", "forum", "leader_answer_rate").value == 1.0
    assert not o.syn("forum", "forum", "personality_cult").flag


def test_contested_line_ratified_without_answer_is_formal_democracy_not_a_cult() -> None:
    o = scenarios.formal_democracy()
    assert o.sig("body", "b", "leader_challenge_rate").value == 1.0
    assert o.sig("body", "b", "objection_answer_rate").value == 0.0
    formal = o.syn("body", "b", "formal_democracy")
    assert formal.flag, formal.explanation
    assert "left unanswered" in formal.explanation and "ratified anyway" in formal.explanation
    cult = o.syn("body", "b", "personality_cult")
    assert cult.score is not None and not cult.flag
    assert "see formal_democracy" in cult.explanation


def test_neither_a_cult_nor_a_healthy_body_is_formal_democracy() -> None:
    # A cult's line is never contested; a healthy leader answers and loses votes.
    assert not scenarios.cult_of_person().syn("body", "b", "formal_democracy").flag
    assert not scenarios.healthy_strong_leader().syn("body", "b", "formal_democracy").flag
