"""API: the record — the log (with what is closed to the reader left out), checkpoints,
receipts, erasure, export."""

from __future__ import annotations

from collections.abc import Iterator

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router, Schema

from polemica.events import canonical_json
from polemica.web.base.errors import Invalid, NotFound
from polemica.web.base.http import actor
from polemica.web.base.schemas import ErrorOut
from polemica.web.orgs import queries as org_queries
from polemica.web.record import access, actions, ledger
from polemica.web.record.durable import ensure_durable
from polemica.web.record.export import readable
from polemica.web.record.models import EventRow, LogHead, SigningKey
from polemica.web.record.schemas import CheckpointOut, ErasureIn, ErasureOut, EventOut

router = Router(tags=["record"])
ERR = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class LogQuery(Schema):
    after: int = 0
    limit: int = 100


def _event_out(row: EventRow) -> EventOut:
    return EventOut(
        seq=row.seq,
        id=row.event_id,
        at=row.at,
        org=row.org,
        body=row.body,
        actor=row.actor,
        kind=row.kind,
        subject=row.subject,
        data=row.data,
        leaf_hash=row.leaf_hash,
    )


@router.get("/orgs/{org}/log", response={200: list[EventOut], **ERR})
def read_log(request: HttpRequest, org: str, params: Query[LogQuery]) -> list[EventOut]:
    """The organization's events in order; events of questions closed to the reader are left
    out (their positions still count in the tree, so the log verifies for those who may see)."""
    who = actor(request)
    found = org_queries.org(org)
    access.may_read_log(who, found.id)
    if not 1 <= params.limit <= 1000 or not 0 <= params.after <= 2**31:
        raise Invalid("limit must be 1 to 1000 and after not negative", field="limit")
    rows = (
        EventRow.objects.filter(org=found.id, seq__gt=params.after)
        .exclude(access.hidden_events(who, found.id))
        .order_by("seq")[: params.limit]
    )
    out = [_event_out(r) for r in rows]
    # Leaf hashes a reader may keep: only once the events they cover are on disk.
    ensure_durable()
    return out


@router.get("/orgs/{org}/checkpoint", response={200: CheckpointOut, **ERR})
def get_checkpoint(request: HttpRequest, org: str) -> CheckpointOut:
    """The latest signed checkpoint and the verifier key: public, like a transparency log's."""
    found = org_queries.org(org)
    cp = ledger.checkpoint(found.id)
    key = SigningKey.objects.get(org=found.id)
    return CheckpointOut(
        org=found.id, size=cp.size, root=cp.root, checkpoint=cp.note, verifier=key.verifier
    )


@router.get("/orgs/{org}/events/{seq}/receipt", response={200: dict, **ERR})
def event_receipt(request: HttpRequest, org: str, seq: int) -> dict[str, object]:
    """The inclusion proof of one event (polemica-receipt/1), for readers who may see it."""
    who = actor(request)
    found = org_queries.org(org)
    access.may_read_log(who, found.id)
    rows = EventRow.objects.filter(org=found.id, seq=seq)
    if not rows.exclude(access.hidden_events(who, found.id)).exists():
        raise NotFound("event")
    return ledger.receipt(found.id, seq)


@router.post("/orgs/{org}/erasures", response={200: ErasureOut, **ERR})
def erase(request: HttpRequest, org: str, payload: ErasureIn) -> ErasureOut:
    """Erase a member's personal text (or one event's): administrators, with a reason."""
    who = actor(request)
    found = org_queries.org(org)
    if (payload.member is None) == (payload.seq is None):
        raise Invalid("name either a member or an event seq", field="member")
    if payload.member is not None:
        n = actions.do_erase_member(who, found.id, payload.member, payload.reason)
    else:
        assert payload.seq is not None
        actions.do_erase_event(who, found.id, payload.seq, payload.reason)
        n = 1
    return ErasureOut(erased_events=n)


@router.get("/orgs/{org}/export", response={200: None, **ERR})
def export(request: HttpRequest, org: str) -> StreamingHttpResponse:
    """The whole log as JSON Lines (readable events): for the organization's administrators.
    `polemica export` writes the verifiable ledger directory."""
    who = actor(request)
    found = org_queries.org(org)
    access.may_erase(who, found.id)
    # The events up to the head as it is now, once they are on disk (record.durable).
    size = LogHead.objects.filter(org=found.id).values_list("size", flat=True).first() or 0
    ensure_durable()
    events = EventRow.objects.filter(org=found.id, seq__lte=size).order_by("seq")

    def lines() -> Iterator[bytes]:
        for row in events.iterator(2000):
            yield canonical_json(readable(row).to_dict()) + b"\n"

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response["Content-Disposition"] = f'attachment; filename="{found.id}.jsonl"'
    return response
