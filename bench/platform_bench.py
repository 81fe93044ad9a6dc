"""Platform benchmark: 20 concurrent HTTP clients on loopback against a real server (gunicorn),
on SQLite and on PostgreSQL: posting a contribution (action + log append) and reading a question
with 2,000 contributions. Reports throughput and p50/p95 latency.

Run: `.venv/bin/python -m bench.platform_bench` (`--contributions N`, `--posts N`, `--reads N`,
`--only sqlite|postgres`; `--lock-hold`: only how long a post holds its organization's log lock,
measured in process on PostgreSQL). PostgreSQL is used when 127.0.0.1:5432 answers (user postgres, trust);
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

# Set-up both child scripts share: Django, and an organization with one cell of `clients`
# members, each with an account named f"{prefix}-{i}".
SETUP = r"""
import os
os.environ["DJANGO_SETTINGS_MODULE"] = "polemica.web.settings"
from polemica.web.setup import setup
setup()
from polemica.web.accounts.auth import actor_for, issue_token
from polemica.web.accounts.models import User
from polemica.web.orgs import actions as orgs
from polemica.web.process import actions as process

def cell_of(prefix, name, clients):
    admin = User.objects.create_user(f"{prefix}-admin", password="x")
    org = orgs.do_found_org(actor_for(admin), name)
    a = actor_for(admin)  # read again: founding made the account the organization's admin
    body = orgs.do_create_body(a, org.id, "Cell", "cell")
    users = []
    for i in range(clients):
        user = User.objects.create_user(f"{prefix}-{i}", password="x")
        orgs.do_add_member(a, org.id, f"Member {i}", body.id, username=user.username)
        users.append(user)
    return org, body, users
"""

SEED = (
    SETUP
    + r"""
import json, sys
from django.db import transaction

n, clients = int(sys.argv[1]), int(sys.argv[2])
org, body, users = cell_of("bench", "Benchmark Federation", clients)
tokens = [issue_token(user, "bench") for user in users]
first = actor_for(users[0])
big = process.do_open_question(first, body.id, "A long discussion", "Two thousand voices.")
small = process.do_open_question(first, body.id, "Where we post", "New contributions land here.")
with transaction.atomic():
    for i in range(n):
        who = actor_for(users[i % clients])
        process.do_post_contribution(who, big.id, "remark", f"Remark number {i}: " + "words " * 30)
print(json.dumps({"tokens": tokens, "big": big.id, "small": small.id}))
"""
)


# `--lock-hold` (PostgreSQL): how long a post holds its organization's log lock, in process
# (no HTTP): from the statement that locks the log head returning to COMMIT returning; and the
# round trips in between, COMMIT aside (statements Django's cursors send; a batch is one). Serially (one thread; then with this process's tree always behind
# the log, as when another server process appended last), then from CLIENTS threads.
LOCK_HOLD = (
    SETUP
    + r"""
import json, statistics, sys, threading, time
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from polemica.web.record import log

clients, posts = int(sys.argv[1]), int(sys.argv[2])
local = threading.local()
holds, sent = [], []

def watch(execute, sql, params, many, context):
    out = execute(sql, params, many, context)
    if "FOR UPDATE" in sql:
        local.t0, local.n = time.perf_counter(), 0
    elif getattr(local, "t0", None) is not None:
        local.n += 1
    return out

commit = BaseDatabaseWrapper.commit
def timed_commit(self):
    commit(self)
    if getattr(local, "t0", None) is not None:
        holds.append((time.perf_counter() - local.t0) * 1000)
        sent.append(local.n)
        local.t0 = None
BaseDatabaseWrapper.commit = timed_commit

def backend_cpu():
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

org, body, users = cell_of("lock", "Lock Federation", clients)
actors = [actor_for(user) for user in users]
q = process.do_open_question(actors[0], body.id, "Where we post", "Here.")

def phase(name, threads, each, stale=False):
    holds.clear(); sent.clear()
    cpu = {"python": 0.0, "backend": 0.0}
    start = threading.Barrier(threads)
    def work(i):
        b0 = backend_cpu()
        p0 = time.thread_time()
        with connection.execute_wrapper(watch):
            start.wait()
            for k in range(each):
                if stale:
                    log._trees.pop(org.id, None)
                process.do_post_contribution(actors[i], q.id, "remark", f"Remark {i}.{k}")
        cpu["python"] += time.thread_time() - p0
        cpu["backend"] += backend_cpu() - b0
        connection.close()
    t0 = time.perf_counter()
    ts = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    for t in ts: t.start()
    for t in ts: t.join()
    wall = time.perf_counter() - t0
    h = sorted(holds)
    print(json.dumps({
        "phase": name, "posts": len(h), "throughput": len(h) / wall,
        "p50": statistics.median(h), "p95": h[int(len(h) * 0.95)],
        "statements": statistics.mode(sent),
        "python_cpu": cpu["python"] * 1000 / len(h), "backend_cpu": cpu["backend"] * 1000 / len(h),
    }))

phase("serial", 1, posts)
phase("serial, tree behind", 1, posts, stale=True)
phase(f"{clients} threads", clients, max(1, posts // clients))
"""
)


def _lock_hold(env: dict[str, str], posts: int) -> None:
    done = subprocess.run(
        [sys.executable, "-c", LOCK_HOLD, str(CLIENTS), str(posts)],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    print("Lock hold of a post (in process, PostgreSQL)")
    print(
        "| phase | posts | posts/s | lock held p50 (ms) | p95 (ms) | round trips under the lock "
        "| Python CPU per post (ms) | backend CPU per post (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for line in done.stdout.strip().splitlines():
        if not line.startswith("{"):
            continue
        r = json.loads(line)
        print(
            f"| {r['phase']} | {r['posts']} | {r['throughput']:.0f} | {r['p50']:.2f} | "
            f"{r['p95']:.2f} | {r['statements']} | {r['python_cpu']:.2f} | {r['backend_cpu']:.2f} |"
        )


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


def _cpu(master: int) -> tuple[float, float, float]:
    """CPU seconds (user + system) used so far by the server's worker processes, by PostgreSQL's
    processes (all of them: its backends, WAL writer, …) and by this process (the clients).

    On a shared machine wall-clock latency moves with other jobs; CPU per request does much
    less, and 2 cores divided by the three together bound the throughput this machine could
    give when quiet.
    """
    tick = os.sysconf("SC_CLK_TCK")
    server = database = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
        except OSError:
            continue
        fields = rest.split()
        used = (int(fields[11]) + int(fields[12])) / tick
        if int(fields[1]) == master:  # the parent pid
            server += used
        elif name.endswith("(postgres"):
            database += used
    clients = sum(os.times()[:2])
    return server, database, clients


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
    cpu0 = _cpu(master) if master else (0.0, 0.0, 0.0)
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    cpu1 = _cpu(master) if master else (0.0, 0.0, 0.0)
    server, database, clients = (b - a for a, b in zip(cpu0, cpu1, strict=True))
    if errors:
        raise RuntimeError(f"{len(errors)} requests failed, e.g. {errors[0]}")
    q = statistics.quantiles(latencies, n=100)
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / wall,
        "p50": q[49],
        "p95": q[94],
        "cpu_ms": server * 1000 / len(latencies),
        "db_cpu_ms": database * 1000 / len(latencies),
        "client_cpu_ms": clients * 1000 / len(latencies),
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
    parser.add_argument(
        "--lock-hold", action="store_true", help="only the log lock's hold time (PostgreSQL)"
    )
    args = parser.parse_args()
    base = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    if args.lock_hold:
        home = Path(tempfile.mkdtemp(prefix="polemica-bench-"))
        _pg("DROP DATABASE IF EXISTS polemica_bench")
        _pg("CREATE DATABASE polemica_bench")
        try:
            env = {**base, "POLEMICA_HOME": str(home), "DATABASE_URL": PG_BENCH}
            _lock_hold(env, args.posts)
        finally:
            _pg("DROP DATABASE IF EXISTS polemica_bench")
            shutil.rmtree(home, ignore_errors=True)
        return
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
        "| server CPU per request (ms) | database CPU (ms) | client CPU (ms) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        for op, label in (("post", "post a contribution"), ("read", "read the question")):
            m = r[op]
            print(
                f"| {r['database']} | {label} | {m['requests']:.0f} | {m['throughput']:.1f} | "
                f"{m['p50']:.0f} | {m['p95']:.0f} | {m['cpu_ms']:.1f} | "
                f"{m['db_cpu_ms']:.1f} | {m['client_cpu_ms']:.1f} |"
            )


if __name__ == "__main__":
    main()
