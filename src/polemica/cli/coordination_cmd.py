"""`polemica coordination FILE`: ConvoKit's linguistic coordination over an events file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from polemica.cli.errors import UserError


def render_text(report: dict[str, Any]) -> str:
    def num(x: float | None) -> str:
        return "n/a" if x is None else f"{x:+.4f}"

    lines = [f"replies used: {report['replies']}"]
    if report["where"]:
        lines.append("where: " + " and ".join(report["where"]))
    for k in (1, 2, 3):
        lines.append(
            f"aggregate {k}: {num(report[f'agg{k}'])} over {report[f'count_agg{k}']} speakers"
        )
    speakers = report["speakers"]
    if speakers:
        lines.append("speakers (mean over the classes scored, classes):")
        ranked = sorted(speakers.items(), key=lambda kv: -kv[1]["mean"])
        lines.extend(f"  {s}: {num(v['mean'])} ({len(v['markers'])})" for s, v in ranked)
    else:
        lines.append("no speaker could be scored (too few replies to score any class)")
    return "\n".join(lines)


@click.command("coordination")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--where",
    "where",
    multiple=True,
    metavar="EXPR",
    help="Keep replies whose data.meta satisfies EXPR, e.g. 'meta.power<0' "
    "(also 'target.meta.KEY…'; repeat to require all).",
)
def coordination_cmd(file: Path, fmt: str, where: tuple[str, ...]) -> None:
    """Linguistic coordination (ConvoKit's) of the speakers in FILE towards those they reply to."""
    from polemica.analysis.where import WhereError, parse_where

    try:
        conditions = [parse_where(w) for w in where]
    except WhereError as exc:
        raise UserError(str(exc)) from None
    # Imported here: Polars and the analysis cost start-up time every other command would pay.
    from polemica.analysis.file_coordination import file_utterances, summarize_file

    summary, kept = summarize_file(file_utterances(file), conditions)
    report = {**summary.to_json(), "replies": kept, "where": list(where)}
    if fmt == "json":
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(report))
