"""Simulator throughput and memory: 1,000,000 events streamed to disk (target: under 60 s).

Run: `.venv/bin/python -m bench.simulate_bench [--events N] [--regime NAME]`. Each measurement
runs in a fresh process so that its peak resident memory (ru_maxrss) is its own; two sizes are
measured to show that memory stays flat while the number of events grows.
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

# Members and months that give a little over the wanted number of events in `healthy`.
MEMBERS_PER_MILLION = 20_000
MONTHS = 10.0


def child(events: int, regime: str, fmt: str) -> dict[str, float]:
    from polemica.events import write_events
    from polemica.simulate import build
    from polemica.simulate.fastjson import RowWriter

    members = max(200, int(MEMBERS_PER_MILLION * events / 1_000_000))
    sim = build(regime, seed=1, members=members, months=MONTHS)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"bench.{fmt}"
        start = time.perf_counter()
        cpu = time.process_time()
        if fmt == "parquet":
            count = write_events(path, islice(sim.events(), events))
        elif fmt == "none":
            count = sum(1 for _ in islice(sim.rows(), events))
        else:
            with RowWriter(path) as writer:
                for row in islice(sim.rows(), events):
                    writer.write_row(row)
                count = writer.count
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu
        size = path.stat().st_size if path.exists() else 0
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "events": count,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "events_per_s": count / seconds,
        "peak_mib": peak_kib / 1024,
        "bytes": size,
        "members": members,
    }


def measure(events: int, regime: str, fmt: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.simulate_bench", "--child", str(events), regime, fmt],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
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
    print(f"regime {args.regime}; machine: {os.cpu_count()} cores; Python {sys.version.split()[0]}")
    print(
        "| output | events | members | wall s | CPU s | events/s (wall) | peak RSS (MiB) "
        "| file (MiB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, n, fmt in rows:
        r = measure(n, args.regime, fmt)
        print(
            f"| {label} | {int(r['events']):,} | {int(r['members']):,} | {r['seconds']:.1f} | "
            f"{r['cpu_seconds']:.1f} | "
            f"{r['events_per_s']:,.0f} | {r['peak_mib']:.0f} | {r['bytes'] / 2**20:.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
