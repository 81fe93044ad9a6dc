"""`polemica backup` and `polemica restore`: a whole instance to a directory and back.
Django is imported only when one of them runs."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.errors import UserError
from polemica.cli.progress import advancer, task


@click.command("backup")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="The directory to write."
)
def backup_cmd(out: Path) -> None:
    """Write the whole instance to a new directory: every organization's log (verifiable with
    `polemica verify`), accounts, logins, grants, token digests, signing keys, checkpoints and
    uploaded files. It holds secrets: it is created readable by its owner only."""
    if out.exists():
        raise UserError(f"{out} already exists; choose a new directory.")
    from polemica.web.setup import setup

    setup()
    from polemica.web.backup.write import write_backup

    with task("backing up", None) as bar:
        step = advancer(bar)
        done = write_backup(out, (lambda org: step(1)) if step else None)
    counts = ", ".join(f"{n} {name}" for name, n in done.counts.items())
    click.echo(
        f"backed up {len(done.orgs)} organization(s) ({done.events} events) and {counts} "
        f"to {out} (mode 0700: it holds secrets)"
    )


@click.command("restore")
@click.argument("backup", type=click.Path(path_type=Path))
def restore_cmd(backup: Path) -> None:
    """Restore a backup from `polemica backup` into this database, which must be empty."""
    if not backup.exists():
        raise UserError(f"{backup} does not exist.")
    from polemica.web.setup import setup

    setup()
    from polemica.web.backup.restore import restore_backup

    with task("restoring", None) as bar:
        done = restore_backup(backup, progress=advancer(bar))
    counts = ", ".join(f"{n} {name}" for name, n in done.counts.items())
    click.echo(
        f"restored {len(done.orgs)} organization(s) ({', '.join(done.orgs)}; {done.events} "
        f"events) and {counts}"
    )
