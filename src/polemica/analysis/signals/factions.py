"""Factions: opinion groups in the vote matrix, how strongly they hold, and whether they last.

Members × items (a question, or a statement for agree/disagree ballots), each cell the member's
choice. Agreement of two members = share of the items both voted on where they chose the same.
Groups: average-linkage clustering (SciPy) of 1 − agreement, with 2…5 groups, the number chosen
by the silhouette. See docs/metrics.md for the definitions of strength and persistence.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import EVIDENCE_CAP, GROUP_ONLY, Signal, ids, missing
from polemica.analysis.tables import CAST, ballot_cells

MIN_VOTERS = 4
MIN_ITEMS = 4
MIN_COMMON = 2
MAX_VOTERS = 1500
"""Beyond this many voters only the most active are grouped (quadratic memory otherwise)."""


@dataclass
class Groups:
    members: list[str]
    labels: np.ndarray
    agree: np.ndarray
    known: np.ndarray
    k: int


def _votes(s: Scope) -> pl.DataFrame:
    """The scope's vote matrix as (actor, item, value) rows, built once per scope: both bloc
    signals and the organization's per-body means read it."""
    key = f"votes:{s.kind}:{s.id}"
    hit = s.tables.cache.get(key)
    if isinstance(hit, pl.DataFrame):
        return hit
    v = s.votes.with_columns(ballot_cells()).filter(CAST)
    # One cell per voter and item: in a forum several delegates vote for one organization, and
    # its latest ballot stands (two choices in one cell would make agreement exceed 1).
    v = v.sort("seq").unique(subset=["actor", "item"], keep="last", maintain_order=True)
    v = v.select("actor", "item", "value", "at", "id", "seq")
    s.tables.cache[key] = v
    return v


def _agreement(v: pl.DataFrame) -> tuple[list[str], np.ndarray, np.ndarray]:
    actor = np.array(v["actor"].to_list(), dtype=object)
    names, row = np.unique(actor, return_inverse=True)
    if len(names) > MAX_VOTERS:
        # The most active voters, the first by name on a tie.
        counts = np.bincount(row)
        top = np.sort(np.lexsort((names, -counts))[:MAX_VOTERS])
        keep = np.isin(row, top)
        names, row = np.unique(actor[keep], return_inverse=True)
        v = v.filter(pl.Series(keep))
    members = [str(m) for m in names]
    # Matrix indices of each row's item and (item, choice): numpy's inverse indices, since
    # Polars' fixed cost per call dominates on the small vote matrices of most bodies.
    item = v["item"].to_numpy()
    _, i = np.unique(item, return_inverse=True)
    cell = np.char.add(
        np.char.add(item.astype(str), "="), v["value"].cast(pl.String).to_numpy().astype(str)
    )
    _, c = np.unique(cell, return_inverse=True)
    a = np.zeros((len(members), int(c.max()) + 1), dtype=np.float32)
    a[row, c] = 1.0
    voted = np.zeros((len(members), int(i.max()) + 1), dtype=np.float32)
    voted[row, i] = 1.0
    same = a @ a.T
    common = voted @ voted.T
    known = common >= MIN_COMMON
    agree = np.divide(same, common, out=np.zeros_like(same), where=common > 0)
    return members, agree.astype(float), known


def silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette over points (0 for points alone in their group), as scikit-learn's."""
    n = len(labels)
    groups_ = np.unique(labels)
    onehot = (labels[:, None] == groups_[None, :]).astype(float)
    sizes = onehot.sum(axis=0)
    sums = dist @ onehot  # distance of each point to each group, summed
    own = onehot.astype(bool)
    own_size = sizes[np.argmax(own, axis=1)]
    a = np.where(own_size > 1, sums[own] / np.maximum(own_size - 1, 1), 0.0)
    other = np.where(own, np.inf, sums / sizes[None, :])
    b = other.min(axis=1)
    s = np.where(own_size > 1, (b - a) / np.maximum(np.maximum(a, b), 1e-12), 0.0)
    return float(s.mean()) if n else 0.0


def adjusted_rand(a: list[int], b: list[int]) -> float:
    """The adjusted Rand index of two labellings (1: identical groups, ≈ 0: chance)."""
    _, ia = np.unique(a, return_inverse=True)
    _, ib = np.unique(b, return_inverse=True)
    table = np.zeros((ia.max() + 1, ib.max() + 1))
    np.add.at(table, (ia, ib), 1)

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    row, col = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    total = len(a) * (len(a) - 1) / 2
    expected = row * col / total if total else 0.0
    top = (row + col) / 2 - expected
    return 1.0 if top == 0 else (index - expected) / top


def _cluster(agree: np.ndarray, known: np.ndarray, k: int | None = None) -> tuple[np.ndarray, int]:
    """Average-linkage clustering of 1 − agreement; the number of groups by the silhouette."""
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(np.where(known, 1.0 - agree, 1.0), 0.0, 1.0)
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    n = dist.shape[0]
    tree = linkage(squareform(dist, checks=False), method="average")
    choices = [k] if k else list(range(2, min(5, n - 1) + 1))
    best: tuple[float, np.ndarray, int] | None = None
    for kk in choices:
        labels = fcluster(tree, t=kk, criterion="maxclust") - 1
        if len(set(labels.tolist())) < 2:
            continue
        score = silhouette(dist, labels)
        if best is None or score > best[0]:
            best = (score, labels, kk)
    if best is None:
        return np.zeros(n, dtype=int), 1
    return best[1], best[2]


def groups(v: pl.DataFrame, k: int | None = None) -> Groups | None:
    if v["actor"].n_unique() < MIN_VOTERS or v["item"].n_unique() < MIN_ITEMS:
        return None
    members, agree, known = _agreement(v)
    labels, kk = _cluster(agree, known, k)
    return Groups(members, labels, agree, known, kk)


def _strength(g: Groups) -> float | None:
    same = g.labels[:, None] == g.labels[None, :]
    off = ~np.eye(len(g.members), dtype=bool) & g.known
    within, between = off & same, off & ~same
    if not within.any() or not between.any():
        return None
    return float(g.agree[within].mean() - g.agree[between].mean())


def _whole(s: Scope, v: pl.DataFrame) -> Groups | None:
    key = f"groups:{s.kind}:{s.id}"
    if key not in s.tables.cache:
        s.tables.cache[key] = groups(v) if v.height else None
    g = s.tables.cache[key]
    return g if isinstance(g, Groups) else None


def _body_votes(s: Scope) -> dict[str, pl.DataFrame]:
    """An organization's votes by body: members of different bodies never vote on the same items,
    so opinion groups are found inside each body and the organization's value is their mean."""
    v = s.votes
    if v.height == 0:
        return {}
    return {str(k[0]): part for k, part in v.partition_by("body", as_dict=True).items() if k[0]}


def _org_mean(s: Scope, fn: str) -> Signal:
    total, weight, evidence = 0.0, 0, []
    for body, votes in sorted(_body_votes(s).items()):
        sub = replace(s, kind="body", id=body, frames=s.with_frames(votes=votes))
        sig = bloc_strength(sub) if fn == "strength" else bloc_persistence(sub)
        if sig.value is not None:
            total += sig.value * sig.n
            weight += sig.n
            evidence += list(sig.evidence)
    if weight == 0:
        return missing("no body of the organization has enough votes to find opinion groups")
    return Signal(total / weight, weight, tuple(evidence[:EVIDENCE_CAP]))


def bloc_strength(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if s.kind == "org":
        return _org_mean(s, "strength")
    v = _votes(s)
    g = _whole(s, v)
    if g is None:
        return missing(f"fewer than {MIN_VOTERS} voters or {MIN_ITEMS} voted items")
    value = _strength(g)
    if value is None:
        return missing("the votes form no separable groups")
    return Signal(value, len(g.members), ids(v))


def bloc_persistence(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if s.kind == "org":
        return _org_mean(s, "persistence")
    v = _votes(s)
    whole = _whole(s, v)
    if whole is None or whole.k < 2:
        return missing("no opinion groups to follow over time")
    first_at = v.group_by("item").agg(pl.col("at").min()).sort("at")
    half = first_at.height // 2
    early = set(first_at["item"].head(half))
    key = f"halves:{s.kind}:{s.id}"
    if key not in s.tables.cache:
        inside = pl.col("item").is_in(list(early))
        s.tables.cache[key] = (
            groups(v.filter(inside), whole.k),
            groups(v.filter(~inside), whole.k),
        )
    halves = s.tables.cache[key]
    assert isinstance(halves, tuple)
    g1: Groups | None = halves[0]
    g2: Groups | None = halves[1]
    if g1 is None or g2 is None:
        return missing("too few votes in one half of the window to compare groups")
    l1 = dict(zip(g1.members, g1.labels, strict=True))
    l2 = dict(zip(g2.members, g2.labels, strict=True))
    both = sorted(set(l1) & set(l2))
    if len(both) < MIN_VOTERS:
        return missing("too few members voted in both halves of the window")
    value = float(adjusted_rand([l1[m] for m in both], [l2[m] for m in both]))
    return Signal(value, len(both), ids(v))
