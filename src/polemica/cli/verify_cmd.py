"""`polemica verify LOG`: recompute everything and name the first event that fails."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.errors import UserError
from polemica.cli.ledger_common import parse_verifier
from polemica.cli.progress import advancer, task
from polemica.ledger.layout import CHECKPOINT, read_manifest


class VerifyFailed(UserError):
    exit_code = 3


@click.command("verify")
@click.argument("log", type=click.Path(path_type=Path))
@click.option(
    "--key",
    help="The verifier key you trust (the key string or a file); default: the log's own.",
)
@click.option(
    "--hashes-only",
    is_flag=True,
    help="Check only the tree (leaf hashes, nodes, signed root), not openings, events or the "
    "readable events file.",
)
def verify_cmd(log: Path, key: str | None, hashes_only: bool) -> None:
    """Verify LOG offline: hashes, nodes, signed root, commitments, events, erasures, and the
    readable events beside the leaves (an export's events.jsonl or events.parquet).

    Exit code 0 when the log is sound; otherwise 3 with the first failing event and the reason.
    """
    if not log.exists():
        raise UserError(f"{log} does not exist.")
    read_manifest(log)
    from polemica.ledger.verify import verify_log

    verifier = parse_verifier(key) if key else None
    with task("verifying", _claimed_size(log)) as bar:
        result = verify_log(
            log,
            verifier,
            advancer(bar),
            check_events=not hashes_only,
        )
    if result.failure is not None:
        raise VerifyFailed(f"{log} does not verify: {result.failure}.")
    what = "tree sound (events not checked)" if hashes_only else "sound"
    click.echo(
        f"{log}: {what} — {result.size} events, root {result.root.hex()}, "
        f"{result.erased_events} erased, {result.erasure_records} erasure record(s)"
    )
    if result.readable:
        click.echo(f"the readable events ({', '.join(result.readable)}) match the leaves")
    elif not hashes_only:
        click.echo("no readable events file beside the leaves (none checked)")
    if verifier is None:
        click.echo("checked against the log's own key; pass --key to check against one you trust")


def _claimed_size(log: Path) -> int | None:
    """The size the checkpoint claims, for the progress bar (None when it cannot be read)."""
    try:
        from polemica.ledger.checkpoint import Checkpoint

        return Checkpoint.parse(
            (log / CHECKPOINT).read_text(encoding="utf-8").split("\n\n")[0] + "\n"
        ).size
    except (OSError, ValueError):
        return None
