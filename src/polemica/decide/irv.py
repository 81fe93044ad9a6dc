"""Instant-runoff voting (the alternative vote).

Each round every ballot counts for its most preferred continuing candidate; a ballot whose top
continuing rank holds several tied candidates is split equally between them; a ballot with no
continuing candidate left is exhausted. The candidate with the fewest votes is eliminated (a tie
for fewest: the tie-break rule eliminates the candidate it puts last). Counting goes on until one
candidate remains, so the result ranks everyone: the winner first, then the others in reverse
order of elimination. A candidate with more than half of the continuing votes always wins.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from polemica.decide.ballots import RankProfile
from polemica.decide.result import Result, fmt
from polemica.decide.tiebreak import TieBreak

EPS = 1e-9


def first_preferences(
    profile: RankProfile, continuing: npt.NDArray[np.bool_], weights: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], float]:
    """Votes per candidate counting each ballot for its best continuing rank (split on ties),
    and the exhausted weight."""
    m = len(profile.candidates)
    ranks = np.where(continuing[None, :], profile.ranks, m)
    best = ranks.min(axis=1)
    top = (ranks == best[:, None]) & (best[:, None] < m)
    width = top.sum(axis=1)
    live = width > 0
    share = np.zeros_like(weights)
    share[live] = weights[live] / width[live]
    votes: npt.NDArray[np.float64] = share @ top
    return votes, float(weights[~live].sum())


def instant_runoff(profile: RankProfile, *, tie_break: str | TieBreak | None = None) -> Result:
    """Tally by instant-runoff."""
    tie = TieBreak.parse(tie_break)
    cands = profile.candidates
    m = len(cands)
    if m == 0:
        raise ValueError("there are no candidates")
    continuing = np.ones(m, dtype=bool)
    weights = profile.counts.astype(np.float64)
    eliminated: list[str] = []
    rounds: list[str] = []
    # The same rounds as data: each round's votes, exhausted weight and who left or won.
    counted: list[dict[str, Any]] = []
    scores = {c: 0.0 for c in cands}
    majority_noted = False
    for rnd in range(1, m + 1):
        votes, exhausted = first_preferences(profile, continuing, weights)
        live = [i for i in range(m) if continuing[i]]
        total = float(votes[live].sum())
        line = ", ".join(f"{profile.name(cands[i])} {fmt(votes[i])}" for i in live)
        text = f"Round {rnd}: {line}" + (f"; exhausted {fmt(exhausted)}" if exhausted else "")
        for i in live:
            scores[cands[i]] = float(votes[i])
        counted.append(
            {
                "counts": {cands[i]: float(votes[i]) for i in live},
                "exhausted": float(exhausted),
                "eliminated": [],
                "elected": [],
            }
        )
        leader = max(live, key=lambda i: votes[i])
        if not majority_noted and votes[leader] > total / 2 + EPS:
            majority_noted = True
            text += f". {profile.name(cands[leader])} has a majority of continuing votes"
        if len(live) == 1:
            counted[-1]["elected"] = [cands[live[0]]]
            rounds.append(text + f". {profile.name(cands[live[0]])} wins.")
            break
        low = min(votes[i] for i in live)
        lowest = [cands[i] for i in live if votes[i] <= low + EPS]
        out = lowest[0] if len(lowest) == 1 else tie.last(lowest)
        note = f" (tie for fewest among {', '.join(lowest)}: the tie-break eliminates {out})"
        rounds.append(
            text + f". Eliminated: {profile.name(out)}" + (note if len(lowest) > 1 else "") + "."
        )
        continuing[cands.index(out)] = False
        eliminated.append(out)
        counted[-1]["eliminated"] = [out]
    winner = next(cands[i] for i in range(m) if continuing[i])
    ranking = tuple((c,) for c in [winner, *reversed(eliminated)])
    broken = any("tie-break" in r for r in rounds)
    return Result(
        "instant-runoff",
        (winner,),
        ranking,
        scores,
        tuple(rounds),
        tie.name,
        broken,
        dict(profile.names),
        {"eliminated": eliminated, "rounds": counted},
    )
