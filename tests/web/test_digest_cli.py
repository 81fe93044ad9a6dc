"""`polemica digest` on a fresh server database: refusals in one sentence, a count of what
it sent (the sending itself: tests/web/ui/test_waiting.py)."""

from __future__ import annotations

from pathlib import Path

from tests.web.test_account_cli import _polemica, pytestmark  # noqa: F401  (SQLite only)


def test_digest_command(tmp_path: Path) -> None:
    made = _polemica(
        tmp_path, "account", "create", "rosa", "--password-stdin", stdin="Spartakus-1919\n"
    )
    assert made.returncode == 0, made.stderr
    none = _polemica(tmp_path, "digest", "--user", "rosa")
    assert none.returncode == 0 and "0 digests sent." in none.stderr, none.stderr
    unknown = _polemica(tmp_path, "digest", "--user", "karl")
    assert unknown.returncode == 1 and "no account called karl" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    bad = _polemica(tmp_path, "digest", "--base-url", "ftp://example.org")
    assert bad.returncode == 1 and "must start with http" in bad.stderr
