"""`polemica tally FILE --method NAME`: count ballots from a file with one voting method."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import click

from polemica.cli.errors import UserError
from polemica.decide.names import METHOD_NAMES

if TYPE_CHECKING:
    from polemica.decide import Result
    from polemica.decide.ballots import Ballot, RankProfile
    from polemica.decide.pairwise import Pairwise

    Loaded: TypeAlias = list[Ballot] | RankProfile | Pairwise

EVENT_SUFFIXES = (".jsonl", ".gz", ".parquet", ".pq")
PREFLIB_SUFFIXES = (".soc", ".soi", ".toc", ".toi")


def load(path: Path, question: str | None, unranked: str) -> tuple[Loaded, dict[str, Any]]:
    """Ballots, a rank profile or a pairwise matrix, by the file's suffix, and for an events
    file the question's options (`candidates`, `names`) as the platform counts them."""
    suffix = path.suffix.lower()
    if suffix in PREFLIB_SUFFIXES:
        from polemica.io.preflib import read_preflib

        return read_preflib(path, unranked="ignore" if unranked == "ignore" else "bottom"), {}
    if suffix == ".csv":
        from polemica.io.pairwise_csv import read_pairwise_csv

        return read_pairwise_csv(path), {}
    if suffix in EVENT_SUFFIXES:
        from polemica.io.ballots import read_question_votes

        votes = read_question_votes(path, question)
        return votes.ballots, votes.tally_options()
    raise UserError(
        f"{path.name}: unknown kind of file; expected .soc/.soi/.toc/.toi (PrefLib), "
        ".csv (pairwise counts) or .jsonl/.parquet (vote.cast events)"
    )


def render_text(result: Result) -> str:
    lines = [f"method: {result.method}"]
    lines.append("winners: " + (", ".join(result.name(c) for c in result.winners) or "(none)"))
    lines.append("ranking:")
    for place, group in enumerate(result.ranking, start=1):
        lines.append(f"  {place}. " + " = ".join(result.name(c) for c in group))
    lines.append(f"tie-break: {result.tie_break}" + (" (used)" if result.tie_broken else ""))
    lines.append("")
    lines.append(result.explanation())
    return "\n".join(lines)


@click.command("tally")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--method",
    "method_name",
    required=True,
    type=click.Choice(sorted(METHOD_NAMES)),
    help="Voting method.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--seats", type=click.IntRange(min=1), help="Seats to fill (stv, approval, …).")
@click.option("--quorum", type=float, help="Quorum: ballots needed (a number below 1: a share).")
@click.option("--electorate", type=click.IntRange(min=0), help="Number of eligible voters.")
@click.option(
    "--majority",
    "ratio",
    type=float,
    help="Debian: majority ratio N (N:1) every option must meet against the default.",
)
@click.option("--default", "default", help="Debian: the default option (id or name).")
@click.option("--casting-vote", help="Debian: the option the casting vote chooses in a tie.")
@click.option(
    "--strength",
    type=click.Choice(["winning", "margins"]),
    help="Schulze / ranked pairs: strength of a defeat (default winning votes).",
)
@click.option("--threshold", type=float, help="Consensus: share of agree among agree+disagree.")
@click.option(
    "--tie-break",
    default="lexicographic",
    show_default=True,
    help="Tie-break rule: 'lexicographic' or 'seeded:N'.",
)
@click.option("--question", help="Events file: the question whose votes to count.")
@click.option(
    "--unranked",
    type=click.Choice(["bottom", "ignore"]),
    default="bottom",
    show_default=True,
    help="Unranked candidates: tied below the ranked, or ignored.",
)
def tally_cmd(
    file: Path,
    method_name: str,
    fmt: str,
    seats: int | None,
    quorum: float | None,
    electorate: int | None,
    ratio: float | None,
    default: str | None,
    casting_vote: str | None,
    strength: str | None,
    threshold: float | None,
    tie_break: str,
    question: str | None,
    unranked: str,
) -> None:
    """Count the ballots in FILE (PrefLib, pairwise CSV or vote.cast events) with one method."""
    from polemica.decide import RankProfile, tally
    from polemica.decide.pairwise import Pairwise

    ballots, given = load(file, question, unranked)
    resolve = _resolver(ballots, given.get("names", {}))
    options: dict[str, Any] = {
        **given,
        "seats": seats,
        "quorum": quorum,
        "electorate": electorate,
        "majority": ratio,
        "default": resolve(default),
        "casting_vote": resolve(casting_vote),
        "strength": strength,
        "threshold": threshold,
        "tie_break": tie_break,
    }
    if unranked != "bottom" and not isinstance(ballots, RankProfile | Pairwise):
        options["unranked"] = unranked
    try:
        result = tally(method_name, ballots, options)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    if fmt == "json":
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(render_text(result))


def _resolver(ballots: Loaded, names: dict[str, str]) -> Any:
    """Accept an option by its display name as well as its id."""
    from polemica.decide import RankProfile
    from polemica.decide.pairwise import Pairwise

    by_name = {v: k for k, v in names.items()}
    if isinstance(ballots, RankProfile | Pairwise):
        by_name = {v: k for k, v in ballots.names.items()}

    def resolve(value: str | None) -> str | None:
        return by_name.get(value, value) if value is not None else None

    return resolve
