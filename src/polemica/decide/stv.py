"""Single transferable vote for several seats.

- Quota: the Droop quota, ⌊valid ballots / (seats + 1)⌋ + 1 (a ballot is valid when it ranks
  someone).
- Surpluses: the weighted inclusive Gregory method. When a candidate reaches the quota their
  surplus is transferred from *all* the ballots they hold, each at its current value multiplied by
  surplus / their total; a ballot goes to its next continuing preference (split equally between
  tied ones) or is exhausted. Surpluses of candidates elected in the same round go largest first.
  Exact fractions, no rounding.
- Exclusion: when nobody reaches the quota, the candidate with the fewest votes is excluded and
  their ballots move on at their current value. A tie for fewest: the tie-break rule excludes the
  candidate it puts last.
- When as many candidates continue as seats remain, they are all elected.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

from polemica.decide.ballots import RankProfile
from polemica.decide.result import Result, fmt
from polemica.decide.tiebreak import TieBreak

Paper = tuple[int, Fraction]  # (distinct ballot index, value)


class _Count:
    def __init__(self, profile: RankProfile) -> None:
        m = len(profile.candidates)
        self.rows = [[int(r) for r in row] for row in profile.ranks]
        self.m = m
        self.piles: dict[int, list[Paper]] = {c: [] for c in range(m)}
        self.exhausted = Fraction(0)

    def place(self, ballot: int, value: Fraction, continuing: set[int]) -> None:
        """Give the paper to its best continuing preference(s), or exhaust it."""
        row = self.rows[ballot]
        ranked = [row[c] for c in continuing if row[c] < self.m]
        if not ranked:
            self.exhausted += value
            return
        best = min(ranked)
        top = [c for c in continuing if row[c] == best]
        for c in top:
            self.piles[c].append((ballot, value / len(top)))

    def total(self, c: int) -> Fraction:
        return sum((v for _, v in self.piles[c]), Fraction(0))


def _merge_identical(profile: RankProfile) -> RankProfile:
    """One paper pile per distinct ranking: the count is exact and much faster on many voters."""
    if len(profile.counts) < 2:
        return profile
    rows, inverse = np.unique(profile.ranks, axis=0, return_inverse=True)
    counts = np.bincount(inverse.ravel(), weights=profile.counts, minlength=len(rows))
    return RankProfile(
        profile.candidates,
        rows.astype(np.int32),
        counts.astype(np.int64),
        profile.names,
        profile.unranked,
    )


def stv(profile: RankProfile, *, seats: int = 1, tie_break: str | TieBreak | None = None) -> Result:
    """Elect `seats` candidates by STV (Droop quota, weighted inclusive Gregory)."""
    tie = TieBreak.parse(tie_break)
    cands, m = profile.candidates, len(profile.candidates)
    if seats < 1:
        raise ValueError("seats must be at least 1")
    if seats > m:
        raise ValueError(f"{seats} seats but only {m} candidates")
    merged = _merge_identical(profile)
    count = _Count(merged)
    continuing = set(range(m))
    valid = 0
    for i, n in enumerate(merged.counts):
        if int(n) and any(r < m for r in count.rows[i]):
            valid += int(n)
            count.place(i, Fraction(int(n)), continuing)
    quota = Fraction(valid // (seats + 1) + 1)
    nm = profile.name
    rounds = [
        f"{valid} valid ballots, {seats} seats: Droop quota ⌊{valid}/{seats + 1}⌋ + 1 = {quota}."
    ]
    elected: list[int] = []
    excluded: list[int] = []
    # The same stages as data: each stage's totals and who was elected or excluded at it.
    counted: list[dict[str, Any]] = []

    def key(c: int) -> str:
        return tie.key(cands[c])

    stage = 0
    while len(elected) < seats:
        stage += 1
        totals = {c: count.total(c) for c in continuing}
        state = ", ".join(
            f"{nm(cands[c])} {fmt(float(totals[c]))}" for c in sorted(continuing, key=key)
        )
        counted.append(
            {
                "counts": {cands[c]: float(totals[c]) for c in sorted(continuing, key=key)},
                "exhausted": float(count.exhausted),
                "eliminated": [],
                "elected": [],
            }
        )
        left = seats - len(elected)
        if len(continuing) <= left:
            rest = sorted(continuing, key=lambda c: (-totals[c], key(c)))
            elected.extend(rest)
            counted[-1]["elected"] = [cands[c] for c in rest]
            continuing.clear()  # elected now: listed once, among the elected
            rounds.append(
                f"Stage {stage}: {state}. As many continue as seats remain: "
                f"{', '.join(nm(cands[c]) for c in rest)} elected."
            )
            break
        reached = sorted(
            (c for c in continuing if totals[c] >= quota), key=lambda c: (-totals[c], key(c))
        )
        if reached:
            now = reached[:left]
            elected.extend(now)
            counted[-1]["elected"] = [cands[c] for c in now]
            continuing -= set(now)
            text = f"Stage {stage}: {state}. Elected: {', '.join(nm(cands[c]) for c in now)}"
            if len(elected) < seats:
                text += _transfer_surpluses(count, now, totals, quota, continuing, cands)
            rounds.append(text + ".")
            continue
        low = min(totals.values())
        lowest = [c for c in continuing if totals[c] == low]
        out = max(lowest, key=key)
        continuing.discard(out)
        excluded.append(out)
        counted[-1]["eliminated"] = [cands[out]]
        papers, count.piles[out] = count.piles[out], []
        for ballot, value in papers:
            count.place(ballot, value, continuing)
        tie_note = (
            f" (tie for fewest among {', '.join(cands[c] for c in sorted(lowest, key=key))};"
            " the tie-break excludes it)"
            if len(lowest) > 1
            else ""
        )
        rounds.append(
            f"Stage {stage}: {state}. Nobody reaches the quota; excluded: "
            f"{nm(cands[out])}{tie_note}."
        )
    final = {c: float(count.total(c)) for c in range(m)}
    others = sorted(continuing, key=lambda c: (-final[c], key(c)))
    order = [*elected, *others, *reversed(excluded)]
    ranking = tuple((cands[c],) for c in order)
    scores = {cands[c]: final[c] for c in range(m)}
    broken = any("tie-break" in r for r in rounds)
    return Result(
        "stv",
        tuple(cands[c] for c in elected),
        ranking,
        scores,
        tuple(rounds),
        tie.name,
        broken,
        dict(profile.names),
        {
            "quota": float(quota),
            "seats": seats,
            "exhausted": float(count.exhausted),
            "rounds": counted,
        },
    )


def _transfer_surpluses(
    count: _Count,
    now: list[int],
    totals: dict[int, Fraction],
    quota: Fraction,
    continuing: set[int],
    cands: tuple[str, ...],
) -> str:
    notes = []
    for c in sorted(now, key=lambda c: (-totals[c], cands[c])):
        total = count.total(c)
        surplus = total - quota
        if surplus <= 0:
            continue
        factor = surplus / total
        papers = count.piles[c]
        count.piles[c] = [(b, v * (1 - factor)) for b, v in papers]
        for ballot, value in papers:
            count.place(ballot, value * factor, continuing)
        notes.append(
            f"surplus {fmt(float(surplus))} of {cands[c]} transferred at {fmt(float(factor))}"
        )
    return ("; " + "; ".join(notes)) if notes else ""
