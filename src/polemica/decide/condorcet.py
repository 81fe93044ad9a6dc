"""Condorcet methods over the pairwise matrix: Schulze (beat path), ranked pairs, Copeland.

Strength of a pairwise defeat x over y (d[x, y] > d[y, x]):
- `winning` (winning votes, the default): d[x, y];
- `margins`: d[x, y] − d[y, x].
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

import numpy as np
import numpy.typing as npt

from polemica.decide.pairwise import Pairwise
from polemica.decide.result import Result, fmt, groups_by_score, pick
from polemica.decide.tiebreak import TieBreak

Strength = Literal["winning", "margins"]
STRENGTHS: tuple[Strength, ...] = ("winning", "margins")
_TABLE_MAX = 15  # above this many candidates the explanation summarizes instead of tabulating


def check_strength(strength: str) -> Strength:
    if strength not in STRENGTHS:
        raise ValueError(f"strength must be 'winning' or 'margins', not {strength!r}")
    return strength  # type: ignore[return-value]


def link_strengths(d: npt.NDArray[np.int64], strength: Strength) -> npt.NDArray[np.int64]:
    """Strength of each direct defeat, 0 where x does not defeat y."""
    wins = d > d.T
    value = d if strength == "winning" else d - d.T
    return np.where(wins, value, 0).astype(np.int64)


def widest_paths(links: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Strength of the strongest path between every pair (Floyd–Warshall with max/min), one
    vectorized m × m update per intermediate candidate."""
    p = links.copy()
    for k in range(p.shape[0]):
        np.maximum(p, np.minimum(p[:, k, None], p[None, k, :]), out=p)
    np.fill_diagonal(p, 0)
    return p


def layers(beats: npt.NDArray[np.bool_]) -> list[list[int]]:
    """Tie groups of a strict partial order given as `beats[x, y]`: repeatedly take every
    remaining candidate that no remaining candidate beats."""
    remaining = list(range(beats.shape[0]))
    out: list[list[int]] = []
    while remaining:
        sub = beats[np.ix_(remaining, remaining)]
        top = [remaining[i] for i in np.flatnonzero(~sub.any(axis=0))]
        if not top:  # a cycle cannot happen for these relations; keep going rather than loop
            top = list(remaining)
        out.append(top)
        remaining = [c for c in remaining if c not in top]
    return out


def matrix_lines(pw: Pairwise, title: str, mat: npt.NDArray[np.int64]) -> str:
    """The matrix as a small text table, or a note when there are too many candidates."""
    m = len(pw.candidates)
    if m > _TABLE_MAX:
        return f"{title}: {m} × {m} matrix (in details)."
    labels = [pw.name(c) for c in pw.candidates]
    width = max(len(s) for s in [*labels, *(str(int(v)) for v in mat.flat)]) + 1
    head = " " * width + "".join(s.rjust(width) for s in labels)
    rows = [
        labels[i].rjust(width) + "".join(str(int(v)).rjust(width) for v in mat[i]) for i in range(m)
    ]
    return "\n".join([f"{title} (row over column):", head, *rows])


def _ranked_result(
    method: str,
    pw: Pairwise,
    groups: list[list[int]],
    scores: dict[str, float],
    rounds: list[str],
    tie: TieBreak,
    seats: int,
    details: dict[str, object],
) -> Result:
    ranking = tuple(tuple(sorted(pw.candidates[i] for i in g)) for g in groups)
    winners, broken, note = pick(ranking, seats, tie)
    names = ", ".join(pw.name(c) for c in winners)
    rounds.append(note or f"Winner{'s' if len(winners) > 1 else ''}: {names}.")
    if note:
        rounds.append(f"Winner{'s' if len(winners) > 1 else ''}: {names}.")
    return Result(
        method, winners, ranking, scores, tuple(rounds), tie.name, broken, dict(pw.names), details
    )


def schulze(
    pw: Pairwise,
    *,
    strength: str = "winning",
    tie_break: str | TieBreak | None = None,
    seats: int = 1,
) -> Result:
    """The Schulze method: x ranks above y when the strongest path from x to y is stronger than
    the strongest path from y to x."""
    strength = check_strength(strength)
    tie = TieBreak.parse(tie_break)
    links = link_strengths(pw.d, strength)
    paths = widest_paths(links)
    beats = paths > paths.T
    groups = layers(beats)
    scores = {c: float(beats[i].sum()) for i, c in enumerate(pw.candidates)}
    rounds = [
        matrix_lines(pw, "Pairwise preferences d[x, y]", pw.d),
        matrix_lines(pw, f"Strongest paths ({strength})", paths),
        "Each candidate's score is the number of candidates whose strongest path to it is "
        "weaker than its own to them: "
        + ", ".join(f"{pw.name(c)} {fmt(s)}" for c, s in scores.items())
        + ".",
    ]
    return _ranked_result(
        f"schulze ({strength})",
        pw,
        groups,
        scores,
        rounds,
        tie,
        seats,
        {"pairwise": pw.d, "strongest_paths": paths, "candidates": pw.candidates},
    )


def _pair_key(
    pw: Pairwise, strength: Strength, tie: TieBreak
) -> Callable[[tuple[int, int]], tuple[object, ...]]:
    d = pw.d

    def key(pair: tuple[int, int]) -> tuple[object, ...]:
        x, y = pair
        main = -int(d[x, y]) if strength == "winning" else -int(d[x, y] - d[y, x])
        opposition = int(d[y, x]) if strength == "winning" else 0
        return (main, opposition, tie.key(pw.candidates[x]), tie.key(pw.candidates[y]))

    return key


def ranked_pairs(
    pw: Pairwise,
    *,
    strength: str = "winning",
    tie_break: str | TieBreak | None = None,
    seats: int = 1,
) -> Result:
    """Tideman's ranked pairs: lock majorities strongest first, skipping any that would close a
    cycle with those already locked; equal strengths are ordered by the tie-break rule."""
    strength = check_strength(strength)
    tie = TieBreak.parse(tie_break)
    d, m = pw.d, len(pw.candidates)
    pairs = sorted(
        ((x, y) for x in range(m) for y in range(m) if d[x, y] > d[y, x]),
        key=_pair_key(pw, strength, tie),
    )
    reach = np.zeros((m, m), dtype=bool)  # transitive closure of the locked edges
    locked: list[tuple[int, int]] = []
    lines = []
    nm = pw.name
    for x, y in pairs:
        label = f"{nm(pw.candidates[x])} over {nm(pw.candidates[y])} ({d[x, y]}:{d[y, x]})"
        if reach[y, x]:
            lines.append(f"skip {label}: it would close a cycle")
            continue
        src = reach[:, x].copy()
        src[x] = True
        dst = reach[y, :].copy()
        dst[y] = True
        reach |= np.outer(src, dst)
        locked.append((x, y))
        lines.append(f"lock {label}")
    groups = layers(reach)
    position = {c: i for i, g in enumerate(groups) for c in g}
    scores = {c: float(len(groups) - position[i]) for i, c in enumerate(pw.candidates)}
    rounds = [
        matrix_lines(pw, "Pairwise preferences d[x, y]", d),
        f"Majorities in order of strength ({strength}; equal strengths by the tie-break "
        f"rule {tie.name}):\n" + ("\n".join(lines) if lines else "(none)"),
    ]
    return _ranked_result(
        f"ranked-pairs ({strength})",
        pw,
        groups,
        scores,
        rounds,
        tie,
        seats,
        {
            "pairwise": pw.d,
            "locked": [[pw.candidates[x], pw.candidates[y]] for x, y in locked],
            "candidates": pw.candidates,
        },
    )


def copeland(pw: Pairwise, *, tie_break: str | TieBreak | None = None, seats: int = 1) -> Result:
    """Copeland: score = pairwise wins − pairwise losses; highest score first."""
    tie = TieBreak.parse(tie_break)
    d = pw.d
    wins = (d > d.T).sum(axis=1)
    losses = (d < d.T).sum(axis=1)
    scores = {c: float(wins[i] - losses[i]) for i, c in enumerate(pw.candidates)}
    ranking = groups_by_score(pw.candidates, scores.__getitem__)
    index = {c: i for i, c in enumerate(pw.candidates)}
    groups = [[index[c] for c in g] for g in ranking]
    rounds = [
        matrix_lines(pw, "Pairwise preferences d[x, y]", d),
        "Wins − losses: "
        + ", ".join(
            f"{pw.name(c)} {int(wins[i])}−{int(losses[i])} = {fmt(scores[c])}"
            for i, c in enumerate(pw.candidates)
        )
        + ".",
    ]
    return _ranked_result(
        "copeland",
        pw,
        groups,
        scores,
        rounds,
        tie,
        seats,
        {"pairwise": d, "candidates": pw.candidates},
    )
