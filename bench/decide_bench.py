"""Decision methods and opinion groups: speed against pref_voting, and at scale.

Run: `.venv/bin/python -m bench.decide_bench [schulze|million|groups]` (no argument: all three,
each in a fresh process so that its peak resident memory is its own).

- schulze: 50 candidates × 10,000 random linear ballots, ours against pref_voting in the same
  run, identical winners required; timed from the rank arrays to the winners (pref_voting:
  building its Profile, which computes the margins, then `beat_path`), and the beat-path step
  alone from the margins.
- million: 1,000,000 random ranked ballots over 20 candidates, Schulze (winning votes).
- groups: opinion groups of 50,000 participants × 2,000 statements at 10 % density (10 million
  votes from four planted camps with 25 % noise), time and peak memory: the process's peak
  resident memory (input data included) and the peak of memory allocated during the analysis
  (tracemalloc, which numpy arrays report to).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
import tracemalloc
from typing import Any

import numpy as np

SEED = 20261128


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def random_ranks(n: int, m: int, rng: np.random.Generator) -> np.ndarray:
    orders = np.argsort(rng.random((n, m), dtype=np.float32), axis=1)
    ranks = np.empty((n, m), dtype=np.int32)
    ranks[np.arange(n)[:, None], orders] = np.arange(m, dtype=np.int32)
    return ranks


def bench_schulze() -> dict[str, Any]:
    from pref_voting.margin_based_methods import beat_path
    from pref_voting.profiles import Profile

    from polemica.decide.ballots import RankProfile
    from polemica.decide.condorcet import link_strengths, schulze, widest_paths
    from polemica.decide.pairwise import pairwise

    n, m = 10_000, 50
    ranks = random_ranks(n, m, np.random.default_rng(SEED))
    orders = np.argsort(ranks, axis=1)
    cands = tuple(str(c) for c in range(m))
    out: dict[str, Any] = {"ballots": n, "candidates": m}
    for strength, peer_strength in (("margins", None), ("winning", "support")):
        t0 = time.perf_counter()
        pw = pairwise(RankProfile(cands, ranks, np.ones(n, dtype=np.int64)))
        ours = schulze(pw, strength=strength)
        ours_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        links = link_strengths(pw.d, "margins" if strength == "margins" else "winning")
        widest_paths(links)
        ours_step = time.perf_counter() - t0
        t0 = time.perf_counter()
        prof = Profile(orders.tolist())
        t1 = time.perf_counter()
        fn = None if peer_strength is None else prof.support
        peer = beat_path(prof, strength_function=fn)
        t2 = time.perf_counter()
        assert sorted(int(c) for c in ours.ranking[0]) == peer, (ours.ranking[0], peer)
        out[strength] = {
            "ours_s": ours_s,
            "peer_s": t2 - t0,
            "ratio": (t2 - t0) / ours_s,
            "ours_step_s": ours_step,
            "peer_step_s": t2 - t1,
            "step_ratio": (t2 - t1) / ours_step,
            "winners": peer,
        }
    return out


def bench_million() -> dict[str, Any]:
    from polemica.decide.ballots import RankProfile
    from polemica.decide.condorcet import schulze
    from polemica.decide.pairwise import pairwise

    n, m = 1_000_000, 20
    ranks = random_ranks(n, m, np.random.default_rng(SEED))
    t0 = time.perf_counter()
    prof = RankProfile(tuple(str(c) for c in range(m)), ranks, np.ones(n, dtype=np.int64))
    result = schulze(pairwise(prof))
    return {
        "ballots": n,
        "candidates": m,
        "seconds": time.perf_counter() - t0,
        "winners": list(result.winners),
        "peak_mib": peak_mib(),
    }


def planted_votes(n: int, m: int, density: float, camps: int, rng: np.random.Generator) -> Any:
    from polemica.decide.opinion import VoteMatrix

    camp = rng.integers(0, camps, size=n)
    stance = rng.choice(np.array([-1, 1], dtype=np.int8), size=(camps, m))
    rows, cols = [], []
    for start in range(0, n, 5000):
        mask = rng.random((min(5000, n - start), m), dtype=np.float32) < density
        r, c = np.nonzero(mask)
        rows.append((r + start).astype(np.int32))
        cols.append(c.astype(np.int32))
    row, col = np.concatenate(rows), np.concatenate(cols)
    vals = stance[camp[row], col]
    noise = rng.random(len(vals)) < 0.25
    vals[noise] = rng.choice(np.array([-1, 0, 1], dtype=np.int8), size=int(noise.sum()))
    people = tuple(f"p{i}" for i in range(n))
    return VoteMatrix(people, tuple(f"s{j}" for j in range(m)), row, col, vals), camp


def bench_groups() -> dict[str, Any]:
    from sklearn.metrics import adjusted_rand_score

    from polemica.decide.opinion import opinion_groups

    n, m, density = 50_000, 2_000, 0.10
    votes, camp = planted_votes(n, m, density, 4, np.random.default_rng(SEED))
    before = peak_mib()
    t0 = time.perf_counter()
    result = opinion_groups(votes)
    seconds = time.perf_counter() - t0
    after = peak_mib()
    # A second, traced run for the analysis's own allocations (tracing slows it down).
    tracemalloc.start()
    opinion_groups(votes)
    traced = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    placed = [result.groups.get(f"p{i}", -1) for i in range(n)]
    return {
        "participants": n,
        "statements": m,
        "votes": len(votes.vals),
        "seconds": seconds,
        "groups": result.k,
        "placed": len(result.groups),
        "ari_vs_planted": adjusted_rand_score(camp, placed),
        "peak_mib_before": before,
        "peak_mib": after,
        "traced_peak_mib": traced,
    }


PARTS = {"schulze": bench_schulze, "million": bench_million, "groups": bench_groups}


def main(argv: list[str]) -> None:
    if argv and argv[0] in PARTS:
        print(json.dumps({argv[0]: PARTS[argv[0]]()}))
        return
    for part in PARTS:
        done = subprocess.run(
            [sys.executable, "-m", "bench.decide_bench", part],
            check=True,
            capture_output=True,
            text=True,
        )
        data = json.loads(done.stdout.strip().splitlines()[-1])[part]
        print(f"## {part}")
        print(json.dumps(data, indent=2))


if __name__ == "__main__":
    main(sys.argv[1:])
