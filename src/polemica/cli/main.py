"""Entry point of the `polemica` command.

Each command lives in its own module and is listed in `COMMANDS`; errors reach the user as one
sentence (never a traceback unless POLEMICA_DEBUG=1 is set).
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

import click

from polemica import __version__
from polemica.cli.errors import UserError

# Every top-level command: (name, module in polemica.cli, attribute, the first sentence of its
# help). Only the module of the command that runs is imported, so `polemica --help` and light
# commands start fast; the listing shows these sentences, and tests/cli/test_startup.py checks each
# against its command's own help so that they cannot drift apart.
COMMANDS: list[tuple[str, str, str, str]] = [
    ("start", "start", "start_cmd",
     "Start the server with the demonstration federation in it (created on first start)."),
    ("events", "events_cmd", "events_group",
     "Check and convert files in the event format (JSON Lines or Parquet)."),
    ("simulate", "simulate_cmd", "simulate_cmd",
     "Simulate an organization under a regime and write its events to --out."),
    ("log", "log_cmd", "log_group",
     "Build, inspect, prove and export a log: the record that cannot be rewritten."),
    ("verify", "verify_cmd", "verify_cmd",
     "Verify LOG offline: hashes, nodes, signed root, commitments, events, erasures, and the "
     "readable events beside the leaves (an export's events.jsonl or events.parquet)."),
    ("checkpoint", "checkpoint_cmd", "checkpoint_cmd",
     "Print LOG's signed checkpoint (C2SP checkpoint text as an Ed25519 signed note)."),
    ("erase", "erase_cmd", "erase_cmd",
     "Erase the personal text of event SEQ and record the erasure as a new event."),
    ("verify-receipt", "receipt_cmd", "verify_receipt_cmd",
     "Check that RECEIPT's event is in the log under its signed checkpoint (exit 3 if not); a "
     "secret ballot's receipt also opens its seal, and with --counted is found in the count."),
    ("analyze", "analyze_cmd", "analyze_cmd",
     "Print or write the health report of FILE (JSON Lines or Parquet events)."),
    ("coordination", "coordination_cmd", "coordination_cmd",
     "Linguistic coordination (ConvoKit's) of the speakers in FILE towards those they reply to."),
    ("import", "import_cmd", "import_group",
     "Import an archive (ConvoKit corpus, mailing list, transcript, …) as events."),
    ("tally", "tally_cmd", "tally_cmd",
     "Count the ballots in FILE (PrefLib, pairwise CSV or vote.cast events) with one method."),
    ("groups", "groups_cmd", "groups_cmd",
     "Opinion groups of PATH: a Pol.is export directory or an events file with stance votes."),
    ("serve", "web_cmd", "serve_cmd",
     "Bring the database up to date, then run the platform with gunicorn."),
    ("demo", "web_cmd", "demo_cmd",
     "Create the demonstration federation (once) and print a demo login for every role."),
    ("export", "web_cmd", "export_cmd",
     "Write ORG's log as a ledger directory (verifiable with `polemica verify`) with its signed "
     "checkpoint and the readable events (`events.jsonl`, or `events.parquet`)."),
    ("replay", "web_cmd", "replay_cmd",
     "Rebuild the state from EXPORT (a directory from `polemica export`, kept hash for hash, or "
     "a JSON Lines / Parquet file of events, imported) into this database."),
    ("backup", "backup_cmd", "backup_cmd",
     "Write the whole instance to a new directory: every organization's log (verifiable with "
     "`polemica verify`), accounts, logins, grants, token digests, signing keys, checkpoints and "
     "uploaded files."),
    ("restore", "backup_cmd", "restore_cmd",
     "Restore a backup from `polemica backup` into this database, which must be empty."),
    ("account", "account_cmd", "account_group",
     "Create sign-in accounts and API tokens on this server's database."),
    ("digest", "digest_cmd", "digest_cmd",
     "Send the digest of what waits for them (directives to apply, feedback to answer, "
     "objections to their positions, votes waiting for their ballot) to every account that "
     "turned it on in the pages and gave an e-mail address; nothing to those with nothing "
     "waiting."),
]  # fmt: skip


class LazyGroup(click.Group):
    """A group that imports a command's module only when that command is looked up."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._lazy: dict[str, tuple[str, str, str]] = {c[0]: c[1:] for c in COMMANDS}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(self._lazy)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self._lazy:
            return None
        module, attr, _ = self._lazy[cmd_name]
        command = getattr(importlib.import_module(f"polemica.cli.{module}"), attr)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # each command's whole first sentence, wrapped, rather than click's cut at the width
        rows = [(name, self._lazy[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="polemica")
def cli() -> None:
    """polemica: deliberation, decisions and a record that cannot be rewritten, for
    organizations of bodies, and a health report of their discussion."""


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
