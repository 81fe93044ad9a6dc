"""Who may issue, apply, send up and answer (DESIGN §6 defaults), through orgs.access."""

from __future__ import annotations

from polemica.web.centralism.models import Line
from polemica.web.orgs.access import (
    Actor,
    acting_member,
    ancestors,
    descendants,
    in_body_or_above,
    is_leader,
    leads,
    participates,
    require,
)


def issuer(actor: Actor, org: str, body: str) -> str:
    me = acting_member(actor, org)
    require(is_leader(actor, org, body), "only the leader of the deciding body issues directives")
    return me


def applier(actor: Actor, org: str, body: str) -> str:
    me = acting_member(actor, org)
    require(leads(actor, org, body), "only the leader or a deputy records the body's application")
    return me


def sender_up(actor: Actor, org: str, from_body: str, to_body: str) -> str:
    """Any member of a body below `to_body` sends feedback or lines up to it."""
    me = acting_member(actor, org)
    require(participates(actor, org, from_body), "only members of the sending body may send")
    require(
        to_body in ancestors(actor, org, from_body)[1:],
        "feedback and lines go up to a body above the sending one",
    )
    return me


def answerer(actor: Actor, org: str, body: str) -> str:
    me = acting_member(actor, org)
    require(leads(actor, org, body), "only the leader or a deputy of the body answers feedback")
    return me


def line_answerer(actor: Actor, org: str, body: str) -> str:
    me = acting_member(actor, org)
    require(leads(actor, org, body), "only the leader or a deputy of the body answers its lines")
    return me


def lower_bodies(actor: Actor, org: str, body: str) -> set[str]:
    return descendants(actor, org, body)


def may_read_inbox(actor: Actor, org: str, body: str) -> bool:
    """What waits for a body (directives, feedback, lines sent to it): its administrators and
    whoever holds a role in the body or above it."""
    return actor.is_admin(org) or in_body_or_above(actor, org, body)


def may_read_line(actor: Actor, line: Line) -> bool:
    """A line is read where it was sent (the receiving body's inbox), by the body that sent it
    (and those above it) and by its proposer."""
    if line.org_id is None:
        return False  # sent to an organization not restored yet (record.pending)
    if may_read_inbox(actor, line.org_id, line.to_body_id):
        return True
    sender = line.from_body
    if sender is None:
        return False
    return (
        line.author_id is not None and actor.member_id(sender.org_id) == line.author_id
    ) or in_body_or_above(actor, sender.org_id, sender.id)
