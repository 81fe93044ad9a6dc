"""kill -9 of the server under concurrent writers: no acknowledged write is lost, `seq` stays
gap-free and the log verifies, on the database the suite runs on (SQLite, or PostgreSQL)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.web.test_start import free_port

POLEMICA = str(Path(sys.executable).parent / "polemica")
WRITERS = 8

# An organization with one cell of WRITERS members, each with a token, and one question.
SEED = r"""
import json, os
from polemica.web.setup import setup
setup()
from polemica.web.accounts.auth import actor_for, issue_token
from polemica.web.accounts.models import User
from polemica.web.orgs import actions as orgs
from polemica.web.process import actions as process

admin = User.objects.create_user("crash-admin", password="x")
org = orgs.do_found_org(actor_for(admin), "Crash test")
a = actor_for(admin)
cell = orgs.do_create_body(a, org.id, "Cell", "cell")
tokens = []
for i in range(int(os.environ["WRITERS"])):
    user = User.objects.create_user(f"crash-{i}", password="x")
    orgs.do_add_member(a, org.id, f"Writer {i}", cell.id, username=user.username)
    tokens.append(issue_token(user, "crash"))
q = process.do_open_question(actor_for(User.objects.get(username="crash-0")), cell.id, "Q", "T")
print(json.dumps({"org": org.id, "question": q.id, "tokens": tokens}))
"""


@pytest.fixture
def server_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of a server with a database of its own (not the test database)."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["POLEMICA_HOME"] = str(tmp_path / "home")
    env["WRITERS"] = str(WRITERS)
    url = os.environ.get("DATABASE_URL")
    if url is None:
        yield env
        return
    name = f"polemica_crash_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield env
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [POLEMICA, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/me")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise AssertionError("the server did not start")


def _write_until_killed(
    port: int, question: str, tokens: list[str], proc: subprocess.Popen[bytes], after: float
) -> set[str]:
    """WRITERS clients post contributions; the server is killed (SIGKILL, all its processes)
    `after` seconds in. Returns the ids of the contributions it acknowledged."""
    acknowledged: set[str] = set()
    lock = threading.Lock()
    start = threading.Barrier(len(tokens) + 1)

    def writer(i: int, token: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        start.wait()
        k = 0
        while True:
            body = json.dumps({"type": "remark", "text": f"Writer {i}, remark {k}."})
            try:
                conn.request(
                    "POST",
                    f"/api/questions/{question}/contributions",
                    body=body,
                    headers={
                        "Authorization": f"Bearer {token}",
                        "Content-Type": "application/json",
                    },
                )
                answer = conn.getresponse()
                data = answer.read()
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this request was never acknowledged
            assert answer.status == 201, data
            with lock:
                acknowledged.add(json.loads(data)["id"])
            k += 1

    threads = [threading.Thread(target=writer, args=(i, t)) for i, t in enumerate(tokens)]
    for t in threads:
        t.start()
    start.wait()
    time.sleep(after)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    for t in threads:
        t.join()
    return acknowledged


def _stored(env: dict[str, str], org: str) -> tuple[list[int], set[str]]:
    """The seqs of the organization's log, and the contributions stored, read directly."""
    seqs_sql = "SELECT seq FROM record_eventrow WHERE org = %s ORDER BY seq"
    ids_sql = "SELECT id FROM process_contribution"
    if "DATABASE_URL" in env:
        with psycopg.connect(env["DATABASE_URL"]) as conn:
            seqs = [r[0] for r in conn.execute(seqs_sql, [org])]
            ids = {r[0] for r in conn.execute(ids_sql)}
        return seqs, ids
    import sqlite3

    with sqlite3.connect(Path(env["POLEMICA_HOME"]) / "polemica.sqlite3") as conn:
        seqs = [r[0] for r in conn.execute(seqs_sql.replace("%s", "?"), [org])]
        ids = {r[0] for r in conn.execute(ids_sql)}
    return seqs, ids


def _polemica(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([POLEMICA, *args], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_no_acknowledged_write_is_lost_when_the_server_is_killed(
    server_env: dict[str, str], tmp_path: Path
) -> None:
    seeded = subprocess.run(
        [sys.executable, "-c", SEED], env=server_env, capture_output=True, text=True
    )
    assert seeded.returncode == 0, seeded.stderr
    world: dict[str, Any] = json.loads(seeded.stdout.strip().splitlines()[-1])
    acknowledged: set[str] = set()
    for round_ in range(2):  # killed twice, the second time after a restart on the same data
        port = free_port()
        proc = _serve(server_env, port)
        acknowledged |= _write_until_killed(
            port, world["question"], world["tokens"], proc, after=1.0 + round_ / 2
        )
    assert len(acknowledged) > 20  # the writers really wrote before each kill
    seqs, stored = _stored(server_env, world["org"])
    assert acknowledged <= stored, f"lost: {sorted(acknowledged - stored)[:5]}"
    assert seqs == list(range(1, len(seqs) + 1))
    _polemica(server_env, "export", world["org"], "--out", str(tmp_path / "export"))
    verdict = _polemica(server_env, "verify", str(tmp_path / "export"))
    assert f"sound — {len(seqs)} events" in verdict
