"""`polemica checkpoint LOG`: print the log's signed checkpoint."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.errors import UserError


@click.command("checkpoint")
@click.argument("log", type=click.Path(path_type=Path))
def checkpoint_cmd(log: Path) -> None:
    """Print LOG's signed checkpoint (C2SP checkpoint text as an Ed25519 signed note)."""
    if not log.exists():
        raise UserError(f"{log} does not exist.")
    from polemica.ledger.signed_head import signed_note  # cryptography: when it runs

    click.echo(signed_note(log), nl=False)
