"""Calibrate the syndrome flags on simulated federations, and evaluate them on other seeds.

    .venv/bin/python -m bench.calibrate [--sizes 80,400,1500] [--months 12] \
        [--calib 201,...,206] [--eval 301,...,310] [--regimes healthy,...] \
        [--save runs.json] [--load runs.json] [--measure-only] [--write] [--label after]

Every regime of the simulator (DESIGN §9), the `healthy` control among them, is simulated at
every size on the calibration seeds and on the evaluation seeds (kept apart from each other and
from the seeds the test suite uses: 1–12). For every body, organization and forum of a run the
report gives each syndrome a score and a 90% credible interval (docs/metrics.md, "Certainty");
a syndrome is flagged where the interval's lower end reaches its threshold.

On the calibration seeds each syndrome's threshold is chosen from a grid (0.20…0.90 by 0.05):
among the thresholds that flag at most `--budget` of the healthy control's scopes (bodies,
organizations, forums) for that syndrome, those that flag the most runs of the regimes that have
it; of those, the middle one (the widest margin). The evaluation seeds then give, per syndrome:

- the **false-flag rate**: the share of the healthy federations' scopes it flags, per size;
- the **recall**: the share of runs of a regime having the syndrome in which some scope of the
  report is flagged with it (what a reader of the report sees);
- the **precision**: of all runs (every regime) in which the syndrome is flagged somewhere, the
  share whose regime has it.

`--measure-only` evaluates the flags as the analysis sets them (no threshold choice), e.g. to
record the figures of an older version. `--write` puts the tables into docs/metrics.md
("Calibration", section of `--label`) and, for the section `after`, the plot into
docs/calibration.png; the thresholds
themselves are set by hand in `polemica/analysis/syndromes.py` (FLAG_AT).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Any

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
GRID = [round(0.2 + 0.05 * i, 2) for i in range(15)]
ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "metrics.md"
PLOT = ROOT / "docs" / "calibration.png"
TEST_SEEDS = set(range(1, 13))
"""Seeds the test suite simulates with; never used here."""

# One run: {"regime", "seed", "members", "seconds", "scopes": [[kind, id, {syndrome: entry}]]}
# with entry = [score, flag, low, high] (low/high: the credible interval, or the score when the
# analysis has none).
Run = dict[str, Any]


def run_record(regime: str, seed: int, members: int, months: float) -> Run:
    t0 = time.perf_counter()
    orgs = 2 if regime == "leading_party" else 1
    events = list(simulate(regime, seed=seed, members=members, months=months, orgs=orgs))
    rep = analyze_frame(frame_from_events(events), kinds=("body", "org", "forum"))
    scopes = []
    for s in rep.scopes:
        syn = {}
        for name, y in s.syndromes.items():
            interval = getattr(y, "interval", None)
            lo, hi = interval if interval is not None else (y.score, y.score)
            syn[name] = [y.score, y.flag, lo, hi]
        scopes.append([s.scope, s.id, syn])
    return {
        "regime": regime,
        "seed": seed,
        "members": members,
        "events": len(events),
        "seconds": round(time.perf_counter() - t0, 2),
        "scopes": scopes,
    }


def collect(regimes: list[str], seeds: list[int], sizes: list[int], months: float) -> list[Run]:
    runs = []
    for members in sizes:
        for regime in regimes:
            for seed in seeds:
                r = run_record(regime, seed, members, months)
                runs.append(r)
                print(
                    f"  {members:6} {regime:20} seed {seed:4}  {r['events']:8} events "
                    f"{r['seconds']:6.1f} s",
                    flush=True,
                )
    return runs


def _flag(entry: list[Any], threshold: float | None) -> bool:
    if threshold is None:
        return bool(entry[1])
    return entry[2] is not None and entry[2] >= threshold


def scope_false_flags(
    runs: list[Run], name: str | None, thresholds: dict[str, float] | None
) -> tuple[int, int]:
    """(flagged scopes, scopes) of the healthy runs; `name` None: flagged with any syndrome."""
    flagged = total = 0
    names = SYNDROME_NAMES if name is None else (name,)
    for r in runs:
        if r["regime"] != "healthy":
            continue
        for _, _, syn in r["scopes"]:
            total += 1
            flagged += any(
                _flag(syn[n], None if thresholds is None else thresholds[n]) for n in names
            )
    return flagged, total


def run_flagged(run: Run, name: str, threshold: float | None) -> bool:
    return any(_flag(syn[name], threshold) for _, _, syn in run["scopes"])


def recall(runs: list[Run], name: str, threshold: float | None) -> tuple[int, int]:
    pos = [r for r in runs if name in EXPECTED[r["regime"]]]
    return sum(run_flagged(r, name, threshold) for r in pos), len(pos)


def precision(runs: list[Run], name: str, threshold: float | None) -> tuple[int, int]:
    hits = [r for r in runs if run_flagged(r, name, threshold)]
    return sum(name in EXPECTED[r["regime"]] for r in hits), len(hits)


def calibrate(runs: list[Run], budget: float) -> dict[str, float]:
    chosen = {}
    for name in SYNDROME_NAMES:
        ok = []
        for th in GRID:
            f, n = scope_false_flags(runs, name, {**dict.fromkeys(SYNDROME_NAMES, 1.0), name: th})
            if n == 0 or f / n <= budget:
                ok.append((recall(runs, name, th)[0], th))
        if not ok:
            chosen[name] = GRID[-1]
            continue
        best = max(k for k, _ in ok)
        ties = [th for k, th in ok if k == best]
        chosen[name] = ties[len(ties) // 2]
    return chosen


def _pct(a: int, b: int) -> str:
    if b == 0:
        return "—"
    pct = 100 * a / b
    return f"{pct:.2f}% ({a}/{b})" if 0 < pct < 0.1 else f"{pct:.1f}% ({a}/{b})"


def summary(runs: list[Run], thresholds: dict[str, float] | None) -> dict[str, Any]:
    sizes = sorted({r["members"] for r in runs})
    out: dict[str, Any] = {"sizes": sizes, "false_flags": {}, "recall": {}, "precision": {}}
    for size in sizes:
        sub = [r for r in runs if r["members"] == size]
        out["false_flags"][size] = {
            name or "any": scope_false_flags(sub, name, thresholds)
            for name in (None, *SYNDROME_NAMES)
        }
        out["recall"][size] = {
            name: recall(sub, name, None if thresholds is None else thresholds[name])
            for name in SYNDROME_NAMES
        }
    out["false_flags"]["all"] = {
        name or "any": scope_false_flags(runs, name, thresholds) for name in (None, *SYNDROME_NAMES)
    }
    out["recall"]["all"] = {
        name: recall(runs, name, None if thresholds is None else thresholds[name])
        for name in SYNDROME_NAMES
    }
    out["precision"] = {
        name: precision(runs, name, None if thresholds is None else thresholds[name])
        for name in SYNDROME_NAMES
    }
    regimes = list(dict.fromkeys(r["regime"] for r in runs))
    out["regime_recall"] = {}
    for regime in regimes:
        if not EXPECTED.get(regime):
            continue
        name = next(iter(EXPECTED[regime]))
        th = None if thresholds is None else thresholds[name]
        sub = [r for r in runs if r["regime"] == regime]
        out["regime_recall"][regime] = (sum(run_flagged(r, name, th) for r in sub), len(sub))
    return out


def markdown(
    label: str, command: str, s: dict[str, Any], thresholds: dict[str, float] | None
) -> str:
    sizes = s["sizes"]
    cols = [*sizes, "all"]
    lines = [f"### {label}", "", command, ""]
    lines += [
        "False-flag rate (share of the healthy federations' bodies, organizations and forums "
        "flagged), per size in members:",
        "",
        "| syndrome | " + " | ".join(str(c) for c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for name in ("any", *SYNDROME_NAMES):
        cells = [_pct(*s["false_flags"][c][name]) for c in cols]
        lines.append(
            f"| {'any syndrome' if name == 'any' else f'`{name}`'} | " + " | ".join(cells) + " |"
        )
    lines += [
        "",
        "Recall (share of the runs of the regimes having the syndrome where it is flagged "
        "somewhere in the report) and precision (of the runs where it is flagged, the share "
        "whose regime has it):",
        "",
        "| syndrome | threshold | " + " | ".join(f"recall {c}" for c in cols) + " | precision |",
        "|---|---|" + "---|" * (len(cols) + 1),
    ]
    for name in SYNDROME_NAMES:
        th = "as set" if thresholds is None else f"{thresholds[name]:.2f}"
        cells = [_pct(*s["recall"][c][name]) for c in cols]
        lines.append(
            f"| `{name}` | {th} | " + " | ".join(cells) + f" | {_pct(*s['precision'][name])} |"
        )
    lines += ["", "Per degenerate regime, runs flagged with its syndrome:", ""]
    lines.append("| regime | flagged runs |")
    lines.append("|---|---|")
    for regime, (k, n) in s["regime_recall"].items():
        lines.append(f"| `{regime}` | {_pct(k, n)} |")
    return "\n".join(lines) + "\n"


def plot(s: dict[str, Any], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = s["sizes"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(12, 4.5))
    width = 0.8 / max(1, len(sizes))
    xs = range(len(SYNDROME_NAMES))
    for i, size in enumerate(sizes):
        ff = [s["false_flags"][size][n] for n in SYNDROME_NAMES]
        rc = [s["recall"][size][n] for n in SYNDROME_NAMES]
        a1.bar(
            [x + i * width for x in xs],
            [100 * f / t if t else 0 for f, t in ff],
            width,
            label=f"{size} members",
        )
        a2.bar(
            [x + i * width for x in xs],
            [100 * k / n if n else 0 for k, n in rc],
            width,
            label=f"{size} members",
        )
    a1.axhline(1.0, color="k", ls="--", lw=0.8)
    a2.axhline(95.0, color="k", ls="--", lw=0.8)
    a1.set_title("healthy: % of scopes falsely flagged (target ≤ 1%)")
    a2.set_title("degenerate regimes: % of runs flagged (target ≥ 95%)")
    for a in (a1, a2):
        a.set_xticks([x + 0.4 - width / 2 for x in xs])
        a.set_xticklabels(SYNDROME_NAMES, rotation=35, ha="right", fontsize=8)
        a.legend(fontsize=8)
    a2.set_ylim(0, 105)
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    plt.close(fig)


def write_docs(sections: dict[str, str], intro: str) -> None:
    text = DOCS.read_text(encoding="utf-8")
    head = text.split("\n## Calibration\n", 1)[0].rstrip("\n")
    # A hand-written "In brief" first, then "before" (the figures of the code before issue 13),
    # then the others by name.
    first = {"In brief": 0, "before": 1}
    body = "\n".join(sections[k] for k in sorted(sections, key=lambda k: (first.get(k, 2), k)))
    DOCS.write_text(head + "\n\n## Calibration\n\n" + intro + "\n" + body, encoding="utf-8")


def _ints(text: str) -> list[int]:
    out: list[int] = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            out.extend(range(int(a), int(b) + 1))
        elif part:
            out.append(int(part))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--sizes", default="80,400,1500", help="members per run, comma-separated")
    ap.add_argument("--months", type=float, default=12.0)
    ap.add_argument("--calib", default="201-206", help="calibration seeds (a,b or a-b)")
    ap.add_argument("--eval", default="301-310", help="evaluation seeds (a,b or a-b)")
    ap.add_argument("--regimes", default=",".join(r for r in REGIMES if r in EXPECTED))
    ap.add_argument(
        "--budget", type=float, default=0.001, help="healthy scopes a syndrome may flag"
    )
    ap.add_argument("--measure-only", action="store_true", help="evaluate the flags as set")
    ap.add_argument("--save", type=Path, help="save every run as JSON")
    ap.add_argument(
        "--load",
        type=Path,
        action="append",
        help="reuse runs saved by --save instead of simulating (repeatable: the runs are joined)",
    )
    ap.add_argument(
        "--thresholds",
        help="evaluate with these thresholds (JSON {syndrome: threshold}) instead of choosing",
    )
    ap.add_argument("--label", default="after", help="name of the docs section written")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    sizes, calib, evals = _ints(args.sizes), _ints(args.calib), _ints(args.eval)
    regimes = [r for r in args.regimes.split(",") if r]
    assert not set(calib) & set(evals), "calibration and evaluation seeds must differ"
    assert not (set(calib) | set(evals)) & TEST_SEEDS, "seeds 1–12 are the test suite's"
    loaded: dict[str, list[Run]] = {}
    for path in args.load or []:
        for key, runs in json.loads(path.read_text()).items():
            loaded.setdefault(key, []).extend(runs)
    thresholds: dict[str, float] | None = None
    cal: list[Run] = []
    if args.thresholds:
        thresholds = {k: float(v) for k, v in json.loads(args.thresholds).items()}
    elif not args.measure_only:
        print("calibration runs")
        cal = loaded.get("calibration") or collect(regimes, calib, sizes, args.months)
        thresholds = calibrate(cal, args.budget)
        print("thresholds:", json.dumps(thresholds))
    print("evaluation runs")
    ev = loaded.get("evaluation") or collect(regimes, evals, sizes, args.months)
    if args.save:
        args.save.write_text(json.dumps({"calibration": cal, "evaluation": ev}))
    s = summary(ev, thresholds)
    secs = statistics.fmean(r["seconds"] for r in ev) if ev else 0.0
    command = (
        f"`.venv/bin/python -m bench.calibrate --sizes {args.sizes} --months {args.months:g} "
        + (f"--regimes {args.regimes} " if args.regimes != ap.get_default("regimes") else "")
        + (
            "--measure-only "
            if args.measure_only
            else (
                f"--thresholds '{args.thresholds}' "
                if args.thresholds
                else f"--calib {args.calib} "
            )
        )
        + f"--eval {args.eval} --label '{args.label}' --write` "
        f"({time.strftime('%Y-%m-%d')}, 2 shared cores, {len(ev)} evaluation runs, "
        f"{secs:.1f} s each on average"
        + ("" if thresholds is None else f"; thresholds chosen: {json.dumps(thresholds)}")
        + ")."
    )
    section = markdown(args.label, command, s, thresholds)
    print(section)
    if args.write:
        text = DOCS.read_text(encoding="utf-8")
        old = text.split("\n## Calibration\n", 1)[1] if "\n## Calibration\n" in text else ""
        sections: dict[str, str] = {}
        for chunk in ("\n" + old).split("\n### ")[1:]:
            key = chunk.split("\n", 1)[0].strip()
            sections[key] = "### " + chunk.rstrip("\n") + "\n"
        sections[args.label] = section
        intro = (__doc__ or "").split("\n\n", 2)[2].split("`--measure-only`")[0].strip() + "\n"
        write_docs(sections, intro)
        if thresholds is not None and args.label == "after":
            plot(s, PLOT, f"polemica calibration ({args.label}): evaluation seeds {args.eval}")


if __name__ == "__main__":
    main()
