"""Every command of a (lazy) click group, looked up the way click itself does at run time."""

from __future__ import annotations

import click


def subcommands(group: click.Group) -> dict[str, click.Command]:
    ctx = click.Context(group)
    found: dict[str, click.Command] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        found[name] = command
    return found
