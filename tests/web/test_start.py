"""The README's first command, end to end: `polemica start` serves the demonstration federation,
and a newcomer can sign in with one of the logins it prints."""

from __future__ import annotations

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from polemica.web.record.demo_cast import ROLES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, proc: subprocess.Popen[str], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"polemica start exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(1)
    raise AssertionError(f"nothing answered at {url} within {seconds} s")


@pytest.mark.skipif("DATABASE_URL" in os.environ, reason="start's own database is SQLite here")
def test_start_serves_the_demo_and_a_printed_login_signs_in(tmp_path: Path) -> None:
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env["POLEMICA_HOME"] = str(tmp_path / "home")
    out = (tmp_path / "out.txt").open("w+")
    polemica = str(Path(sys.executable).parent / "polemica")
    proc = subprocess.Popen(
        [polemica, "start", "--port", str(port)],
        env=env,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(f"{base}/", proc, seconds=600)
        printed = (tmp_path / "out.txt").read_text()
        assert f"open {base}/" in printed
        password = re.search(r"password for all: (\S+)\)", printed)
        login = re.search(r"^  (\S+-member) ", printed, re.MULTILINE)
        assert password and login, printed
        roles = set(re.findall(r"^  \S+-(\w+) +(\w+) ", printed, re.MULTILINE))
        assert {(r, r) for r in ROLES} <= roles, printed
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/accounts/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token
        form = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "username": login.group(1),
                "password": password.group(1),
            }
        ).encode()
        request = urllib.request.Request(
            f"{base}/accounts/login/", data=form, headers={"Referer": f"{base}/accounts/login/"}
        )
        home = opener.open(request).read().decode()
        assert "Sign out" in home or "Sign out" in opener.open(f"{base}/").read().decode()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        out.close()
