"""`polemica start`: the main job for someone who just installed polemica.

It brings the embedded SQLite database up to date (or the PostgreSQL of DATABASE_URL), loads the
demonstration federation the first time, prints the address and the demo logins, and runs the
server in the foreground.
"""

from __future__ import annotations

import click

from polemica.cli.progress import advancer, task
from polemica.cli.web_cmd import serve_cmd, show_logins


@click.command("start")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--seed", default=1, show_default=True, type=int, help="The demonstration's seed.")
def start_cmd(host: str, port: int, seed: int) -> None:
    """Start the server with the demonstration federation in it (created on first start)."""
    from polemica.web.setup import setup

    setup()
    from polemica.web.record.demo import PASSWORD, load_demo

    with task("loading the demonstration federation", None) as bar:
        logins = load_demo(seed, advancer(bar))
    show_logins(logins, PASSWORD)
    click.echo(f"open http://{host}:{port}/ and sign in as one of them")
    serve_cmd.callback(host=host, port=port, workers=None, threads=None)  # type: ignore[misc]
