"""The platform's commands: `polemica serve`, `polemica demo`, `polemica export`,
`polemica replay`. Django is imported only when one of them runs."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from polemica.cli.errors import UserError
from polemica.cli.progress import advancer, task


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="Server processes [default: 1 on SQLite, 2 on PostgreSQL].",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 256),
    help="Threads per process [default: 16 on SQLite, 8 on PostgreSQL].",
)
def serve_cmd(host: str, port: int, workers: int | None, threads: int | None) -> None:
    """Bring the database up to date, then run the platform with gunicorn.

    The database is SQLite under `.polemica/` (or $POLEMICA_HOME), or PostgreSQL when
    DATABASE_URL is set.
    """
    from polemica.web.setup import setup

    setup()
    # SQLite takes one writer at a time, queued on a file lock (web/record/writers.py). Threads
    # of one process queue fairly behind it; with two processes a process that releases the
    # lock often takes it again before the other wakes, and posts waited longer (measured with
    # 20 clients: p95 203–259 ms with 1 × 16, 262–392 ms with 2 × 8). PostgreSQL queues its
    # own writers, and a second process there did no worse.
    sqlite = not os.environ.get("DATABASE_URL")
    workers = workers or (1 if sqlite else 2)
    threads = threads or (16 if sqlite else 8)
    click.echo(f"polemica is listening on http://{host}:{port}/ (the API under /api/)")
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "polemica.web.wsgi:application",
        "--config",
        "python:polemica.web.gunicorn_conf",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--access-logfile",
        "-",
        "--log-level",
        "warning",
    ]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polemica.web.settings")
    os.execv(sys.executable, argv)


def show_logins(logins: Sequence[Any], password: str) -> None:
    """Print the demo logins, one per line: user name, role, organization, body."""
    click.echo(f"demo logins (password for all: {password}):")
    for x in logins:
        where = f"{x.body_name} ({x.body})" if x.body else "the whole organization"
        note = f", {x.note}" if x.note else ""
        click.echo(f"  {x.username:<20} {x.role:<9} {x.org:<10} {where}{note}")


@click.command("demo")
@click.option("--seed", default=1, show_default=True, type=int, help="The simulator's seed.")
def demo_cmd(seed: int) -> None:
    """Create the demonstration federation (once) and print a demo login for every role."""
    from polemica.web.setup import setup

    setup()
    from polemica.web.record.demo import PASSWORD, load_demo

    with task("loading the demonstration federation", None) as bar:
        logins = load_demo(seed, advancer(bar))
    show_logins(logins, PASSWORD)


@click.command("export")
@click.argument("org")
@click.option(
    "--out", required=True, type=click.Path(path_type=Path), help="The directory to write."
)
@click.option("--parquet", is_flag=True, help="Write the readable events as Parquet.")
def export_cmd(org: str, out: Path, parquet: bool) -> None:
    """Write ORG's log as a ledger directory (verifiable with `polemica verify`) with its signed
    checkpoint and the readable events (`events.jsonl`, or `events.parquet`)."""
    from polemica.web.setup import setup

    setup()
    from polemica.web.record.export import export_log

    if out.exists():
        raise UserError(f"{out} already exists; choose a new directory.")
    done = export_log(org, out, parquet=parquet)
    click.echo(f"exported {done.events} events of {org} to {out} (root {done.root})")
    _secret_votes_note(org)


@click.command("replay")
@click.argument("export", type=click.Path(exists=True, path_type=Path))
def replay_cmd(export: Path) -> None:
    """Rebuild the state from EXPORT (a directory from `polemica export`, kept hash for hash, or
    a JSON Lines / Parquet file of events, imported) into this database."""
    from polemica.web.setup import setup

    setup()
    from polemica.web.record.pending import pending
    from polemica.web.record.replay import replay_path

    with task("replaying", None) as bar:
        done = replay_path(export, advancer(bar))
    click.echo(f"replayed {done.events} events of {', '.join(done.orgs) or 'no organization'}")
    for org in done.orgs:
        _secret_votes_note(org)
    waiting = pending()
    if waiting:
        click.echo(
            f"{len(waiting)} reference(s) to organizations not replayed yet will resolve when "
            f"they are, e.g. {waiting[0]}"
        )


def _secret_votes_note(org: str) -> None:
    """Say which secret votes are open: their sealed ballots are not in the record yet."""
    from polemica.web.votes.queries import secret_votes_waiting

    for question, voters, boxed in secret_votes_waiting(org):
        click.echo(
            f"secret vote {question} is open: {voters} voter(s) named, {boxed} sealed ballot(s) "
            "in its box, which the record holds only from the decision (a backup carries it)"
        )
