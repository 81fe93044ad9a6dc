"""Effectiveness (yield, time, leaderless days) and factions (bloc strength and persistence)."""

from __future__ import annotations

import pytest

from tests.analysis.builder import Org, body_with


def test_decision_yield_and_median_days() -> None:
    o = body_with(["a"])
    o.hours = 24.0
    for q in ("q1", "q2", "q3", "q4"):
        o.question(q, actor="lead")
    o.decide("d1", "q1")  # 4 events (days) after q1 was opened
    o.decide("d2", "q2")  # 4 days after q2
    sig = o.sig("body", "b", "decision_yield")
    assert sig.value == 0.5 and sig.n == 4
    assert o.sig("body", "b", "median_days_to_decision").value == pytest.approx(4.0)


def test_leaderless_days_follow_the_leader_role() -> None:
    o = Org(hours=24)
    o.body("b")  # day 2
    o.member("a", role="member")  # days 3, 4
    o.role("a", "leader")  # day 5: led from here
    o.role("a", "leader", revoke=True)  # day 6: leaderless again
    o.question("q1", actor="a")  # day 7, the log's end
    # Observed from day 2 to day 7 (5 days); led from day 5 to day 6.
    assert o.sig("body", "b", "leaderless_days").value == pytest.approx(4.0)
    assert o.sig("body", "b", "leaderless_share").value == pytest.approx(4 / 5)


def _votes(o: Org, groups_first: list[set[str]], groups_second: list[set[str]]) -> None:
    for i in range(8):
        q = f"q{i}"
        o.question(q, actor="m0")
        groups = groups_first if i < 4 else groups_second
        for g, members in enumerate(groups):
            for m in sorted(members):
                o.vote(f"v{i}{m}", m, f"{q}-option{g}", q=q)


MEMBERS = [f"m{i}" for i in range(8)]


def test_fixed_blocs_are_strong_and_persistent() -> None:
    o = body_with(MEMBERS, leader=None)
    blocs = [set(MEMBERS[:4]), set(MEMBERS[4:])]
    _votes(o, blocs, blocs)
    assert o.sig("body", "b", "bloc_strength").value == pytest.approx(1.0)
    assert o.sig("body", "b", "bloc_persistence").value == pytest.approx(1.0)
    assert o.syn("body", "b", "factionalism").flag


def test_shifting_majorities_are_not_persistent() -> None:
    o = body_with(MEMBERS, leader=None)
    first = [set(MEMBERS[:4]), set(MEMBERS[4:])]
    second = [set(MEMBERS[0::2]), set(MEMBERS[1::2])]
    _votes(o, first, second)
    assert o.sig("body", "b", "bloc_persistence").value < 0.2
    assert not o.syn("body", "b", "factionalism").flag


def test_too_few_voters_is_stated() -> None:
    o = body_with(["a"], leader=None)
    o.question("q1", actor="a")
    o.vote("v1", "a", "x")
    sig = o.sig("body", "b", "bloc_strength")
    assert sig.value is None and sig.reason and "fewer than 4 voters" in sig.reason


def test_silhouette_and_adjusted_rand_match_their_definitions() -> None:
    import numpy as np

    from polemica.analysis.signals.factions import adjusted_rand, silhouette

    assert adjusted_rand([0, 0, 1, 1], [1, 1, 0, 0]) == pytest.approx(1.0)
    # Hubert & Arabie's example value for these labellings (as scikit-learn computes it).
    assert adjusted_rand([0, 0, 1, 2], [0, 0, 1, 1]) == pytest.approx(0.5714285714285714)
    pts = np.array([0.0, 0.1, 1.0, 1.2])
    dist = np.abs(pts[:, None] - pts[None, :])
    labels = np.array([0, 0, 1, 1])
    a = [0.1, 0.1, 0.2, 0.2]
    b = [1.1, 1.0, 0.95, 1.15]
    expected = np.mean([(bb - aa) / max(aa, bb) for aa, bb in zip(a, b, strict=True)])
    assert silhouette(dist, labels) == pytest.approx(expected)
