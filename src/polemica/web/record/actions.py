"""Actions on the record: erasure of personal text (a legal request)."""

from __future__ import annotations

from django.db.models import Q

from polemica.web.base.errors import Invalid, NotFound
from polemica.web.orgs.access import Actor
from polemica.web.orgs.models import Member
from polemica.web.record import access
from polemica.web.record.log import LockOn, append_event, same_org, write_action
from polemica.web.record.models import EventRow, Opening

# The organization whose log each action locks before it reads (record.log.LockOn).
ON_ORG = LockOn("org", same_org)


def _erase(org: str, row: EventRow, reason: str, me: str | None) -> int:
    fields = sorted(Opening.objects.filter(org=org, seq=row.seq).values_list("field", flat=True))
    if not fields:
        return 0
    append_event(
        org=org,
        kind="record.erased",
        subject=row.event_id,
        data={"event": row.event_id, "seq": row.seq, "fields": fields, "reason": reason},
        actor=me,
        body=row.body,
    )
    return 1


@write_action(lock=ON_ORG)
def do_erase_event(actor: Actor, org: str, seq: int, reason: str) -> None:
    """Erase the personal text of one event; the log still verifies."""
    me = access.may_erase(actor, org)
    if not reason.strip():
        raise Invalid("an erasure needs a reason", field="reason")
    row = EventRow.objects.filter(org=org, seq=seq).first()
    if row is None:
        raise NotFound("event")
    if not _erase(org, row, reason, me):
        raise Invalid(f"event {seq} has no personal text left to erase", field="seq")


@write_action(lock=ON_ORG)
def do_erase_member(actor: Actor, org: str, member: str, reason: str) -> int:
    """Erase every personal text a member wrote or that names them: one `record.erased` event
    per erased event (the ledger's format), all in one transaction. Returns how many."""
    me = access.may_erase(actor, org)
    if not reason.strip():
        raise Invalid("an erasure needs a reason", field="reason")
    if not Member.objects.filter(pk=member, org_id=org).exists():
        raise NotFound("member")
    rows = (
        EventRow.objects.filter(org=org)
        .filter(
            Q(actor=member)
            | Q(subject=member, kind__in=("member.joined", "entity.renamed", "member.left"))
        )
        .exclude(kind="record.erased")
        .order_by("seq")
    )
    return sum(_erase(org, row, reason, me) for row in list(rows))
