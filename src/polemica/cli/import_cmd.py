"""`polemica import …`: turn real archives into the event format."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


@click.group("import")
def import_group() -> None:
    """Import an archive (ConvoKit corpus, mailing list, transcript, …) as events."""


_OUT = click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Events file to write (.jsonl or .parquet).",
)


def _org(default: str) -> Callable[[F], F]:
    return click.option(
        "--org", default=default, show_default=True, help="Organization id for the events."
    )


def _done(count: int, out: Path) -> None:
    click.echo(f"wrote {count} events to {out}")


@import_group.command("convokit")
@click.argument("directory", type=click.Path(exists=True, path_type=Path))
@_OUT
@_org("convokit")
def import_convokit_cmd(directory: Path, out: Path, org: str) -> None:
    """Import a ConvoKit corpus: a directory (utterances.jsonl, speakers.json, …) or a 1.x
    single-file corpus (.json)."""
    from polemica.io.convokit import import_convokit

    _done(import_convokit(directory, out, org=org), out)


@import_group.command("mbox")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_OUT
@_org("mailing-list")
def import_mbox_cmd(file: Path, out: Path, org: str) -> None:
    """Import a mailing-list archive in mbox format: threads become questions."""
    from polemica.io.mbox import import_mbox

    _done(import_mbox(file, out, org=org), out)


@import_group.command("transcript")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_OUT
@_org("meeting")
def import_transcript_cmd(file: Path, out: Path, org: str) -> None:
    """Import a meeting transcript of `SPEAKER: text` lines (header for roles)."""
    from polemica.io.transcript import import_transcript

    _done(import_transcript(file, out, org=org), out)


@import_group.command("polis")
@click.argument("directory", type=click.Path(file_okay=False, exists=True, path_type=Path))
@_OUT
@_org("polis")
def import_polis_cmd(directory: Path, out: Path, org: str) -> None:
    """Import a Pol.is conversation export (comments.csv, votes.csv, summary.csv)."""
    from polemica.io.polis_import import import_polis

    _done(import_polis(directory, out, org=org), out)


@import_group.command("preflib")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@_OUT
@_org("preflib")
def import_preflib_cmd(file: Path, out: Path, org: str) -> None:
    """Import a PrefLib ordinal file (.soc, .soi, .toc, .toi): one question, ranked ballots."""
    from polemica.io.preflib_import import import_preflib

    _done(import_preflib(file, out, org=org), out)
