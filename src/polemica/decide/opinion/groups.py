"""Opinion groups of a conversation: the whole pipeline and its result."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from polemica.decide.opinion.clusters import Clustering, cluster
from polemica.decide.opinion.matrix import AGREE, DISAGREE, VoteMatrix, natural
from polemica.decide.opinion.pca import Pca, pca
from polemica.decide.opinion.repness import Rep, Stats, group_aware_consensus, representative

MIN_VOTES = 7  # Pol.is places a participant once they voted on 7 statements (or on all, if fewer)
GREEDY_N = 15  # with fewer placed, Pol.is also places the most active voters up to this many
TOP_CONSENSUS = 5


@dataclass(frozen=True)
class OpinionGroups:
    """Groups (0 = largest), representative and consensus statements, and the geometry."""

    groups: dict[str, int]  # participant id → group index; too-sparse participants absent
    representative: dict[int, list[Rep]]  # group → representative statements (indices)
    consensus: list[tuple[int, str, float]]  # (statement index, "agree"/"disagree", score)
    statements: tuple[str, ...]
    participants: tuple[str, ...]
    projections: npt.NDArray[np.float64]  # every participant, (n, 2)
    placed: npt.NDArray[np.bool_]  # participants with enough votes
    k: int
    silhouettes: dict[int, float] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        sid = self.statements
        return {
            "groups": dict(self.groups),
            "representative": {
                str(g): [sid[r.statement] for r in reps] for g, reps in self.representative.items()
            },
            "consensus": [sid[j] for j, _, _ in self.consensus],
            "k": self.k,
            "sizes": {
                str(g): n
                for g, n in enumerate(
                    np.bincount(list(self.groups.values()), minlength=self.k).tolist()
                )
            },
            "silhouettes": {str(k): round(v, 6) for k, v in self.silhouettes.items()},
            "details": {
                "representative": {
                    str(g): [
                        {
                            "statement": sid[r.statement],
                            "repful_for": r.repful_for,
                            "repness": r.repness,
                            "repness_test": r.repness_test,
                            "p_success": r.p_success,
                            "p_test": r.p_test,
                            "n_success": r.n_success,
                            "n_trials": r.n_trials,
                        }
                        for r in reps
                    ]
                    for g, reps in self.representative.items()
                },
                "consensus": [
                    {"statement": sid[j], "for": d, "group_aware_consensus": s}
                    for j, d, s in self.consensus
                ],
                "placed": int(self.placed.sum()),
                "participants": len(self.participants),
            },
        }


def vote_threshold(votes: VoteMatrix, min_votes: int = MIN_VOTES) -> int:
    """min(7, statements with a vote), moderated statements included, as `conversation.clj`."""
    return min(min_votes, int(votes.voted_statements().sum()))


def placed_participants(votes: VoteMatrix, min_votes: int = MIN_VOTES) -> npt.NDArray[np.bool_]:
    """Pol.is's in-conv rule (`conversation.clj`, `:in-conv`): at least min(7, statements) votes,
    counting votes on moderated statements; when that leaves fewer than 15, the most active other
    voters are added (ties by participant order) up to 15."""
    counts = votes.votes_per_participant()
    placed = counts >= vote_threshold(votes, min_votes)
    short = GREEDY_N - int(placed.sum())
    if short > 0:
        others = [i for i in np.argsort(-counts, kind="stable") if not placed[i] and counts[i] > 0]
        placed[others[:short]] = True
    return np.asarray(placed)


def canonical_labels(labels: npt.NDArray[np.int64], ids: list[str]) -> npt.NDArray[np.int64]:
    """Renumber groups: largest first, then by the smallest member id."""
    keys = []
    for g in np.unique(labels):
        members = [ids[i] for i in np.flatnonzero(labels == g)]
        keys.append((-len(members), natural(min(members, key=natural)), int(g)))
    order = {old: new for new, (_, _, old) in enumerate(sorted(keys))}
    return np.array([order[int(g)] for g in labels], dtype=np.int64)


def group_stats(
    votes: VoteMatrix, member_rows: npt.NDArray[np.int64], labels: npt.NDArray[np.int64], k: int
) -> Stats:
    """na, nd, ns per group and statement, from the placed members' votes; only the statements
    not moderated out (Pol.is never selects those), in the order of `votes.kept` indices."""
    onehot = sp.csr_matrix(
        (np.ones(len(member_rows)), (labels, member_rows)), shape=(k, len(votes.participants))
    )
    cols = np.flatnonzero(votes.kept)
    return Stats(
        np.asarray((onehot @ votes.indicator(AGREE)).toarray())[:, cols],
        np.asarray((onehot @ votes.indicator(DISAGREE)).toarray())[:, cols],
        np.asarray((onehot @ votes.indicator()).toarray())[:, cols],
    )


def consensus_statements(stats: Stats) -> list[tuple[int, str, float]]:
    """Statements that every group leans the same way on, by group-aware consensus (top 5 each
    way): Π_g pa over statements where each group's pa > ½, and the same for disagree."""
    gac_a, gac_d = group_aware_consensus(stats)
    pa = (stats.na + 1) / (stats.ns + 2)
    pd = (stats.nd + 1) / (stats.ns + 2)
    out: list[tuple[int, str, float]] = []
    for score, p, label in ((gac_a, pa, "agree"), (gac_d, pd, "disagree")):
        ok = np.flatnonzero((p > 0.5).all(axis=0))
        ranked = sorted(ok.tolist(), key=lambda j: (-score[j], j))[:TOP_CONSENSUS]
        out.extend((j, label, float(score[j])) for j in ranked)
    return out


def opinion_groups(
    votes: VoteMatrix, *, seed: int = 0, min_votes: int = MIN_VOTES
) -> OpinionGroups:
    """Run PCA, clustering, repness and consensus on the vote matrix."""
    if not len(votes.vals):
        raise ValueError("there are no votes")
    proj: Pca = pca(votes)
    placed = placed_participants(votes, min_votes)
    rows = np.flatnonzero(placed)
    if len(rows) < 2:
        raise ValueError(
            f"only {len(rows)} participant(s) voted on at least {vote_threshold(votes, min_votes)} "
            "statements; at least 2 are needed to form groups"
        )
    clustering: Clustering = cluster(proj.projections[rows], seed=seed)
    ids = [votes.participants[i] for i in rows]
    labels = canonical_labels(clustering.labels, ids)
    k = int(labels.max()) + 1
    stats = group_stats(votes, rows, labels, k)
    cols = np.flatnonzero(votes.kept)  # stats index → statement index
    reps = representative(stats)
    return OpinionGroups(
        groups={pid: int(g) for pid, g in zip(ids, labels, strict=True)},
        representative={
            g: [replace(r, statement=int(cols[r.statement])) for r in reps[g]] for g in range(k)
        },
        consensus=[(int(cols[j]), d, v) for j, d, v in consensus_statements(stats)],
        statements=votes.statements,
        participants=votes.participants,
        projections=proj.projections,
        placed=placed,
        k=k,
        silhouettes=clustering.silhouettes,
        texts=dict(votes.texts),
    )
