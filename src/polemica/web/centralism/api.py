"""API: directives, applications, feedback and answers, lines, credit, a body's inbox."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from polemica.events import format_time as iso
from polemica.web.base.http import actor
from polemica.web.base.schemas import ErrorOut, OkOut
from polemica.web.centralism import access, actions, queries
from polemica.web.centralism.models import Feedback, Line
from polemica.web.centralism.schemas import (
    AnswerIn,
    ApplicationIn,
    ApplicationOut,
    CreditIn,
    DirectiveIn,
    DirectiveOut,
    FeedbackIn,
    FeedbackOut,
    InboxOut,
    LineAnswerIn,
    LineIn,
    LineOut,
)
from polemica.web.orgs import queries as org_queries
from polemica.web.orgs.access import require, require_login

router = Router(tags=["democratic centralism"])
ERR = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post("/decisions/{decision}/directives", response={201: DirectiveOut, **ERR})
def issue_directive(
    request: HttpRequest, decision: str, payload: DirectiveIn
) -> Status[DirectiveOut]:
    who = actor(request)
    d = actions.do_issue_directive(who, decision, payload.to, payload.due)
    return Status(201, queries.directive_detail(who, d.id))


@router.get("/directives/{directive}", response={200: DirectiveOut, **ERR})
def get_directive(request: HttpRequest, directive: str) -> DirectiveOut:
    """The directive, each lower body's application beside it, and the feedback on it."""
    return queries.directive_detail(actor(request), directive)


@router.post("/directives/{directive}/applications", response={201: ApplicationOut, **ERR})
def apply_directive(
    request: HttpRequest, directive: str, payload: ApplicationIn
) -> Status[ApplicationOut]:
    a = actions.do_apply_directive(actor(request), directive, payload.body, payload.text)
    return Status(
        201, ApplicationOut(id=a.id, body=a.body_id, author=a.author_id, text=a.text, at=iso(a.at))
    )


@router.post("/bodies/{body}/feedback", response={201: FeedbackOut, **ERR})
def send_feedback(request: HttpRequest, body: str, payload: FeedbackIn) -> Status[FeedbackOut]:
    f = actions.do_send_feedback(
        actor(request), body, payload.to, payload.regarding, payload.kind, payload.text
    )
    return Status(201, queries.feedback_out(f))


@router.post("/feedback/{feedback}/answer", response={200: FeedbackOut, **ERR})
def answer_feedback(request: HttpRequest, feedback: str, payload: AnswerIn) -> FeedbackOut:
    return queries.feedback_out(actions.do_answer_feedback(actor(request), feedback, payload.text))


@router.post("/bodies/{body}/lines", response={201: LineOut, **ERR})
def propose_line(request: HttpRequest, body: str, payload: LineIn) -> Status[LineOut]:
    line = actions.do_propose_line(actor(request), body, payload.to, payload.text)
    return Status(201, queries.line_out(line))


@router.post("/lines/{line}/answer", response={200: LineOut, **ERR})
def answer_line(request: HttpRequest, line: str, payload: LineAnswerIn) -> LineOut:
    """The receiving body's leader or a deputy answers a line, once: `answered`, `declined` (with
    a reason) or `adopted` (a question of the body is opened from it, its proposer credited)."""
    who = actor(request)
    if payload.outcome == "adopted":
        done = actions.do_adopt_line(who, line, payload.title, payload.text)
    else:
        done = actions.do_answer_line(who, line, payload.outcome, payload.text)
    return queries.line_out(done)


@router.post("/credits", response={200: OkOut, **ERR})
def give_credit(request: HttpRequest, payload: CreditIn) -> OkOut:
    actions.do_give_credit(actor(request), payload.member, payload.for_)
    return OkOut()


@router.get("/bodies/{body}/inbox", response={200: InboxOut, **ERR})
def inbox(request: HttpRequest, body: str) -> InboxOut:
    """What waits for the body: directives to apply, feedback to answer, lines sent to it."""
    who = actor(request)
    found = org_queries.body(body)
    require_login(who)
    require(
        access.may_read_inbox(who, found.org_id, found.id),
        "only members of the body (or above it) see its inbox",
    )
    waiting = (
        found.directives_received.exclude(directive__applications__body=found)
        .order_by("directive__at")
        .values_list("directive_id", flat=True)
    )
    feedback = Feedback.objects.filter(to_body=found, answer__isnull=True).order_by("at", "id")
    lines = Line.objects.filter(to_body=found).order_by("at", "id")
    return InboxOut(
        directives_to_apply=list(waiting),
        feedback_to_answer=[queries.feedback_out(f) for f in feedback],
        lines_received=[queries.line_out(x) for x in lines],
    )
