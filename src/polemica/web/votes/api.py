"""API: ballots with receipts, decisions."""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja import Router, Status

from polemica.web.accounts.idempotency import forget_answer
from polemica.web.base.errors import Invalid, NotFound
from polemica.web.base.http import actor
from polemica.web.base.schemas import ErrorOut
from polemica.web.orgs.access import acting_member
from polemica.web.process import queries
from polemica.web.process.schemas import DecisionOut
from polemica.web.process.views_data import decision_out
from polemica.web.record.ledger import receipt
from polemica.web.votes import actions
from polemica.web.votes.models import Ballot
from polemica.web.votes.schemas import BallotIn, BallotOut, DecisionIn

router = Router(tags=["votes"])
ERR = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
BALLOT_BYTES = 20_000


def _out(b: Ballot, org: str) -> BallotOut:
    return BallotOut(
        id=b.id,
        question=b.question_id,
        ballot=b.ballot,
        current=b.current,
        seq=b.seq,
        receipt=receipt(org, b.seq),
    )


@router.post("/questions/{question}/ballots", response={201: BallotOut, **ERR})
def cast_ballot(request: HttpRequest, question: str, payload: BallotIn) -> Status[BallotOut]:
    """Cast or change a ballot; the answer carries the receipt `polemica verify-receipt` checks.

    On a secret vote the ballot is sealed and cannot be changed; the answer, given once and
    kept nowhere, carries the tracking number and the receipt's `sealed` part that opens the
    seal (docs/ledger.md, "Secret ballots")."""
    if len(json.dumps(payload.ballot)) > BALLOT_BYTES:
        raise Invalid("the ballot is too large", field="ballot")
    who = actor(request)
    if queries.visible_question(who, question).ballot == "secret":
        forget_answer(request)
        cast = actions.do_cast_secret_ballot(who, question, payload.ballot)
        out = _out(cast.row, cast.row.question.org_id)
        out.ballot, out.tracking = cast.ballot, cast.tracking
        out.receipt["sealed"] = cast.sealed()
        return Status(201, out)
    b = actions.do_cast_ballot(who, question, payload.ballot)
    return Status(201, _out(b, b.question.org_id))


@router.get("/questions/{question}/ballots/mine", response={200: BallotOut, **ERR})
def my_ballot(request: HttpRequest, question: str) -> BallotOut:
    who = actor(request)
    q = queries.visible_question(who, question)
    me = acting_member(who, q.org_id)
    b = Ballot.objects.filter(question=q, member_id=me, current=True).first()
    if b is None:
        raise NotFound("ballot")
    return _out(b, q.org_id)


@router.post("/questions/{question}/decision", response={201: DecisionOut, **ERR})
def record_decision(
    request: HttpRequest, question: str, payload: DecisionIn
) -> Status[DecisionOut]:
    d = actions.do_record_decision(actor(request), question, payload.text)
    return Status(201, decision_out(d, []))
