"""apply_<kind> for questions, contributions and facts."""

from __future__ import annotations

from typing import Any

from polemica.events import Event
from polemica.web.base.prepared import Insert
from polemica.web.orgs.models import Body, BodySettings, Member
from polemica.web.orgs.rules import effective
from polemica.web.process.models import (
    Contribution,
    Fact,
    PhaseBacking,
    PhaseChange,
    Question,
    Review,
    Revision,
)
from polemica.web.record.projection import projects
from polemica.web.record.refs import exists, ref, when

# Posting is the busiest write; its row is inserted without the ORM's compiling (base.prepared).
_contribution = Insert(Contribution)


def _member(event: Event) -> str | None:
    """The actor as a member id when the member is known (importers may carry others)."""
    if event.actor and exists(Member, event.actor):
        return event.actor
    return None


@projects("question.opened")
def apply_question_opened(event: Event) -> str:
    body = ref(Body, event.body, event, "body")
    method = event.data.get("method")
    if not isinstance(method, str):
        stored = BodySettings.objects.filter(body=body).values_list("values", flat=True).first()
        method = effective(stored)["method"]
    Question.objects.create(
        id=event.subject,
        org_id=body.org_id,
        body=body,
        author_id=_member(event),
        title=event.data["title"],
        text=event.data["text"],
        visibility=event.data["visibility"],
        reason=event.data.get("reason", ""),
        phase="discussion",
        method=method,
        options=dict(event.data.get("options") or {}),
        ballot="secret" if event.data.get("secret") is True else "open",
        opened_at=when(event),
    )
    return event.subject


@projects("question.phase_changed")
def apply_question_phase_changed(event: Event) -> str:
    question = ref(Question, event.data["question"], event, "question")
    left = [str(x) for x in event.data.get("left_unanswered", []) or []]
    question.phase = event.data["phase"]
    question.left_unanswered = sorted({*question.left_unanswered, *left})
    question.save(update_fields=["phase", "left_unanswered"])
    PhaseChange.objects.create(
        question=question,
        seq=event.seq,
        phase=event.data["phase"],
        actor=event.actor,
        at=when(event),
    )
    return question.pk


@projects("question.closed")
def apply_question_closed(event: Event) -> str:
    question = ref(Question, event.subject, event, "question")
    Question.objects.filter(pk=question.pk).update(
        visibility="closed", reason=str(event.data.get("reason", ""))
    )
    return question.pk


def contribution_row(event: Event, question: str, author: str | None) -> dict[str, Any]:
    """The Contribution row a `contribution.posted` event makes (the action answers with it too)."""
    return {
        "id": event.subject,
        "question_id": question,
        "author_id": author,
        "type": event.data["type"],
        "text": event.data["text"],
        "target": event.data.get("target"),
        "cites": list(event.data.get("cites", [])),
        "redacted": None,
        "posted_at": when(event),
        "seq": event.seq,
    }


@projects("contribution.posted")
def apply_contribution_posted(event: Event) -> str:
    question = ref(Question, event.data["question"], event, "question")
    _contribution.row(**contribution_row(event, question.pk, _member(event)))
    return question.pk


@projects("contribution.revised")
def apply_contribution_revised(event: Event) -> str:
    contribution = ref(Contribution, event.subject, event, "contribution")
    Revision.objects.create(
        contribution=contribution, seq=event.seq, text=contribution.text, at=when(event)
    )
    contribution.text = event.data["text"]
    contribution.save(update_fields=["text"])
    return contribution.question_id


@projects("contribution.redacted")
def apply_contribution_redacted(event: Event) -> str:
    contribution = ref(Contribution, event.subject, event, "contribution")
    contribution.redacted = event.data["reason"]
    contribution.save(update_fields=["redacted"])
    return contribution.question_id


@projects("fact.placed")
def apply_fact_placed(event: Event) -> str:
    question = ref(Question, event.data["question"], event, "question")
    Fact.objects.create(
        id=event.subject,
        question=question,
        author_id=_member(event),
        claim=event.data["claim"],
        sources=list(event.data["sources"]),
        placed_at=when(event),
        seq=event.seq,
    )
    return question.pk


@projects("fact.reviewed")
def apply_fact_reviewed(event: Event) -> str:
    fact = ref(Fact, event.data["fact"], event, "fact")
    Review.objects.create(
        id=event.subject,
        fact=fact,
        reviewer_id=_member(event),
        verdict=event.data["verdict"],
        reasoning=event.data["reasoning"],
        at=when(event),
        seq=event.seq,
    )
    return fact.question_id


@projects("phase.backed")
def apply_phase_backed(event: Event) -> str:
    question = ref(Question, event.data["question"], event, "question")
    member = ref(Member, event.actor, event, "member")
    PhaseBacking.objects.create(
        question=question, member=member, phase=str(event.data["phase"]), seq=event.seq
    )
    return question.pk
