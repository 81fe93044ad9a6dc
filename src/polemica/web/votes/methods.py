"""Decision methods, from `polemica.decide`: which ballot each takes and how a tally is run.

The platform stores ballots in the event format; here they become `polemica.decide` ballots
(through its own `ballots_of`) and the registry's `tally` counts them, with the question's
options (`polemica.decide.options`) and what only the platform knows: the electorate (the
body's voting members) and, for Debian, the default option every such question has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from polemica.decide import METHODS
from polemica.decide import tally as decide_tally
from polemica.decide.majority import quorum_needed
from polemica.decide.votes import ballots_of
from polemica.events import Event

Ballots = Sequence[tuple[str, dict[str, Any]]]  # (voter, ballot)

# The ballot field a method's input reads; a ranking also counts for choice and approval
# methods, as the registry converts it. A consensus ballot takes a stance on every position.
_FIELD = {
    "choice": ("choice", "ranking"),
    "approval": ("approve", "choice", "ranking"),
    "consent": ("stances",),
    "ranked": ("ranking", "choice"),
    "pairwise": ("ranking", "choice"),
}
METHOD_NAMES: tuple[str, ...] = tuple(METHODS)

# Every question decided the Debian way has this option besides its positions: ranking a line
# below it says "rather not this line"; when it wins, nothing is adopted.
NONE_OF_THE_ABOVE = "none-of-the-above"


def ballot_fields(method: str) -> tuple[str, ...]:
    """The ballot kinds a question decided by `method` accepts."""
    return _FIELD[METHODS[method].input]


def candidates(method: str, positions: Sequence[str]) -> list[str]:
    """What a question's ballots may name: its positions, and Debian's default option."""
    return [*positions, NONE_OF_THE_ABOVE] if method == "debian" else list(positions)


def count_options(method: str, chosen: Mapping[str, Any], electorate: int) -> dict[str, Any]:
    """The options a count runs with: those chosen for the question, the electorate where the
    method counts against it, and the platform's defaults (Debian's default option; its quorum,
    a number of ballots there, converted from a share of the electorate)."""
    takes = METHODS[method].options
    out = dict(chosen)
    if "electorate" in takes:
        out["electorate"] = electorate
    if method == "debian":
        out.setdefault("default", NONE_OF_THE_ABOVE)
        if "quorum" in out:
            out["quorum"] = quorum_needed(float(out["quorum"]), electorate)
    return out


def tally(
    method: str, ballots: Ballots, positions: Sequence[str], options: Mapping[str, Any]
) -> tuple[list[str], Any]:
    """(adopted option ids, the tally as JSON) of the current ballots."""
    typed = [
        one
        for n, (voter, ballot) in enumerate(ballots)
        for one in ballots_of(
            Event(
                n + 1,
                f"b{n}",
                "1970-01-01T00:00:00Z",
                "-",
                None,
                voter,
                "vote.cast",
                "-",
                {"ballot": ballot},
            )
        )
    ]
    if not typed:
        return [], {"method": method, "ballots": 0, "winners": []}
    result = decide_tally(method, typed, {"candidates": candidates(method, positions), **options})
    out = result.to_json()
    out["ballots"] = len(ballots)
    return [w for w in result.winners if w != NONE_OF_THE_ABOVE], out


# The main ballot kind of each method (what a form for it offers first).
BALLOT_KIND: dict[str, str] = {name: _FIELD[m.input][0] for name, m in METHODS.items()}
