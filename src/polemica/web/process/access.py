"""Who may do what to a question, its contributions and its facts (through orgs.access)."""

from __future__ import annotations

from polemica.web.orgs.access import (
    PARTICIPATING,
    Actor,
    acting_member,
    is_leader,
    leads,
    participates,
    require,
)
from polemica.web.orgs.models import Role
from polemica.web.process.models import PhaseBacking, Question


def member_of_body(actor: Actor, q: Question) -> str:
    """The member id of a voting member of the question's body (observers only read)."""
    me = acting_member(actor, q.org_id)
    require(participates(actor, q.org_id, q.body_id), "only members of the body may do this")
    return me


def may_move(actor: Actor, q: Question, setting: str, phase: str | None = None) -> str:
    """Phase moves and decisions: the leader or a deputy by default, any member when the body
    says so; a phase move (or a reopening) also by any member once a third of the body's members
    back it."""
    me = member_of_body(actor, q)
    rule = actor.settings_of(q.body_id)[setting]
    allowed = leads(actor, q.org_id, q.body_id) if rule == "leaders" else True
    if not allowed and phase is not None:
        allowed = backed_by_a_third(q, phase)
    require(allowed, "only the leader or a deputy of the body may do this")
    return me


def backers(q: Question, phase: str) -> set[str]:
    """Members who backed moving `q` to `phase` since it entered its current phase."""
    since = q.phases.order_by("-seq").values_list("seq", flat=True).first() or 0
    rows = PhaseBacking.objects.filter(question=q, phase=phase, seq__gt=since)
    return set(rows.values_list("member_id", flat=True))


def backed_by_a_third(q: Question, phase: str) -> bool:
    voters = Role.objects.filter(body_id=q.body_id, role__in=PARTICIPATING, member__left=False)
    electorate = voters.values("member_id").distinct().count()
    return electorate > 0 and 3 * len(backers(q, phase)) >= electorate


def leader_of_body(actor: Actor, q: Question) -> str:
    me = acting_member(actor, q.org_id)
    require(is_leader(actor, q.org_id, q.body_id), "only the leader of the body may do this")
    return me
