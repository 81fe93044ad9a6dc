"""Agreement with pref_voting on thousands of random profiles (same strength variants)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from polemica.decide import RankedBallot, tally
from polemica.decide.ballots import RankProfile

pv_profiles = pytest.importorskip("pref_voting.profiles")
pv_ties = pytest.importorskip("pref_voting.profiles_with_ties")
pv_margin = pytest.importorskip("pref_voting.margin_based_methods")
pv_c1 = pytest.importorskip("pref_voting.c1_methods")
pv_iter = pytest.importorskip("pref_voting.iterative_methods")
pv_scoring = pytest.importorskip("pref_voting.scoring_methods")
pv_prop = pytest.importorskip("pref_voting.proportional_methods")

pytestmark = pytest.mark.peers
N_PROFILES = 1000  # per test; several thousand profiles in all


def linear_profiles(seed: int, count: int, odd: bool = False) -> Iterator[np.ndarray]:
    """Random linear orders (rows: voters, columns: candidates best first)."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        m = int(rng.integers(3, 7))
        n = int(rng.integers(3, 40))
        if odd and n % 2 == 0:
            n += 1
        # a few distinct orders repeated makes cycles and near-ties more frequent
        base = np.array([rng.permutation(m) for _ in range(int(rng.integers(2, 6)))])
        yield base[rng.integers(0, len(base), size=n)]


def ours(orders: np.ndarray) -> RankProfile:
    n, m = orders.shape
    ranks = np.empty((n, m), dtype=np.int32)
    ranks[np.arange(n)[:, None], orders] = np.arange(m)
    return RankProfile(tuple(str(c) for c in range(m)), ranks, np.ones(n, dtype=np.int64))


def ints(cands: tuple[str, ...] | list[str]) -> list[int]:
    return sorted(int(c) for c in cands)


def test_schulze_and_copeland_and_plurality_agree_on_linear_profiles() -> None:
    for orders in linear_profiles(1, N_PROFILES):
        prof = pv_profiles.Profile(orders.tolist())
        mine = ours(orders)
        assert ints(
            tally("schulze", mine, {"strength": "margins"}).ranking[0]
        ) == pv_margin.beat_path(prof)
        wv = pv_margin.beat_path(prof, strength_function=prof.support)
        assert ints(tally("schulze", mine).ranking[0]) == wv
        assert ints(tally("copeland", mine).ranking[0]) == pv_c1.copeland(prof)
        assert ints(tally("plurality", mine).ranking[0]) == pv_scoring.plurality(prof)


def test_ranked_pairs_and_instant_runoff_agree_with_the_same_tie_breaker() -> None:
    for orders in linear_profiles(2, N_PROFILES, odd=True):
        prof = pv_profiles.Profile(orders.tolist())
        mine = ours(orders)
        m = orders.shape[1]
        for strength, fn in (("margins", None), ("winning", prof.support)):
            got = tally("ranked-pairs", mine, {"strength": strength}).winners
            want = pv_margin.ranked_pairs_tb(prof, tie_breaker=list(range(m)), strength_function=fn)
            assert ints(got) == want
        irv = tally("instant-runoff", mine).winners
        # pref_voting eliminates tie_breaker[0] first; ours eliminates the id that sorts last
        want_irv = pv_iter.instant_runoff_tb(prof, tie_breaker=list(range(m))[::-1])
        assert ints(irv) == want_irv


def weak_profiles(seed: int, count: int) -> Iterator[list[dict[int, int]]]:
    """Random ballots with ties and unranked candidates, as pref_voting rankings."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        m = int(rng.integers(3, 7))
        out = []
        for _ in range(int(rng.integers(2, 25))):
            levels = rng.integers(-1, m, size=m)
            ranking = {c: int(lv) for c, lv in enumerate(levels) if lv >= 0}
            out.append(ranking or {0: 0})
        yield [dict(r) for r in out] if out else [{0: 0}]


def test_schulze_agrees_on_ballots_with_ties_and_unranked_candidates() -> None:
    for rankings in weak_profiles(3, N_PROFILES):
        m = max(max(r) for r in rankings) + 1
        m = max(m, 3)
        prof = pv_ties.ProfileWithTies(rankings, candidates=list(range(m)))
        prof.use_extended_strict_preference()  # unranked below ranked, as ours by default
        mine = [
            RankedBallot(
                tuple(
                    frozenset(str(c) for c, lv in r.items() if lv == k)
                    for k in sorted(set(r.values()))
                )
            )
            for r in rankings
        ]
        cands = [str(c) for c in range(m)]
        got_m = tally("schulze", mine, {"candidates": cands, "strength": "margins"}).ranking[0]
        assert ints(got_m) == pv_margin.beat_path(prof)
        got_w = tally("schulze", mine, {"candidates": cands}).ranking[0]
        assert ints(got_w) == pv_margin.beat_path(prof, strength_function=prof.support)


def test_stv_agrees_with_weighted_inclusive_gregory_and_droop() -> None:
    checked = 0
    for orders in linear_profiles(4, 500):
        m = orders.shape[1]
        seats = 2 if m < 5 else 3
        prof = pv_profiles.Profile(orders.tolist())
        result = tally("stv", ours(orders), {"seats": seats})
        if result.tie_broken:  # pref_voting has its own float tie tolerance; compare clean counts
            continue
        want = pv_prop.stv_wig(prof, num_seats=seats, quota_rule="droop")
        assert ints(result.winners) == want, orders.tolist()
        checked += 1
    assert checked > 350
