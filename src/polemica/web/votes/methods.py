"""Decision methods, from `polemica.decide`: which ballot each takes and how a tally is run.

The platform stores ballots in the event format; here they become `polemica.decide` ballots
(through its own `ballot_of`) and the registry's `tally` counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from polemica.decide import METHODS
from polemica.decide import tally as decide_tally
from polemica.decide.votes import ballot_of
from polemica.events import Event

Ballots = Sequence[tuple[str, dict[str, Any]]]  # (voter, ballot)

# The ballot field a method's input reads; a ranking also counts for choice and approval
# methods, as the registry converts it.
_FIELD = {
    "choice": ("choice", "ranking"),
    "approval": ("approve", "choice", "ranking"),
    "consent": ("stance",),
    "ranked": ("ranking", "choice"),
    "pairwise": ("ranking", "choice"),
}
METHOD_NAMES: tuple[str, ...] = tuple(METHODS)


def ballot_fields(method: str) -> tuple[str, ...]:
    """The ballot kinds a question decided by `method` accepts."""
    return _FIELD[METHODS[method].input]


def tally(method: str, ballots: Ballots, options: Sequence[str]) -> tuple[list[str], Any]:
    """(adopted option ids, the tally as JSON) of the current ballots."""
    typed = [
        ballot_of(
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
        for n, (voter, ballot) in enumerate(ballots)
    ]
    if not typed:
        return [], {"method": method, "ballots": 0, "winners": []}
    result = decide_tally(method, typed, {"candidates": list(options)})
    out = result.to_json()
    out["ballots"] = len(typed)
    return list(result.winners), out


# The main ballot kind of each method (what a form for it offers first).
BALLOT_KIND: dict[str, str] = {name: _FIELD[m.input][0] for name, m in METHODS.items()}
