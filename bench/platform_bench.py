"""Platform benchmark: 20 concurrent HTTP clients on loopback against a real server (gunicorn),
on SQLite and on PostgreSQL: posting a contribution (action + log append) and reading a question
with 2,000 contributions. Reports throughput and p50/p95 latency.

Run: `.venv/bin/python -m bench.platform_bench` (`--contributions N`, `--posts N`, `--reads N`,
`--only sqlite|postgres`). PostgreSQL is used when 127.0.0.1:5432 answers (user postgres, trust);
the benchmark creates and drops its own database `polemica_bench`.
Figures go into docs/benchmarks.md, section "Platform".
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CLIENTS = 20
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "postgres://postgres@127.0.0.1:5432/polemica_bench"

SEED = r"""
import json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "polemica.web.settings"
from polemica.web.setup import setup
setup()
from django.db import transaction
from polemica.web.accounts.auth import actor_for, issue_token
from polemica.web.accounts.models import User
from polemica.web.orgs import actions as orgs
from polemica.web.process import actions as process

n, clients = int(sys.argv[1]), int(sys.argv[2])
admin = User.objects.create_user("bench-admin", password="x")
org = orgs.do_found_org(actor_for(admin), "Benchmark Federation")
a = actor_for(admin)
body = orgs.do_create_body(a, org.id, "Cell", "cell")
tokens = []
for i in range(clients):
    user = User.objects.create_user(f"bench-{i}", password="x")
    orgs.do_add_member(a, org.id, f"Member {i}", body.id, username=user.username)
    tokens.append(issue_token(user, "bench"))
first = actor_for(User.objects.get(username="bench-0"))
big = process.do_open_question(first, body.id, "A long discussion", "Two thousand voices.")
small = process.do_open_question(first, body.id, "Where we post", "New contributions land here.")
with transaction.atomic():
    for i in range(n):
        who = actor_for(User.objects.get(username=f"bench-{i % clients}"))
        process.do_post_contribution(who, big.id, "remark", f"Remark number {i}: " + "words " * 30)
print(json.dumps({"tokens": tokens, "big": big.id, "small": small.id}))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, timeout: float = 120) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def _server_cpu(master: int) -> float:
    """CPU seconds (user + system) used so far by the server's worker processes.

    On a shared machine wall-clock latency moves with other jobs; CPU per request does much
    less, and 2 cores divided by it bounds the throughput this machine could give when quiet.
    """
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:  # the parent pid
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _load(
    port: int, requests: Sequence[tuple[str, str, str | None, str]], master: int | None = None
) -> dict[str, float]:
    """Send `requests` (method, path, body, token) from CLIENTS threads; latency stats in ms."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    chunks = [requests[i::CLIENTS] for i in range(CLIENTS)]
    barrier = threading.Barrier(CLIENTS + 1)

    def client(mine: list[tuple[str, str, str | None, str]]) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        barrier.wait()
        for method, path, body, token in mine:
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
            t0 = time.perf_counter()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status >= 300:
                    errors.append(f"{response.status} {path}")
        conn.close()

    threads = [threading.Thread(target=client, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    cpu0 = _server_cpu(master) if master else 0.0
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu = (_server_cpu(master) - cpu0) if master else 0.0
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, e.g. {errors[0]}")
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / wall,
        "p50": q[49],
        "p95": q[94],
        "cpu_ms": cpu * 1000 / len(latencies),
    }


def _run(name: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    seeded = subprocess.run(
        [sys.executable, "-c", SEED, str(args.contributions), str(CLIENTS)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seed = json.loads(seeded.stdout.strip().splitlines()[-1])
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "polemica"),
            "serve",
            "--port",
            str(port),
            *(["--workers", str(args.workers)] if args.workers else []),
            *(["--threads", str(args.threads)] if args.threads else []),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(port)
        tokens = seed["tokens"]
        posts = [
            (
                "POST",
                f"/api/questions/{seed['small']}/contributions",
                json.dumps({"type": "remark", "text": f"Benchmark remark {i}"}),
                tokens[i % CLIENTS],
            )
            for i in range(args.posts)
        ]
        reads = [
            ("GET", f"/api/questions/{seed['big']}", None, tokens[i % CLIENTS])
            for i in range(args.reads)
        ]
        _load(port, reads[:CLIENTS])  # warm the workers
        post = _load(port, posts, server.pid)
        read = _load(port, reads, server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"database": name, "post": post, "read": read}


def _pg_ready() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--reads", type=int, default=200)
    # Without these the server runs with `polemica serve`'s defaults (which depend on the database).
    parser.add_argument("--workers", type=int)
    parser.add_argument("--threads", type=int)
    parser.add_argument("--only", choices=("sqlite", "postgres"))
    args = parser.parse_args()
    base = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    results = []
    if args.only in (None, "sqlite"):
        home = Path(tempfile.mkdtemp(prefix="polemica-bench-"))
        try:
            results.append(_run("SQLite (WAL)", {**base, "POLEMICA_HOME": str(home)}, args))
        finally:
            shutil.rmtree(home, ignore_errors=True)
    if args.only in (None, "postgres") and _pg_ready():
        home = Path(tempfile.mkdtemp(prefix="polemica-bench-"))
        _pg("DROP DATABASE IF EXISTS polemica_bench")
        _pg("CREATE DATABASE polemica_bench")
        try:
            env = {**base, "POLEMICA_HOME": str(home), "DATABASE_URL": PG_BENCH}
            results.append(_run("PostgreSQL", env, args))
        finally:
            _pg("DROP DATABASE IF EXISTS polemica_bench")
            shutil.rmtree(home, ignore_errors=True)
    print(
        f"{CLIENTS} clients, {args.workers or 'default'} workers × "
        f"{args.threads or 'default'} threads, "
        f"question of {args.contributions} contributions"
    )
    print(
        "| database | operation | requests | throughput (req/s) | p50 (ms) | p95 (ms) "
        "| server CPU per request (ms) |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        for op, label in (("post", "post a contribution"), ("read", "read the question")):
            m = r[op]
            print(
                f"| {r['database']} | {label} | {m['requests']:.0f} | {m['throughput']:.1f} | "
                f"{m['p50']:.0f} | {m['p95']:.0f} | {m['cpu_ms']:.1f} |"
            )


if __name__ == "__main__":
    main()
