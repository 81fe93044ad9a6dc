"""How the command reports failure: one clear sentence on stderr and a non-zero exit."""

from __future__ import annotations

import click


class UserError(click.ClickException):
    """An error the user can act on; printed as `error: <message>` with exit code 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)
