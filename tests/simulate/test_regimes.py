"""Each regime shows the behaviour it stands for, measured from the events alone.

The figures are computed by the small helpers in `measures.py`, never read from the ground
truth; `healthy` is the contrast for every syndrome.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from statistics import mean

import numpy as np
import pytest

from polemica.simulate import REGIMES, regime_params, simulate
from polemica.simulate.demo import DEMO_ORGS, demo_federation
from tests.simulate import measures as m


@cache
def world(regime: str, seed: int = 7) -> m.World:
    return m.load(simulate(regime, seed=seed, members=150, months=4))


def test_healthy_leader_is_challenged_and_answers() -> None:
    w = world("healthy")
    assert m.objection_answer_rate(w) >= 0.65
    assert m.objections_to(w, m.leader_positions(w)) >= 0.25
    leader_pos = {c.id for c in m.leader_positions(w)}
    to_leader = [
        c
        for c in w.contribs.values()
        if c.type in ("objection", "question") and c.target in leader_pos
    ]
    answered_by_leader = {
        c.target for c in w.contribs.values() if c.type == "answer" and c.by_leader
    }
    assert sum(o.id in answered_by_leader for o in to_leader) / len(to_leader) >= 0.4
    adopted_from_others = [d for d in w.decisions if not w.contribs[d.data["adopted"][0]].by_leader]
    assert len(adopted_from_others) / len(w.decisions) >= 0.3
    assert m.decision_yield(w) >= 0.8
    assert m.closed_share(w)[0] <= 0.15
    assert not any(m.hostile(c.text) for c in m.replies_to_objections(w))
    assert mean(m.similarity(a, b) for a, b in m.applications(w)) <= 0.45
    assert m.unacknowledged_reuse(w) <= 0.08


def test_personality_cult_nobody_objects_to_the_leader() -> None:
    cult, healthy = world("personality_cult"), world("healthy")
    assert m.objections_to(cult, m.leader_positions(cult)) <= 0.05
    assert m.objections_to(healthy, m.leader_positions(healthy)) >= 0.25
    adopted_leader = [d for d in cult.decisions if cult.contribs[d.data["adopted"][0]].by_leader]
    assert len(adopted_leader) / len(cult.decisions) >= 0.9
    praise = m.praise_targets(cult)
    top, count = praise.most_common(1)[0]
    assert count / sum(praise.values()) >= 0.9 and top != "Central Committee"
    assert sum(praise.values()) >= 5 * sum(m.praise_targets(healthy).values())


def test_committee_cult_never_challenges_the_committee_but_praises_no_person() -> None:
    w = world("committee_cult")
    assert m.objections_to(w, m.cc_positions(w)) <= 0.05
    assert m.objections_to(w, m.member_positions(w)) >= 0.3
    praise = m.praise_targets(w)
    assert praise["Central Committee"] / sum(praise.values()) >= 0.8
    people = [n for n in praise if n != "Central Committee"]
    assert all(praise[n] <= 0.05 * sum(praise.values()) for n in people)


def test_formal_democracy_decides_unanimously_against_the_discussion() -> None:
    w, healthy = world("formal_democracy"), world("healthy")
    unanimous = [d for d in w.decisions if d.data["unanimous"]]
    assert len(unanimous) / len(w.decisions) >= 0.7
    # The adopted line drew objections in discussion, and still passed unanimously.
    objected_questions = {c.question for c in w.contribs.values() if c.type == "objection"}
    assert sum(d.data["question"] in objected_questions for d in unanimous) >= 0.3 * len(unanimous)
    assert m.objection_answer_rate(w) <= m.objection_answer_rate(healthy) - 0.25
    left_open = [d for d in w.decisions if d.data["unanswered"]]
    assert len(left_open) / len(w.decisions) >= 0.4


def test_ultra_democracy_decides_little_and_goes_leaderless() -> None:
    w, healthy = world("ultra_democracy"), world("healthy")
    assert m.decision_yield(w) <= 0.35
    assert m.decision_yield(healthy) >= 0.8
    assert m.leaderless_share(w) >= 0.4
    assert m.leaderless_share(healthy) <= 0.05
    positions = Counter(c.question for c in w.contribs.values() if c.type == "position")
    assert mean(positions.values()) >= 2.5


def _blocs(w: m.World) -> tuple[float, float]:
    pairs = m.pair_agreement(w)
    polar = sum(1 for a, _, _ in pairs if a >= 0.85 or a <= 0.15) / len(pairs)
    first = np.array([p[1] for p in pairs])
    second = np.array([p[2] for p in pairs])
    return polar, float(np.corrcoef(first, second)[0, 1])


def test_factionalism_splits_votes_into_stable_blocs() -> None:
    w, healthy = world("factionalism"), world("healthy")
    polar, persistence = _blocs(w)
    polar_h, persistence_h = _blocs(healthy)
    assert persistence >= 0.4 and persistence_h <= 0.25
    assert polar >= polar_h
    unanimous = sum(d.data["unanimous"] for d in w.decisions) / len(w.decisions)
    assert unanimous <= 0.15


def test_antagonism_brands_objectors_and_removes_them() -> None:
    w = world("antagonism_branding")
    replies = m.replies_to_objections(w)
    assert sum(m.hostile(c.text) for c in replies) / len(replies) >= 0.6
    objectors, others = m.dissenter_fate(w)
    assert objectors >= 0.2 and objectors >= 2 * others
    h_objectors, _ = m.dissenter_fate(world("healthy"))
    assert objectors >= 2 * h_objectors


def test_hush_hush_closes_questions_without_reasons() -> None:
    closed, bare = m.closed_share(world("hush_hush"))
    assert closed >= 0.6 and bare >= 0.6
    closed_h, _ = m.closed_share(world("healthy"))
    assert closed_h <= 0.15


def test_parroting_applications_copy_the_directive() -> None:
    apps = m.applications(world("parroting"))
    assert len(apps) >= 20
    assert mean(m.similarity(a, b) for a, b in apps) >= 0.8
    assert sum(a == b for a, b in apps) / len(apps) >= 0.6


def test_credit_erasure_reuses_words_and_credits_the_leader() -> None:
    w, healthy = world("credit_erasure"), world("healthy")
    assert m.unacknowledged_reuse(w) >= 0.3
    assert m.leaders_at_decisions(w) >= 0.75
    assert m.leaders_at_decisions(healthy) <= 0.6
    redacted = [e for e in w.events if e.kind == "contribution.redacted"]
    assert len(redacted) >= 3 * max(
        1, sum(e.kind == "contribution.redacted" for e in healthy.events)
    )


def test_mixtures_show_both_behaviours() -> None:
    w = m.load(simulate("personality_cult+hush_hush", seed=3, members=120, months=3))
    assert m.objections_to(w, m.leader_positions(w)) <= 0.05
    assert m.closed_share(w)[0] >= 0.6


def test_weights_scale_a_regime() -> None:
    half = regime_params("personality_cult:0.5")
    full = regime_params("personality_cult")
    healthy = regime_params("healthy")
    assert healthy.authority_sense > half.authority_sense > full.authority_sense
    assert half.openness == healthy.openness
    w_half = m.load(simulate(half, seed=3, members=120, months=3))
    w_full = m.load(simulate(full, seed=3, members=120, months=3))
    assert sum(m.praise_targets(w_half).values()) < sum(m.praise_targets(w_full).values())


@pytest.mark.parametrize("regime", REGIMES)
def test_every_regime_runs_and_decides_something(regime: str) -> None:
    w = world(regime)
    assert len(w.questions) >= 50
    assert w.decisions


def test_the_demonstration_federation_has_every_phase() -> None:
    events = list(demo_federation(1))
    assert 2000 <= len(events) <= 8000
    phases = {e.data["phase"] for e in events if e.kind == "question.phase_changed"}
    assert {"verification", "voting", "decided", "reopened", "abandoned"} <= phases
    kinds = {e.kind for e in events}
    for kind in ("fact.reviewed", "directive.applied", "feedback.answered", "line.proposed"):
        assert kind in kinds
    assert len({e.org for e in events}) == 4
    assert [e.to_dict() for e in events[:50]] == [
        e.to_dict() for e in list(demo_federation(1))[:50]
    ]


def test_a_smaller_demonstration_has_the_same_organizations() -> None:
    small = list(demo_federation(1, members=18, months=0.25))
    assert 100 <= len(small) <= 400
    assert {e.org for e in small} == set(DEMO_ORGS)
    assert small == list(demo_federation(1, members=18, months=0.25))


def test_leading_party_is_never_challenged_in_the_forum() -> None:
    def forum_positions(w: m.World, leading: bool) -> list[m.Contribution]:
        return [
            c
            for c in w.contribs.values()
            if c.body == "forum-assembly"
            and c.type == "position"
            and c.actor.startswith("transport-") == leading
        ]

    w = m.load(
        simulate(
            "leading_party", seed=2, orgs=3, members=90, months=6, overrides={"question_rate": 3}
        )
    )
    assert len(forum_positions(w, True)) >= 8
    assert m.objections_to(w, forum_positions(w, True)) <= 0.05
    assert m.objections_to(w, forum_positions(w, False)) >= 0.3
    praising = [c for c in w.contribs.values() if "Federation of Transport Workers" in c.text]
    assert len(praising) >= 20 and all(m.praise(c.text) for c in praising)
    assert {c.actor.split("-")[0] for c in praising} >= {"housing", "printers"}


def test_growth_without_understanding_thins_substantive_participation() -> None:
    from polemica.simulate.text import SUPPORT_PLAIN

    def shares(overrides: dict[str, float]) -> tuple[int, float, float]:
        w = m.load(simulate("healthy", seed=3, members=120, months=6, overrides=overrides))
        contributions = list(w.contribs.values())
        assent = sum(c.text in SUPPORT_PLAIN for c in contributions) / len(contributions)
        arguing = {
            c.actor
            for c in contributions
            if c.type in ("position", "objection", "amendment", "question", "reading")
        }
        return len(w.names), assent, len(arguing) / len(w.names)

    members, assent, arguing = shares({})
    grown, grown_assent, grown_arguing = shares({"growth": 0.15, "understanding_growth": 0.02})
    assert grown >= 2 * members
    assert grown_assent >= assent + 0.08
    assert grown_arguing <= arguing - 0.2
