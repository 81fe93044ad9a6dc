"""Actions of voting: cast (or change) a ballot, record the decision."""

from __future__ import annotations

from typing import Any

from polemica.web.base.errors import Invalid
from polemica.web.base.ids import new_id
from polemica.web.orgs.access import PARTICIPATING, Actor
from polemica.web.orgs.models import Role
from polemica.web.process import queries
from polemica.web.process.access import may_move, member_of_body
from polemica.web.process.models import Contribution, Question
from polemica.web.process.rules import OPTIONS, unanswered
from polemica.web.record.log import LockOn, OrgOf, append_event, write_action
from polemica.web.votes.methods import candidates, count_options, tally
from polemica.web.votes.models import Ballot, Decision
from polemica.web.votes.rules import check_ballot

# The organization whose log each action locks before it reads (record.log.LockOn).
ON_QUESTION = LockOn("question", OrgOf(Question), queries.question_ahead)


@write_action(lock=ON_QUESTION)
def do_cast_ballot(actor: Actor, question: str, ballot: dict[str, Any]) -> Ballot:
    """Cast a ballot; a later one by the same member supersedes it (one current per member)."""
    q = queries.visible_question(actor, question)
    me = member_of_body(actor, q)
    if q.phase != "voting":
        raise Invalid(f"the question is in {q.phase}, not voting", field="ballot")
    check_ballot(q.method, ballot, candidates(q.method, _positions(q)))
    bid = new_id("v")
    append_event(
        org=q.org_id,
        kind="vote.cast",
        subject=bid,
        data={"question": q.pk, "ballot": ballot},
        actor=me,
        body=q.body_id,
        known=(q,),
    )
    return Ballot.objects.get(pk=bid)


@write_action(lock=ON_QUESTION)
def do_record_decision(actor: Actor, question: str, text: str) -> Decision:
    """Close the vote: tally the current ballots by the question's method and record it all."""
    q = queries.visible_question(actor, question)
    me = may_move(actor, q, "decide")
    if q.phase != "voting":
        raise Invalid(f"the question is in {q.phase}, not voting", field="question")
    if not text.strip():
        raise Invalid("a decision states the adopted line in a text", field="text")
    ballots = list(
        Ballot.objects.filter(question=q, current=True)
        .order_by("seq")
        .values_list("member_id", "ballot")
    )
    electorate = electorate_of(q.body_id)
    quorum = float(actor.settings_of(q.body_id)["quorum"])
    if len(ballots) < quorum * electorate:
        raise Invalid(
            f"quorum not reached: {len(ballots)} ballots of {electorate} members", field="question"
        )
    contributions = list(Contribution.objects.filter(question=q).order_by("seq"))
    options = count_options(q.method, q.options, electorate)
    try:
        adopted, counts = tally(q.method, ballots, _positions(q), options)
    except ValueError as exc:
        raise Invalid(f"the ballots cannot be counted: {exc}", field="question") from None
    credited = {c.author_id for c in contributions if c.pk in adopted and c.author_id}
    credited |= {
        c.author_id
        for c in contributions
        if c.target in adopted and c.type in ("amendment", "synthesis") and c.author_id
    }
    open_ids = set(unanswered(queries.nodes(q.pk))) | set(q.left_unanswered)
    considered = [
        c.pk for c in contributions if c.redacted is None and c.type not in ("remark", "support")
    ]
    backing = sum(_backs(b, adopted) for _, b in ballots) if adopted else 0
    unanimous = bool(adopted) and backing == len(ballots)
    did = new_id("d")
    append_event(
        org=q.org_id,
        kind="decision.taken",
        subject=did,
        data={
            "question": q.pk,
            "method": q.method,
            "adopted": adopted,
            "text": text,
            "tally": counts,
            "credits": sorted(credited),
            "considered": considered,
            "unanswered": sorted(open_ids),
            "unanimous": unanimous,
            "options": options,
            "electorate": electorate,
            "backing": backing,
        },
        actor=me,
        body=q.body_id,
    )
    return Decision.objects.get(pk=did)


def _positions(q: Question) -> list[str]:
    """The options a question's ballots choose among, in the order they were posted."""
    rows = Contribution.objects.filter(question=q, redacted__isnull=True, type__in=OPTIONS)
    return list(rows.order_by("seq").values_list("id", flat=True))


def electorate_of(body: str) -> int:
    """The body's voting members now (leaders, deputies and members who have not left): what
    an absolute majority and a quorum given as a share count against."""
    voters = Role.objects.filter(body_id=body, role__in=PARTICIPATING, member__left=False)
    return voters.values("member_id").distinct().count()


def _backs(ballot: dict[str, Any], adopted: list[str]) -> bool:
    if "choice" in ballot:
        return ballot["choice"] in adopted
    if "stances" in ballot:
        return all(ballot["stances"].get(x) == "agree" for x in adopted)
    if "stance" in ballot:
        return ballot["stance"] == "agree" and ballot.get("statement") in adopted
    if "approve" in ballot:
        return set(adopted) <= set(ballot["approve"])
    if "ranking" in ballot:
        return bool(ballot["ranking"]) and set(adopted) <= set(ballot["ranking"][0])
    return False
