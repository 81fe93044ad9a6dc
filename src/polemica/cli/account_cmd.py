"""`polemica account create` and `polemica account token`: sign-in accounts on a server.

A fresh installation has no account but the demonstration's; the first person who founds an
organization needs one, and scripts need API tokens without a browser. Django is imported only
when a subcommand runs.
"""

from __future__ import annotations

import sys

import click

from polemica.cli.errors import UserError


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            raise UserError("no password on standard input: write it as one line.")
        return line.rstrip("\r\n")
    password: str = click.prompt("password", hide_input=True, confirmation_prompt=True)
    return password


@click.group("account")
def account_group() -> None:
    """Create sign-in accounts and API tokens on this server's database."""


@account_group.command("create")
@click.argument("username")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from the first line of standard input instead of asking twice.",
)
def create_cmd(username: str, password_stdin: bool) -> None:
    """Create the account USERNAME. The person can then sign in, found an organization (they
    become its administrator) or accept an invitation."""
    from polemica.web.setup import setup

    setup()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from polemica.web.accounts.models import User

    field = User._meta.get_field("username")
    try:
        field.run_validators(username)
    except ValidationError as exc:
        raise UserError(f"username {username!r}: {' '.join(exc.messages)}") from None
    if not username:  # the field's validators pass an empty value
        raise UserError("a username cannot be empty.")
    if User.objects.filter(username=username).exists():
        raise UserError(f"the account {username!r} already exists.")
    password = _password(password_stdin)
    candidate = User(username=username)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise UserError(f"password refused: {' '.join(exc.messages)}") from None
    User.objects.create_user(username=username, password=password)
    click.echo(f"created the account {username}")


@account_group.command("token")
@click.argument("username")
@click.option("--name", default="cli", show_default=True, help="What the token is for.")
def token_cmd(username: str, name: str) -> None:
    """Print a new API token for USERNAME (send it as `Authorization: Bearer TOKEN`). Only its
    digest is stored, so it is shown this once."""
    from polemica.web.setup import setup

    setup()
    from polemica.web.accounts.auth import issue_token
    from polemica.web.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise UserError(f"there is no active account {username!r}.")
    click.echo(issue_token(user, name))
