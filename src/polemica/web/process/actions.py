"""Actions of the process: open, close and move questions, contribute, revise, place and review
facts. Each checks access, then appends exactly one event (which writes the state)."""

from __future__ import annotations

from typing import Any

from polemica.decide.options import OptionError, check_options
from polemica.web.base.errors import Conflict, Forbidden, Invalid, NotFound
from polemica.web.base.ids import new_id
from polemica.web.orgs import queries as org_queries
from polemica.web.orgs.access import Actor, acting_member, leads, participates, require
from polemica.web.orgs.models import Body, Member
from polemica.web.process import files, queries, rules
from polemica.web.process.access import backers, leader_of_body, may_move, member_of_body
from polemica.web.process.models import Contribution, Fact, Question, Review
from polemica.web.process.projections import contribution_row
from polemica.web.record.log import LockOn, OrgOf, append_event, write_action
from polemica.web.votes.methods import METHOD_NAMES

# The organization whose log each action locks before it reads (record.log.LockOn).
ON_QUESTION = LockOn("question", OrgOf(Question), queries.question_ahead)
ON_CONTRIBUTION = LockOn("contribution", OrgOf(Contribution, "question__org_id"))


@write_action(lock=LockOn("body", OrgOf(Body)))
def do_open_question(
    actor: Actor,
    body: str,
    title: str,
    text: str,
    *,
    visibility: str = "open",
    reason: str | None = None,
    method: str | None = None,
    options: dict[str, Any] | None = None,
    ballot: str = "open",
) -> Question:
    found = org_queries.body(body)
    org = found.org_id
    me = acting_member(actor, org)
    require(participates(actor, org, body), "only members of the body may open a question")
    if not title.strip():
        raise Invalid("a question needs a title", field="title")
    data: dict[str, Any] = {"title": title, "text": text, "visibility": visibility}
    if visibility == "closed":
        require(
            "leader" in actor.roles(org).get(body, ()),
            "only the leader may close a question to outsiders",
        )
        if not (reason or "").strip():
            raise Invalid("closing a question requires a reason", field="reason")
        data["reason"] = reason
    elif visibility != "open":
        raise Invalid("visibility must be open or closed", field="visibility")
    if method is not None:
        if method not in METHOD_NAMES:
            raise Invalid(f"method must be one of {', '.join(METHOD_NAMES)}", field="method")
        data["method"] = method
    if options:
        chosen = method or str(actor.settings_of(body)["method"])
        try:
            data["options"] = check_options(chosen, options)
        except OptionError as exc:
            raise Invalid(exc.reason, field=f"options.{exc.option}") from None
    if ballot not in ("open", "secret"):
        raise Invalid("ballot must be open or secret", field="ballot")
    if ballot == "secret":
        data["secret"] = True
    qid = new_id("q")
    append_event(org=org, kind="question.opened", subject=qid, data=data, actor=me, body=body)
    return Question.objects.get(pk=qid)


@write_action(lock=ON_QUESTION)
def do_close_question(actor: Actor, question: str, reason: str) -> None:
    q = queries.visible_question(actor, question)
    me = leader_of_body(actor, q)
    if q.visibility == "closed":
        raise Invalid("the question is already closed", field="visibility")
    if not reason.strip():
        raise Invalid("closing a question requires a reason", field="reason")
    append_event(
        org=q.org_id,
        kind="question.closed",
        subject=q.pk,
        data={"reason": reason},
        actor=me,
        body=q.body_id,
    )


@write_action(lock=ON_QUESTION)
def do_move_phase(
    actor: Actor,
    question: str,
    phase: str,
    *,
    left_unanswered: list[str] | None = None,
    cites: list[str] | None = None,
) -> Question:
    """Move a question; to voting only when every objection is answered or declared left
    unanswered by the mover (those go into the decision's `unanswered`)."""
    q = queries.visible_question(actor, question)
    setting = "decide" if phase in ("reopened", "abandoned") else "move_phase"
    me = may_move(actor, q, setting, None if phase == "abandoned" else phase)
    rules.check_move(q.phase, phase)
    data: dict[str, Any] = {"question": q.pk, "phase": phase}
    left = sorted(set(left_unanswered or []))
    if phase == "voting":
        open_objections = rules.unanswered_objections(queries.nodes(q.pk))
        missing = [o for o in open_objections if o not in left and o not in q.left_unanswered]
        if missing:
            raise Invalid(
                f"{len(missing)} objection(s) are unanswered ({', '.join(missing)}); answer them "
                "or mark them left unanswered",
                field="left_unanswered",
            )
    if left:
        known = set(rules.unanswered(queries.nodes(q.pk)))
        stray = [x for x in left if x not in known]
        if stray:
            raise Invalid(f"{', '.join(stray)} are not unanswered here", field="left_unanswered")
        data["left_unanswered"] = left
    if phase == "reopened":
        if not cites:
            raise Invalid("reopening cites the new facts or arguments", field="cites")
        ids = set(Contribution.objects.filter(question=q).values_list("id", flat=True))
        ids |= set(Fact.objects.filter(question=q).values_list("id", flat=True))
        if not set(cites) <= ids:
            raise Invalid("cites must name facts or contributions of this question", field="cites")
        data["cites"] = sorted(set(cites))
    append_event(
        org=q.org_id,
        kind="question.phase_changed",
        subject=q.pk,
        data=data,
        actor=me,
        body=q.body_id,
    )
    return Question.objects.get(pk=q.pk)


@write_action(lock=ON_QUESTION)
def do_back_phase(actor: Actor, question: str, phase: str) -> None:
    """Back moving a question to `phase`; with a third of the members behind it, any member
    may move it (or reopen it)."""
    q = queries.visible_question(actor, question)
    me = member_of_body(actor, q)
    if phase == "abandoned":
        raise Invalid("abandoning is the leader's or a deputy's", field="phase")
    rules.check_move(q.phase, phase)
    if me in backers(q, phase):
        raise Conflict("you already back this move")
    append_event(
        org=q.org_id,
        kind="phase.backed",
        subject=q.pk,
        data={"question": q.pk, "phase": phase},
        actor=me,
        body=q.body_id,
    )


def _check_target(q: Question, type_: str, target: str | None) -> None:
    needs = rules.TARGET_TYPES.get(type_, "optional")
    if target is None:
        if type_ in rules.TARGET_TYPES:
            raise Invalid(f"a {type_} must name the contribution it responds to", field="target")
        return
    found = Contribution.objects.filter(pk=target, question=q).first()
    if found is None:
        raise Invalid("target is not a contribution of this question", field="target")
    if isinstance(needs, frozenset) and found.type not in needs:
        allowed = " or ".join(sorted(needs))
        raise Invalid(f"a {type_} responds to a {allowed}, not a {found.type}", field="target")


@write_action(lock=ON_QUESTION)
def do_post_contribution(
    actor: Actor,
    question: str,
    type_: str,
    text: str,
    *,
    target: str | None = None,
    cites: list[str] | None = None,
) -> Contribution:
    q = queries.visible_question(actor, question)
    me = member_of_body(actor, q)
    if type_ not in rules.ALLOWED_TYPES["discussion"] | {"reservation"}:
        raise Invalid(f"{type_!r} is not a contribution type", field="type")
    rules.check_type(q.phase, type_)
    if not text.strip():
        raise Invalid("a contribution needs a text", field="text")
    _check_target(q, type_, target)
    data: dict[str, Any] = {"question": q.pk, "type": type_, "text": text}
    if target is not None:
        data["target"] = target
    cited = sorted(set(cites or []))
    if type_ == "reading" and not cited:
        raise Invalid("a reading cites at least one fact", field="cites")
    if cited:
        facts = set(Fact.objects.filter(question=q, pk__in=cited).values_list("id", flat=True))
        if facts != set(cited):
            raise Invalid("cites must name facts placed on this question", field="cites")
        data["cites"] = cited
    cid = new_id("c")
    event = append_event(
        org=q.org_id,
        kind="contribution.posted",
        subject=cid,
        data=data,
        actor=me,
        body=q.body_id,
        known=(q, (Member, me)),
    )
    # The row the projection just wrote, rebuilt from the same event instead of read back: the
    # write lock is held until this returns, and every post pays for the read.
    posted = Contribution(**contribution_row(event, q.pk, me))
    posted.question = q
    return posted


def _own_contribution(actor: Actor, contribution: str) -> tuple[Contribution, Question]:
    c = Contribution.objects.filter(pk=contribution).select_related("question").first()
    if c is None:
        raise NotFound("contribution")
    q = queries.question_of(actor, c.question_id, "contribution")
    return c, q


@write_action(lock=ON_CONTRIBUTION)
def do_revise_contribution(actor: Actor, contribution: str, text: str) -> Contribution:
    c, q = _own_contribution(actor, contribution)
    me = acting_member(actor, q.org_id)
    if c.author_id != me:
        raise Forbidden("only the author may revise a contribution")
    if q.phase not in rules.REVISABLE_PHASES:
        raise Invalid(f"texts are frozen while the question is in {q.phase}", field="text")
    if c.redacted is not None:
        raise Invalid("a redacted contribution cannot be revised", field="text")
    if not text.strip() or text == c.text:
        raise Invalid("the revision needs a new text", field="text")
    append_event(
        org=q.org_id,
        kind="contribution.revised",
        subject=c.pk,
        data={"text": text},
        actor=me,
        body=q.body_id,
    )
    return Contribution.objects.get(pk=c.pk)


@write_action(lock=ON_CONTRIBUTION)
def do_redact_contribution(actor: Actor, contribution: str, reason: str) -> None:
    c, q = _own_contribution(actor, contribution)
    me = acting_member(actor, q.org_id)
    require(
        c.author_id == me or leads(actor, q.org_id, q.body_id),
        "only the author or the body's leader or deputy may redact a contribution",
    )
    if c.redacted is not None:
        raise Invalid("the contribution is already redacted", field="reason")
    if not reason.strip():
        raise Invalid("redacting requires a public reason", field="reason")
    append_event(
        org=q.org_id,
        kind="contribution.redacted",
        subject=c.pk,
        data={"reason": reason},
        actor=me,
        body=q.body_id,
    )


@write_action(lock=ON_QUESTION)
def do_place_fact(actor: Actor, question: str, claim: str, sources: list[dict[str, str]]) -> Fact:
    q = queries.visible_question(actor, question)
    me = member_of_body(actor, q)
    if q.phase in ("decided", "abandoned", "voting"):
        raise Invalid(f"facts are not placed while the question is {q.phase}", field="claim")
    if not claim.strip():
        raise Invalid("a fact needs a claim", field="claim")
    if not sources:
        raise Invalid("a fact needs at least one source", field="sources")
    clean: list[dict[str, str]] = []
    for i, src in enumerate(sources):
        item = {k: v for k, v in src.items() if k in ("title", "uri", "sha256") and v}
        if not item.get("title"):
            raise Invalid(f"source {i + 1} needs a title", field=f"sources[{i}].title")
        sha = item.get("sha256")
        # Bytes someone else uploaded and this person may not fetch answer as bytes nobody
        # uploaded: a fact never tells whether a hash exists, nor opens it to its readers.
        if sha is not None and not files.may_cite(actor, sha):
            raise Invalid(f"source {i + 1} names a file that was not uploaded", field="sha256")
        clean.append(item)
    fid = new_id("f")
    append_event(
        org=q.org_id,
        kind="fact.placed",
        subject=fid,
        data={"question": q.pk, "claim": claim, "sources": clean},
        actor=me,
        body=q.body_id,
        known=(q, (Member, me)),
    )
    return Fact.objects.get(pk=fid)


@write_action(lock=LockOn("fact", OrgOf(Fact, "question__org_id")))
def do_review_fact(actor: Actor, fact: str, verdict: str, reasoning: str) -> Review:
    f = Fact.objects.filter(pk=fact).first()
    if f is None:
        raise NotFound("fact")
    q = queries.question_of(actor, f.question_id, "fact")
    me = member_of_body(actor, q)
    require(f.author_id != me, "the member who placed a fact may not review it")
    if q.phase in ("decided", "abandoned"):
        raise Invalid(f"facts are not reviewed while the question is {q.phase}", field="verdict")
    if not reasoning.strip():
        raise Invalid("a review gives its reasons", field="reasoning")
    rid = new_id("r")
    append_event(
        org=q.org_id,
        kind="fact.reviewed",
        subject=rid,
        data={"fact": f.pk, "verdict": verdict, "reasoning": reasoning},
        actor=me,
        body=q.body_id,
        known=(f, (Member, me)),
    )
    return Review.objects.get(pk=rid)
