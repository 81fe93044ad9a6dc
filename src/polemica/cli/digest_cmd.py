"""`polemica digest`: e-mail everyone who asked for it what waits for them.

Django is imported only when the command runs; the messages go through Django's mail backend
(the console backend, printing them, unless POLEMICA_EMAIL_BACKEND names another).
"""

from __future__ import annotations

import click

from polemica.cli.errors import UserError


@click.command("digest")
@click.option(
    "--base-url",
    default="http://127.0.0.1:8000",
    show_default=True,
    help="The server's address, for the links in the messages.",
)
@click.option("--user", "users", multiple=True, help="Only this account (repeatable).")
@click.option(
    "--language",
    type=click.Choice(["en", "de"]),
    default="en",
    show_default=True,
    help="The language of the messages.",
)
def digest_cmd(base_url: str, users: tuple[str, ...], language: str) -> None:
    """Send the digest of what waits for them (directives to apply, feedback to answer,
    objections to their positions, votes waiting for their ballot) to every account that
    turned it on in the pages and gave an e-mail address; nothing to those with nothing
    waiting. Run it from cron, e.g. daily."""
    if not base_url.startswith(("http://", "https://")):
        raise UserError(f"--base-url {base_url!r} must start with http:// or https://.")
    from polemica.web.setup import setup

    setup()
    from polemica.web.accounts.models import User
    from polemica.web.ui.digest import send_digests

    unknown = sorted(
        set(users) - set(User.objects.filter(username__in=users).values_list("username", flat=True))
    )
    if unknown:
        raise UserError(f"no account called {', '.join(unknown)}.")
    sent = send_digests(base_url, users, language)
    click.echo(f"{sent} digest{'s' if sent != 1 else ''} sent.", err=True)
