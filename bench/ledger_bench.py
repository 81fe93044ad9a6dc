"""Ledger benchmark: append with checkpoint, verify against raw hashlib, memory, proof times.

Run: `.venv/bin/python -m bench.ledger_bench` (1,000,000 events; `--events N` for another size,
`--repeat R` for the best of R runs of each timing, default 2). Figures go into
docs/benchmarks.md, section "Ledger".
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from polemica.events import Event
from polemica.ledger.filelog import FileLog
from polemica.ledger.keys import Signer

ORIGIN = "bench.polemica/org-1"
WORDS = (
    "the",
    "committee",
    "must",
    "answer",
    "this",
    "objection",
    "before",
    "vote",
    "because",
    "facts",
    "placed",
    "body",
    "do",
    "not",
    "support",
    "line",
    "proposed",
    "by",
    "leader",
)


def events(n: int, seed: int = 1) -> Iterator[Event]:
    """A cheap mix like a busy log: contributions with text (personal), votes, phase changes."""
    rng = random.Random(seed)
    for seq in range(1, n + 1):
        actor = f"m-{rng.randrange(5000)}"
        question = f"q-{rng.randrange(2000)}"
        roll = seq % 10
        data: dict[str, object]
        if roll < 6:
            words = rng.randrange(8, 40)
            text = " ".join(rng.choice(WORDS) for _ in range(words))
            kind, data = (
                "contribution.posted",
                {"question": question, "type": "objection", "text": text},
            )
        elif roll < 9:
            kind, data = "vote.cast", {"question": question, "ballot": {"choice": f"c-{roll}"}}
        else:
            kind, data = "question.phase_changed", {"question": question, "phase": "voting"}
        at = f"2026-{1 + seq % 12:02d}-{1 + seq % 28:02d}T{seq % 24:02d}:{seq % 60:02d}:00Z"
        yield Event(seq, f"ev-{seq}", at, "org-1", "cc", actor, kind, f"s-{seq}", data)


Timing = tuple[float, float]  # (wall seconds, CPU seconds of this process)


def clock() -> Timing:
    return time.perf_counter(), time.process_time()


def since(start: Timing) -> Timing:
    return time.perf_counter() - start[0], time.process_time() - start[1]


def build(path: Path, batch: list[Event], signer: Signer) -> Timing:
    """Time to append the events (pre-generated) and sign the checkpoint."""
    start = clock()
    with FileLog.create(path, ORIGIN, signer) as log:
        log.extend(batch)
        log.sign()
    return since(start)


def raw_hash_seconds(path: Path) -> Timing:
    """hashlib.sha256 over the same leaf bytes, read from the same file, in the same run."""
    start = clock()
    with open(path / "leaves.jsonl", "rb") as f:
        while True:
            lines = f.readlines(1 << 22)
            if not lines:
                break
            for line in lines:
                hashlib.sha256(line[:-1]).digest()
    return since(start)


def timed_verify(path: Path, check_events: bool, workers: int = 1) -> tuple[Timing, float]:
    """Verify `path` in a fresh process: its wall and CPU time and its peak memory (MiB).

    CPU time is the process's, all its threads together. Peak memory is the child's VmHWM
    (reset by exec, unlike ru_maxrss, which a forked child inherits from this large parent), so
    it is the verification's own.
    """
    code = (
        "import resource, sys, time; from pathlib import Path; "
        "from polemica.ledger.verify import verify_log; "
        "w, c = time.perf_counter(), time.process_time(); "
        "r = verify_log(Path(sys.argv[1]), check_events=sys.argv[2] == '1', "
        "workers=int(sys.argv[3])); "
        "assert r.ok, r.failure; "
        "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]; "
        "print(time.perf_counter() - w, time.process_time() - c, hwm.split()[1])"
    )
    flag = "1" if check_events else "0"
    out = subprocess.run(
        [sys.executable, "-c", code, str(path), flag, str(workers)],
        capture_output=True,
        text=True,
        check=True,
    )
    wall, cpu, rss = out.stdout.split()
    return (float(wall), float(cpu)), int(rss) / 1024


def proof_times(path: Path, sizes: list[int], repeat: int = 300) -> list[tuple[int, float, float]]:
    """Mean microseconds per inclusion and consistency proof at each tree size."""
    rng = random.Random(7)
    rows = []
    with FileLog.open(path) as log:
        tree = log.tree
        for size in sizes:
            start = time.perf_counter()
            for _ in range(repeat):
                tree.inclusion_proof(rng.randrange(size), size)
            inclusion = (time.perf_counter() - start) / repeat * 1e6
            start = time.perf_counter()
            for _ in range(repeat):
                tree.consistency_proof(rng.randrange(1, size + 1), size)
            consistency = (time.perf_counter() - start) / repeat * 1e6
            rows.append((size, inclusion, consistency))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    n = args.events
    small = max(n // 10, 1)
    signer = Signer.generate(ORIGIN)
    work = Path(tempfile.mkdtemp(prefix="ledger-bench-"))
    try:
        big, little, again = work / "big", work / "small", work / "again"
        batch = list(events(n))
        # The machine is shared: every timing is the best of `repeat` runs, taken in turns.
        runs: dict[str, list[Timing]] = {"append": [build(big, batch, signer)]}
        for _ in range(args.repeat - 1):
            runs["append"].append(build(again, batch, signer))
            shutil.rmtree(again)
        del batch
        build(little, list(events(small)), signer)
        runs.update(raw=[], full=[], threads=[], tree=[])
        for _ in range(args.repeat):
            runs["raw"].append(raw_hash_seconds(big))
            full, rss_big = timed_verify(big, True)
            runs["full"].append(full)
            runs["threads"].append(timed_verify(big, True, workers=2)[0])
            runs["tree"].append(timed_verify(big, False)[0])
        best = {k: (min(t[0] for t in v), min(t[1] for t in v)) for k, v in runs.items()}
        append_s, raw_s, full_s, threads_s, tree_s = (
            best[k] for k in ("append", "raw", "full", "threads", "tree")
        )
        _, rss_small = timed_verify(little, True)
        sizes = sorted({s for s in (1_000, 10_000, 100_000, n) if s <= n})
        proofs = proof_times(big, sizes)
        disk = sum(p.stat().st_size for p in big.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    def rates(t: Timing) -> dict[str, int]:
        return {"wall": round(n / t[0]), "cpu": round(n / t[1])}

    def ratio(t: Timing) -> dict[str, float]:
        return {"wall": round(raw_s[0] / t[0], 3), "cpu": round(raw_s[1] / t[1], 3)}

    report = {
        "events": n,
        "append_events_per_s": rates(append_s),
        "raw_sha256_leaves_per_s": rates(raw_s),
        "verify_events_per_s": rates(full_s),
        "verify_ratio_to_raw_sha256": ratio(full_s),
        "verify_two_threads_events_per_s": rates(threads_s),
        "verify_two_threads_ratio": ratio(threads_s),
        "verify_hashes_only_events_per_s": rates(tree_s),
        "verify_hashes_only_ratio": ratio(tree_s),
        "verify_peak_rss_mib": {str(small): round(rss_small, 1), str(n): round(rss_big, 1)},
        "proof_us": {
            str(s): {"inclusion": round(i, 1), "consistency": round(c, 1)} for s, i, c in proofs
        },
        "log_bytes_on_disk": disk,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
