"""How far our opinion groups agree with a reference grouping — Pol.is's own `group-id` — beside
a plain baseline (docs/opinion-groups.md, "Against Pol.is's own groups").

The baseline: mean-impute the vote matrix (statements not moderated out), PCA to two components,
k-means with k = 2, every participant placed. Agreement is the adjusted Rand index over the
participants the reference placed; a participant we do not place counts as a group of its own
there (not placing someone Pol.is placed is a disagreement). The same index over the
participants both place is given beside it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score

from polemica.decide.opinion.groups import OpinionGroups
from polemica.decide.opinion.matrix import VoteMatrix, natural

UNPLACED = -1


@dataclass(frozen=True)
class Agreement:
    reference: int  # participants the reference placed
    placed: int  # participants we place
    both: int  # placed by both
    ari: float  # ours, over the reference's placed participants
    baseline_ari: float  # the baseline, over the same participants
    ari_both: float  # ours, over the participants both place
    baseline_ari_both: float  # the baseline, over the same participants
    missing: tuple[str, ...]  # placed by the reference, not by us
    extra: tuple[str, ...]  # placed by us, not by the reference
    off_centre: int  # placed by both, nearer another reference group's centre than their own


def off_centre(projections: dict[str, np.ndarray], reference: dict[str, int]) -> int:
    """How many participants sit nearer (in our projection) to the centre of another reference
    group than to their own group's: 0 when the reference grouping is where k-means would stop
    on these projections, more the further it is from any k-means partition."""
    people = list(projections)
    points = np.array([projections[p] for p in people])
    labels = np.array([reference[p] for p in people])
    groups = np.unique(labels)
    centres = np.array([points[labels == g].mean(axis=0) for g in groups])
    nearest = groups[((points[:, None, :] - centres[None]) ** 2).sum(-1).argmin(axis=1)]
    return int((nearest != labels).sum())


def baseline_groups(votes: VoteMatrix, *, seed: int = 0) -> dict[str, int]:
    """Mean imputation, PCA to two components, k-means with k = 2 (10 restarts), for everyone."""
    keep = votes.kept[votes.cols]
    dense = np.full(votes.shape, np.nan)
    dense[votes.rows[keep], votes.cols[keep]] = votes.vals[keep]
    dense = dense[:, votes.kept & votes.voted_statements()]
    imputed = np.where(np.isnan(dense), np.nanmean(dense, axis=0), dense)
    points = PCA(n_components=2, random_state=seed).fit_transform(imputed)
    labels = KMeans(n_clusters=2, n_init=10, random_state=seed).fit_predict(points)
    return dict(zip(votes.participants, labels.tolist(), strict=True))


def agreement(
    votes: VoteMatrix, reference: dict[str, int], ours: OpinionGroups, *, seed: int = 0
) -> Agreement:
    """Our groups and the baseline's against `reference` (participant id → group)."""
    base = baseline_groups(votes, seed=seed)
    people = sorted(reference, key=natural)
    both = [p for p in people if p in ours.groups]
    index = {p: i for i, p in enumerate(ours.participants)}

    def ari(labels: dict[str, int], among: list[str]) -> float:
        return float(
            adjusted_rand_score(
                [reference[p] for p in among], [labels.get(p, UNPLACED) for p in among]
            )
        )

    return Agreement(
        reference=len(people),
        placed=len(ours.groups),
        both=len(both),
        ari=ari(ours.groups, people),
        baseline_ari=ari(base, people),
        ari_both=ari(ours.groups, both),
        baseline_ari_both=ari(base, both),
        missing=tuple(p for p in people if p not in ours.groups),
        extra=tuple(p for p in ours.groups if p not in reference),
        off_centre=off_centre({p: ours.projections[index[p]] for p in both}, reference),
    )
