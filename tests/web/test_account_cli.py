"""`polemica account create` and `polemica account token` on a fresh server database."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    "DATABASE_URL" in os.environ, reason="the CLI's own databases are SQLite here"
)

CHECK = (
    "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'polemica.web.settings'; "
    "from polemica.web.setup import setup; setup(); "
    "from django.contrib.auth import authenticate; "
    "from polemica.web.accounts.auth import user_for_token; "
    "u = authenticate(username=sys.argv[1], password=sys.argv[2]); "
    "t = user_for_token(sys.argv[3]); "
    "print(u.username if u else None, t.username if t else None)"
)


def _run(home: Path, *argv: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["POLEMICA_HOME"] = str(home)
    return subprocess.run(
        argv, env=env, input=stdin, capture_output=True, text=True, timeout=300, check=False
    )


def _polemica(home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return _run(home, str(Path(sys.executable).parent / "polemica"), *args, stdin=stdin)


def test_the_first_account_and_its_token(tmp_path: Path) -> None:
    made = _polemica(
        tmp_path, "account", "create", "rosa", "--password-stdin", stdin="Spartakus-1919\n"
    )
    assert made.returncode == 0, made.stderr
    assert "created the account rosa" in made.stdout
    token = _polemica(tmp_path, "account", "token", "rosa", "--name", "scripts")
    assert token.returncode == 0, token.stderr
    tok = token.stdout.strip()
    checked = _run(tmp_path, sys.executable, "-c", CHECK, "rosa", "Spartakus-1919", tok)
    assert checked.stdout.split() == ["rosa", "rosa"], checked.stderr


def test_refusals_name_the_problem_and_create_nothing(tmp_path: Path) -> None:
    ok = _polemica(
        tmp_path, "account", "create", "rosa", "--password-stdin", stdin="Spartakus-1919\n"
    )
    assert ok.returncode == 0, ok.stderr
    again = _polemica(
        tmp_path, "account", "create", "rosa", "--password-stdin", stdin="Other-pass-77\n"
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    weak = _polemica(tmp_path, "account", "create", "karl", "--password-stdin", stdin="123\n")
    assert weak.returncode == 1 and "password refused" in weak.stderr
    assert "Traceback" not in weak.stderr
    bad = _polemica(tmp_path, "account", "create", "no spaces!", "--password-stdin", stdin="x\n")
    assert bad.returncode == 1 and "username" in bad.stderr
    long = _polemica(tmp_path, "account", "create", "x" * 151, "--password-stdin", stdin="x\n")
    assert long.returncode == 1 and "at most 150 characters" in long.stderr
    empty = _polemica(tmp_path, "account", "create", "clara", "--password-stdin", stdin="")
    assert empty.returncode == 1 and "no password" in empty.stderr
    nobody = _polemica(tmp_path, "account", "token", "karl")
    assert nobody.returncode == 1 and "no active account 'karl'" in nobody.stderr
    checked = _run(tmp_path, sys.executable, "-c", CHECK, "karl", "123", "nope")
    assert checked.stdout.split() == ["None", "None"], checked.stderr
