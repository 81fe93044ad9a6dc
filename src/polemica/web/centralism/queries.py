"""Reads of directives, feedback and lines, through the access path."""

from __future__ import annotations

from polemica.events import format_time
from polemica.web.base.errors import NotFound
from polemica.web.centralism.models import Directive, Feedback, Line
from polemica.web.centralism.schemas import (
    ApplicationOut,
    DirectiveOut,
    FeedbackOut,
    LineOut,
)
from polemica.web.orgs.access import Actor, can_read_question, in_body_or_above


def may_read_directive(actor: Actor, d: Directive) -> bool:
    q = d.decision.question
    if can_read_question(actor, q.org_id, q.body_id, q.visibility):
        return True
    return any(in_body_or_above(actor, d.org_id, body) for body in d.to)


def feedback_out(f: Feedback) -> FeedbackOut:
    return FeedbackOut(
        id=f.id,
        from_body=f.from_body_id,
        to=f.to_body_id,
        regarding=f.regarding,
        kind=f.kind,
        text=f.text,
        author=f.author_id,
        at=format_time(f.at),
        answer=f.answer,
        answered_by=f.answered_by,
    )


def line_out(line: Line) -> LineOut:
    return LineOut(
        id=line.id,
        from_body=line.from_body_id,
        to=line.to_body_id,
        text=line.text,
        author=line.author_id,
        at=format_time(line.at),
    )


def directive_detail(actor: Actor, directive: str) -> DirectiveOut:
    d = (
        Directive.objects.filter(pk=directive)
        .select_related("decision__question")
        .prefetch_related("applications")
        .first()
    )
    if d is None or not may_read_directive(actor, d):
        raise NotFound("directive")
    apps = sorted(d.applications.all(), key=lambda a: a.at)
    applied = {a.body_id for a in apps}
    feedback = Feedback.objects.filter(regarding=d.id).order_by("at", "id")
    return DirectiveOut(
        id=d.id,
        org=d.org_id,
        body=d.body_id,
        decision=d.decision_id,
        question=d.decision.question_id,
        text=d.decision.text,
        to=list(d.to),
        due=format_time(d.due) if d.due else None,
        at=format_time(d.at),
        applications=[
            ApplicationOut(
                id=a.id, body=a.body_id, author=a.author_id, text=a.text, at=format_time(a.at)
            )
            for a in apps
        ],
        waiting=[b for b in d.to if b not in applied],
        overdue=[b for b in d.to if b not in applied] if d.past_due else [],
        feedback=[feedback_out(f) for f in feedback],
    )
