"""Ballots of one question from a file of events (JSON Lines or Parquet) holding `vote.cast`.

The events are read and validated by `polemica.events`; the ballots follow the rules of
`polemica.decide.votes` (the latest vote of a member replaces earlier ones; a `block` key with a
reason makes a stance ballot a block).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from polemica.decide.ballots import (
    ApprovalBallot,
    Ballot,
    ChoiceBallot,
    ConsentBallot,
    RankedBallot,
)
from polemica.decide.opinion.matrix import VoteMatrix
from polemica.decide.votes import OPTION_TYPES, ballots_from_events, published_ballots
from polemica.events import Event, iter_events


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


@dataclass(frozen=True)
class QuestionVotes:
    """A question's current ballots and its options: the question's `position`, `synthesis` and
    `reading` contributions not redacted, in the order posted, as the platform counts them."""

    question: str
    ballots: list[Ballot]
    options: list[str]
    names: dict[str, str]  # option id → `data.meta.name`, where the contribution gives one

    def tally_options(self) -> dict[str, Any]:
        """`candidates` (the options, then any other id a ballot names) and `names`."""
        extra = sorted(_named_ids(self.ballots) - set(self.options))
        out: dict[str, Any] = {"candidates": [*self.options, *extra]}
        if self.names:
            out["names"] = dict(self.names)
        return out


def _named_ids(ballots: list[Ballot]) -> set[str]:
    ids: set[str] = set()
    for b in ballots:
        if isinstance(b, ChoiceBallot) and b.choice is not None:
            ids.add(b.choice)
        elif isinstance(b, RankedBallot):
            ids.update(b.ranked())
        elif isinstance(b, ApprovalBallot):
            ids.update(b.approve)
        elif isinstance(b, ConsentBallot):
            ids.add(b.proposal)
    return ids


def read_question_votes(
    path: str | os.PathLike[str], question: str | None = None, *, abstain_id: str = "abstain"
) -> QuestionVotes:
    """The ballots and options of one question, in one pass over the file. A secret vote's
    ballots are those its latest decision published (no voter, by tracking number)."""
    votes: list[Event] = []
    sealed: set[str] = set()  # questions with secret ballots
    published: dict[str, Event] = {}  # question → its latest decision publishing ballots
    posted: dict[str, dict[str, str | None]] = {}  # question → option id → name
    redacted: set[str] = set()
    for e in iter_events(path, contiguous=False):
        if e.kind == "vote.cast":
            votes.append(e)
        elif e.kind == "vote.sealed":
            sealed.add(str(e.data.get("question")))
        elif e.kind == "decision.taken" and "ballots" in e.data:
            published[str(e.data.get("question"))] = e
        elif e.kind == "contribution.posted" and e.data.get("type") in OPTION_TYPES:
            meta = e.data.get("meta")
            name = meta.get("name") if isinstance(meta, dict) else None
            posted.setdefault(str(e.data.get("question")), {})[e.subject] = (
                name if isinstance(name, str) and name else None
            )
        elif e.kind == "contribution.redacted":
            redacted.add(e.subject)
    q, ballots = _ballots(votes, sealed | set(published), published, question, abstain_id)
    options = {c: n for c, n in posted.get(q, {}).items() if c not in redacted}
    names = {c: n for c, n in options.items() if n is not None}
    return QuestionVotes(q, ballots, list(options), names)


def _ballots(
    votes: list[Event],
    secret: set[str],
    published: dict[str, Event],
    question: str | None,
    abstain_id: str,
) -> tuple[str, list[Ballot]]:
    if question is None:
        voted = sorted(secret | {str(e.data.get("question")) for e in votes})
        if len(voted) == 1:
            question = voted[0]
    if question is None or question not in secret:
        return ballots_from_events(votes, question, abstain_id=abstain_id)
    if question not in published:
        raise ValueError(
            f"question {question!r} is a secret vote not yet decided: its ballots stay sealed "
            "until the decision publishes them"
        )
    return question, published_ballots(published[question], abstain_id=abstain_id)
