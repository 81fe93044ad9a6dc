"""Building the read models of a question (shared by the API and, later, the pages)."""

from __future__ import annotations

import difflib
import threading
from collections.abc import Callable
from typing import Any

import orjson

from polemica.events import format_time
from polemica.web.base.bytecache import BytesLRU
from polemica.web.base.prepared import Prepared
from polemica.web.orgs.access import Actor
from polemica.web.process import queries, rules
from polemica.web.process.models import Contribution, Fact, Question, Review, Revision
from polemica.web.process.schemas import (
    ContributionOut,
    DecisionOut,
    FactOut,
    PhaseOut,
    PublishedBallotOut,
    QuestionDetailOut,
    QuestionOut,
    ReviewOut,
    RevisionOut,
)
from polemica.web.record.models import EventRow
from polemica.web.votes.models import Ballot, Decision


def question_out(q: Question) -> QuestionOut:
    return QuestionOut(
        id=q.id,
        org=q.org_id,
        body=q.body_id,
        title=q.title,
        text=q.text,
        visibility=q.visibility,
        reason=q.reason,
        phase=q.phase,
        method=q.method,
        options=dict(q.options),
        ballot=q.ballot,
        author=q.author_id,
        opened_at=format_time(q.opened_at),
    )


def _diff(old: str, new: str) -> str:
    lines = difflib.unified_diff(
        old.splitlines(), new.splitlines(), "position", "amendment", lineterm="", n=1
    )
    return "\n".join(lines)


def contribution_out(
    c: Contribution, by_id: dict[str, Contribution], *, new: bool = False
) -> ContributionOut:
    """One contribution; `new` when it was just posted (it has no revisions to read)."""
    redacted = c.redacted is not None
    diff = None
    if c.type == "amendment" and c.target in by_id and not redacted:
        diff = _diff(by_id[c.target].text, c.text)
    return ContributionOut(
        id=c.id,
        type=c.type,
        author=c.author_id,
        text="" if redacted else c.text,
        target=c.target,
        cites=list(c.cites),
        redacted=c.redacted,
        posted_at=format_time(c.posted_at),
        seq=c.seq,
        earlier_texts=[]
        if redacted or new
        else [RevisionOut(seq=r.seq, text=r.text, at=format_time(r.at)) for r in c.revisions.all()],
        diff=diff,
    )


def fact_out(f: Fact) -> FactOut:
    reviews = list(f.reviews.all())
    return FactOut(
        id=f.id,
        author=f.author_id,
        claim=f.claim,
        sources=list(f.sources),
        placed_at=format_time(f.placed_at),
        verdict=reviews[-1].verdict if reviews else None,
        reviews=[
            ReviewOut(
                id=r.id,
                reviewer=r.reviewer_id,
                verdict=r.verdict,
                reasoning=r.reasoning,
                at=format_time(r.at),
            )
            for r in reviews
        ],
    )


def decision_out(d: Decision, reservations: list[str]) -> DecisionOut:
    return DecisionOut(
        id=d.id,
        seq=d.seq,
        method=d.method,
        adopted=list(d.adopted),
        text=d.text,
        tally=d.tally,
        credits=list(d.credits),
        considered=list(d.considered),
        unanswered=list(d.unanswered),
        unanimous=d.unanimous,
        options=dict(d.options),
        electorate=d.electorate,
        backing=d.backing,
        reservations=reservations,
        at=format_time(d.at),
        ballots=None if d.ballots is None else [PublishedBallotOut(**b) for b in d.ballots],
    )


def _revisions(question_id: str) -> dict[str, list[RevisionOut]]:
    out: dict[str, list[RevisionOut]] = {}
    rows = Revision.objects.filter(contribution__question_id=question_id).order_by("seq")
    for cid, seq, text, at in rows.values_list("contribution_id", "seq", "text", "at"):
        out.setdefault(cid, []).append(RevisionOut(seq=seq, text=text, at=format_time(at)))
    return out


def _contributions(question_id: str) -> list[ContributionOut]:
    """The argument graph from two queries of plain values (no model instances)."""
    rows = list(
        Contribution.objects.filter(question_id=question_id)
        .order_by("seq")
        .values(
            "id", "type", "author_id", "text", "target", "cites", "redacted", "posted_at", "seq"
        )
    )
    revisions = _revisions(question_id)
    texts = {r["id"]: r["text"] for r in rows}
    out = []
    for r in rows:
        redacted = r["redacted"] is not None
        diff = None
        if r["type"] == "amendment" and r["target"] in texts and not redacted:
            diff = _diff(texts[r["target"]], r["text"])
        out.append(
            ContributionOut(
                id=r["id"],
                type=r["type"],
                author=r["author_id"],
                text="" if redacted else r["text"],
                target=r["target"],
                cites=list(r["cites"]),
                redacted=r["redacted"],
                posted_at=format_time(r["posted_at"]),
                seq=r["seq"],
                earlier_texts=[] if redacted else revisions.get(r["id"], []),
                diff=diff,
            )
        )
    return out


def _facts(question_id: str) -> list[FactOut]:
    reviews: dict[str, list[ReviewOut]] = {}
    rows = Review.objects.filter(fact__question_id=question_id).order_by("seq")
    for r in rows.values("id", "fact_id", "reviewer_id", "verdict", "reasoning", "at"):
        reviews.setdefault(r["fact_id"], []).append(
            ReviewOut(
                id=r["id"],
                reviewer=r["reviewer_id"],
                verdict=r["verdict"],
                reasoning=r["reasoning"],
                at=format_time(r["at"]),
            )
        )
    facts = Fact.objects.filter(question_id=question_id).order_by("seq")
    out = []
    for f in facts.values("id", "author_id", "claim", "sources", "placed_at"):
        mine = reviews.get(f["id"], [])
        out.append(
            FactOut(
                id=f["id"],
                author=f["author_id"],
                claim=f["claim"],
                sources=list(f["sources"]),
                placed_at=format_time(f["placed_at"]),
                verdict=mine[-1].verdict if mine else None,
                reviews=mine,
            )
        )
    return out


def _shared_detail(q: Question) -> bytes:
    """The part of a question's page that is the same for every reader, as JSON bytes."""
    contributions = _contributions(q.id)
    nodes = [
        rules.Node(c.id, c.type, c.author, c.target, c.redacted is not None) for c in contributions
    ]
    decisions = list(Decision.objects.filter(question=q).order_by("seq"))
    reservations = [c.id for c in contributions if c.type == "reservation" and not c.redacted]
    detail = QuestionDetailOut(
        question=question_out(q),
        phases=[
            PhaseOut(phase=p.phase, actor=p.actor, at=format_time(p.at), seq=p.seq)
            for p in q.phases.order_by("seq")
        ],
        contributions=contributions,
        unanswered=rules.unanswered(nodes),
        left_unanswered=list(q.left_unanswered),
        facts=_facts(q.id),
        ballots=Ballot.objects.filter(question=q, current=True).count(),
        my_ballot=None,
        decisions=[decision_out(d, reservations) for d in decisions],
    )
    return detail.model_dump_json(exclude={"my_ballot"}).encode()


# Every read of a question's page asks these two (base.prepared: compiled once per thread).
_ballot = Prepared(
    lambda q, me: Ballot.objects.filter(question_id=q, member_id=me, current=True).values_list(
        "id", "ballot", "seq"
    )[:1],
    arity=2,
)
_version = Prepared(
    lambda q: (
        EventRow.objects.filter(question=q).order_by("-seq").values_list("seq", "leaf_hash")[:1]
    )
)


def _my_ballot(actor: Actor, q: Question) -> dict[str, Any] | None:
    me = actor.member_id(q.org_id)
    if me is None:
        return None
    found = _ballot.first(q.id, me)
    if found is None:
        return None
    return {"id": found[0], "ballot": found[1], "seq": found[2]}


def question_detail_json(actor: Actor, question_id: str) -> bytes:
    """Everything about a question (QuestionDetailOut as JSON) in a constant number of queries.

    Every change a question's page shows is an event of the organization's log that the
    projection tags with the question (record_eventrow.question), so the question's latest
    tagged event is a version of the page: the shared part is built once per version and cached
    (a question with thousands of contributions takes a few hundred milliseconds to build,
    microseconds to send), and activity elsewhere in the organization leaves it valid. The
    event's leaf hash, unlike its seq alone, also tells apart two histories of one length, such
    as those of tests rolled back. Access is checked before the cache is consulted, the
    reader's own ballot added after.
    """
    q = queries.visible_question(actor, question_id)
    # The version is read before the content: content built afterwards is at least as new, so
    # a cached entry is never older than its key.
    last = _version.first(q.id)
    key = f"question-detail:{q.id}:{last[0]}:{last[1]}" if last else f"question-detail:{q.id}"
    shared = _cached(key, lambda: _shared_detail(q))
    mine = orjson.dumps(_my_ballot(actor, q))
    return b"".join((memoryview(shared)[:-1], b',"my_ballot":', mine, b"}"))


# Shared parts of question pages in this process, at most 256 MB of them.
_pages = BytesLRU(256 * 1024 * 1024)
_building: dict[str, threading.Lock] = {}
_building_guard = threading.Lock()


def _cached(key: str, build: Callable[[], bytes]) -> bytes:
    """The cached bytes under `key`, built by one thread of this process at a time: when a busy
    question changes, its readers wait for one build instead of each building it."""
    found = _pages.get(key)
    if found is not None:
        return found
    with _building_guard:
        lock = _building.setdefault(key, threading.Lock())
    try:
        with lock:
            found = _pages.get(key)
            if found is None:
                found = build()
                _pages.set(key, found)
            return found
    finally:
        with _building_guard:
            _building.pop(key, None)
