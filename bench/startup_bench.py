"""Start-up of the `polemica` command as a user runs it: whole processes, alternating with a bare
Python start in the same rounds (issue 16, target 1: within 8× a bare start).

Run: `.venv/bin/python -m bench.startup_bench [--rounds 15]`. Each round starts, in turn, a bare
`python -c pass` and every measured command line once; the table gives each one's median wall
time and its ratio to the bare start's median. Figures go into docs/benchmarks.md, "Start-up".
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = [sys.executable, "-c", "pass"]
# the console script users run, beside this interpreter in the virtual environment
POLEMICA = [str(Path(sys.executable).parent / "polemica")]
USAGES = ["analyze", "tally", "groups", "verify", "simulate", "serve", "log"]
TARGET = 8.0


def wall(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    took = time.perf_counter() - start
    if done.returncode not in (0, 2):  # 2: click's usage error is still a started command
        raise RuntimeError(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    return took


def command_lines(log: Path) -> dict[str, list[str]]:
    lines = {"polemica --help": ["--help"], "polemica --version": ["--version"]}
    lines |= {f"polemica {name} --help": [name, "--help"] for name in USAGES}
    lines["polemica checkpoint LOG (the demo log)"] = ["checkpoint", str(log)]
    return {label: [*POLEMICA, *args] for label, args in lines.items()}


def demo_log(workdir: Path) -> Path:
    subprocess.run([*POLEMICA, "log", "demo", "--dir", str(workdir)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    return workdir / "demo-log"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        lines = command_lines(demo_log(Path(tmp)))
        times: dict[str, list[float]] = {"python -c pass": [], **{k: [] for k in lines}}
        for label in lines:  # warm the file cache once
            wall(lines[label])
        for _ in range(args.rounds):
            times["python -c pass"].append(wall(BARE))
            for label, line in lines.items():
                times[label].append(wall(line))
    bare = statistics.median(times["python -c pass"])
    print(f"{args.rounds} rounds, alternating; target: within {TARGET:.0f}× a bare start")
    print("| command | median (ms) | × bare Python |")
    print("|---|---|---|")
    for label, xs in times.items():
        ratio = statistics.median(xs) / bare
        mark = "" if ratio <= TARGET else " (over)"
        print(f"| `{label}` | {statistics.median(xs) * 1000:.0f} | {ratio:.1f}{mark} |")


if __name__ == "__main__":
    main()
