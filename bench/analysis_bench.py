"""Benchmark of the health analysis: full report on 1M events, scaling, coordination vs ConvoKit.

    .venv/bin/python -m bench.analysis_bench [--months 16,47,185] [--dir /tmp/polemica-bench] \
        [--coord-utterances 50000]
    .venv/bin/python -m bench.analysis_bench --scale 1000000,3000000,10000000

Scaling (`--scale`): one simulated federation (regime `healthy`, seed 11, ten organizations of
2,000 members and their forum, 95 months: about 10 million events) is written once as Parquet;
each size is the first N events of that log (the same federation observed for a shorter time,
written as its own Parquet file), and a fresh process runs the full report on each, reporting
wall time, CPU time and peak resident memory (the child's VmHWM).

1. Event files of one simulated organization (regime `healthy`, 1,000 members, seed 11) over a
   growing number of months are generated once into --dir as Parquet with `polemica.simulate`
   (185 months ≈ 1.3 million events): the same organization with a longer history, so the
   series measures how time grows with the number of events.
2. For each, a fresh process runs the full report (`analyze`, every scope, JSON rendered) from
   the Parquet file and reports wall time, CPU time (user + system: the machine is shared) and
   peak resident memory.
3. Coordination: the first --coord-utterances contributions of the largest file; ConvoKit's
   `Coordination` (fit + summarize, everyone towards everyone) against
   `polemica.analysis.coordination.summarize` on the same utterances, in this process, with the
   values checked equal and the speed ratio printed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

CHILD = """
import json, resource, sys, time
t0 = time.perf_counter()
from polemica.analysis import analyze
from polemica.analysis.render import render_json
t1 = time.perf_counter()
rep = analyze(sys.argv[1])
text = render_json(rep)
t2 = time.perf_counter()
use = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"seconds": t2 - t1, "import": t1 - t0, "events": rep.events,
                  "cpu": use.ru_utime + use.ru_stime,
                  "scopes": len(rep.scopes), "bodies": sum(s.scope == "body" for s in rep.scopes),
                  "members": sum(s.scope == "member" for s in rep.scopes),
                  "json_bytes": len(text),
                  "peak_mib": use.ru_maxrss / 1024,
                  "load": " ".join(open("/proc/loadavg").read().split()[:3])}))
"""


def ensure(path: Path, months: int) -> None:
    if path.exists():
        return
    from polemica.simulate import write_simulation

    t0 = time.perf_counter()
    write_simulation(path, "healthy", seed=11, members=1000, months=months)
    print(f"generated {path} in {time.perf_counter() - t0:.0f} s", flush=True)


FEDERATION: dict[str, Any] = {"seed": 11, "members": 20_000, "orgs": 10, "months": 95}


def ensure_federation(path: Path) -> None:
    if path.exists():
        return
    from polemica.simulate import write_simulation

    t0 = time.perf_counter()
    n = write_simulation(path, "healthy", **FEDERATION)
    print(f"generated {path}: {n:,} events in {time.perf_counter() - t0:.0f} s", flush=True)


def prefix(source: Path, n: int, target: Path) -> int:
    """Write the first `n` events of `source` to `target` (row groups as the event writer)."""
    import pyarrow.parquet as pq

    from polemica.events.parquet import ROW_GROUP, SCHEMA

    if target.exists():
        return int(pq.ParquetFile(str(target)).metadata.num_rows)
    tmp = target.with_name(f".{target.name}.tmp")
    written = 0
    with pq.ParquetWriter(str(tmp), SCHEMA, compression="zstd") as out:
        for batch in pq.ParquetFile(str(source)).iter_batches(batch_size=ROW_GROUP):
            take = batch.slice(0, n - written)
            out.write_batch(take)
            written += take.num_rows
            if written >= n:
                break
    os.replace(tmp, target)
    return written


def scaling(directory: Path, sizes: list[int]) -> list[dict[str, Any]]:
    whole = directory / "federation-10x2000-m95.parquet"
    ensure_federation(whole)
    rows = []
    for n in sizes:
        path = directory / f"federation-first{n}.parquet"
        prefix(whole, n, path)
        r = full_report(path)
        r["s_per_million"] = r["seconds"] / r["events"] * 1e6
        r["cpu_per_million"] = r["cpu"] / r["events"] * 1e6
        rows.append(r)
        print(
            f"{r['events']:,} events, {r['scopes']} scopes ({r['bodies']} bodies, "
            f"{r['members']} members): wall {r['seconds']:.1f} s "
            f"({r['s_per_million']:.1f} s per million), CPU {r['cpu']:.1f} s "
            f"({r['cpu_per_million']:.1f} s per million), peak {r['peak_mib']:.0f} MiB, "
            f"load {r['load']}",
            flush=True,
        )
    print("| events | scopes | wall s | s per million events | CPU s | peak RSS |")
    print("|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['events']:,} | {r['scopes']:,} | {r['seconds']:.1f} | "
            f"{r['s_per_million']:.1f} | {r['cpu']:.1f} | {r['peak_mib']:,.0f} MiB |"
        )
    return rows


def full_report(path: Path) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def corpus_rows(path: Path, n: int) -> pl.DataFrame:
    from polemica.analysis.frame import scan_events

    c = (
        scan_events(path)
        .filter(pl.col("kind") == "contribution.posted")
        .select(pl.col("subject").alias("id"), pl.col("actor").alias("speaker"), "target", "text")
        .head(n)
        .collect()
    )
    known = set(c["id"].to_list())
    return c.with_columns(
        pl.when(pl.col("target").is_in(list(known))).then(pl.col("target")).alias("reply_to")
    ).select("id", "speaker", "reply_to", "text")


def coordination(path: Path, n: int) -> dict[str, float]:
    from convokit import Coordination, Corpus, Speaker, Utterance

    from polemica.analysis.coordination import summarize

    rows = corpus_rows(path, n)
    speakers = {s: Speaker(id=s) for s in rows["speaker"].unique().to_list()}
    utts = [
        Utterance(
            id=u,
            speaker=speakers[s],
            reply_to=r,
            text=t or "",
            conversation_id=u if r is None else None,
        )
        for u, s, r, t in rows.iter_rows()
    ]
    corpus = Corpus(utterances=utts)
    t0 = time.perf_counter()
    coord = Coordination()
    coord.fit(corpus)
    theirs = coord.summarize(corpus, summary_report=True)
    per = coord.summarize(corpus)
    peer = time.perf_counter() - t0
    t1 = time.perf_counter()
    ours = summarize(rows)
    mine = time.perf_counter() - t1
    equal = ours.scores == {k.id: dict(v) for k, v in per.items()}
    close = all(
        (theirs[k] is None and getattr(ours, k) is None)
        or abs(theirs[k] - getattr(ours, k)) <= 1e-12 * max(1.0, abs(theirs[k]))
        for k in ("agg1", "agg2", "agg3")
    )
    return {
        "utterances": rows.height,
        "speakers_scored": len(ours.scores),
        "convokit_s": peer,
        "polemica_s": mine,
        "ratio": peer / mine,
        "per_speaker_scores_equal": equal,
        "aggregates_equal_1e-12": close,
        "agg3": ours.agg3 or 0.0,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--months", default="16,47,185")
    ap.add_argument(
        "--dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "polemica-bench"
    )
    ap.add_argument("--coord-utterances", type=int, default=50_000)
    ap.add_argument("--scale", help="event counts, e.g. 1000000,3000000,10000000")
    args = ap.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    if args.scale:
        rows = scaling(args.dir, [int(x) for x in args.scale.split(",")])
        print(json.dumps(rows, indent=1))
        return
    results = {}
    months = [int(m) for m in args.months.split(",")]
    for m in months:
        path = args.dir / f"healthy-m{m}.parquet"
        ensure(path, m)
        results[m] = full_report(path)
        r = results[m]
        print(
            f"{m} months: {r['events']:,} events, {r['scopes']} scopes ({r['bodies']} bodies, "
            f"{r['members']} members): wall {r['seconds']:.1f} s, CPU {r['cpu']:.1f} s, "
            f"peak {r['peak_mib']:.0f} MiB, {r['cpu'] / r['events'] * 1e6:.1f} µs CPU/event",
            flush=True,
        )
    c = coordination(args.dir / f"healthy-m{max(months)}.parquet", args.coord_utterances)
    print(
        f"coordination on {c['utterances']:,} utterances: ConvoKit {c['convokit_s']:.2f} s, "
        f"polemica {c['polemica_s']:.3f} s, {c['ratio']:.0f}x; per-speaker scores equal: "
        f"{c['per_speaker_scores_equal']}, aggregates equal: {c['aggregates_equal_1e-12']}"
    )
    print(json.dumps({"reports": results, "coordination": c}, indent=1))
    print(
        f"(this process peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB)"
    )


if __name__ == "__main__":
    main()
