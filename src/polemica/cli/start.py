"""`polemica start`: the main job for someone who just installed polemica.

Until the platform's server exists it shows the demonstration record: it writes the small
canonical world as events, builds a signed log from them, verifies it, prints the checkpoint and
tells what to try next.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from polemica.events import write_events
from polemica.events.world import small_world
from polemica.ledger.build import build_log
from polemica.ledger.keys import load_or_create_signer
from polemica.ledger.verify import verify_log


@click.command("start")
@click.option(
    "--dir",
    "workdir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path(".polemica"),
    show_default=True,
    help="Where the demonstration data is written.",
)
def start_cmd(workdir: Path) -> None:
    """Set up the demonstration organization and show what to do with it."""
    workdir.mkdir(parents=True, exist_ok=True)
    events_path = workdir / "demo-events.jsonl"
    count = write_events(events_path, small_world())
    kinds = {event.kind for event in small_world()}
    click.echo(f"demonstration organization: {count} events of {len(kinds)} kinds in {events_path}")
    log_path = workdir / "demo-log"
    shutil.rmtree(log_path, ignore_errors=True)
    signer = load_or_create_signer("polemica/org-1")
    built = build_log(small_world(), log_path, signer)
    result = verify_log(log_path, signer.verifier)
    if result.failure is not None:
        raise click.ClickException(f"the demonstration log does not verify: {result.failure}")
    click.echo(f"record: {built.size} events in {log_path}, verified; its signed checkpoint:")
    click.echo(built.checkpoint, nl=False)
    click.echo(f"try: polemica verify {log_path}")
    click.echo(f"     polemica log show {log_path} --seq 47")
    click.echo(f"     polemica log prove {log_path} --seq 31 --format json")
