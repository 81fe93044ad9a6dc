"""PCA of the vote matrix as Pol.is does it, without densifying.

Pol.is fills a missing vote with its statement's mean and then centres every statement on that
mean, so a missing vote becomes exactly 0 after centring: the centred matrix has the sparsity of
the votes. The two leading principal components are the top eigenvectors of Xcᵀ Xc, found with
ARPACK (`eigsh`) on an implicit operator from a fixed all-ones start vector (deterministic and
equivariant under relabelling; Pol.is uses power iteration from the same start vector).
Each participant is then projected on the votes they cast and pushed out from the centre by
√(statements / votes cast), Pol.is's scaling of sparse participants.
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


def centred(votes: VoteMatrix) -> tuple[sp.csr_matrix, npt.NDArray[np.float64]]:
    """Votes minus their statement's mean on cast votes; missing votes stay 0 (imputed mean)."""
    n, m = votes.shape
    sums = np.bincount(votes.cols, weights=votes.vals.astype(np.float64), minlength=m)
    counts = np.bincount(votes.cols, minlength=m)
    center = np.divide(sums, counts, out=np.zeros(m), where=counts > 0)
    data = votes.vals.astype(np.float64) - center[votes.cols]
    return sp.csr_matrix((data, (votes.rows, votes.cols)), shape=(n, m)), center


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
    n_votes = votes.votes_per_participant()
    scale = np.sqrt(votes.shape[1] / np.maximum(n_votes, 1))
    return Pca(center, comps, raw * scale[:, None])
