"""`polemica start`: the main job for someone who just installed polemica.

Until the platform's server exists it shows the demonstration record: it writes the small
canonical world as events and validates them, then tells what to try next.
"""

from __future__ import annotations

from pathlib import Path

import click

from polemica.events import iter_events, write_events
from polemica.events.world import small_world


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
    kinds = {event.kind for event in iter_events(events_path)}
    click.echo(f"demonstration organization: {count} events of {len(kinds)} kinds in {events_path}")
    click.echo(f"try: polemica events validate {events_path}")
