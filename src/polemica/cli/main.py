"""Entry point of the `polemica` command.

Each command lives in its own module and is listed in `COMMANDS`; errors reach the user as one
sentence (never a traceback unless POLEMICA_DEBUG=1 is set).
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from polemica import __version__
from polemica.cli.errors import UserError

# (module, attribute) of every top-level command or group, in the order `--help` lists them.
COMMANDS: list[tuple[str, str]] = [
    ("polemica.cli.start", "start_cmd"),
    ("polemica.cli.events_cmd", "events_group"),
    ("polemica.cli.simulate_cmd", "simulate_cmd"),
    ("polemica.cli.log_cmd", "log_group"),
    ("polemica.cli.verify_cmd", "verify_cmd"),
    ("polemica.cli.checkpoint_cmd", "checkpoint_cmd"),
    ("polemica.cli.erase_cmd", "erase_cmd"),
    ("polemica.cli.receipt_cmd", "verify_receipt_cmd"),
    ("polemica.cli.analyze_cmd", "analyze_cmd"),
    ("polemica.cli.coordination_cmd", "coordination_cmd"),
    ("polemica.cli.import_cmd", "import_group"),
    ("polemica.cli.tally_cmd", "tally_cmd"),
    ("polemica.cli.groups_cmd", "groups_cmd"),
    ("polemica.cli.web_cmd", "serve_cmd"),
    ("polemica.cli.web_cmd", "demo_cmd"),
    ("polemica.cli.web_cmd", "export_cmd"),
    ("polemica.cli.web_cmd", "replay_cmd"),
    ("polemica.cli.backup_cmd", "backup_cmd"),
    ("polemica.cli.backup_cmd", "restore_cmd"),
    ("polemica.cli.account_cmd", "account_group"),
    ("polemica.cli.digest_cmd", "digest_cmd"),
]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="polemica")
def cli() -> None:
    """polemica: deliberation, decisions and a record that cannot be rewritten, for
    organizations of bodies, and a health report of their discussion."""


for _module, _attr in COMMANDS:
    cli.add_command(getattr(importlib.import_module(_module), _attr))


def _one_sentence(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def main(argv: list[str] | None = None) -> None:
    """Run the command; map every failure to a clear message and an exit code."""
    debug = bool(os.environ.get("POLEMICA_DEBUG"))
    try:
        cli.main(args=argv, prog_name="polemica", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except (ValueError, OSError, LookupError) as exc:
        if debug:
            raise
        click.echo(f"error: {_one_sentence(exc)}", err=True)
        sys.exit(1)
    except Exception as exc:  # the last line of defence: still one sentence, no traceback
        if debug:
            raise
        click.echo(
            f"error: internal error ({type(exc).__name__}: {_one_sentence(exc)}); "
            "rerun with POLEMICA_DEBUG=1 for details",
            err=True,
        )
        sys.exit(70)


__all__ = ["UserError", "cli", "main"]
