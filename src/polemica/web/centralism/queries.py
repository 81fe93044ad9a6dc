"""Reads of directives, feedback and lines, through the access path."""

from __future__ import annotations

from polemica.events import format_time
from polemica.web.base.errors import NotFound
from polemica.web.centralism.access import may_read_line
from polemica.web.centralism.models import Directive, Feedback, Line
from polemica.web.centralism.schemas import (
    ApplicationOut,
    ContestedOut,
    DirectiveOut,
    DissentOut,
    FeedbackOut,
    LineOut,
)
from polemica.web.orgs.access import Actor, can_read_question, in_body_or_above
from polemica.web.process.models import Contribution
from polemica.web.votes.models import Decision


def may_read_directive(actor: Actor, d: Directive) -> bool:
    """Whoever reads the decision's question, and the bodies it is addressed to (and those
    above them), even when the question is closed to them."""
    q = d.decision.question
    if can_read_question(actor, q.org_id, q.body_id, q.visibility):
        return True
    return any(in_body_or_above(actor, d.org_id, body) for body in d.to)


def visible_directive(actor: Actor, directive: str) -> Directive:
    """The directive if this person may read it; NotFound otherwise (same as a missing one)."""
    d = (
        Directive.objects.filter(pk=directive)
        .select_related("decision__question", "body", "org")
        .first()
    )
    if d is None or not may_read_directive(actor, d):
        raise NotFound("directive")
    return d


def regarding(actor: Actor, regarding: str) -> tuple[str, str] | None:
    """(organization, body) of the directive or decision feedback is about — the body that
    issued or took it — when this person may read it; None when it is hidden or missing alike."""
    d = Directive.objects.filter(pk=regarding).select_related("decision__question").first()
    if d is not None:
        return (d.org_id, d.body_id) if may_read_directive(actor, d) else None
    decision = Decision.objects.filter(pk=regarding).select_related("question").first()
    if decision is None:
        return None
    q = decision.question
    return (
        (q.org_id, q.body_id)
        if can_read_question(actor, q.org_id, q.body_id, q.visibility)
        else None
    )


def visible_line(actor: Actor, line: str) -> Line:
    """The line if this person may read it; NotFound otherwise, like a missing one."""
    found = Line.objects.filter(pk=line).select_related("from_body", "to_body").first()
    if found is None or not may_read_line(actor, found):
        raise NotFound("line")
    return found


def visible_feedback(actor: Actor, feedback: str) -> Feedback:
    """Feedback is read by whoever reads what it is about; NotFound otherwise, like a missing one."""
    f = Feedback.objects.filter(pk=feedback).first()
    # No organization yet: sent to one not restored yet (record.pending), so not answerable.
    if f is None or f.org_id is None or regarding(actor, f.regarding) is None:
        raise NotFound("feedback")
    return f


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
        outcome=line.outcome,
        response=line.response,
        responded_by=line.responded_by,
        question=line.question,
    )


def directive_detail(actor: Actor, directive: str) -> DirectiveOut:
    d = visible_directive(actor, directive)
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
        dissent=dissent_of(actor, d.decision),
    )


def dissent_of(actor: Actor, decision: Decision) -> DissentOut:
    """The minority's share, the objections left unanswered and the reservations recorded after
    the decision: what the body that applies a directive should know was contested."""
    q = decision.question
    tally = decision.tally if isinstance(decision.tally, dict) else {}
    ballots = int(tally.get("ballots") or 0)
    backing = decision.backing
    share = None
    if ballots and backing is not None and decision.adopted:
        share = round(1 - backing / ballots, 4)
    blocks = tally.get("details", {}).get("blocks", {}) if isinstance(tally, dict) else {}
    rows = Contribution.objects.filter(question=q, redacted__isnull=True)
    unanswered = rows.filter(pk__in=list(decision.unanswered)).order_by("seq")
    reservations = rows.filter(type="reservation", seq__gt=decision.seq).order_by("seq")
    readable = can_read_question(actor, q.org_id, q.body_id, q.visibility)
    return DissentOut(
        ballots=ballots,
        backing=backing,
        minority_share=share,
        blocks=sum(len(v) for v in blocks.values()) if isinstance(blocks, dict) else 0,
        unanswered_count=unanswered.count(),
        reservations_count=reservations.count(),
        unanswered=[_contested(c) for c in unanswered] if readable else [],
        reservations=[_contested(c) for c in reservations] if readable else [],
    )


def _contested(c: Contribution) -> ContestedOut:
    return ContestedOut(id=c.id, author=c.author_id, text=c.text, at=format_time(c.posted_at))
