"""Consensus with blocks.

Each ballot is a stance on one proposal: `agree` (consent), `disagree` (an objection that does not
stop adoption), `pass` (stand aside) or `block` with its reason. A proposal is adopted when
- nobody blocks it (a single block stops adoption, and the result records who blocked and why),
- the quorum of ballots on it is met (stand-asides and blocks included), and
- agree ≥ `threshold` × (agree + disagree), with at least one agree. The default threshold 1
  means no objection at all; 0.75, for instance, gives "consensus minus" with a 3/4 fallback.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from polemica.decide.ballots import ConsentBallot
from polemica.decide.majority import quorum_needed
from polemica.decide.result import Result, fmt, groups_by_score
from polemica.decide.tiebreak import TieBreak


@dataclass
class _Count:
    agree: int = 0
    disagree: int = 0
    stand_aside: int = 0
    blocks: list[dict[str, str | None]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.agree + self.disagree + self.stand_aside + len(self.blocks)


def consensus(
    ballots: Iterable[ConsentBallot],
    *,
    candidates: Sequence[str] | None = None,
    threshold: float = 1.0,
    quorum: float = 0,
    electorate: int | None = None,
    tie_break: str | TieBreak | None = None,
    names: dict[str, str] | None = None,
) -> Result:
    """Which proposals are adopted by consent; ranking by share of agreement."""
    if not 0 <= threshold <= 1:
        raise ValueError("threshold must lie between 0 and 1")
    tie = TieBreak.parse(tie_break)
    counts: dict[str, _Count] = {c: _Count() for c in candidates or ()}
    for b in ballots:
        if candidates is not None and b.proposal not in counts:
            raise ValueError(f"a ballot is about {b.proposal!r}, which is not among the proposals")
        n = counts.setdefault(b.proposal, _Count())
        if b.stance == "agree":
            n.agree += b.weight
        elif b.stance == "disagree":
            n.disagree += b.weight
        elif b.stance == "pass":
            n.stand_aside += b.weight
        else:
            n.blocks.extend({"voter": b.voter, "reason": b.reason} for _ in range(b.weight))
    label = names or {}
    need = quorum_needed(quorum, electorate)
    rounds: list[str] = []
    adopted: list[str] = []
    scores: dict[str, float] = {}
    for p in sorted(counts):
        n = counts[p]
        opinion = n.agree + n.disagree
        scores[p] = n.agree / opinion if opinion else 0.0
        head = (
            f"{label.get(p, p)}: {n.agree} agree, {n.disagree} disagree, "
            f"{n.stand_aside} stand aside, {len(n.blocks)} block"
        )
        if n.blocks:
            reasons = "; ".join(f"{b['voter'] or 'a voter'}: {b['reason']}" for b in n.blocks)
            rounds.append(f"{head}. Blocked, not adopted ({reasons}).")
        elif n.total < need:
            rounds.append(f"{head}. Quorum not met ({n.total} < {fmt(need)}); not adopted.")
        elif n.agree == 0 or n.agree < threshold * opinion:
            rounds.append(
                f"{head}. Agreement {fmt(scores[p])} is below the threshold {fmt(threshold)}; "
                "not adopted."
            )
        else:
            adopted.append(p)
            rounds.append(f"{head}. No block; adopted.")
    blocked = {p for p, n in counts.items() if n.blocks}
    # adopted proposals first, then the rest by agreement; blocked ones last
    tier = {p: (2 if p in adopted else 0 if p in blocked else 1, scores[p]) for p in counts}
    ranking = groups_by_score(list(counts), tier.__getitem__)
    details = {
        "blocks": {p: counts[p].blocks for p in sorted(blocked)},
        "counts": {
            p: {
                "agree": n.agree,
                "disagree": n.disagree,
                "stand_aside": n.stand_aside,
                "block": len(n.blocks),
            }
            for p, n in sorted(counts.items())
        },
    }
    return Result(
        "consensus",
        tuple(adopted),
        ranking,
        scores,
        tuple(rounds),
        tie.name,
        False,
        dict(label),
        details,
    )
