"""Opinion groups against Pol.is's own groups on real conversations, beside a plain baseline.

Run: `.venv/bin/python -m bench.polis_agreement [DIR] [--seeds N]` — DIR holds Pol.is export
directories (default: ../shared/data/polis beside the repository). For each conversation: the
participants Pol.is placed (a `group-id` in participants-votes.csv), how many of them we place,
Pol.is's and our number of groups, and the adjusted Rand index against Pol.is's `group-id` of our
groups and of the baseline (mean imputation, PCA to 2 components, k-means with k = 2), over the
participants Pol.is placed (ours unplaced there count as a group of their own) and over those
both place; and how many of the participants both place sit nearer, in our projection, to the
centre of another Pol.is group than to their own (0: Pol.is's groups are a k-means partition of
these projections); `polemica.decide.opinion.agreement`. With --seeds N our index is also given as the
range over seeds 0…N−1 (the default seed is 0). Prints the Markdown table of
docs/opinion-groups.md.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from polemica.decide.opinion import opinion_groups
from polemica.decide.opinion.agreement import agreement
from polemica.io.polis import read_polis_export

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "polis"
HEADER = (
    "| conversation | voters | Pol.is placed | we place (of Pol.is's) | groups Pol.is / ours "
    "| ARI ours | ARI baseline | ARI ours, both placed | ARI baseline, both placed "
    "| Pol.is's groups off-centre | seconds |"
)


def row(directory: Path, seeds: int) -> str:
    export = read_polis_export(directory)
    start = time.perf_counter()
    result = opinion_groups(export.votes)
    seconds = time.perf_counter() - start
    a = agreement(export.votes, export.polis_groups, result)
    ours = f"{a.ari:.3f}"
    if seeds > 1:
        others = [
            agreement(export.votes, export.polis_groups, opinion_groups(export.votes, seed=s)).ari
            for s in range(1, seeds)
        ]
        low, high = min([a.ari, *others]), max([a.ari, *others])
        ours += f" ({low:.3f}–{high:.3f})"
    return (
        f"| {directory.name} | {len(export.votes.participants)} | {a.reference} "
        f"| {a.both} | {len(set(export.polis_groups.values()))} / {result.k} "
        f"| {ours} | {a.baseline_ari:.3f} | {a.ari_both:.3f} | {a.baseline_ari_both:.3f} "
        f"| {a.off_centre} | {seconds:.2f} |"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--seeds", type=int, default=1, help="also run seeds 1…N−1")
    args = parser.parse_args(argv)
    exports = sorted(d for d in args.directory.iterdir() if (d / "participants-votes.csv").exists())
    print(HEADER)
    print("|" + "---|" * HEADER.count(" | ") + "---|")
    for directory in exports:
        print(row(directory, args.seeds), flush=True)


if __name__ == "__main__":
    main()
