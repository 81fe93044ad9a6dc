"""Actions of democratic centralism: directives down, applications, feedback and lines up,
answers, credit."""

from __future__ import annotations

from polemica.events import normalize_time
from polemica.web.base.errors import Conflict, Invalid, NotFound
from polemica.web.base.ids import new_id
from polemica.web.centralism import access
from polemica.web.centralism import queries as centralism_queries
from polemica.web.centralism.models import Application, Credit, Directive, Feedback, Line
from polemica.web.orgs import queries as org_queries
from polemica.web.orgs.access import Actor, can_read_question, leads, require
from polemica.web.orgs.models import Body, Member
from polemica.web.process import actions as process_actions
from polemica.web.process import queries
from polemica.web.process.models import Contribution
from polemica.web.record.log import LockOn, OrgOf, append_event, first_org, write_action
from polemica.web.votes.models import Decision

# The organization whose log each action locks before it reads (record.log.LockOn).
DECISION_ORG = OrgOf(Decision, "question__org_id")

FEEDBACK_KINDS = ("critique", "objection", "proposal")


def _decision(actor: Actor, decision: str) -> Decision:
    d = Decision.objects.filter(pk=decision).select_related("question").first()
    if d is None:
        raise NotFound("decision")
    queries.question_of(actor, d.question_id, "decision")
    return d


@write_action(lock=LockOn("decision", DECISION_ORG))
def do_issue_directive(
    actor: Actor, decision: str, to: list[str], due: str | None = None
) -> Directive:
    d = _decision(actor, decision)
    q = d.question
    me = access.issuer(actor, q.org_id, q.body_id)
    targets = sorted(set(to))
    if not targets:
        raise Invalid("a directive names at least one lower body", field="to")
    below = access.lower_bodies(actor, q.org_id, q.body_id)
    if not set(targets) <= below:
        raise Invalid("a directive goes to bodies below the deciding body", field="to")
    data: dict[str, object] = {"decision": d.pk, "to": targets}
    if due:
        try:
            # A plain date means the start of that day, UTC.
            data["due"] = normalize_time(due + "T00:00:00Z" if len(due) == 10 else due)
        except ValueError as exc:
            raise Invalid(str(exc), field="due") from None
    did = new_id("dir")
    append_event(
        org=q.org_id, kind="directive.issued", subject=did, data=data, actor=me, body=q.body_id
    )
    return Directive.objects.get(pk=did)


@write_action(lock=LockOn("directive", OrgOf(Directive)))
def do_apply_directive(actor: Actor, directive: str, body: str, text: str) -> Application:
    """A lower body records its own application (its leader or a deputy)."""
    d = centralism_queries.visible_directive(actor, directive)
    if body not in d.to:
        raise Invalid("the directive is not addressed to this body", field="body")
    me = access.applier(actor, d.org_id, body)
    if Application.objects.filter(directive=d, body_id=body).exists():
        raise Conflict("this body has already recorded its application")
    if not text.strip():
        raise Invalid("the application needs a text", field="text")
    aid = new_id("app")
    append_event(
        org=d.org_id,
        kind="directive.applied",
        subject=aid,
        data={"directive": d.pk, "text": text},
        actor=me,
        body=body,
    )
    return Application.objects.get(pk=aid)


@write_action(lock=LockOn("regarding", first_org(OrgOf(Directive), DECISION_ORG)))
def do_send_feedback(
    actor: Actor, from_body: str, to: str, regarding: str, kind: str, text: str
) -> Feedback:
    about = centralism_queries.regarding(actor, regarding)
    if about is None:
        # A directive or decision this person may not read answers as one that does not exist.
        raise Invalid("regarding must name a directive or a decision", field="regarding")
    org, issuing = about
    if to != issuing:
        raise Invalid("feedback goes to the body that issued the directive or decision", field="to")
    me = access.sender_up(actor, org, from_body, to)
    if kind not in FEEDBACK_KINDS:
        raise Invalid(f"kind must be one of {', '.join(FEEDBACK_KINDS)}", field="kind")
    if not text.strip():
        raise Invalid("feedback needs a text", field="text")
    fid = new_id("fb")
    append_event(
        org=org,
        kind="feedback.sent",
        subject=fid,
        data={"to": to, "regarding": regarding, "kind": kind, "text": text},
        actor=me,
        body=from_body,
    )
    return Feedback.objects.get(pk=fid)


@write_action(lock=LockOn("feedback", OrgOf(Feedback)))
def do_answer_feedback(actor: Actor, feedback: str, text: str) -> Feedback:
    f = centralism_queries.visible_feedback(actor, feedback)
    org = f.org_id
    assert org is not None  # visible_feedback refuses feedback whose organization is missing
    me = access.answerer(actor, org, f.to_body_id)
    if f.answer is not None:
        raise Conflict("the feedback has already been answered")
    if not text.strip():
        raise Invalid("the answer needs a text", field="text")
    append_event(
        org=org,
        kind="feedback.answered",
        subject=f.pk,
        data={"feedback": f.pk, "text": text},
        actor=me,
        body=f.to_body_id,
    )
    return Feedback.objects.get(pk=f.pk)


@write_action(lock=LockOn("from_body", OrgOf(Body)))
def do_propose_line(actor: Actor, from_body: str, to: str, text: str) -> Line:
    body = org_queries.body(from_body)
    me = access.sender_up(actor, body.org_id, from_body, to)
    if not text.strip():
        raise Invalid("a line needs a text", field="text")
    lid = new_id("ln")
    append_event(
        org=body.org_id,
        kind="line.proposed",
        subject=lid,
        data={"to": to, "text": text},
        actor=me,
        body=from_body,
    )
    return Line.objects.get(pk=lid)


LINE_ORG = OrgOf(Line)


def _line_to_answer(actor: Actor, line: str) -> tuple[Line, str, str]:
    """The line, its receiving organization and the member answering for the body."""
    ln = centralism_queries.visible_line(actor, line)
    org = ln.org_id
    assert org is not None  # visible_line refuses lines whose organization is missing
    me = access.line_answerer(actor, org, ln.to_body_id)
    if ln.outcome is not None:
        raise Conflict("the line has already been answered")
    return ln, org, me


@write_action(lock=LockOn("line", LINE_ORG))
def do_answer_line(actor: Actor, line: str, outcome: str, text: str) -> Line:
    """The receiving body's leader or a deputy answers a line (`answered`) or declines it with
    a reason (`declined`); adopting it is `do_adopt_line`."""
    ln, org, me = _line_to_answer(actor, line)
    if outcome not in ("answered", "declined"):
        raise Invalid("outcome must be answered or declined", field="outcome")
    if not text.strip():
        message = "the answer needs a text" if outcome == "answered" else "declining needs a reason"
        raise Invalid(message, field="text")
    append_event(
        org=org,
        kind="line.answered",
        subject=ln.pk,
        data={"line": ln.pk, "outcome": outcome, "text": text},
        actor=me,
        body=ln.to_body_id,
    )
    return Line.objects.get(pk=ln.pk)


@write_action(lock=LockOn("line", LINE_ORG))
def do_adopt_line(actor: Actor, line: str, title: str, note: str = "") -> Line:
    """Adopt a line: the receiving body opens a question from it (the line's text, the given
    title), the line records the question, and its proposer is credited for it."""
    ln, org, me = _line_to_answer(actor, line)
    question = process_actions.do_open_question(actor, ln.to_body_id, title, ln.text)
    append_event(
        org=org,
        kind="line.answered",
        subject=ln.pk,
        data={"line": ln.pk, "outcome": "adopted", "text": note, "question": question.pk},
        actor=me,
        body=ln.to_body_id,
    )
    if ln.author_id is not None:
        append_event(
            org=org,
            kind="credit.given",
            subject=new_id("cr"),
            data={"member": ln.author_id, "for": ln.pk},
            actor=me,
            body=ln.to_body_id,
        )
    return Line.objects.get(pk=ln.pk)


@write_action(
    lock=LockOn("for_id", first_org(OrgOf(Contribution, "question__org_id"), DECISION_ORG))
)
def do_give_credit(actor: Actor, member: str, for_id: str) -> None:
    """Credit a member for a contribution or decision: the leader or a deputy of its body.

    What the person may not read (the contribution or decision, a member of another
    organization) is refused exactly as what does not exist."""
    contribution = Contribution.objects.filter(pk=for_id).select_related("question").first()
    thing = contribution or Decision.objects.filter(pk=for_id).select_related("question").first()
    q = thing.question if thing is not None else None
    if q is None or not can_read_question(actor, q.org_id, q.body_id, q.visibility):
        raise Invalid("credit is given for a contribution or a decision", field="for")
    found = Member.objects.filter(pk=member).first()
    if found is None or found.org_id != q.org_id:
        raise NotFound("member")
    me = actor.member_id(q.org_id)
    require(
        me is not None and leads(actor, q.org_id, q.body_id),
        "only the leader or a deputy of the body gives credit",
    )
    if Credit.objects.filter(member_id=member, for_id=for_id).exists():
        raise Conflict("the member is already credited for this")
    append_event(
        org=q.org_id,
        kind="credit.given",
        subject=new_id("cr"),
        data={"member": member, "for": for_id},
        actor=me,
        body=q.body_id,
    )
