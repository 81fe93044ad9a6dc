"""Opinion groups on planted structure: recovered, stable, relabelling-proof."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from polemica.decide.opinion import VoteMatrix, opinion_groups
from polemica.decide.opinion.groups import placed_participants
from polemica.decide.opinion.lloyd import modal_kmeans
from polemica.decide.opinion.pca import centred, pca
from polemica.decide.opinion.repness import prop_test, two_prop_test


def planted(
    seed: int = 1, per_group: int = 40, n_statements: int = 30
) -> tuple[VoteMatrix, list[int], np.ndarray]:
    """Three camps that agree on statement 0 and differ on the rest; 20 % missing votes."""
    rng = np.random.default_rng(seed)
    camps = rng.choice([-1, 1], size=(3, n_statements))
    camps[:, 0] = 1  # everybody agrees on statement 0
    triples, truth = [], []
    for g in range(3):
        for i in range(per_group):
            pid = f"p{g * per_group + i}"
            truth.append(g)
            for s in range(n_statements):
                if s > 0 and rng.random() < 0.2:
                    continue
                vote = int(camps[g, s]) if rng.random() < 0.9 else int(rng.choice([-1, 0, 1]))
                triples.append((pid, f"s{s}", vote if s else 1))
    # two participants who voted too little to be placed
    triples += [("lurker1", "s1", 1), ("lurker1", "s2", -1), ("lurker2", "s3", 0)]
    return VoteMatrix.from_triples(triples), truth, camps


def test_planted_groups_are_recovered_with_their_statements() -> None:
    votes, truth, camps = planted()
    result = opinion_groups(votes)
    assert result.k == 3
    assert "lurker1" not in result.groups and "lurker2" not in result.groups
    ids = [f"p{i}" for i in range(len(truth))]
    assert adjusted_rand_score(truth, [result.groups[p] for p in ids]) == 1.0
    assert sorted(np.bincount(list(result.groups.values())).tolist()) == [40, 40, 40]
    data = result.to_json()
    assert data["consensus"][0] == "s0"
    camp_of = {result.groups[f"p{i}"]: truth[i] for i in range(len(truth))}
    for g, reps in result.representative.items():
        assert 1 <= len(reps) <= 5
        for rep in reps:
            # each statement is representative in the direction the group's camp votes
            want = 1 if rep.repful_for == "agree" else -1
            assert camps[camp_of[g], int(votes.statements[rep.statement][1:])] == want


def test_stable_across_runs_and_under_relabelling() -> None:
    votes, _, _ = planted(seed=2)
    first = opinion_groups(votes).groups
    assert opinion_groups(votes).groups == first
    rng = np.random.default_rng(0)
    n, m = votes.shape
    pperm, sperm = rng.permutation(n), rng.permutation(m)
    new_p = {old: f"x{pperm[i]:04d}" for i, old in enumerate(votes.participants)}
    new_s = {old: f"t{sperm[i]}" for i, old in enumerate(votes.statements)}
    triples = [
        (new_p[votes.participants[r]], new_s[votes.statements[c]], int(v))
        for r, c, v in zip(votes.rows, votes.cols, votes.vals, strict=True)
    ]
    order = rng.permutation(len(triples))
    relabelled = opinion_groups(VoteMatrix.from_triples([triples[i] for i in order])).groups

    def partition(
        groups: dict[str, int], rename: dict[str, str] | None = None
    ) -> set[frozenset[str]]:
        out: dict[int, set[str]] = {}
        for p, g in groups.items():
            out.setdefault(g, set()).add(rename[p] if rename else p)
        return {frozenset(s) for s in out.values()}

    assert partition(relabelled) == partition(first, new_p)


def test_pca_matches_dense_mean_imputation() -> None:
    votes, _, _ = planted(seed=3)
    n, m = votes.shape
    dense = np.full((n, m), np.nan)
    dense[votes.rows, votes.cols] = votes.vals
    imputed = np.where(np.isnan(dense), np.nanmean(dense, axis=0), dense)
    centered = imputed - imputed.mean(axis=0)
    xc, _ = centred(votes)
    assert np.allclose(xc.toarray(), centered)
    _, _, vt = np.linalg.svd(centered, full_matrices=False)
    comps = pca(votes).comps
    assert np.allclose(np.abs(comps @ vt[:2].T), np.eye(2), atol=1e-6)


def test_sparse_participants_are_pushed_out_by_sqrt_of_missing_share() -> None:
    votes = VoteMatrix.from_triples(
        [(f"p{i}", f"s{s}", 1 if (i + s) % 2 else -1) for i in range(10) for s in range(8)]
        + [("few", "s0", 1), ("few", "s1", -1)]
    )
    result = pca(votes)
    xc, _ = centred(votes)
    raw = xc.toarray() @ result.comps.T
    few = votes.participants.index("few")
    assert np.allclose(result.projections[few], raw[few] * np.sqrt(8 / 2))


def test_repness_tests_match_the_formulas() -> None:
    # prop-test: 2·√(n+1)·((s+1)/(n+1) − ½); two-prop-test with +1 smoothing on every count
    assert prop_test(np.array([9.0]), np.array([10.0]))[0] == pytest.approx(
        2 * np.sqrt(11) * (10 / 11 - 0.5)
    )
    s1, s2, n1, n2 = 10.0, 3.0, 11.0, 21.0
    p1, p2, ph = s1 / n1, s2 / n2, (s1 + s2) / (n1 + n2)
    want = (p1 - p2) / np.sqrt(ph * (1 - ph) * (1 / n1 + 1 / n2))
    got = two_prop_test(np.array([9.0]), np.array([2.0]), np.array([10.0]), np.array([20.0]))
    assert got[0] == pytest.approx(want)


def test_too_few_voters_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="no votes"):
        opinion_groups(VoteMatrix.from_triples([]))
    with pytest.raises(ValueError, match="distinct"):
        opinion_groups(VoteMatrix.from_triples([("a", "s", 1), ("b", "s", 1)]))


def test_moderated_statements_count_for_placement_and_scaling_only() -> None:
    """Pol.is zeroes a moderated statement's column: its votes count towards the 7 that place a
    participant and towards the sparsity scaling, and nothing else."""
    votes, _, _ = planted(seed=4)
    triples = [
        (votes.participants[r], votes.statements[c], int(v))
        for r, c, v in zip(votes.rows, votes.cols, votes.vals, strict=True)
    ]
    # "late" voted on 3 statements and on 5 statements later moderated out (8 votes in all)
    extra = [("late", f"s{s}", 1) for s in (1, 2, 3)] + [("late", f"m{j}", 1) for j in range(5)]
    extra += [(f"p{i}", f"m{j}", -1 if i % 2 else 1) for i in range(60) for j in range(5)]
    moderated = [f"m{j}" for j in range(5)]
    with_mod = VoteMatrix.from_triples(triples + extra, moderated=moderated)
    without = VoteMatrix.from_triples(triples + extra[:3])
    result = opinion_groups(with_mod)
    assert "late" in result.groups  # 8 votes ≥ 7, the moderated ones included
    assert "late" not in opinion_groups(without).groups  # 3 votes
    # The PCA ignores the moderated votes entirely…
    a, b = pca(with_mod), pca(without)
    ka, kb = with_mod.kept, without.kept
    assert np.allclose(np.abs(a.comps[:, ka] @ b.comps[:, kb].T), np.eye(2), atol=1e-8)
    # …but the scaling counts a moderated column as voted by everyone: √(N / (kept votes + 5)).
    xc, _ = centred(with_mod)
    late = with_mod.participants.index("late")
    raw = (xc.toarray() @ a.comps.T)[late]
    assert np.allclose(a.projections[late], raw * np.sqrt(len(with_mod.statements) / (3 + 5)))
    # …and no moderated statement is ever representative or consensus.
    chosen = {r.statement for reps in result.representative.values() for r in reps}
    chosen |= {j for j, _, _ in result.consensus}
    assert chosen and not {with_mod.statements[j] for j in chosen} & set(moderated)


def test_threshold_counts_only_statements_someone_voted_on() -> None:
    """min(7, statements) counts the statements in Pol.is's matrix: those with a vote."""
    triples = [(f"p{i}", f"s{s}", 1 if (i + s) % 3 else -1) for i in range(20) for s in range(5)]
    votes = VoteMatrix.from_triples(triples, statements=[f"s{s}" for s in range(12)])
    assert placed_participants(votes).all()  # 5 votes each = every statement voted on


def test_a_single_extreme_participant_is_not_a_group_of_its_own() -> None:
    """Two camps and one far-out participant: the least-inertia 2-means (k-means++, 10 restarts)
    isolates the outlier; seeding from data points, as Pol.is does, keeps the two camps."""
    rng = np.random.default_rng(5)
    camps = np.repeat([[-1.0, 0.0], [1.0, 0.0]], 50, axis=0) + rng.normal(0, 0.3, (100, 2))
    points = np.vstack([camps, [[30.0, 0.0]]])
    weights = np.ones(len(points))
    least = KMeans(2, n_init=10, random_state=0).fit(points).labels_
    assert sorted(np.bincount(least).tolist()) == [1, 100]
    labels = modal_kmeans(points, weights, 2, np.random.default_rng(0))
    assert labels is not None
    assert adjusted_rand_score([0] * 50 + [1] * 50, labels[:100]) == 1.0
