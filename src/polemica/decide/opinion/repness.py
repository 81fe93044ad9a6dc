"""Representative statements per group and consensus statements, after Pol.is's repness.clj.

For group g and statement c (n = counts among the group's members, `rest` = the members of the
other groups): na agrees, nd disagrees, ns votes seen (pass included).
- pa = (na + 1) / (ns + 2), pd likewise (Bayesian smoothing, a Beta(1, 1) prior);
- pat = 2·√(ns + 1)·((na + 1)/(ns + 1) − ½), the one-proportion z-test, pdt likewise;
- ra = pa / ((na_rest + 1) / (ns_rest + 2)), the representativeness ratio, rd likewise;
- rat = two-proportion z-test of (na+1)/(ns+1) against (na_rest+1)/(ns_rest+1), rdt likewise.
A statement is representative of g when (rat > 1.2816 and pat > 1.2816) or the same for
disagree (90 % one-sided). Each is counted for agree when rat > rdt, else disagree; sorted by
repness · repness-test · p-success · p-test; the best agree statement is put first; at most 5;
agrees before disagrees. With none significant, the best by test (preferring an agree) stands in.
Group-aware consensus of c: Π over groups of pa (for agree) and of pd (for disagree).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Z90 = 1.2816
TOP = 5


@dataclass(frozen=True)
class Stats:
    """Arrays of shape (groups, statements)."""

    na: npt.NDArray[np.float64]
    nd: npt.NDArray[np.float64]
    ns: npt.NDArray[np.float64]

    def rest(self) -> Stats:
        return Stats(self.na.sum(0) - self.na, self.nd.sum(0) - self.nd, self.ns.sum(0) - self.ns)


def prop_test(succ: npt.NDArray[np.float64], n: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    s, nn = succ + 1, n + 1
    return np.asarray(2 * np.sqrt(nn) * (s / nn - 0.5))


def two_prop_test(
    succ_in: npt.NDArray[np.float64],
    succ_out: npt.NDArray[np.float64],
    pop_in: npt.NDArray[np.float64],
    pop_out: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    s1, s2, n1, n2 = succ_in + 1, succ_out + 1, pop_in + 1, pop_out + 1
    p1, p2 = s1 / n1, s2 / n2
    ph = (s1 + s2) / (n1 + n2)
    denom = np.sqrt(ph * (1 - ph) * (1 / n1 + 1 / n2))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(ph >= 1, 0.0, (p1 - p2) / np.where(denom > 0, denom, 1))
    return np.asarray(z)


@dataclass(frozen=True)
class Rep:
    statement: int
    repful_for: str  # "agree" or "disagree"
    repness: float
    repness_test: float
    p_success: float
    p_test: float
    n_success: int
    n_trials: int

    @property
    def metric(self) -> float:
        return self.repness * self.repness_test * self.p_success * self.p_test


def _finalize(j: int, c: dict[str, npt.NDArray[np.float64]], g: int) -> Rep:
    agree = c["rat"][g, j] > c["rdt"][g, j]
    a = "a" if agree else "d"
    return Rep(
        j,
        "agree" if agree else "disagree",
        float(c["r" + a][g, j]),
        float(c["r" + a + "t"][g, j]),
        float(c["p" + a][g, j]),
        float(c["p" + a + "t"][g, j]),
        int(c["n" + a][g, j]),
        int(c["ns"][g, j]),
    )


def comparative(stats: Stats) -> dict[str, npt.NDArray[np.float64]]:
    rest = stats.rest()
    pa = (stats.na + 1) / (stats.ns + 2)
    pd = (stats.nd + 1) / (stats.ns + 2)
    return {
        "na": stats.na,
        "nd": stats.nd,
        "ns": stats.ns,
        "pa": pa,
        "pd": pd,
        "pat": prop_test(stats.na, stats.ns),
        "pdt": prop_test(stats.nd, stats.ns),
        "ra": pa / ((rest.na + 1) / (rest.ns + 2)),
        "rd": pd / ((rest.nd + 1) / (rest.ns + 2)),
        "rat": two_prop_test(stats.na, rest.na, stats.ns, rest.ns),
        "rdt": two_prop_test(stats.nd, rest.nd, stats.ns, rest.ns),
    }


def _beats_best_agree(
    c: dict[str, npt.NDArray[np.float64]], g: int, j: int, best: int | None
) -> bool:
    na, nd = c["na"][g, j], c["nd"][g, j]
    if na == 0 and nd == 0:
        return False
    prod = c["ra"][g, j] * c["rat"][g, j] * c["pa"][g, j] * c["pat"][g, j]
    if best is not None and c["ra"][g, best] > 1.0:
        return bool(
            prod > c["ra"][g, best] * c["rat"][g, best] * c["pa"][g, best] * c["pat"][g, best]
        )
    if best is not None:
        return bool(c["pa"][g, j] * c["pat"][g, j] > c["pa"][g, best] * c["pat"][g, best])
    return bool(c["pat"][g, j] > Z90 or (c["ra"][g, j] > 1.0 and c["pa"][g, j] > 0.5))


def representative(stats: Stats) -> list[list[Rep]]:
    """Up to 5 representative statements per group (indices into the statements)."""
    c = comparative(stats)
    out: list[list[Rep]] = []
    for g in range(stats.na.shape[0]):
        sufficient: list[Rep] = []
        best: int | None = None
        best_agree: int | None = None
        for j in range(stats.na.shape[1]):
            if (c["rat"][g, j] > Z90 and c["pat"][g, j] > Z90) or (
                c["rdt"][g, j] > Z90 and c["pdt"][g, j] > Z90
            ):
                sufficient.append(_finalize(j, c, g))
            if not sufficient and (
                best is None
                or max(c["rat"][g, j], c["rdt"][g, j]) > _finalize(best, c, g).repness_test
            ):
                best = j
            if _beats_best_agree(c, g, j, best_agree):
                best_agree = j
        head = []
        if best_agree is not None:
            # Chosen for agreement, so reported as agree (Pol.is may label it by its stronger
            # test, which can read "disagree" on a statement everyone agrees with).
            j = best_agree
            head = [
                Rep(
                    j,
                    "agree",
                    float(c["ra"][g, j]),
                    float(c["rat"][g, j]),
                    float(c["pa"][g, j]),
                    float(c["pat"][g, j]),
                    int(c["na"][g, j]),
                    int(c["ns"][g, j]),
                )
            ]
        elif best is not None:
            head = [_finalize(best, c, g)]
        if not sufficient:
            out.append(head)
            continue
        rest = sorted(
            (r for r in sufficient if r.statement != best_agree),
            key=lambda r: (-r.metric, r.statement),
        )
        chosen = (head + rest)[:TOP] if best_agree is not None else rest[:TOP]
        out.append(
            [r for r in chosen if r.repful_for == "agree"]
            + [r for r in chosen if r.repful_for == "disagree"]
        )
    return out


def group_aware_consensus(stats: Stats) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per statement: Π_g pa and Π_g pd."""
    pa = (stats.na + 1) / (stats.ns + 2)
    pd = (stats.nd + 1) / (stats.ns + 2)
    return pa.prod(axis=0), pd.prod(axis=0)
