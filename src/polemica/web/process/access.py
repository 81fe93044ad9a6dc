"""Who may do what to a question, its contributions and its facts (through orgs.access)."""

from __future__ import annotations

from polemica.web.orgs.access import (
    Actor,
    acting_member,
    is_leader,
    leads,
    participates,
    require,
)
from polemica.web.process.models import Question


def member_of_body(actor: Actor, q: Question) -> str:
    """The member id of a voting member of the question's body (observers only read)."""
    me = acting_member(actor, q.org_id)
    require(participates(actor, q.org_id, q.body_id), "only members of the body may do this")
    return me


def may_move(actor: Actor, q: Question, setting: str) -> str:
    """Phase moves and decisions: leader or deputy by default, any member when the body says so."""
    me = member_of_body(actor, q)
    rule = actor.settings_of(q.body_id)[setting]
    allowed = leads(actor, q.org_id, q.body_id) if rule == "leaders" else True
    require(allowed, "only the leader or a deputy of the body may do this")
    return me


def leader_of_body(actor: Actor, q: Question) -> str:
    me = acting_member(actor, q.org_id)
    require(is_leader(actor, q.org_id, q.body_id), "only the leader of the body may do this")
    return me
