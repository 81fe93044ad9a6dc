"""apply_<kind> for directives, applications, feedback, lines and credit.

A forum's directives go to other organizations' bodies, whose applications, feedback and lines
come back: such references may name an organization not restored yet (`ref_across`). Each is
completed when the other side arrives: a feedback learns its organization when its body is
created (`resolves("body.created")`), and an answer given before its feedback was restored is
taken from the record when the feedback arrives.

Each projector returns the question its event is about, so the log withholds events about a
closed question as it withholds the question's own (`EventRow.question`). Only a question of
the event's own organization is named: whether another organization is restored yet must not
change what a log shows.
"""

from __future__ import annotations

from datetime import datetime

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
from polemica.web.process.models import Contribution, Question
from polemica.web.record.models import EventRow
from polemica.web.record.projection import projects, resolves
from polemica.web.record.refs import ref, ref_across, when
from polemica.web.votes.models import Decision


def _question_of(about: str, org: str) -> str | None:
    """The question of `org` a directive, decision or contribution is about (None: none of
    these in `org`)."""
    directive = (
        Directive.objects.filter(pk=about, org_id=org).values_list("decision_id", flat=True).first()
    )
    for model, pk in ((Decision, directive or about), (Contribution, about)):
        found = (
            model.objects.filter(pk=pk, question__org_id=org)
            .values_list("question_id", flat=True)
            .first()
        )
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
    # Targets may be bodies of other organizations (a forum's): not looked up (record.pending).
    targets = list(event.data["to"])
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
        [DirectiveTarget(directive=directive, body_id=t) for t in targets]
    )
    return str(decision.question_id)


@projects("directive.applied")
def apply_directive_applied(event: Event) -> str | None:
    # The directive may be another organization's (a forum's), not restored yet: not looked up.
    body = ref(Body, event.body, event, "body")
    Application.objects.create(
        id=event.subject,
        directive_id=event.data["directive"],
        body=body,
        author_id=_author(event),
        text=event.data["text"],
        at=when(event),
    )
    return _question_of(event.data["directive"], event.org)


@projects("feedback.sent")
def apply_feedback_sent(event: Event) -> str | None:
    to = ref_across(Body, event.data["to"], event, "body")
    feedback = Feedback.objects.create(
        id=event.subject,
        org_id=to.org_id if to else None,
        from_body_id=event.body,
        to_body_id=event.data["to"],
        regarding=event.data["regarding"],
        kind=event.data["kind"],
        text=event.data["text"],
        author_id=_author(event),
        at=when(event),
    )
    if to is not None and to.org_id != event.org:
        _answered_before(feedback, to.org_id)
    return _question_of(feedback.regarding, event.org)


def _answered_before(feedback: Feedback, org: str) -> None:
    """The answer, if the organization answering (another than the sender's) was restored first
    and already answered: its `feedback.answered` event is in the record, its text as it reads
    now (erased text is "")."""
    answers = EventRow.objects.filter(org=org, kind="feedback.answered", data__feedback=feedback.id)
    found = answers.order_by("-seq").values_list("data", "actor", "at").first()
    if found is not None:
        data, actor, at = found
        _answer(feedback, data["text"], actor, parse_time(at))
        # Tagged now as it would have been had the feedback been restored first.
        answers.update(question=_question_of(feedback.regarding, org))


def _answer(feedback: Feedback, text: str, actor: str | None, at: datetime) -> None:
    feedback.answer = text
    feedback.answered_by = actor
    feedback.answered_at = at
    feedback.save(update_fields=["answer", "answered_by", "answered_at"])


@projects("feedback.answered")
def apply_feedback_answered(event: Event) -> str | None:
    # The feedback was sent from another organization, perhaps not restored yet: then its
    # `feedback.sent` takes this answer from the record when it arrives.
    feedback = ref_across(Feedback, event.data["feedback"], event, "feedback")
    if feedback is None:
        return None
    _answer(feedback, event.data["text"], event.actor, when(event))
    return _question_of(feedback.regarding, event.org)


@projects("line.proposed")
def apply_line_proposed(event: Event) -> None:
    to = ref_across(Body, event.data["to"], event, "body")
    line = Line.objects.create(
        id=event.subject,
        org_id=to.org_id if to else None,
        from_body_id=event.body,
        to_body_id=event.data["to"],
        text=event.data["text"],
        author_id=_author(event),
        at=when(event),
    )
    if to is not None and to.org_id != event.org:
        # The receiving organization, restored first, may have answered it already.
        found = (
            EventRow.objects.filter(org=to.org_id, kind="line.answered", data__line=line.id)
            .order_by("-seq")
            .values_list("data", "actor", "at")
            .first()
        )
        if found is not None:
            data, actor, at = found
            _respond(line, data, actor, parse_time(at))
    return None


def _respond(line: Line, data: dict[str, object], actor: str | None, at: datetime) -> None:
    line.outcome = str(data["outcome"])
    line.response = str(data["text"])
    line.responded_by = actor
    line.responded_at = at
    question = data.get("question")
    line.question = str(question) if question is not None else None
    line.save(update_fields=["outcome", "response", "responded_by", "responded_at", "question"])


@projects("line.answered")
def apply_line_answered(event: Event) -> str | None:
    # The line was sent from another organization, perhaps not restored yet: then its
    # `line.proposed` takes this answer from the record when it arrives.
    line = ref_across(Line, event.data["line"], event, "line")
    if line is not None:
        _respond(line, dict(event.data), event.actor, when(event))
    question = event.data.get("question")
    if question is not None and Question.objects.filter(pk=question, org_id=event.org).exists():
        return str(question)
    return None


@resolves("body.created")
def resolve_sent_to_body(event: Event) -> None:
    """Feedback and lines sent to this body before its organization was restored."""
    for model in (Feedback, Line):
        model.objects.filter(to_body_id=event.subject, org__isnull=True).update(org_id=event.org)


@projects("credit.given")
def apply_credit_given(event: Event) -> str | None:
    member = ref(Member, event.data["member"], event, "member")
    Credit.objects.create(
        id=event.subject,
        # The organization whose log records the credit: a forum credits delegates of others.
        org_id=event.org,
        member=member,
        for_id=event.data["for"],
        given_by=event.actor,
        at=when(event),
    )
    return _question_of(event.data["for"], event.org)
