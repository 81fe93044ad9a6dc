"""Small tallies the simulated bodies use to decide (majority, approval, Schulze, consensus).

The product's voting methods live in `polemica.decide`; the simulator only needs to reach a
result the way a body would and to record the tally, so it keeps its own few lines here and
depends on nothing but the event format. Ties break towards the option listed first.
"""

from __future__ import annotations

from typing import Any


def choice(options: list[str], ballots: list[str]) -> tuple[str | None, dict[str, Any]]:
    """Absolute majority of the ballots cast; None when nobody has more than half."""
    counts = dict.fromkeys(options, 0)
    for b in ballots:
        counts[b] += 1
    best = max(options, key=lambda o: counts[o]) if options else None
    winner = best if best is not None and counts[best] * 2 > len(ballots) else None
    return winner, {"votes": counts, "cast": len(ballots)}


def approval(options: list[str], ballots: list[list[str]]) -> tuple[str | None, dict[str, Any]]:
    counts = dict.fromkeys(options, 0)
    for b in ballots:
        for o in b:
            counts[o] += 1
    best = max(options, key=lambda o: counts[o]) if options else None
    winner = best if best is not None and counts[best] > 0 else None
    return winner, {"approvals": counts, "cast": len(ballots)}


def schulze(
    options: list[str], ballots: list[list[list[str]]]
) -> tuple[str | None, dict[str, Any]]:
    """Schulze method, winning votes; rankings are lists of tied groups, best first."""
    n = len(options)
    index = {o: i for i, o in enumerate(options)}
    d = [[0] * n for _ in range(n)]
    for ranking in ballots:
        rank = [n] * n
        for r, group in enumerate(ranking):
            for o in group:
                rank[index[o]] = r
        for i in range(n):
            for j in range(n):
                if rank[i] < rank[j]:
                    d[i][j] += 1
    p = [[d[i][j] if d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        for i in range(n):
            if i == k:
                continue
            for j in range(n):
                if j in (i, k):
                    continue
                p[i][j] = max(p[i][j], min(p[i][k], p[k][j]))
    winners = [i for i in range(n) if all(p[i][j] >= p[j][i] for j in range(n) if j != i)]
    winner = options[winners[0]] if winners and ballots else None
    pairwise = {options[i]: {options[j]: d[i][j] for j in range(n) if j != i} for i in range(n)}
    return winner, {"pairwise": pairwise, "cast": len(ballots)}


def stance(statement: str, ballots: list[str], block_share: float = 0.15) -> tuple[bool, Any]:
    """Consensus on one statement: more agree than disagree, and disagreement under the block."""
    agree = ballots.count("agree")
    disagree = ballots.count("disagree")
    passed = agree > disagree and disagree <= block_share * max(1, len(ballots))
    return passed, {
        "statement": statement,
        "agree": agree,
        "disagree": disagree,
        "pass": len(ballots) - agree - disagree,
    }
