"""`polemica analyze`: the health report of an events file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from polemica.cli.progress import task


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 is for the temporary name only
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _lexicon(value: str) -> tuple[str, str]:
    name, sep, path = value.partition("=")
    if not sep or not path:
        raise click.BadParameter(f"{value!r} is not NAME=FILE (e.g. praise=my-praise.txt)")
    return name, path


@click.command("analyze")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option(
    "--window", default="all", show_default=True, help="all, 90d, 12w or 2026-01-01..2026-06-30."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the report here."
)
@click.option(
    "--lexicon",
    "lexicon",
    multiple=True,
    metavar="NAME=FILE",
    help="Extend a lexicon (praise, hostile or non_reasons) with the entries of FILE; repeatable.",
)
@click.option("--members", is_flag=True, help="Text format: also list every member's signals.")
def analyze_cmd(
    file: Path, window: str, fmt: str, out: Path | None, lexicon: tuple[str, ...], members: bool
) -> None:
    """Print or write the health report of FILE (JSON Lines or Parquet events)."""
    # Imported here so that other commands start without loading Polars and the analysis.
    from polemica.analysis.render import render_html, render_json, render_text
    from polemica.analysis.report import analyze, lexicons_from

    lex = lexicons_from([_lexicon(v) for v in lexicon]) if lexicon else None
    with task("analysing scopes", None) as bar:

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.update(bar.task_ids[0], completed=done, total=total)

        report = analyze(file, window=window, lexicons=lex, progress=progress)
    if fmt == "json":
        text = render_json(report)
    elif fmt == "html":
        text = render_html(report)
    else:
        text = render_text(report, members=members)
    if out is None:
        click.echo(text, nl=False)
    else:
        _write_atomic(out, text)
        flagged = len(report.flagged())
        click.echo(
            f"wrote the {fmt} report to {out} ({len(report.scopes)} scopes, {flagged} findings)"
        )
