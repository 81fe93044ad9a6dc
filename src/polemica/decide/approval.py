"""Approval voting: each voter approves any number of options; most approvals win."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from polemica.decide.ballots import ApprovalBallot
from polemica.decide.majority import quorum_needed
from polemica.decide.result import Result, fmt, groups_by_score, pick
from polemica.decide.tiebreak import TieBreak


def approval(
    ballots: Iterable[ApprovalBallot],
    *,
    candidates: Sequence[str] | None = None,
    seats: int = 1,
    quorum: float = 0,
    electorate: int | None = None,
    tie_break: str | TieBreak | None = None,
    names: dict[str, str] | None = None,
) -> Result:
    """The `seats` options with the most approvals; an empty approval counts for the quorum."""
    if seats < 1:
        raise ValueError("seats must be at least 1")
    tie = TieBreak.parse(tie_break)
    score: dict[str, int] = {c: 0 for c in candidates or ()}
    turnout = 0
    for b in ballots:
        if b.weight < 0:
            raise ValueError("a ballot's weight must not be negative")
        turnout += b.weight
        for c in b.approve:
            if candidates is not None and c not in score:
                raise ValueError(f"a ballot approves {c!r}, which is not among the options")
            score[c] = score.get(c, 0) + b.weight
    label = names or {}
    ranking = groups_by_score(list(score), score.__getitem__)
    rounds = [
        f"{turnout} ballots. Approvals: "
        + ", ".join(f"{label.get(c, c)} {score[c]}" for g in ranking for c in g)
        + "."
    ]
    need = quorum_needed(quorum, electorate)
    winners: tuple[str, ...] = ()
    broken = False
    if turnout < need:
        rounds.append(f"Quorum not met: {turnout} ballots < {fmt(need)} required; no decision.")
    else:
        winners, broken, note = pick(ranking, seats, tie)
        if note:
            rounds.append(note)
        rounds.append("Elected: " + ", ".join(label.get(c, c) for c in winners) + ".")
    return Result(
        "approval",
        winners,
        ranking,
        {c: float(s) for c, s in score.items()},
        tuple(rounds),
        tie.name,
        broken,
        dict(label),
        {"turnout": turnout},
    )
