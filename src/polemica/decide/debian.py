"""The Debian variant (Debian Constitution v1.9, appendix A.5 "Vote Counting").

1. Unranked options count as ranked equally below every ranked one (the pairwise matrix does it).
2. Quorum R: a non-default option ranked above the default option by fewer than R voters is
   dropped.
3. Majority ratio N (1 unless the option needs a supermajority N:1): a non-default option A is
   dropped unless V(A, D) ≥ N · V(D, A) and V(A, D) > V(D, A), D being the default option.
4.–7. Among the options left, A defeats B when V(A, B) > V(B, A). Take the Schwartz set of the
   transitive defeats; while there are defeats inside it, drop the weakest ones (smaller V(A, X);
   on equal V(A, X), larger V(X, A)) and recompute.
8. One option left in the Schwartz set wins; several: the casting vote decides (the chair's
   preference order, option `casting_vote`), else the named tie-break rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from polemica.decide.pairwise import Pairwise
from polemica.decide.result import Result, fmt
from polemica.decide.tiebreak import TieBreak


def _closure(defeat: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    t = defeat.copy()
    for k in range(t.shape[0]):
        t |= np.outer(t[:, k], t[k, :])
    return t


def schwartz_dropping(
    d: npt.NDArray[np.int64], alive: Sequence[int], log: list[str], label: Sequence[str]
) -> list[int]:
    """Steps 4–7 over the options `alive`; returns the final Schwartz set (indices into d)."""
    idx = list(alive)
    sub = d[np.ix_(idx, idx)]
    defeat = sub > sub.T
    while True:
        t = _closure(defeat)
        schwartz = [
            i for i in range(len(idx)) if all(t[i, j] or not t[j, i] for j in range(len(idx)))
        ]
        inside = [(a, b) for a in schwartz for b in schwartz if defeat[a, b]]
        names = ", ".join(label[idx[i]] for i in schwartz)
        if not inside:
            log.append(f"Schwartz set: {names}; no defeats inside it.")
            return [idx[i] for i in schwartz]
        weakest_key = min((int(sub[a, b]), -int(sub[b, a])) for a, b in inside)
        weakest = [(a, b) for a, b in inside if (int(sub[a, b]), -int(sub[b, a])) == weakest_key]
        for a, b in weakest:
            defeat[a, b] = False
        dropped = "; ".join(
            f"{label[idx[a]]} over {label[idx[b]]} ({sub[a, b]}:{sub[b, a]})" for a, b in weakest
        )
        log.append(f"Schwartz set: {names}; dropping the weakest defeat(s): {dropped}.")


def _ratio_for(majority: float | Mapping[str, float], cand: str) -> float:
    if isinstance(majority, Mapping):
        return float(majority.get(cand, 1.0))
    return float(majority)


def debian(
    pw: Pairwise,
    *,
    default: str,
    quorum: float = 0,
    majority: float | Mapping[str, float] = 1.0,
    casting_vote: str | Sequence[str] | None = None,
    tie_break: str | TieBreak | None = None,
) -> Result:
    """Tally as Debian does; `default` names the default option (e.g. "None of the above")."""
    tie = TieBreak.parse(tie_break)
    cands, d = pw.candidates, pw.d
    if default not in cands:
        raise ValueError(f"the default option {default!r} is not among the candidates")
    label = [pw.name(c) for c in cands]
    di = cands.index(default)
    rounds: list[str] = []
    dropped: list[int] = []
    for i, c in enumerate(cands):
        if i == di:
            continue
        above, below = int(d[i, di]), int(d[di, i])
        ratio = _ratio_for(majority, c)
        if above < quorum:
            dropped.append(i)
            rounds.append(
                f"{label[i]}: ranked above {label[di]} by {above} < quorum {fmt(quorum)}; dropped."
            )
        elif not (above >= ratio * below and above > below):
            dropped.append(i)
            rounds.append(
                f"{label[i]}: {above}:{below} against {label[di]} does not meet its majority "
                f"ratio {fmt(ratio)}:1; dropped."
            )
        else:
            rounds.append(
                f"{label[i]}: {above}:{below} against {label[di]}, meets quorum and ratio "
                f"{fmt(ratio)}:1."
            )
    alive = [i for i in range(len(cands)) if i not in dropped]
    groups: list[list[int]] = []
    remaining = list(alive)
    winners: tuple[str, ...] = ()
    broken = False
    while remaining:
        log: list[str] = []
        top = schwartz_dropping(d, remaining, log, label)
        if not groups:
            rounds.extend(log)
            winners, broken = _decide(top, cands, casting_vote, tie, rounds, label)
        groups.append(top)
        remaining = [i for i in remaining if i not in top]
    if dropped:
        groups.append(dropped)
    ranking = tuple(tuple(sorted(cands[i] for i in g)) for g in groups)
    position = {c: k for k, g in enumerate(ranking) for c in g}
    scores = {c: float(len(ranking) - position[c]) for c in cands}
    details = {
        "pairwise": d,
        "dropped": [cands[i] for i in dropped],
        "default": default,
        "candidates": cands,
    }
    return Result(
        "debian",
        winners,
        ranking,
        scores,
        tuple(rounds),
        "casting vote, then " + tie.name if casting_vote else tie.name,
        broken,
        dict(pw.names),
        details,
    )


def _decide(
    top: list[int],
    cands: Sequence[str],
    casting_vote: str | Sequence[str] | None,
    tie: TieBreak,
    rounds: list[str],
    label: Sequence[str],
) -> tuple[tuple[str, ...], bool]:
    tied = [cands[i] for i in top]
    if len(tied) == 1:
        rounds.append(f"Winner: {label[top[0]]}.")
        return (tied[0],), False
    order = [casting_vote] if isinstance(casting_vote, str) else list(casting_vote or [])
    for choice in order:
        if choice in tied:
            rounds.append(f"Several options remain; the casting vote chooses {choice}.")
            return (choice,), True
    chosen = tie.first(tied)
    rounds.append(
        f"Several options remain ({', '.join(sorted(tied))}) and no casting vote names one; the "
        f"tie-break ({tie.describe()}) chooses {chosen}."
    )
    return (chosen,), True
