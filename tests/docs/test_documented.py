"""Tests that fail when something users rely on is not documented (after datasette)."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from polemica.cli.main import cli
from polemica.events import KINDS
from tests.cli.walk import subcommands

DOCS = Path(__file__).resolve().parents[2] / "docs"


def section(text: str, heading: str) -> str:
    """The text under a markdown heading, up to the next heading of the same or a higher level."""
    m = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.MULTILINE)
    assert m, f"no heading {heading!r}"
    level = len(m.group(1))
    rest = text[m.end() :]
    nxt = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return rest[: nxt.start()] if nxt else rest


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_event_kind_and_field_is_documented(kind: str) -> None:
    body = section((DOCS / "events.md").read_text(encoding="utf-8"), f"`{kind}`")
    for field in KINDS[kind].fields:
        assert f"`{field.name}`" in body, f"{kind}.{field.name} is not documented"


def commands(group: click.Group, prefix: str = "polemica") -> list[str]:
    out: list[str] = []
    for name, command in sorted(subcommands(group).items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            out.extend(commands(command, path))
        else:
            out.append(path)
    return out


@pytest.mark.parametrize("command", commands(cli))
def test_every_cli_command_is_documented(command: str) -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    body = section(text, f"`{command}`")
    leaf = cli
    for name in command.split()[1:]:
        assert isinstance(leaf, click.Group)
        leaf = subcommands(leaf)[name]
    for param in leaf.params:
        if isinstance(param, click.Option) and not param.hidden:
            longest = max(param.opts, key=len)
            assert longest in body, f"{command}: option {longest} is not documented"


@pytest.mark.parametrize(
    "name", ["architecture.md", "glossary.md", "events.md", "cli.md", "benchmarks.md"]
)
def test_core_documents_exist(name: str) -> None:
    assert (DOCS / name).stat().st_size > 200
