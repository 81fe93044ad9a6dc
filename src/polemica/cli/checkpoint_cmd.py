"""`polemica checkpoint LOG`: print the log's signed checkpoint."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.ledger_common import open_log


@click.command("checkpoint")
@click.argument("log", type=click.Path(path_type=Path))
def checkpoint_cmd(log: Path) -> None:
    """Print LOG's signed checkpoint (C2SP checkpoint text as an Ed25519 signed note)."""
    with open_log(log) as opened:
        click.echo(opened.checkpoint_note(), nl=False)
