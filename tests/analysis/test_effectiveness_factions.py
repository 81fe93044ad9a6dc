"""Effectiveness (yield, time, leaderless days) and factions (bloc strength and persistence)."""

from __future__ import annotations

import pytest

from polemica.analysis.frame import raw_from_events
from polemica.analysis.scopes import iter_scopes
from polemica.analysis.signals import factions
from polemica.analysis.tables import build_tables
from polemica.analysis.window import parse_window
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


def test_a_forum_organization_with_split_delegates_has_one_ballot_per_item() -> None:
    # Delegates of one organization voting differently made one matrix cell hold two choices,
    # agreement above 1 and a clustering error; the organization's latest ballot stands.
    o = Org()
    o.body("forum", level="forum")
    for org in ("w", "x", "y", "z"):
        o.member(f"{org}1", body="forum", delegation=f"org-{org}")
        o.member(f"{org}2", body="forum", delegation=f"org-{org}")
    o.role("w1", "leader", body="forum")
    for i in range(6):
        q = f"q{i}"
        o.question(q, body="forum", actor="w1")
        o.post(f"p{i}", "w1", "position", f"Line {i}.", q=q, body="forum")
        o.post(f"a{i}", "x1", "position", f"Other line {i}.", q=q, body="forum")
        for voter, choice in (
            ("w1", f"p{i}"),
            ("w2", f"a{i}"),
            ("x1", f"a{i}"),
            ("x2", f"p{i}"),
            ("y1", f"p{i}" if i % 2 else f"a{i}"),
            ("z1", f"a{i}" if i % 3 else f"p{i}"),
        ):
            o.vote(f"v{i}{voter}", voter, choice, q=q, body="forum")
        o.decide(f"d{i}", q=q, adopted=[f"p{i}"], body="forum")
    strength = o.sig("forum", "forum", "bloc_strength")
    assert strength.n == 4
    assert strength.value is not None and -1.0 <= strength.value <= 1.0
    t = build_tables(raw_from_events(o.w.events), parse_window("all"))
    scope = next(iter_scopes(t, ("forum",)))
    votes = factions._votes(scope)
    assert votes.group_by("actor", "item").len()["len"].max() == 1
    g = factions.groups(votes)
    assert g is not None and float(g.agree.max()) <= 1.0
