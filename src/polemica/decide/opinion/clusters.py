"""Base clusters and group clusters of participant projections (the Pol.is two-level scheme).

Participants are first grouped into up to 100 base clusters by k-means; the base-cluster centres,
weighted by their sizes, are then clustered into k = 2…5 groups, and k is chosen by the
silhouette coefficient of the base-cluster centres (ties: the smaller k); as in Pol.is, k is
at most 2 + ⌊base clusters / 12⌋. Points are put in a
canonical order (sorted by coordinates) before clustering and k-means is seeded, so the result
depends only on the set of points, not on how participants are numbered.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

BASE_K = 100
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
    points: npt.NDArray[np.float64],
    k: int,
    seed: int,
    weights: npt.NDArray[np.float64] | None,
    n_init: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    order = np.lexsort((points[:, 1], points[:, 0]))
    km = KMeans(n_clusters=k, n_init=n_init, random_state=seed, max_iter=300)
    sw = None if weights is None else weights[order]
    km.fit(points[order], sample_weight=sw)
    labels = np.empty(len(points), dtype=np.int64)
    labels[order] = km.labels_
    return labels, np.asarray(km.cluster_centers_, dtype=np.float64)


def cluster(points: npt.NDArray[np.float64], *, seed: int = 0) -> Clustering:
    """Base clusters, then groups chosen by silhouette; needs at least 2 distinct points."""
    distinct = np.unique(np.round(points, 12), axis=0)
    if len(distinct) < 2:
        raise ValueError("too few distinct participants to form groups")
    base_k = min(BASE_K, len(distinct))
    base_labels, centers = _kmeans(points, base_k, seed, None, n_init=1)
    sizes = np.bincount(base_labels, minlength=base_k).astype(np.float64)
    used = sizes > 0
    remap = np.cumsum(used) - 1
    base_labels, centers, sizes = remap[base_labels], centers[used], sizes[used]
    best: tuple[float, int, npt.NDArray[np.int64]] | None = None
    scores: dict[int, float] = {}
    max_k = min(GROUP_KS[-1], 2 + len(centers) // 12)  # Pol.is's max-k-fn
    for k in GROUP_KS:
        if k > max_k or k >= len(centers):
            break
        labels, _ = _kmeans(centers, k, seed, sizes, n_init=10)
        if len(set(labels.tolist())) < 2:
            continue
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
