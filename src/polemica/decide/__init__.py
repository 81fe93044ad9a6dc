"""Decision methods and opinion groups (DESIGN §8): pure functions over ballots and vote matrices.

Call `tally(method, ballots, options)` (or `tally_events` for `vote.cast` events); the methods
are listed in `METHODS` and documented in docs/voting-methods.md.
"""

from __future__ import annotations

from polemica.decide.ballots import (
    ApprovalBallot,
    Ballot,
    ChoiceBallot,
    ConsentBallot,
    RankedBallot,
    RankProfile,
)
from polemica.decide.pairwise import Pairwise, pairwise
from polemica.decide.registry import METHODS, Method, tally, tally_events
from polemica.decide.result import Result
from polemica.decide.tiebreak import TieBreak
from polemica.decide.votes import ballots_from_events

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
    "pairwise",
    "tally",
    "tally_events",
]

from polemica.decide.registry import method
