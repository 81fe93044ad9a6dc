"""Decision methods: which ballot each takes and how its tally adopts a line.

Small functions of the platform's own until `polemica.decide` offers the registry; each returns
the adopted option ids and a JSON tally.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

Ballots = Sequence[dict[str, Any]]
Tally = tuple[list[str], dict[str, Any]]

# The ballot field each method reads.
BALLOT_KIND: dict[str, str] = {
    "majority": "choice",
    "consensus": "stance",
    "approval": "approve",
}


def majority(ballots: Ballots, options: Sequence[str]) -> Tally:
    """The option chosen by more than half of the ballots, if any."""
    counts = Counter(b["choice"] for b in ballots if "choice" in b)
    total = sum(counts.values())
    tally = {o: counts.get(o, 0) for o in options}
    winners = [o for o, n in tally.items() if n * 2 > total]
    return winners, {"counts": tally, "ballots": total}


def consensus(ballots: Ballots, options: Sequence[str]) -> Tally:
    """The statement with the most agreement that nobody blocks (a `disagree` is a block)."""
    per: dict[str, Counter[str]] = {o: Counter() for o in options}
    for b in ballots:
        if "stance" in b and b.get("statement") in per:
            per[b["statement"]][b["stance"]] += 1
    tally = {o: {s: c.get(s, 0) for s in ("agree", "disagree", "pass")} for o, c in per.items()}
    unblocked = [o for o, t in tally.items() if t["disagree"] == 0 and t["agree"] > 0]
    best = max((tally[o]["agree"] for o in unblocked), default=0)
    winners = [o for o in unblocked if tally[o]["agree"] == best]
    return winners[:1] if len(winners) == 1 else [], {"stances": tally}


def approval(ballots: Ballots, options: Sequence[str]) -> Tally:
    """The option approved on the most ballots; a tie adopts nothing."""
    counts: Counter[str] = Counter()
    for b in ballots:
        counts.update(set(b.get("approve", [])) & set(options))
    tally = {o: counts.get(o, 0) for o in options}
    best = max(tally.values(), default=0)
    winners = [o for o, n in tally.items() if n == best and n > 0]
    return winners if len(winners) == 1 else [], {"approvals": tally}


METHODS: dict[str, Callable[[Ballots, Sequence[str]], Tally]] = {
    "majority": majority,
    "consensus": consensus,
    "approval": approval,
}
METHOD_NAMES: tuple[str, ...] = tuple(METHODS)


def tally(method: str, ballots: Ballots, options: Sequence[str]) -> Tally:
    if method not in METHODS:
        raise ValueError(f"{method!r} is not a decision method")
    return METHODS[method](ballots, options)
