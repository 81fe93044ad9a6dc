"""PCA of the vote matrix as Pol.is does it, without densifying.

Pol.is fills a missing vote with its statement's mean and then centres every statement on that
mean, so a missing vote becomes exactly 0 after centring: the centred matrix has the sparsity of
the votes. The two leading principal components are the top eigenvectors of Xcᵀ Xc, found with
ARPACK (`eigsh`) on an implicit operator from a fixed all-ones start vector (deterministic and
equivariant under relabelling; Pol.is uses power iteration from the same start vector).
Each participant is then projected on the votes they cast and pushed out from the centre by
√(statements / votes cast), Pol.is's scaling of sparse participants (`pca.clj`:
`sparsity-aware-project-ptpt`). Pol.is counts both as its rating matrix holds them: the
statements are those with at least one vote, and a moderated statement's column is set to 0 for
everyone, so it adds nothing to the PCA or the projection but counts as voted for every
participant.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.linalg import LinearOperator, eigsh

from polemica.decide.opinion.matrix import VoteMatrix


@dataclass(frozen=True)
class Pca:
    center: npt.NDArray[np.float64]  # per statement: mean of the votes cast on it
    comps: npt.NDArray[np.float64]  # (2, statements)
    projections: npt.NDArray[np.float64]  # (participants, 2), scaled for sparsity


def _kept_votes(
    votes: VoteMatrix,
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32], npt.NDArray[np.float64]]:
    """Rows, columns and values of the votes on statements not moderated out (no copy of the
    coordinates when none is)."""
    vals = votes.vals.astype(np.float64)
    if not votes.moderated:
        return votes.rows, votes.cols, vals
    keep = votes.kept[votes.cols]
    return votes.rows[keep], votes.cols[keep], vals[keep]


def centred(votes: VoteMatrix) -> tuple[sp.csr_matrix, npt.NDArray[np.float64]]:
    """Votes minus their statement's mean on cast votes; missing votes stay 0 (imputed mean);
    moderated statements are all 0 (Pol.is's zeroed columns)."""
    n, m = votes.shape
    rows, cols, vals = _kept_votes(votes)
    sums = np.bincount(cols, weights=vals, minlength=m)
    counts = np.bincount(cols, minlength=m)
    center = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    return sp.csr_matrix((vals - center[cols], (rows, cols)), shape=(n, m)), center


def _components(xc: sp.csr_matrix, k: int) -> npt.NDArray[np.float64]:
    n, m = xc.shape
    k = min(k, m, n)
    xt = xc.T.tocsr()
    if m <= k + 1 or m < 64:  # small: exact dense eigendecomposition
        gram = (xt @ xc).toarray()
        w, v = np.linalg.eigh(gram)
        comps = v[:, np.argsort(-w)[:k]].T
    else:
        op = LinearOperator((m, m), matvec=lambda v: xt @ (xc @ v), dtype=np.float64)
        w, v = eigsh(op, k=k, which="LA", v0=np.ones(m) / np.sqrt(m), tol=1e-10)
        comps = v[:, np.argsort(-w)].T
    out = np.zeros((2, m))
    for i, c in enumerate(comps[:2]):
        # A sign that does not depend on the order of statements: positive skew of loadings.
        s = float(np.sum(c**3)) or float(np.sum(c))
        out[i] = -c if s < 0 else c
    return out


def pca(votes: VoteMatrix) -> Pca:
    """Two components, the centre, and every participant's scaled projection."""
    xc, center = centred(votes)
    comps = _components(xc, 2)
    raw = np.asarray(xc @ comps.T)
    return Pca(center, comps, raw * sparsity_scale(votes)[:, None])


def sparsity_scale(votes: VoteMatrix) -> npt.NDArray[np.float64]:
    """√(statements / votes cast) per participant, counted as in Pol.is's rating matrix: only
    statements with a vote, and each moderated one as voted by everybody."""
    n = votes.shape[0]
    voted = votes.voted_statements()
    cast = votes.votes_per_participant()
    if votes.moderated:
        out = ~votes.kept[votes.cols]
        cast += int((voted & ~votes.kept).sum()) - np.bincount(votes.rows[out], minlength=n)
    return np.asarray(np.sqrt(int(voted.sum()) / np.maximum(cast, 1)), dtype=np.float64)
