"""Ballots of one question from a file of events (JSON Lines or Parquet) holding `vote.cast`.

The events are read and validated by `polemica.events`; the ballots follow the rules of
`polemica.decide.votes` (the latest vote of a member replaces earlier ones; a `block` key with a
reason makes a stance ballot a block).
"""

from __future__ import annotations

import os

from polemica.decide.ballots import Ballot, ConsentBallot
from polemica.decide.opinion.matrix import VoteMatrix
from polemica.decide.votes import ballots_from_events
from polemica.events import iter_events


def read_vote_events(
    path: str | os.PathLike[str], question: str | None = None, *, abstain_id: str = "abstain"
) -> tuple[str, list[Ballot]]:
    """The question (given, or the only one voted on in the file) and its current ballots."""
    return ballots_from_events(iter_events(path, contiguous=False), question, abstain_id=abstain_id)


def read_stance_matrix(path: str | os.PathLike[str], question: str | None = None) -> VoteMatrix:
    """The agree/disagree/pass matrix of a question's stance ballots (latest vote per member and
    statement; blocks count as disagree; non-stance ballots are ignored)."""
    _, ballots = read_vote_events(path, question)
    value = {"agree": 1, "disagree": -1, "pass": 0, "block": -1}
    triples = [
        (b.voter or f"anonymous-{i}", b.proposal, value[b.stance])
        for i, b in enumerate(ballots)
        if isinstance(b, ConsentBallot)
    ]
    if not triples:
        raise ValueError(f"{path}: no stance ballots to group participants by")
    return VoteMatrix.from_triples(triples)
