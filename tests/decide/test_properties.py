"""Properties every profile must satisfy (hypothesis, modest example counts)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from polemica.decide import Pairwise, RankedBallot, tally
from polemica.decide.ballots import RankProfile
from polemica.decide.pairwise import pairwise

CANDS = "ABCDE"


@st.composite
def weak_ballots(draw: st.DrawFn, max_voters: int = 12) -> list[RankedBallot]:
    """Ballots with ties and unranked candidates over 3–5 candidates."""
    m = draw(st.integers(3, 5))
    cands = CANDS[:m]
    out = []
    for _ in range(draw(st.integers(1, max_voters))):
        levels = draw(st.lists(st.integers(-1, m - 1), min_size=m, max_size=m))
        groups = [
            frozenset(c for c, lv in zip(cands, levels, strict=True) if lv == k) for k in range(m)
        ]
        out.append(RankedBallot(tuple(g for g in groups if g), draw(st.integers(1, 3))))
    if not any(b.ranking for b in out):
        out.append(RankedBallot.of(cands[0]))
    return out


def _profile(ballots: list[RankedBallot]) -> RankProfile:
    last = CANDS.index(max(_ids(ballots)))
    return RankProfile.from_ballots(ballots, list(CANDS[: max(3, last + 1)]))


def _ids(ballots: list[RankedBallot]) -> set[str]:
    return set().union(*(b.ranked() for b in ballots))


@settings(max_examples=150, deadline=None)
@given(weak_ballots(), st.sampled_from(["winning", "margins"]))
def test_condorcet_winner_wins_schulze_and_ranked_pairs(
    ballots: list[RankedBallot], strength: str
) -> None:
    prof = _profile(ballots)
    cw = pairwise(prof).condorcet_winner()
    for method in ("schulze", "ranked-pairs"):
        result = tally(method, prof, {"strength": strength})
        if cw is not None:
            assert result.ranking[0] == (cw,) and result.winners == (cw,)
        assert sorted(c for g in result.ranking for c in g) == list(prof.candidates)
    if cw is not None:
        assert tally("copeland", prof).winners == (cw,)
        assert tally("debian", prof, {"default": prof.candidates[-1]}).winners == (cw,)


@settings(max_examples=100, deadline=None)
@given(weak_ballots(), st.permutations(range(5)), st.randoms(use_true_random=False))
def test_neutrality_and_anonymity(
    ballots: list[RankedBallot], perm: list[int], rnd: object
) -> None:
    """Renaming candidates renames the ranking; reordering ballots changes nothing."""
    prof = _profile(ballots)
    rename = {c: "xyzvw"[perm[i]] for i, c in enumerate(CANDS)}
    renamed = [
        RankedBallot(tuple(frozenset(rename[c] for c in g) for g in b.ranking), b.weight)
        for b in ballots
    ]
    rprof = RankProfile.from_ballots(renamed, [rename[c] for c in prof.candidates])
    shuffled = list(ballots)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    sprof = RankProfile.from_ballots(shuffled, list(prof.candidates))
    for method in ("schulze", "ranked-pairs", "copeland", "instant-runoff", "approval"):
        base = tally(method, prof)
        mapped = {frozenset(rename[c] for c in g) for g in base.ranking}
        if method in ("schulze", "copeland", "approval"):  # orders built without tie-breaks
            assert {frozenset(g) for g in tally(method, rprof).ranking} == mapped
        assert tally(method, sprof).ranking == base.ranking
        assert tally(method, sprof).winners == base.winners


@settings(max_examples=150, deadline=None)
@given(weak_ballots())
def test_reversal_symmetry_of_schulze_margins_and_copeland(ballots: list[RankedBallot]) -> None:
    """Reversing every ballot transposes the strongest paths (margins) and negates Copeland."""
    prof = _profile(ballots)
    m = len(prof.candidates)
    ranked = prof.ranks < m
    # reverse each ballot's ranked part; unranked stay below, so keep "ignore" semantics exact
    flipped = np.where(ranked, np.where(ranked, prof.ranks, 0).max() - prof.ranks, m).astype(
        np.int32
    )
    for unranked in ("ignore",):
        a = RankProfile(prof.candidates, prof.ranks, prof.counts, unranked=unranked)
        b = RankProfile(prof.candidates, flipped, prof.counts, unranked=unranked)
        pa, pb = pairwise(a), pairwise(b)
        assert (pa.d == pb.d.T).all()
        sa = tally("schulze", pa, {"strength": "margins"})
        sb = tally("schulze", pb, {"strength": "margins"})
        assert (sa.details["strongest_paths"] == sb.details["strongest_paths"].T).all()
        ca, cb = tally("copeland", pa), tally("copeland", pb)
        assert all(ca.scores[c] == -cb.scores[c] for c in prof.candidates)


def test_pairwise_vectorized_matches_a_plain_count() -> None:
    rng = np.random.default_rng(3)
    m, n = 7, 500
    ranks = rng.integers(0, m + 1, size=(n, m)).astype(np.int32)
    counts = rng.integers(1, 5, size=n)
    for mode in ("bottom", "ignore"):
        got = pairwise(RankProfile(tuple("abcdefg"), ranks, counts, unranked=mode)).d
        want = np.zeros((m, m), dtype=np.int64)
        for r, w in zip(ranks, counts, strict=True):
            for x in range(m):
                for y in range(m):
                    if r[x] < r[y] and (mode == "bottom" or r[y] < m):
                        want[x, y] += w
        assert (got == want).all()
    assert isinstance(Pairwise(("a",), np.zeros((1, 1), dtype=np.int64)), Pairwise)


@settings(max_examples=150, deadline=None)
@given(weak_ballots(), st.integers(1, 5))
def test_stv_ranks_every_candidate_once_and_elects_its_seats(
    ballots: list[RankedBallot], seats: int
) -> None:
    prof = _profile(ballots)
    seats = min(seats, len(prof.candidates))
    result = tally("stv", prof, {"seats": seats})
    assert sorted(c for g in result.ranking for c in g) == sorted(prof.candidates)
    assert len(result.winners) == seats
    assert tuple(c for (c,) in result.ranking[:seats]) == result.winners


def test_stv_fills_one_seat_unless_told_otherwise() -> None:
    prof = _profile([RankedBallot.of("A"), RankedBallot.of("B"), RankedBallot.of("A")])
    assert tally("stv", prof).winners == ("A",)
