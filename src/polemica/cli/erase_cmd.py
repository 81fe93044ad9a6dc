"""`polemica erase LOG --seq N --reason TEXT`: erase an event's personal text, visibly."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.errors import UserError
from polemica.cli.ledger_common import KEY_HELP, existing_signer


@click.command("erase")
@click.argument("log", type=click.Path(path_type=Path))
@click.option("--seq", type=int, required=True, help="The event whose personal text is erased.")
@click.option("--reason", required=True, help="Why (public: it is recorded in the log).")
@click.option("--actor", help="Who erases (a member id); default: the system.")
@click.option("--key", type=click.Path(dir_okay=False, path_type=Path), help=KEY_HELP)
def erase_cmd(log: Path, seq: int, reason: str, actor: str | None, key: Path | None) -> None:
    """Erase the personal text of event SEQ and record the erasure as a new event.

    The text and its salt are deleted; the leaf and every hash stay, so LOG still verifies.
    """
    if not log.exists():
        raise UserError(f"{log} does not exist.")
    from polemica.ledger.filelog import FileLog

    signer = existing_signer(log, key)
    with FileLog.open(log, signer=signer) as opened:
        record = opened.erase(seq, reason, actor=actor)
    fields = ", ".join(f"data.{f}" for f in record.data["fields"])
    click.echo(f"erased {fields} of event {seq}; recorded as event {record.seq} ({record.id})")
