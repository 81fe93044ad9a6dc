"""The agree/disagree/pass matrix, participants × statements, kept sparse.

Votes are stored as coordinate arrays: `rows[i]`, `cols[i]`, `vals[i]` with 1 agree, -1 disagree,
0 pass; a participant who did not vote on a statement has no entry (missing, not pass).

Statements a moderator took out (`moderated`) keep their votes: as in Pol.is, which zeroes their
columns rather than dropping them, those votes count towards who is placed and towards the
sparsity scaling of projections, but take no part in the PCA, the representative statements or
the consensus.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

AGREE, DISAGREE, PASS = 1, -1, 0


@dataclass(frozen=True)
class VoteMatrix:
    """Sparse votes; one entry per (participant, statement) at most."""

    participants: tuple[str, ...]
    statements: tuple[str, ...]
    rows: npt.NDArray[np.int32]
    cols: npt.NDArray[np.int32]
    vals: npt.NDArray[np.int8]
    texts: Mapping[str, str] = field(default_factory=dict)
    moderated: frozenset[str] = frozenset()  # statement ids moderated out (votes kept)

    def __post_init__(self) -> None:
        n, m = len(self.participants), len(self.statements)
        if not (len(self.rows) == len(self.cols) == len(self.vals)):
            raise ValueError("rows, cols and vals must have the same length")
        if len(self.rows) and (
            self.rows.min() < 0
            or self.rows.max() >= n
            or self.cols.min() < 0
            or self.cols.max() >= m
        ):
            raise ValueError("a vote refers to a participant or statement out of range")
        if len(self.vals) and not np.isin(self.vals, (AGREE, DISAGREE, PASS)).all():
            raise ValueError("votes must be 1 (agree), -1 (disagree) or 0 (pass)")
        if len(set(self.participants)) != n or len(set(self.statements)) != m:
            raise ValueError("participant and statement ids must be unique")
        key = self.rows.astype(np.int64) * max(m, 1) + self.cols
        if len(np.unique(key)) != len(key):
            raise ValueError("a participant votes more than once on a statement")
        if not self.moderated <= set(self.statements):
            raise ValueError("a moderated statement is not among the statements")

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.participants), len(self.statements)

    def indicator(self, value: int | None = None) -> sp.csr_matrix:
        """1 where the participant voted (`value` None) or voted `value`."""
        keep = np.ones(len(self.vals), dtype=bool) if value is None else self.vals == value
        data = np.ones(int(keep.sum()), dtype=np.float64)
        return sp.csr_matrix((data, (self.rows[keep], self.cols[keep])), shape=self.shape)

    @property
    def kept(self) -> npt.NDArray[np.bool_]:
        """Per statement: not moderated out."""
        return np.array([s not in self.moderated for s in self.statements], dtype=bool)

    def votes_per_participant(self) -> npt.NDArray[np.int64]:
        """Votes cast by each participant, on moderated statements too (Pol.is's count)."""
        return np.bincount(self.rows, minlength=len(self.participants)).astype(np.int64)

    def voted_statements(self) -> npt.NDArray[np.bool_]:
        """Per statement: at least one vote was cast on it (Pol.is's matrix has only these)."""
        return np.bincount(self.cols, minlength=len(self.statements)) > 0

    @classmethod
    def from_triples(
        cls,
        triples: Sequence[tuple[str, str, int]],
        *,
        statements: Sequence[str] | None = None,
        texts: Mapping[str, str] | None = None,
        moderated: Sequence[str] = (),
    ) -> VoteMatrix:
        """From (participant, statement, vote) triples; a later triple for the same pair wins."""
        latest: dict[tuple[str, str], int] = {}
        for pid, sid, vote in triples:
            latest.pop((pid, sid), None)
            latest[(pid, sid)] = vote
        people = sorted({p for p, _ in latest}, key=natural)
        stmts = (
            list(statements)
            if statements is not None
            else sorted({s for _, s in latest}, key=natural)
        )
        pi = {p: i for i, p in enumerate(people)}
        si = {s: i for i, s in enumerate(stmts)}
        items = [(pi[p], si[s], v) for (p, s), v in latest.items() if s in si]
        arr = np.array(items, dtype=np.int64).reshape(-1, 3)
        return cls(
            tuple(people),
            tuple(stmts),
            arr[:, 0].astype(np.int32),
            arr[:, 1].astype(np.int32),
            arr[:, 2].astype(np.int8),
            dict(texts or {}),
            frozenset(moderated),
        )


def natural(text: str) -> tuple[int, int, str]:
    """Sort key: numeric ids by value, then other ids as text."""
    return (0, int(text), "") if text.isdigit() else (1, 0, text)
