"""Typed ballots, and the rank profile that every ranked method counts.

A ranked ballot lists tie groups best first; candidates it leaves out are *unranked*. By default
(`unranked="bottom"`, the Debian rule) unranked candidates count as tied below every ranked one;
with `unranked="ignore"` a ballot says nothing about any pair that involves an unranked candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

Unranked = Literal["bottom", "ignore"]
Stance = Literal["agree", "disagree", "pass", "block"]
STANCES: tuple[Stance, ...] = ("agree", "disagree", "pass", "block")


@dataclass(frozen=True, slots=True)
class ChoiceBallot:
    """One choice; `choice=None` is an abstention (counted for the quorum, not for options)."""

    choice: str | None
    weight: int = 1
    voter: str | None = None


@dataclass(frozen=True, slots=True)
class ApprovalBallot:
    """The set of options the voter approves of (empty: the voter approves of none)."""

    approve: frozenset[str]
    weight: int = 1
    voter: str | None = None


@dataclass(frozen=True, slots=True)
class RankedBallot:
    """Tie groups, best first; candidates not listed are unranked."""

    ranking: tuple[frozenset[str], ...]
    weight: int = 1
    voter: str | None = None

    @classmethod
    def of(cls, *groups: str | Iterable[str], weight: int = 1) -> RankedBallot:
        """`RankedBallot.of("a", ("b", "c"), "d")`: a, then b and c tied, then d."""
        return cls(
            tuple(frozenset([g]) if isinstance(g, str) else frozenset(g) for g in groups), weight
        )

    def ranked(self) -> frozenset[str]:
        return frozenset().union(*self.ranking) if self.ranking else frozenset()


@dataclass(frozen=True, slots=True)
class ConsentBallot:
    """A stance on one proposal under consensus: agree (consent), disagree (objection that does not
    block), pass (stand aside) or block, which must carry its `reason`."""

    proposal: str
    stance: Stance
    reason: str | None = None
    weight: int = 1
    voter: str | None = None

    def __post_init__(self) -> None:
        if self.stance not in STANCES:
            raise ValueError(f"stance must be one of {', '.join(STANCES)}, not {self.stance!r}")
        if self.stance == "block" and not (self.reason and self.reason.strip()):
            raise ValueError("a block must give its reason")


Ballot = ChoiceBallot | ApprovalBallot | RankedBallot | ConsentBallot


def _check_weight(weight: int) -> None:
    if weight < 0:
        raise ValueError(f"a ballot's weight must not be negative, not {weight}")


@dataclass(frozen=True)
class RankProfile:
    """Ranked ballots as arrays: `ranks[i, c]` is the rank of candidate c on distinct ballot i
    (0 best; equal ranks are ties; `len(candidates)` means unranked) and `counts[i]` how many
    voters cast it. `names` maps candidate ids to display names where a file gives them."""

    candidates: tuple[str, ...]
    ranks: npt.NDArray[np.int32]
    counts: npt.NDArray[np.int64]
    names: Mapping[str, str] = field(default_factory=dict)
    unranked: Unranked = "bottom"

    def __post_init__(self) -> None:
        m = len(self.candidates)
        if len(set(self.candidates)) != m:
            raise ValueError("candidate ids must be unique")
        if self.ranks.ndim != 2 or self.ranks.shape[1] != m:
            raise ValueError(f"ranks must have one column per candidate ({m})")
        if self.counts.shape != (self.ranks.shape[0],):
            raise ValueError("counts must have one entry per ballot")
        if self.counts.size and int(self.counts.min()) < 0:
            raise ValueError("ballot counts must not be negative")
        if self.unranked not in ("bottom", "ignore"):
            raise ValueError("unranked must be 'bottom' or 'ignore'")

    @property
    def n_voters(self) -> int:
        return int(self.counts.sum())

    def name(self, cand: str) -> str:
        return self.names.get(cand, cand)

    def rankings(self) -> Iterable[tuple[tuple[str, ...], ...]]:
        """Each distinct ballot as tie groups of candidate ids (best first), unranked omitted."""
        m = len(self.candidates)
        for row in self.ranks:
            levels = sorted({int(r) for r in row if r < m})
            yield tuple(
                tuple(self.candidates[c] for c in np.flatnonzero(row == lv)) for lv in levels
            )

    @classmethod
    def from_ballots(
        cls,
        ballots: Iterable[RankedBallot],
        candidates: Sequence[str] | None = None,
        *,
        names: Mapping[str, str] | None = None,
        unranked: Unranked = "bottom",
    ) -> RankProfile:
        """Build the profile; candidates default to every id that some ballot ranks, sorted."""
        items = list(ballots)
        if candidates is None:
            candidates = sorted(frozenset().union(*(b.ranked() for b in items)) if items else ())
        index = {c: i for i, c in enumerate(candidates)}
        m = len(candidates)
        ranks = np.full((len(items), m), m, dtype=np.int32)
        counts = np.zeros(len(items), dtype=np.int64)
        for i, ballot in enumerate(items):
            _check_weight(ballot.weight)
            counts[i] = ballot.weight
            seen: set[str] = set()
            for level, group in enumerate(ballot.ranking):
                for cand in group:
                    if cand not in index:
                        raise ValueError(f"ballot {i + 1} ranks unknown candidate {cand!r}")
                    if cand in seen:
                        raise ValueError(f"ballot {i + 1} ranks {cand!r} more than once")
                    seen.add(cand)
                    ranks[i, index[cand]] = level
        return cls(tuple(candidates), ranks, counts, dict(names or {}), unranked)
