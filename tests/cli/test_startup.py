"""Start-up: `polemica --help`, `--version` and every command's `--help` import no heavy library
(issue 16: they must start within a few times a bare Python; bench/startup_bench.py measures it),
and the command listing says what each command's own help says."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import click
import pytest

from polemica.cli.main import COMMANDS, cli
from tests.cli.walk import subcommands

# Libraries of a tenth of a second or more each, or whole frameworks: only the commands that use
# them may import them, never a listing or a usage text.
HEAVY = (
    *("numpy", "pyarrow", "polars", "pandas", "scipy", "sklearn", "django", "ninja"),
    *("rich", "cryptography"),
)

PROBE = """
import json, sys
from polemica.cli.main import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(HEAVY)))
print(json.dumps(heavy), file=sys.stderr)
"""


def heavy_imports(args: list[str]) -> list[str]:
    code = PROBE.replace("json.loads(HEAVY)", repr(json.dumps(HEAVY)).join(("json.loads(", ")")))
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60
    )
    last = done.stderr.strip().splitlines()[-1]
    found: list[str] = json.loads(last)
    return found


@pytest.mark.parametrize("args", [["--help"], ["--version"], []], ids=" ".join)
def test_the_listing_and_version_import_nothing_heavy(args: list[str]) -> None:
    assert heavy_imports(args) == []


def every_path(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found: list[tuple[str, ...]] = []
    for name, command in subcommands(group).items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(every_path(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", every_path(cli), ids=" ".join)
def test_a_commands_usage_imports_nothing_heavy(path: tuple[str, ...]) -> None:
    assert heavy_imports([*path, "--help"]) == []


@pytest.mark.parametrize("name,module,attr,summary", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_the_listing_says_what_the_command_says(
    name: str, module: str, attr: str, summary: str
) -> None:
    command = getattr(importlib.import_module(f"polemica.cli.{module}"), attr)
    assert command.name == name
    assert command.get_short_help_str(limit=10_000) == summary
