"""`polemica simulate`: write a simulated organization's events (and its ground truth apart)."""

from __future__ import annotations

from pathlib import Path

import click

from polemica.cli.errors import UserError
from polemica.cli.progress import task
from polemica.simulate.params import REGIMES


@click.command("simulate")
@click.option(
    "--regime",
    default="healthy",
    show_default=True,
    help=f"A regime ({', '.join(REGIMES)}), or a mixture such as personality_cult+hush_hush "
    "or personality_cult:0.5.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="K=V",
    help="Set one parameter after the regime (repeatable); see docs/simulator.md.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option("--members", type=int, default=200, show_default=True, help="Members in total.")
@click.option("--months", type=float, default=6.0, show_default=True, help="Simulated months.")
@click.option(
    "--orgs",
    type=int,
    default=1,
    show_default=True,
    help="Organizations; two or more meet in a forum.",
)
@click.option(
    "--org-regime",
    "org_regimes",
    multiple=True,
    metavar="NAME",
    help="The regime of each organization in turn (repeatable); --regime for the rest and the "
    "forum.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Events file (.jsonl, .jsonl.gz or .parquet).",
)
@click.option(
    "--truth",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the ground truth (regime and parameters) as JSON to this file.",
)
def simulate_cmd(
    regime: str,
    params: tuple[str, ...],
    seed: int,
    members: int,
    months: float,
    orgs: int,
    org_regimes: tuple[str, ...],
    out: Path,
    truth: Path | None,
) -> None:
    """Simulate an organization under a regime and write its events to --out."""
    from polemica.simulate import parse_overrides, simulated_days, write_simulation

    try:
        overrides = parse_overrides(params)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    days = simulated_days(months)
    with task("simulating days", days) as bar:

        def advance(done: int) -> None:
            if bar is not None:
                bar.update(bar.task_ids[0], completed=done)

        count = write_simulation(
            out,
            regime,
            truth_path=truth,
            progress=advance,
            seed=seed,
            members=members,
            months=months,
            orgs=orgs,
            overrides=overrides,
            org_regimes=list(org_regimes) or None,
        )
    click.echo(f"wrote {count} events ({days} simulated days) to {out}")
    if truth is not None:
        click.echo(f"ground truth in {truth}")
