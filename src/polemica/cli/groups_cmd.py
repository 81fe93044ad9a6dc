"""`polemica groups PATH`: opinion groups of a conversation (the Pol.is approach)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from polemica.cli.errors import UserError

if TYPE_CHECKING:
    from polemica.decide.opinion import OpinionGroups, VoteMatrix


def load_votes(path: Path, question: str | None) -> VoteMatrix:
    # scikit-learn and Polars are imported here, when the command runs, not for its usage text
    if path.is_dir():
        from polemica.io.polis import read_polis_export

        return read_polis_export(path).votes
    from polemica.io.ballots import read_stance_matrix

    return read_stance_matrix(path, question)


def render_text(result: OpinionGroups) -> str:
    sizes = [0] * result.k
    for g in result.groups.values():
        sizes[g] += 1
    lines = [
        f"{len(result.groups)} of {len(result.participants)} participants placed "
        f"in {result.k} groups: " + ", ".join(f"group {g} ({n})" for g, n in enumerate(sizes)),
    ]

    def say(sid: str) -> str:
        text = result.texts.get(sid, "")
        return f"{sid}: {text[:90]}" if text else sid

    for g, reps in result.representative.items():
        lines.append(f"group {g} — representative statements:")
        lines.extend(
            f"  [{r.repful_for}] {say(result.statements[r.statement])} ({r.n_success}/{r.n_trials})"
            for r in reps
        )
    lines.append("consensus statements:")
    lines.extend(
        f"  [{d}] {say(result.statements[j])} (group-aware consensus {s:.3f})"
        for j, d, s in result.consensus
    )
    return "\n".join(lines)


def plot(result: OpinionGroups, target: Path) -> None:
    """A PNG scatter of placed participants coloured by group (Agg backend: no display)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    index = {p: i for i, p in enumerate(result.participants)}
    fig, ax = plt.subplots(figsize=(7, 6), dpi=110)
    for g in range(result.k):
        rows = [index[p] for p, gg in result.groups.items() if gg == g]
        xy = result.projections[rows]
        ax.scatter(xy[:, 0], xy[:, 1], s=12, alpha=0.7, label=f"group {g} ({len(rows)})")
    ax.axhline(0, color="#bbb", lw=0.5)
    ax.axvline(0, color="#bbb", lw=0.5)
    ax.set_xlabel("first principal component")
    ax.set_ylabel("second principal component")
    ax.set_title("Opinion groups")
    ax.legend(loc="best", fontsize="small")
    fig.tight_layout()
    fig.savefig(target, format="png")
    plt.close(fig)


@click.command("groups")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--plot",
    "plot_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write a PNG scatter plot of participants coloured by group.",
)
@click.option("--question", help="Events file: the question whose stance ballots to use.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the clustering.")
def groups_cmd(
    path: Path, fmt: str, plot_file: Path | None, question: str | None, seed: int
) -> None:
    """Opinion groups of PATH: a Pol.is export directory or an events file with stance votes."""
    votes = load_votes(path, question)
    try:
        from polemica.decide.opinion import opinion_groups

        result = opinion_groups(votes, seed=seed)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if plot_file is not None:
        plot(result, plot_file)
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result))
        if plot_file is not None:
            click.echo(f"plot written to {plot_file}")
