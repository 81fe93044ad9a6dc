"""Weighted k-means seeded as Pol.is seeds it: from data points, keeping the usual outcome.

Pol.is starts its group k-means from data points (the first k distinct base clusters, in the
order participants arrived; `clusters.clj`: `init-clusters`) and refines with Lloyd's
iterations. Arrival order has nothing to do with opinion, so its seeds are, in effect, k points
drawn at random. We run Lloyd's iterations from many such draws (seeded, so reproducible) and
keep the partition they reach most often: the outcome Pol.is's initialisation most likely gives.
k-means++ would instead favour far-out seeds and the partition of least inertia, which can cut a
single extreme participant off as a group of one (it does on the real conversation
bg2050-volunteers, docs/opinion-groups.md) — a partition Pol.is's seeding seldom reaches: only
when that participant is among the first k to arrive.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import numpy.typing as npt

RESTARTS = 1000
BATCH = 100
MAX_ITER = 100


def _lloyd(
    points: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    centers: npt.NDArray[np.float64],
) -> npt.NDArray[np.int64]:
    """Lloyd's iterations for every restart at once: centers (R, k, 2) → labels (R, n);
    a restart stops when its labels stop changing."""
    restarts, k, dims = centers.shape
    n = len(points)
    labels = np.full((restarts, n), -1, dtype=np.int64)
    active = np.arange(restarts)
    weighted = weights[:, None] * points
    for _ in range(MAX_ITER):
        c = centers[active]
        # Squared distance up to the per-point constant |p|², which argmin does not need.
        new = ((c**2).sum(-1)[:, None, :] - 2 * points @ c.transpose(0, 2, 1)).argmin(-1)
        moved = (new != labels[active]).any(1)
        labels[active] = new
        active, new = active[moved], new[moved]
        if not len(active):
            break
        flat = (new + (np.arange(len(active)) * k)[:, None]).ravel()
        size = len(active) * k
        mass = np.bincount(flat, weights=np.tile(weights, len(active)), minlength=size)
        sums = np.stack(
            [
                np.bincount(flat, weights=np.tile(weighted[:, d], len(active)), minlength=size)
                for d in range(dims)
            ],
            axis=-1,
        ).reshape(len(active), k, dims)
        mass = mass.reshape(len(active), k, 1)
        # An emptied cluster keeps its centre here; such restarts are dropped by the caller
        # (Pol.is drops empty clusters, which leaves fewer than k groups).
        centers[active] = np.where(mass > 0, sums / np.where(mass > 0, mass, 1), centers[active])
    return labels


def _canonical(labels: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.int64]:
    """Per restart, its partition with groups numbered by their first point; rows that do not
    use all k groups are dropped."""
    present = labels[..., None] == np.arange(k)  # (R, n, k)
    full = present.any(1).all(1)
    labels, present = labels[full], present[full]
    first = present.argmax(1)  # (R, k): first point of each group
    rank = np.argsort(np.argsort(first, axis=1), axis=1)
    return np.take_along_axis(rank, labels, axis=1)


def _inertia(
    points: npt.NDArray[np.float64], weights: npt.NDArray[np.float64], labels: npt.NDArray[np.int64]
) -> float:
    total = 0.0
    for g in np.unique(labels):
        w, p = weights[labels == g], points[labels == g]
        centre = (w[:, None] * p).sum(0) / w.sum()
        total += float((w * ((p - centre) ** 2).sum(1)).sum())
    return total


def modal_kmeans(
    points: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    k: int,
    rng: np.random.Generator,
    restarts: int = RESTARTS,
) -> npt.NDArray[np.int64] | None:
    """The k-group partition reached most often from up to `restarts` draws of k distinct points
    as seeds (ties: the lower weighted inertia); None when no draw keeps k non-empty groups.
    Draws come in batches of BATCH; the search stops early once the leading partition is ahead
    of the runner-up by more than 3 standard deviations of that difference (√(sum of both
    counts)), so that more draws would not change the answer."""
    n = len(points)
    if k > n:
        return None
    found: Counter[bytes] = Counter()
    for _ in range(0, restarts, BATCH):
        seeds = rng.random((BATCH, n)).argsort(axis=1)[:, :k]
        parts = _canonical(_lloyd(points, weights, points[seeds]), k).astype(np.int8)
        found.update(row.tobytes() for row in parts)
        ranked = [c for _, c in found.most_common(2)] + [0, 0]
        if ranked[0] and ranked[0] - ranked[1] > 3 * np.sqrt(ranked[0] + ranked[1]):
            break
    if not found:
        return None
    most = max(found.values())
    tied = [
        np.frombuffer(key, dtype=np.int8).astype(np.int64) for key, c in found.items() if c == most
    ]
    return min(tied, key=lambda lab: (_inertia(points, weights, lab), lab.tolist()))
