"""`polemica serve` sizes gunicorn by database: one process on SQLite, two on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

import polemica.web.setup
from polemica.cli import web_cmd


def _argv(monkeypatch: pytest.MonkeyPatch, args: list[str], database_url: str | None) -> list[str]:
    seen: list[list[str]] = []

    def fake_execv(path: str, argv: list[str]) -> Any:
        seen.append(argv)

    if database_url is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setattr(web_cmd.os, "execv", fake_execv)
    monkeypatch.setattr(polemica.web.setup, "setup", lambda: None)
    result = CliRunner().invoke(web_cmd.serve_cmd, args)
    assert result.exit_code == 0, result.output
    return seen[0]


def _opt(argv: list[str], name: str) -> str:
    return argv[argv.index(name) + 1]


def test_defaults_follow_the_database(monkeypatch: pytest.MonkeyPatch) -> None:
    sqlite = _argv(monkeypatch, [], None)
    assert (_opt(sqlite, "--workers"), _opt(sqlite, "--threads")) == ("1", "16")
    pg = _argv(monkeypatch, [], "postgres://u@h:5432/d")
    assert (_opt(pg, "--workers"), _opt(pg, "--threads")) == ("2", "8")
    chosen = _argv(monkeypatch, ["--workers", "3", "--threads", "4"], None)
    assert (_opt(chosen, "--workers"), _opt(chosen, "--threads")) == ("3", "4")
