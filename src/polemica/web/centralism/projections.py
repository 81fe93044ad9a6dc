"""apply_<kind> for directives, applications, feedback, lines and credit."""

from __future__ import annotations

from polemica.events import Event, parse_time
from polemica.web.centralism.models import (
    Application,
    Credit,
    Directive,
    DirectiveTarget,
    Feedback,
    Line,
)
from polemica.web.orgs.models import Body, Member
from polemica.web.process.models import Contribution
from polemica.web.record.projection import projects
from polemica.web.record.refs import ref, when
from polemica.web.votes.models import Decision


def _question_of(about: str) -> str | None:
    """The question a directive, decision or contribution is about (None: none of these), so
    the log withholds events about a closed question as it withholds the question's own."""
    directive = Directive.objects.filter(pk=about).values_list("decision_id", flat=True).first()
    for model, pk in ((Decision, directive or about), (Contribution, about)):
        found = model.objects.filter(pk=pk).values_list("question_id", flat=True).first()
        if found is not None:
            return str(found)
    return None


def _author(event: Event) -> str | None:
    if event.actor and Member.objects.filter(pk=event.actor).exists():
        return event.actor
    return None


@projects("directive.issued")
def apply_directive_issued(event: Event) -> str | None:
    decision = ref(Decision, event.data["decision"], event, "decision")
    body = ref(Body, event.body or decision.question.body_id, event, "body")
    targets = [ref(Body, b, event, "body") for b in event.data["to"]]
    due = event.data.get("due")
    directive = Directive.objects.create(
        id=event.subject,
        org_id=body.org_id,
        body=body,
        decision=decision,
        to=list(event.data["to"]),
        due=parse_time(due) if due else None,
        actor=event.actor,
        at=when(event),
    )
    DirectiveTarget.objects.bulk_create(
        [DirectiveTarget(directive=directive, body=t) for t in targets]
    )
    return str(decision.question_id)


@projects("directive.applied")
def apply_directive_applied(event: Event) -> str | None:
    directive = ref(Directive, event.data["directive"], event, "directive")
    body = ref(Body, event.body, event, "body")
    Application.objects.create(
        id=event.subject,
        directive=directive,
        body=body,
        author_id=_author(event),
        text=event.data["text"],
        at=when(event),
    )
    return _question_of(directive.pk)


@projects("feedback.sent")
def apply_feedback_sent(event: Event) -> str | None:
    to = ref(Body, event.data["to"], event, "body")
    Feedback.objects.create(
        id=event.subject,
        org_id=to.org_id,
        from_body_id=event.body,
        to_body=to,
        regarding=event.data["regarding"],
        kind=event.data["kind"],
        text=event.data["text"],
        author_id=_author(event),
        at=when(event),
    )
    return _question_of(event.data["regarding"])


@projects("feedback.answered")
def apply_feedback_answered(event: Event) -> str | None:
    feedback = ref(Feedback, event.data["feedback"], event, "feedback")
    feedback.answer = event.data["text"]
    feedback.answered_by = event.actor
    feedback.answered_at = when(event)
    feedback.save(update_fields=["answer", "answered_by", "answered_at"])
    return _question_of(feedback.regarding)


@projects("line.proposed")
def apply_line_proposed(event: Event) -> None:
    to = ref(Body, event.data["to"], event, "body")
    Line.objects.create(
        id=event.subject,
        org_id=to.org_id,
        from_body_id=event.body,
        to_body=to,
        text=event.data["text"],
        author_id=_author(event),
        at=when(event),
    )
    return None


@projects("credit.given")
def apply_credit_given(event: Event) -> str | None:
    member = ref(Member, event.data["member"], event, "member")
    Credit.objects.create(
        id=event.subject,
        org_id=member.org_id,
        member=member,
        for_id=event.data["for"],
        given_by=event.actor,
        at=when(event),
    )
    return _question_of(event.data["for"])
