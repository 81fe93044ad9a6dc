"""Actions of voting: cast (or change) a ballot, record the decision."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from polemica.ledger.sealed import new_nonce, new_tracking, seal
from polemica.web.base.errors import Conflict, Invalid
from polemica.web.base.ids import new_id
from polemica.web.orgs.access import PARTICIPATING, Actor
from polemica.web.orgs.models import Role
from polemica.web.process import queries
from polemica.web.process.access import may_move, member_of_body
from polemica.web.process.models import Contribution, Question
from polemica.web.process.rules import OPTIONS, unanswered
from polemica.web.record.log import LockOn, OrgOf, append_event, write_action
from polemica.web.votes.methods import candidates, count_options, tally
from polemica.web.votes.models import Ballot, Decision, SealedBallot
from polemica.web.votes.queries import voting_since
from polemica.web.votes.rules import check_ballot, check_secret_ballot

# The organization whose log each action locks before it reads (record.log.LockOn).
ON_QUESTION = LockOn("question", OrgOf(Question), queries.question_ahead)


@write_action(lock=ON_QUESTION)
def do_cast_ballot(actor: Actor, question: str, ballot: dict[str, Any]) -> Ballot:
    """Cast a ballot; a later one by the same member supersedes it (one current per member)."""
    q = queries.visible_question(actor, question)
    me = member_of_body(actor, q)
    _check_ballot(q, ballot)
    if q.ballot == "secret":
        raise Invalid("the question's vote is secret: its ballots are cast sealed", field="ballot")
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


def _check_ballot(q: Question, ballot: dict[str, Any]) -> None:
    if q.phase != "voting":
        raise Invalid(f"the question is in {q.phase}, not voting", field="ballot")
    check_ballot(q.method, ballot, candidates(q.method, _positions(q)))


@dataclass(frozen=True)
class SealedCast:
    """A secret ballot just cast: the voter's named participation (`row`, whose ballot is only
    the seal) and what only the voter receives: the tracking number, the ballot and the nonce
    that opens the seal. The platform keeps none of these three beside the voter's name."""

    row: Ballot
    tracking: str
    ballot: dict[str, Any]
    nonce: str

    def sealed(self) -> dict[str, Any]:
        """The receipt's `sealed` part: what opens the seal (polemica.ledger.sealed)."""
        return {
            "question": self.row.question_id,
            "tracking": self.tracking,
            "ballot": self.ballot,
            "nonce": self.nonce,
        }


@write_action(lock=ON_QUESTION)
def do_cast_secret_ballot(actor: Actor, question: str, ballot: dict[str, Any]) -> SealedCast:
    """Cast a secret ballot: the ballot goes into the question's ballot box under a fresh
    tracking number, and the record names the voter beside a seal of it (docs/ledger.md).
    One per member and vote: changing it would need a link the platform does not keep."""
    q = queries.visible_question(actor, question)
    me = member_of_body(actor, q)
    if q.ballot != "secret":
        raise Invalid("the question's vote is open: its ballots are named", field="ballot")
    _check_ballot(q, ballot)
    check_secret_ballot(ballot)
    if Ballot.objects.filter(question=q, member_id=me, seq__gt=voting_since(q)).exists():
        raise Conflict(
            "you have already cast your secret ballot in this vote; a secret ballot cannot be "
            "changed, since that would need a link between you and it that nobody keeps",
            field="ballot",
        )
    tracking, nonce = new_tracking(), new_nonce()
    SealedBallot.objects.create(tracking=tracking, question=q, ballot=ballot)
    sid = new_id("v")
    append_event(
        org=q.org_id,
        kind="vote.sealed",
        subject=sid,
        data={"question": q.pk, "seal": seal(q.pk, tracking, ballot, nonce)},
        actor=me,
        body=q.body_id,
        known=(q,),
    )
    return SealedCast(Ballot.objects.get(pk=sid), tracking, ballot, nonce)


@write_action(lock=ON_QUESTION)
def do_record_decision(actor: Actor, question: str, text: str) -> Decision:
    """Close the vote: tally the current ballots by the question's method and record it all."""
    q = queries.visible_question(actor, question)
    me = may_move(actor, q, "decide")
    if q.phase != "voting":
        raise Invalid(f"the question is in {q.phase}, not voting", field="question")
    if not text.strip():
        raise Invalid("a decision states the adopted line in a text", field="text")
    ballots, published = _counted(q)
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
        }
        | ({} if published is None else {"ballots": published}),
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


def _counted(q: Question) -> tuple[list[tuple[str, Any]], list[dict[str, Any]] | None]:
    """The ballots a decision counts, as (voter, ballot), and what it publishes: for an open
    vote the current ballots (named in the record already), nothing more; for a secret vote
    the ballot box, each ballot known only by its tracking number, in tracking order."""
    if q.ballot != "secret":
        rows = Ballot.objects.filter(question=q, current=True).order_by("seq")
        return list(rows.values_list("member_id", "ballot")), None
    box = list(SealedBallot.objects.filter(question=q).order_by("tracking"))
    return [(b.tracking, b.ballot) for b in box], [
        {"tracking": b.tracking, "ballot": b.ballot} for b in box
    ]


def backs(ballot: dict[str, Any], adopted: list[str]) -> bool:
    """Whether a ballot backed the adopted line (what a decision's `backing` counts)."""
    return _backs(ballot, adopted)


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
