"""apply_<kind> for ballots and decisions."""

from __future__ import annotations

from polemica.events import Event
from polemica.web.orgs.models import Member
from polemica.web.process.models import PhaseChange, Question
from polemica.web.record.projection import projects
from polemica.web.record.refs import ref, when
from polemica.web.votes.models import Ballot, Decision, SealedBallot


@projects("vote.cast")
def apply_vote_cast(event: Event) -> str:
    return _current(event, dict(event.data["ballot"]))


@projects("vote.sealed")
def apply_vote_sealed(event: Event) -> str:
    """A secret ballot's named participation: the member's current ballot row holds the seal."""
    return _current(event, {"sealed": event.data["seal"]})


def _current(event: Event, ballot: dict[str, object]) -> str:
    question = ref(Question, event.data["question"], event, "question")
    member = ref(Member, event.actor, event, "voter")
    # The earlier ballot stops being current before the new one is inserted, so the partial
    # unique index (one current ballot per member and question) holds at every statement.
    Ballot.objects.filter(question=question, member=member, current=True).update(
        current=False, superseded_by=event.subject
    )
    Ballot.objects.create(
        id=event.subject,
        question=question,
        member=member,
        ballot=ballot,
        current=True,
        cast_at=when(event),
        seq=event.seq,
    )
    return question.pk


@projects("decision.taken")
def apply_decision_taken(event: Event) -> str:
    question = ref(Question, event.data["question"], event, "question")
    d = event.data
    Decision.objects.create(
        id=event.subject,
        question=question,
        actor=event.actor,
        method=d["method"],
        adopted=list(d["adopted"]),
        text=d["text"],
        tally=d["tally"],
        credits=list(d["credits"]),
        considered=list(d["considered"]),
        unanswered=list(d["unanswered"]),
        unanimous=d["unanimous"],
        options=dict(d.get("options") or {}),
        electorate=d["electorate"] if isinstance(d.get("electorate"), int) else None,
        backing=d["backing"] if isinstance(d.get("backing"), int) else None,
        ballots=d.get("ballots"),
        at=when(event),
        seq=event.seq,
    )
    if "ballots" in d:
        # The box's ballots are in the record now, counted: the box is emptied.
        SealedBallot.objects.filter(question=question).delete()
    if question.phase != "decided":
        question.phase = "decided"
        question.save(update_fields=["phase"])
        PhaseChange.objects.create(
            question=question, seq=event.seq, phase="decided", actor=event.actor, at=when(event)
        )
    return question.pk
