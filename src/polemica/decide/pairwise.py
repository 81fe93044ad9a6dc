"""The pairwise count matrix: d[x, y] = number of voters who rank x strictly above y.

It is all that Schulze, ranked pairs, Copeland and the Debian method need, so a published matrix
(a pairwise CSV) can be tallied without ballots. Built from a rank profile in a vectorized way:
ballots are compared in chunks as (chunk × m × m) boolean arrays and summed with their counts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from polemica.decide.ballots import RankProfile

# Elements of the boolean comparison block built per chunk; bounds memory near 64 MiB.
_CHUNK_CELLS = 1 << 23


@dataclass(frozen=True)
class Pairwise:
    """Pairwise counts over `candidates`; `n_voters` is known when built from ballots."""

    candidates: tuple[str, ...]
    d: npt.NDArray[np.int64]
    n_voters: int | None = None
    names: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        m = len(self.candidates)
        if self.d.shape != (m, m):
            raise ValueError(f"the pairwise matrix must be {m} × {m}")
        if m and (np.any(np.diag(self.d) != 0) or int(self.d.min()) < 0):
            raise ValueError("pairwise counts must be non-negative with a zero diagonal")

    def index(self, cand: str) -> int:
        return self.candidates.index(cand)

    def name(self, cand: str) -> str:
        return self.names.get(cand, cand)

    def condorcet_winner(self) -> str | None:
        wins = self.d > self.d.T
        m = len(self.candidates)
        for i in range(m):
            if int(wins[i].sum()) == m - 1:
                return self.candidates[i]
        return None


def pairwise_counts(
    ranks: npt.NDArray[np.integer], counts: npt.NDArray[np.integer], *, ignore_unranked: bool
) -> npt.NDArray[np.int64]:
    """d[x, y] = Σ counts[i] · [ranks[i, x] < ranks[i, y]] (and y ranked, with ignore_unranked)."""
    n, m = ranks.shape
    d = np.zeros((m, m), dtype=np.int64)
    if n == 0 or m == 0:
        return d
    small: npt.NDArray[np.integer] = ranks.astype(np.int8 if m < 127 else np.int16, copy=False)
    unit = bool(np.all(counts == 1))
    step = max(1, _CHUNK_CELLS // (m * m))
    for start in range(0, n, step):
        r = small[start : start + step]
        above = r[:, :, None] < r[:, None, :]
        if ignore_unranked:
            above &= (r < m)[:, None, :]
        if unit:
            d += above.sum(axis=0, dtype=np.int64)
        else:
            w = counts[start : start + step].astype(np.float64)
            flat = w @ above.reshape(len(r), m * m).astype(np.float64)
            d += np.rint(flat).astype(np.int64).reshape(m, m)
    return d


def pairwise(profile: RankProfile) -> Pairwise:
    """The pairwise matrix of a rank profile."""
    d = pairwise_counts(profile.ranks, profile.counts, ignore_unranked=profile.unranked == "ignore")
    return Pairwise(profile.candidates, d, profile.n_voters, dict(profile.names))
