"""Majority and qualified majority over single choices, with quorum and abstentions.

Counting rules (docs/voting-methods.md):
- An abstention (`ChoiceBallot(None)`) counts towards the quorum and towards the electorate of an
  absolute majority, never as a vote for or against an option.
- `simple`: an option needs more than half of the votes cast for options.
- `absolute`: more than half of the electorate (option `electorate`; without it, of all ballots,
  abstentions included).
- `two-thirds` / `three-quarters`: at least 2/3 or 3/4 of the votes cast for options.
- `plurality`: the most votes, whatever their share.
- `quorum`: the least number of ballots (abstentions included) for the vote to count; a number
  below 1 is read as a share of the electorate.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from fractions import Fraction
from typing import Literal

from polemica.decide.ballots import ChoiceBallot
from polemica.decide.result import Result, fmt, groups_by_score, pick
from polemica.decide.tiebreak import TieBreak

Rule = Literal["simple", "absolute", "two-thirds", "three-quarters", "plurality"]
RULES: dict[str, tuple[Fraction, bool, str]] = {
    # rule: (share, strictly more than the share?, what the share is of)
    "simple": (Fraction(1, 2), True, "votes cast for options"),
    "absolute": (Fraction(1, 2), True, "the electorate"),
    "two-thirds": (Fraction(2, 3), False, "votes cast for options"),
    "three-quarters": (Fraction(3, 4), False, "votes cast for options"),
    "plurality": (Fraction(0), True, "votes cast for options"),
}


def quorum_needed(quorum: float, electorate: int | None) -> float:
    """The quorum as a number of ballots; a value below 1 is a share of the electorate."""
    if quorum < 0:
        raise ValueError("quorum must not be negative")
    if 0 < quorum < 1:
        if electorate is None:
            raise ValueError("a quorum given as a share needs the size of the electorate")
        return quorum * electorate
    return quorum


def majority(
    ballots: Iterable[ChoiceBallot],
    *,
    rule: str = "simple",
    candidates: Sequence[str] | None = None,
    quorum: float = 0,
    electorate: int | None = None,
    tie_break: str | TieBreak | None = None,
    names: dict[str, str] | None = None,
) -> Result:
    """Count single choices under `rule` (one of RULES)."""
    if rule not in RULES:
        raise ValueError(f"rule must be one of {', '.join(RULES)}, not {rule!r}")
    tie = TieBreak.parse(tie_break)
    votes: dict[str, int] = {c: 0 for c in candidates or ()}
    abstentions = 0
    for b in ballots:
        if b.weight < 0:
            raise ValueError("a ballot's weight must not be negative")
        if b.choice is None:
            abstentions += b.weight
        elif candidates is not None and b.choice not in votes:
            raise ValueError(f"a ballot chooses {b.choice!r}, which is not among the options")
        else:
            votes[b.choice] = votes.get(b.choice, 0) + b.weight
    cast = sum(votes.values())
    turnout = cast + abstentions
    if electorate is not None and turnout > electorate:
        raise ValueError(f"{turnout} ballots exceed the electorate of {electorate}")
    share, strict, of = RULES[rule]
    base = (electorate if electorate is not None else turnout) if rule == "absolute" else cast
    need = quorum_needed(quorum, electorate)
    label = names or {}

    def nm(c: str) -> str:
        return label.get(c, c)

    ranking = groups_by_score(list(votes), votes.__getitem__)
    rounds = [
        f"{turnout} ballots: {cast} for options, {abstentions} abstentions.",
        "Votes: " + ", ".join(f"{nm(c)} {votes[c]}" for g in ranking for c in g) + ".",
    ]
    scores = {c: float(v) for c, v in votes.items()}
    winners: tuple[str, ...] = ()
    broken = False
    if turnout < need:
        rounds.append(f"Quorum not met: {turnout} ballots < {fmt(need)} required; no decision.")
    elif rule == "plurality":
        winners, broken, note = pick(ranking[:1], 1, tie) if cast else ((), False, None)
        rounds.append(note or "")
        rounds.append(f"Most votes: {nm(winners[0])}." if winners else "No votes for options.")
    else:
        threshold = share * base
        sign = ">" if strict else "≥"
        rounds.append(f"Needed: {sign} {share} of {of} ({sign} {fmt(float(threshold))}).")
        passing = [c for c in votes if (votes[c] > threshold if strict else votes[c] >= threshold)]
        passing = [c for c in passing if votes[c] > 0]
        if passing:
            winners = (passing[0],)
            rounds.append(f"{nm(passing[0])} has {votes[passing[0]]} votes and is adopted.")
        else:
            rounds.append("No option reaches the required majority; nothing is adopted.")
    return Result(
        f"majority ({rule})",
        winners,
        ranking,
        scores,
        tuple(r for r in rounds if r),
        tie.name,
        broken,
        dict(label),
        {"cast": cast, "abstentions": abstentions, "turnout": turnout, "quorum": need},
    )
