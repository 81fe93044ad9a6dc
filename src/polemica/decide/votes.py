"""Ballots from `vote.cast` events of one question.

- Each member's latest `vote.cast` on the question replaces their earlier ones (for stance
  ballots: their latest on the same statement). Votes with a null actor are each counted.
- `{"choice": id}` is a choice; the id `abstain` (option `abstain_id`) is an abstention.
- `{"ranking": [[id, …], …]}` a ranking (tie groups best first), `{"approve": [id, …]}` approval.
- `{"stance": "agree"|"disagree"|"pass", "statement": id}` a stance on a proposal or statement;
  adding `"block": "<reason>"` makes it a block under consensus (extra ballot keys are valid in
  the event format, so a block ballot passes `polemica.events` validation unchanged).
- `{"stances": {id: "agree"|"disagree"|"pass"|{"block": "<reason>"}, …}}` a stance on each of
  several statements at once (the platform's consensus ballot covers every position).
- A secret vote has no `vote.cast`: its ballots are those its decision published
  (`decision.taken` `ballots`, by tracking number; `published_ballots`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from polemica.decide.ballots import (
    ApprovalBallot,
    Ballot,
    ChoiceBallot,
    ConsentBallot,
    RankedBallot,
)
from polemica.events import Event

OPTION_TYPES = frozenset({"position", "synthesis", "reading"})
"""The contributions a question's vote chooses among (the platform's rule, `process.rules`)."""


def _fail(where: str, field: str, reason: str) -> ValueError:
    return ValueError(f"{where}: data.ballot.{field} {reason}")


def ballot_of(event: Event, *, abstain_id: str = "abstain") -> Ballot:
    """The typed ballot of one `vote.cast` event."""
    where = f"event seq {event.seq} ({event.id})"
    return typed_ballot(event.data.get("ballot"), event.actor, where, abstain_id=abstain_id)


def typed_ballot(b: Any, voter: str | None, where: str, *, abstain_id: str = "abstain") -> Ballot:
    """The typed ballot of a ballot object (`where` names it in errors)."""
    if not isinstance(b, dict):
        raise ValueError(f"{where}: data.ballot must be an object")
    if "choice" in b:
        choice = b["choice"]
        return ChoiceBallot(None if choice == abstain_id else str(choice), voter=voter)
    if "ranking" in b:
        return RankedBallot(tuple(frozenset(g) for g in b["ranking"]), voter=voter)
    if "approve" in b:
        return ApprovalBallot(frozenset(b["approve"]), voter=voter)
    if "stance" in b:
        statement = b.get("statement")
        if not isinstance(statement, str) or not statement:
            raise _fail(where, "statement", "must be a statement id")
        if "block" in b:
            reason = b["block"]
            if not isinstance(reason, str) or not reason.strip():
                raise _fail(where, "block", "must be the reason for the block (non-empty text)")
            return ConsentBallot(statement, "block", reason, voter=voter)
        if b["stance"] not in ("agree", "disagree", "pass"):
            raise _fail(where, "stance", "must be agree, disagree or pass")
        return ConsentBallot(statement, b["stance"], voter=voter)
    raise _fail(where, "", "must hold one of choice, ranking, approve, stance or stances")


def typed_ballots(
    b: Any, voter: str | None, where: str, *, abstain_id: str = "abstain"
) -> list[Ballot]:
    """The typed ballots of a ballot object: one, or one per statement of `stances`."""
    if not isinstance(b, dict) or "stances" not in b:
        return [typed_ballot(b, voter, where, abstain_id=abstain_id)]
    stances = b["stances"]
    if not isinstance(stances, dict) or not stances:
        raise _fail(where, "stances", "must map statement ids to stances")
    out: list[Ballot] = []
    for statement, stance in stances.items():
        if isinstance(stance, dict):
            reason = stance.get("block")
            if not isinstance(reason, str) or not reason.strip():
                raise _fail(where, f"stances.{statement}", "must be a block with its reason")
            out.append(ConsentBallot(statement, "block", reason, voter=voter))
        elif stance in ("agree", "disagree", "pass"):
            out.append(ConsentBallot(statement, stance, voter=voter))
        else:
            raise _fail(where, f"stances.{statement}", "must be agree, disagree, pass or a block")
    return out


def ballots_of(event: Event, *, abstain_id: str = "abstain") -> list[Ballot]:
    """The typed ballots of one `vote.cast` event: one, or one per statement of `stances`."""
    where = f"event seq {event.seq} ({event.id})"
    return typed_ballots(event.data.get("ballot"), event.actor, where, abstain_id=abstain_id)


def published_ballots(decision: Event, *, abstain_id: str = "abstain") -> list[Ballot]:
    """The ballots a secret vote's decision published (`data.ballots`), each counted once and
    known by its tracking number: what the decision counted, with no voter."""
    out: list[Ballot] = []
    for i, item in enumerate(decision.data.get("ballots") or []):
        where = f"event seq {decision.seq} ({decision.id}) ballots[{i}]"
        if not isinstance(item, dict):
            raise ValueError(f"{where}: must be a {{tracking, ballot}} object")
        tracking = item.get("tracking")
        out.extend(typed_ballots(item.get("ballot"), str(tracking), where, abstain_id=abstain_id))
    return out


def question_of(events: Iterable[Event], question: str | None) -> tuple[str, list[Event]]:
    """The `vote.cast` events of `question` (or of the only question voted on)."""
    votes = [e for e in events if e.kind == "vote.cast"]
    questions = sorted({str(e.data.get("question")) for e in votes})
    if question is None:
        if len(questions) != 1:
            found = ", ".join(questions) if questions else "none"
            raise ValueError(f"name the question to tally; questions voted on: {found}")
        question = questions[0]
    chosen = [e for e in votes if e.data.get("question") == question]
    if not chosen:
        raise ValueError(f"no vote.cast events for question {question!r}")
    return question, chosen


def ballots_from_events(
    events: Iterable[Event], question: str | None = None, *, abstain_id: str = "abstain"
) -> tuple[str, list[Ballot]]:
    """The question and its current ballots, each member's latest vote replacing earlier ones."""
    question, votes = question_of(events, question)
    latest: dict[object, Ballot] = {}
    for n, event in enumerate(sorted(votes, key=lambda e: e.seq)):
        who: object = event.actor if event.actor is not None else ("anonymous", n)
        for ballot in ballots_of(event, abstain_id=abstain_id):
            key = (who, ballot.proposal) if isinstance(ballot, ConsentBallot) else who
            latest.pop(key, None)  # re-insert so ballots keep the order of their latest vote
            latest[key] = ballot
    return question, list(latest.values())
