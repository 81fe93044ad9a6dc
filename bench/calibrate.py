"""Calibrate the syndrome thresholds on simulated organizations, and evaluate them on other seeds.

    .venv/bin/python -m bench.calibrate [--members 120] [--months 6] [--calib 1,2,3] \
        [--eval 101,102,103] [--write]

Every regime of the simulator (DESIGN §9) is simulated on the calibration seeds and on the
evaluation seeds (kept apart). A run's score for a syndrome is the largest of its organization's,
its forum's and the median of its bodies' scores (a cult of persons shows in most bodies, a
committee cult in the organization, a leading party in the forum). On the calibration seeds each
syndrome's threshold is the middle of the grid values (0.20…0.80 by 0.05) with the best balanced
accuracy at telling the regimes that have the syndrome from the others (the widest margin); the
evaluation seeds then give a confusion matrix per syndrome with those thresholds. `--write` puts the tables into docs/metrics.md
("Calibration"); the thresholds themselves are set in `polemica/analysis/syndromes.py`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from polemica.analysis import SYNDROME_NAMES, analyze_frame
from polemica.analysis.frame import frame_from_events
from polemica.simulate import REGIMES, simulate

EXPECTED: dict[str, set[str]] = {
    "healthy": set(),
    "personality_cult": {"personality_cult"},
    "committee_cult": {"personality_cult"},
    "leading_party": {"personality_cult"},
    "formal_democracy": {"formal_democracy"},
    "ultra_democracy": {"ultra_democracy"},
    "factionalism": {"factionalism"},
    "antagonism_branding": {"antagonism_branding"},
    "hush_hush": {"hush_hush"},
    "credit_erasure": {"credit_erasure"},
    "parroting": {"parroting"},
}
GRID = [round(0.2 + 0.05 * i, 2) for i in range(13)]
DOCS = Path(__file__).resolve().parents[1] / "docs" / "metrics.md"


def run_scores(regime: str, seed: int, members: int, months: float) -> dict[str, float]:
    orgs = 2 if regime == "leading_party" else 1
    events = list(simulate(regime, seed=seed, members=members, months=months, orgs=orgs))
    rep = analyze_frame(frame_from_events(events), kinds=("body", "org", "forum"))
    out: dict[str, float] = {}
    for name in SYNDROME_NAMES:
        tops = [
            s.syndromes[name].score
            for s in rep.scopes
            if s.scope in ("org", "forum") and s.syndromes[name].score is not None
        ]
        bodies = [
            s.syndromes[name].score
            for s in rep.scopes
            if s.scope == "body" and s.syndromes[name].score is not None
        ]
        cands = [x for x in tops if x is not None]
        if bodies:
            cands.append(statistics.median(x for x in bodies if x is not None))
        out[name] = max(cands) if cands else 0.0
    return out


def balanced(rows: list[tuple[bool, float]], threshold: float) -> float:
    pos = [s for truth, s in rows if truth]
    neg = [s for truth, s in rows if not truth]
    tpr = sum(s >= threshold for s in pos) / len(pos) if pos else 1.0
    tnr = sum(s < threshold for s in neg) / len(neg) if neg else 1.0
    return (tpr + tnr) / 2


def collect(
    seeds: list[int], members: int, months: float
) -> list[tuple[str, int, dict[str, float]]]:
    runs = []
    for regime in REGIMES:
        if regime not in EXPECTED:
            continue
        for seed in seeds:
            t0 = time.perf_counter()
            runs.append((regime, seed, run_scores(regime, seed, members, months)))
            print(f"  {regime:20} seed {seed:4}  {time.perf_counter() - t0:5.1f} s", flush=True)
    return runs


def calibrate(runs: list[tuple[str, int, dict[str, float]]]) -> dict[str, float]:
    """Per syndrome: the middle of the grid thresholds with the best balanced accuracy (the
    widest margin on both sides, rather than one edge of the gap between the classes)."""
    chosen = {}
    for name in SYNDROME_NAMES:
        rows = [(name in EXPECTED[r], sc[name]) for r, _, sc in runs]
        best = max(balanced(rows, th) for th in GRID)
        ties = [th for th in GRID if balanced(rows, th) == best]
        chosen[name] = ties[len(ties) // 2]
    return chosen


def confusion(
    runs: list[tuple[str, int, dict[str, float]]], thresholds: dict[str, float]
) -> dict[str, dict[str, int]]:
    out = {}
    for name in SYNDROME_NAMES:
        m = {"tp": 0, "fn": 0, "fp": 0, "tn": 0}
        for regime, _, sc in runs:
            truth, flag = name in EXPECTED[regime], sc[name] >= thresholds[name]
            m[("t" if truth == flag else "f") + ("p" if flag else "n")] += 1
        out[name] = m
    return out


def markdown(
    args: argparse.Namespace,
    thresholds: dict[str, float],
    cal: list[tuple[str, int, dict[str, float]]],
    ev: list[tuple[str, int, dict[str, float]]],
) -> str:
    matrix = confusion(ev, thresholds)
    lines = [
        "## Calibration",
        "",
        f"Regenerate with `.venv/bin/python -m bench.calibrate --members {args.members} "
        f"--months {args.months} --calib {args.calib} --eval {args.eval} --write` (2026-11-29, "
        "2 cores). Every simulator regime on the calibration seeds "
        f"({args.calib}) chose each threshold (the middle of the grid values 0.20–0.80 with the "
        "best balanced accuracy); the "
        f"evaluation seeds ({args.eval}), never used to choose, give the confusion matrices. A "
        "run's score for a syndrome is the largest of its organization's, its forum's and the "
        "median of its bodies' scores. Positive regimes: `personality_cult`, `committee_cult`, "
        "`leading_party` for `personality_cult`; the regime of the same name for the others; "
        "`healthy` is negative for all.",
        "",
        "| syndrome | threshold | TP | FN | FP | TN | evaluation accuracy |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in SYNDROME_NAMES:
        m = matrix[name]
        acc = (m["tp"] + m["tn"]) / max(1, sum(m.values()))
        lines.append(
            f"| `{name}` | {thresholds[name]:.2f} | {m['tp']} | {m['fn']} | {m['fp']} | {m['tn']} | {acc:.2f} |"
        )
    lines += ["", "Mean evaluation score of each syndrome (rows) per regime (columns):", ""]
    regimes = list(dict.fromkeys(r for r, _, _ in ev))
    lines.append("| syndrome | " + " | ".join(regimes) + " |")
    lines.append("|---|" + "---|" * len(regimes))
    for name in SYNDROME_NAMES:
        cells = []
        for regime in regimes:
            vals = [sc[name] for r, _, sc in ev if r == regime]
            cells.append(f"{statistics.fmean(vals):.2f}")
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def write_docs(section: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    head = text.split("\n## Calibration\n", 1)[0].rstrip("\n")
    DOCS.write_text(head + "\n\n" + section, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--members", type=int, default=120)
    ap.add_argument("--months", type=float, default=6.0)
    ap.add_argument("--calib", default="1,2,3")
    ap.add_argument("--eval", default="101,102,103")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--save", type=Path, help="also save every run's scores as JSON")
    args = ap.parse_args()
    calib = [int(x) for x in args.calib.split(",")]
    evals = [int(x) for x in args.eval.split(",")]
    assert not set(calib) & set(evals), "calibration and evaluation seeds must differ"
    print("calibration runs")
    cal = collect(calib, args.members, args.months)
    thresholds = calibrate(cal)
    print("thresholds:", json.dumps(thresholds))
    print("evaluation runs")
    ev = collect(evals, args.members, args.months)
    section = markdown(args, thresholds, cal, ev)
    print(section)
    if args.save:
        args.save.write_text(
            json.dumps({"thresholds": thresholds, "calibration": cal, "evaluation": ev})
        )
    if args.write:
        write_docs(section)


if __name__ == "__main__":
    main()
