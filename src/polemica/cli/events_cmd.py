"""`polemica events …`: check and convert files in the event format."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.progress import track
from polemica.events import iter_events, write_events


@click.group("events")
def events_group() -> None:
    """Check and convert files in the event format (JSON Lines or Parquet)."""


@events_group.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--loose", is_flag=True, help="Accept seq values that do not count 1, 2, 3… (e.g. a slice)."
)
def validate_cmd(file: Path, loose: bool) -> None:
    """Check every event of FILE; report the first malformed line with its field and reason."""
    count = 0
    kinds: dict[str, int] = {}
    for event in track(iter_events(file, contiguous=not loose), total=None, label="validating"):
        count += 1
        kinds[event.kind] = kinds.get(event.kind, 0) + 1
    click.echo(f"{file}: {count} events, all valid")
    for kind in sorted(kinds):
        click.echo(f"  {kind:28} {kinds[kind]}")


@events_group.command("convert")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def convert_cmd(source: Path, target: Path) -> None:
    """Convert SOURCE to TARGET (JSON Lines or Parquet, chosen by the suffix)."""
    if source.resolve() == target.resolve():
        raise click.UsageError("SOURCE and TARGET must be different files.")
    count = write_events(target, track(iter_events(source), total=None, label="converting"))
    click.echo(f"wrote {count} events to {target}")
