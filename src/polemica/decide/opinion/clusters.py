"""Base clusters and group clusters of participant projections (the Pol.is two-level scheme).

Participants are first grouped into up to 100 base clusters by k-means; the base-cluster centres,
weighted by their sizes, are then clustered into k = 2…5 groups, and k is chosen by the
silhouette coefficient of the base-cluster centres (ties: the smaller k); as in Pol.is, k is
at most 2 + ⌊base clusters / 12⌋. The group k-means is seeded from data points as Pol.is seeds it
and keeps the partition those seeds reach most often (`lloyd.py`). Points are put in a canonical
order (sorted by coordinates) before clustering and every random draw is seeded, so the result
depends only on the set of points, not on how participants are numbered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from polemica.decide.opinion.lloyd import modal_kmeans

BASE_K = 100
BASE_RESTARTS = 10  # base k-means restarts while cheap: at most BASE_WORK / participants
BASE_WORK = 50_000
GROUP_KS = range(2, 6)


@dataclass(frozen=True)
class Clustering:
    base_labels: npt.NDArray[np.int64]  # per point: its base cluster
    base_centers: npt.NDArray[np.float64]
    group_of_base: npt.NDArray[np.int64]  # per base cluster: its group
    k: int
    silhouettes: dict[int, float]

    @property
    def labels(self) -> npt.NDArray[np.int64]:
        return self.group_of_base[self.base_labels]


def _kmeans(
    points: npt.NDArray[np.float64], k: int, seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    order = _canonical_order(points)
    restarts = max(1, min(BASE_RESTARTS, BASE_WORK // max(len(points), 1)))
    km = KMeans(n_clusters=k, n_init=restarts, random_state=seed, max_iter=300)
    # One thread: on 2-D points scikit-learn's OpenMP threads cost more than they save (measured
    # 3–9× slower on a shared 2-core machine, from 300 to 50,000 points).
    with threadpool_limits(limits=1, user_api="openmp"):
        km.fit(points[order])
    labels = np.empty(len(points), dtype=np.int64)
    labels[order] = km.labels_
    return labels, np.asarray(km.cluster_centers_, dtype=np.float64)


def _canonical_order(points: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    return np.asarray(np.lexsort((points[:, 1], points[:, 0])), dtype=np.int64)


def _base_clusters(
    points: npt.NDArray[np.float64], seed: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Labels, centres and sizes of up to 100 non-empty base clusters."""
    distinct, inverse = np.unique(np.round(points, 12), axis=0, return_inverse=True)
    if len(distinct) < 2:
        raise ValueError("too few distinct participants to form groups")
    if len(distinct) <= BASE_K:  # k-means with a cluster per distinct point: each its own
        labels = inverse.ravel().astype(np.int64)
        return labels, distinct, np.bincount(labels).astype(np.float64)
    labels, centers = _kmeans(points, BASE_K, seed)
    sizes = np.bincount(labels, minlength=BASE_K).astype(np.float64)
    used = sizes > 0
    remap = np.cumsum(used) - 1
    return remap[labels], centers[used], sizes[used]


def cluster(points: npt.NDArray[np.float64], *, seed: int = 0) -> Clustering:
    """Base clusters, then groups chosen by silhouette; needs at least 2 distinct points."""
    base_labels, centers, sizes = _base_clusters(points, seed)
    order = _canonical_order(centers)
    rng = np.random.default_rng(seed)
    best: tuple[float, int, npt.NDArray[np.int64]] | None = None
    scores: dict[int, float] = {}
    max_k = min(GROUP_KS[-1], 2 + len(centers) // 12)  # Pol.is's max-k-fn
    for k in GROUP_KS:
        if k > max_k or k >= len(centers):
            break
        found = modal_kmeans(centers[order], sizes[order], k, rng)
        if found is None:
            continue
        labels = np.empty(len(centers), dtype=np.int64)
        labels[order] = found
        score = float(silhouette_score(centers, labels))
        scores[k] = score
        if best is None or score > best[0] + 1e-12:
            best = (score, k, labels)
    if best is None:  # two or three base clusters: each its own group
        group_of_base = np.arange(len(centers), dtype=np.int64)
        k = len(centers)
    else:
        _, k, group_of_base = best
    return Clustering(base_labels, centers, group_of_base, k, scores)
