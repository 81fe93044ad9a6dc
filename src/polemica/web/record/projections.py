"""apply_record_erased: an erasure deletes the openings and blanks the text everywhere it shows.

Idempotent on purpose: replaying an export whose erased fields already read as "" must leave
exactly the state the original database had after the erasure.
"""

from __future__ import annotations

from typing import Any

from polemica.events import Event, erased_value
from polemica.web.centralism.models import Application, Feedback, Line
from polemica.web.orgs.models import Body, Member, Organization, Role
from polemica.web.process.models import Contribution, Fact, Question, Review, Revision
from polemica.web.record.models import EventRow, Opening
from polemica.web.record.projection import ReplayError, projects
from polemica.web.votes.models import Decision


@projects("record.erased")
def apply_record_erased(event: Event) -> str | None:
    seq = event.data["seq"]
    row = EventRow.objects.filter(org=event.org, seq=seq).first()
    if row is None or row.event_id != event.data["event"]:
        raise ReplayError(event, f"erases event {seq}, which is not {event.data['event']}")
    fields = [str(f) for f in event.data["fields"]]
    old = dict(row.data)
    Opening.objects.filter(org=event.org, seq=seq, field__in=fields).delete()
    blank = {f: erased_value(row.kind, f) for f in fields if f in row.data}
    row.data = {**row.data, **blank}
    row.save(update_fields=["data"])
    _blank_state(row, fields, old)
    return row.question


def _blank_state(row: EventRow, fields: list[str], old: dict[str, Any]) -> None:
    kind, subject = row.kind, row.subject
    if kind == "member.joined":
        _erase_member(subject, row.org)
    elif kind == "entity.renamed":
        for model in (Member, Body, Organization):
            model.objects.filter(pk=subject, name=old.get("new")).update(name="")
    elif kind == "question.opened":
        Question.objects.filter(pk=subject).update(**{f: "" for f in fields})
    elif kind in ("contribution.posted", "contribution.revised"):
        _blank_contribution_text(subject, row.seq)
    elif kind == "fact.placed":
        # The sources go with the claim, also where the leaf holds them plain (a fact placed
        # before sources were personal: its event keeps them, the fact shows none).
        Fact.objects.filter(pk=subject).update(claim="", sources=[])
    elif kind == "fact.reviewed":
        Review.objects.filter(pk=subject).update(reasoning="")
    elif kind == "decision.taken":
        Decision.objects.filter(pk=subject).update(text="")
    elif kind == "directive.applied":
        Application.objects.filter(pk=subject).update(text="")
    elif kind == "feedback.sent":
        Feedback.objects.filter(pk=subject).update(text="")
    elif kind == "feedback.answered":
        Feedback.objects.filter(pk=row.data.get("feedback", subject)).update(answer="")
    elif kind == "line.proposed":
        Line.objects.filter(pk=subject).update(text="")
    elif kind == "line.answered":
        Line.objects.filter(pk=row.data.get("line", subject)).update(response="")


def _erase_member(member: str, org: str) -> None:
    """The name that identifies a member is erased: the member is. They hold no role in `org`
    any more, and in their own organization they have left and are erased, so no login acts as
    them (accounts/auth.py) and every action of theirs is refused. A forum delegate erased from
    the forum only leaves the forum's bodies."""
    found = Member.objects.filter(pk=member).first()
    if found is None:
        return
    home = {"erased": True, "left": True} if found.org_id == org else {}
    Member.objects.filter(pk=member).update(name="", **home)
    Role.objects.filter(member_id=member, body__org_id=org).delete()


def _blank_contribution_text(contribution: str, seq: int) -> None:
    """The text an event at `seq` gave a contribution lives in the next revision's `text` (the
    text it replaced) or, when none followed, in the contribution itself."""
    later = Revision.objects.filter(contribution_id=contribution, seq__gt=seq).order_by("seq")
    following = later.first()
    if following is not None:
        Revision.objects.filter(pk=following.pk).update(text="")
    else:
        Contribution.objects.filter(pk=contribution).update(text="")
