#!/usr/bin/env python3
"""Set-up and entry points for a fresh machine: `python3 dev.py start` and `python3 dev.py test`.

Only the standard library is used here, because this script runs before anything is installed.
It creates (or reuses) `.venv/` beside itself, installs the project into it when `pyproject.toml`,
`setup.py` or the C source changed since the last install, and then runs the requested job
inside it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("POLEMICA_VENV", ROOT / ".venv"))
BIN = VENV / "bin"
PY = BIN / "python"
# ConvoKit (a peer used only in parity tests) depends on PyTorch; this pinned CPU build lies on
# disk on our machines, and installing it first keeps pip from downloading a multi-GB CUDA build.
TORCH_PIN = "torch==2.13.0"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/test"
# A change to any of these reinstalls the project, which rebuilds the C module of the ledger.
BUILD_INPUTS = ("pyproject.toml", "setup.py", "src/polemica/ledger/_native.c")


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)


def must(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    code = run(*cmd, env=env)
    if code != 0:
        sys.exit(code)


def ensure_venv(extras: str) -> None:
    """Create the virtual environment and install the project with `extras` when out of date."""
    if not PY.exists():
        must(sys.executable, "-m", "venv", VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    inputs = b"".join((ROOT / name).read_bytes() for name in BUILD_INPUTS)
    digest = hashlib.sha256(inputs + extras.encode()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    must(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    if "peers" in extras:
        must(PY, "-m", "pip", "install", "--quiet", TORCH_PIN)
    target = f".[{extras}]" if extras else "."
    must(PY, "-m", "pip", "install", "--quiet", "-e", target)
    stamp.write_text(digest)


def postgres_url() -> str | None:
    """The PostgreSQL to test against: DATABASE_URL if set, else the local default if it answers."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return url if url.startswith(("postgres://", "postgresql://")) else None
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return DEFAULT_PG
    except OSError:
        return None


def ensure_chromium() -> None:
    """Browser tests need Debian's Chromium; install it when we can, fail when we cannot."""
    if Path("/usr/bin/chromium").exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        must("apt-get", "update", "-qq")
        must("apt-get", "install", "-y", "-qq", "chromium")
    if not Path("/usr/bin/chromium").exists():
        sys.exit("Chromium is required for the browser tests: install Debian's `chromium` package.")


def cmd_test(args: list[str]) -> None:
    ensure_venv("dev,peers")
    if (ROOT / "tests" / "browser").exists():
        ensure_chromium()
    must(BIN / "ruff", "check", "src", "tests", "bench", "dev.py")
    must(BIN / "ruff", "format", "--check", "src", "tests", "bench", "dev.py")
    must(BIN / "mypy")
    must(BIN / "lint-imports")
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    code = run(PY, "-m", "pytest", "-p", "no:cacheprovider", *args, env=env)
    if code == 5:
        sys.exit("No tests were collected: that is a failure, not a pass.")
    if code != 0:
        sys.exit(code)
    if not (ROOT / "src" / "polemica" / "web" / "settings").exists():
        return
    pg = postgres_url()
    if pg is None:
        if os.environ.get("CI"):
            sys.exit("PostgreSQL is required in CI (set DATABASE_URL or run it on 127.0.0.1:5432).")
        print("PostgreSQL not reachable: the database tests ran on SQLite only.")
        return
    env["DATABASE_URL"] = pg
    code = run(PY, "-m", "pytest", "-p", "no:cacheprovider", "-m", "db", *args, env=env)
    if code == 5:
        sys.exit("No database tests were collected on PostgreSQL.")
    if code != 0:
        sys.exit(code)


def cmd_start(args: list[str]) -> None:
    ensure_venv("")
    os.execv(str(BIN / "polemica"), [str(BIN / "polemica"), "start", *args])


def main() -> None:
    jobs = {"start": cmd_start, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in jobs:
        sys.exit("usage: python3 dev.py start|test [arguments]")
    jobs[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    main()
