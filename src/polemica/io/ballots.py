"""Ballots of one question from a file of events (JSON Lines or Parquet) holding `vote.cast`.

The events are read and validated by `polemica.events`; the ballots follow the rules of
`polemica.decide.votes` (the latest vote of a member replaces earlier ones; a `block` key with a
reason makes a stance ballot a block).
"""

from __future__ import annotations

import os

from polemica.decide.ballots import Ballot
from polemica.decide.votes import ballots_from_events
from polemica.events import iter_events


def read_vote_events(
    path: str | os.PathLike[str], question: str | None = None, *, abstain_id: str = "abstain"
) -> tuple[str, list[Ballot]]:
    """The question (given, or the only one voted on in the file) and its current ballots."""
    return ballots_from_events(iter_events(path, contiguous=False), question, abstain_id=abstain_id)
