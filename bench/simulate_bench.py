"""Simulator throughput and memory: 1,000,000 events streamed to disk (target: under 60 s).

Run: `.venv/bin/python -m bench.simulate_bench [--events N] [--regime NAME]`. Each measurement
runs in a fresh process so that its peak resident memory (ru_maxrss) is its own. All runs
simulate the same organization (20,000 members, 10 months); the smaller run stops after its first
quarter of events, so equal peak memory shows that memory does not grow with the events written.
Wall and CPU seconds are both reported: on a shared machine the CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

MEMBERS = 20_000
MONTHS = 10.0


def _run(regime: str, path: Path, events: int, fmt: str) -> int:
    from polemica.events import write_events
    from polemica.simulate import build
    from polemica.simulate.fastjson import RowWriter

    sim = build(regime, seed=1, members=MEMBERS, months=MONTHS)
    if fmt == "parquet":
        return write_events(path, islice(sim.events(), events))
    if fmt == "none":
        return sum(1 for _ in islice(sim.tuples(), events))
    # The JSON Lines path of `polemica simulate` (write_simulation), stopped after `events`.
    with RowWriter(path) as writer:
        for row in islice(sim.tuples(), events):
            writer.write_tuple(row)
        return writer.count


def child(events: int, regime: str, fmt: str) -> dict[str, float]:
    from polemica.simulate.run import relaxed_gc

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench.{fmt}"
        start = time.perf_counter()
        cpu = time.process_time()
        with relaxed_gc():
            count = _run(regime, path, events, fmt)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu
        size = path.stat().st_size if path.exists() else 0
    return {
        "events": count,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "events_per_s": count / seconds,
        "peak_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "bytes": size,
    }


def measure(events: int, regime: str, fmt: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.simulate_bench", "--child", str(events), regime, fmt],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--regime", default="healthy")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        n, regime, fmt = args.child
        print(json.dumps(child(int(n), regime, fmt)))
        return
    rows = [
        ("simulate only (no output)", args.events, "none"),
        ("JSON Lines", args.events // 4, "jsonl"),
        ("JSON Lines", args.events, "jsonl"),
        ("Parquet", args.events, "parquet"),
    ]
    print(
        f"regime {args.regime}, {MEMBERS:,} members, {MONTHS:g} months; "
        f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("| output | events | wall s | CPU s | events/s (wall) | peak RSS (MiB) | file (MiB) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, n, fmt in rows:
        r = measure(n, args.regime, fmt)
        print(
            f"| {label} | {int(r['events']):,} | {r['seconds']:.1f} | {r['cpu_seconds']:.1f} | "
            f"{r['events_per_s']:,.0f} | {r['peak_mib']:.0f} | {r['bytes'] / 2**20:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
