"""Decision methods and opinion groups (DESIGN §8): pure functions over ballots and vote matrices.

Call `tally(method, ballots, options)` (or `tally_events` for `vote.cast` events); the methods
are listed in `METHODS` and documented in docs/voting-methods.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from polemica.lazy import lazy_names

if TYPE_CHECKING:
    from polemica.decide.ballots import (
        ApprovalBallot,
        Ballot,
        ChoiceBallot,
        ConsentBallot,
        RankedBallot,
        RankProfile,
    )
    from polemica.decide.pairwise import Pairwise
    from polemica.decide.registry import METHODS, Method, method, tally, tally_events
    from polemica.decide.result import Result
    from polemica.decide.tiebreak import TieBreak
    from polemica.decide.votes import ballots_from_events

# Each name is imported from its module on first use (polemica/lazy.py). The function
# `pairwise` is not among them: its module's name would shadow it (import it from
# polemica.decide.pairwise).
__getattr__ = lazy_names(
    __name__,
    {
        "ApprovalBallot": "polemica.decide.ballots",
        "Ballot": "polemica.decide.ballots",
        "ChoiceBallot": "polemica.decide.ballots",
        "ConsentBallot": "polemica.decide.ballots",
        "METHODS": "polemica.decide.registry",
        "Method": "polemica.decide.registry",
        "Pairwise": "polemica.decide.pairwise",
        "RankProfile": "polemica.decide.ballots",
        "RankedBallot": "polemica.decide.ballots",
        "Result": "polemica.decide.result",
        "TieBreak": "polemica.decide.tiebreak",
        "ballots_from_events": "polemica.decide.votes",
        "method": "polemica.decide.registry",
        "tally": "polemica.decide.registry",
        "tally_events": "polemica.decide.registry",
    },
)

__all__ = [
    "METHODS",
    "ApprovalBallot",
    "Ballot",
    "ChoiceBallot",
    "ConsentBallot",
    "Method",
    "Pairwise",
    "RankProfile",
    "RankedBallot",
    "Result",
    "TieBreak",
    "ballots_from_events",
    "method",
    "tally",
    "tally_events",
]
