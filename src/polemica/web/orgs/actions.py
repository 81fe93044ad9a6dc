"""Actions on the structure: found an organization, create bodies, members, roles, settings."""

from __future__ import annotations

from typing import Any

from polemica.events import ROLES
from polemica.web.accounts.models import Login, OrgAdmin, User
from polemica.web.base.errors import Conflict, Forbidden, Invalid, NotFound
from polemica.web.base.ids import new_id
from polemica.web.orgs import queries
from polemica.web.orgs.access import (
    Actor,
    descendants,
    may_change_settings,
    require,
    require_login,
)
from polemica.web.orgs.models import Body, Member, Organization, Role
from polemica.web.orgs.rules import check_settings
from polemica.web.record.log import LockOn, OrgOf, append_event, same_org, write_action
from polemica.web.votes.methods import METHOD_NAMES

# The organization whose log each action locks before it reads (record.log.LockOn).
ON_ORG = LockOn("org", same_org)
ON_BODY = LockOn("body", OrgOf(Body))


def _admin(actor: Actor, org: str) -> str | None:
    """Checks the person administers `org`; returns the member id they act as, if any."""
    require_login(actor)
    if not actor.is_admin(org):
        raise Forbidden("only an administrator of the organization may do this")
    return actor.member_id(org)


@write_action(lock=LockOn("org_id", same_org))
def do_found_org(actor: Actor, name: str, org_id: str | None = None) -> Organization:
    """A new organization; the founding account becomes its administrator."""
    require_login(actor)
    org_id = org_id or new_id("org")
    if Organization.objects.filter(pk=org_id).exists():
        raise Conflict(f"an organization with the id {org_id!r} exists")
    append_event(
        org=org_id, kind="org.founded", subject=org_id, data={"name": name}, actor=None, body=None
    )
    assert actor.user_id is not None
    OrgAdmin.objects.create(user_id=actor.user_id, org_id=org_id)
    return queries.org(org_id)


@write_action(lock=ON_ORG)
def do_create_body(
    actor: Actor, org: str, name: str, level: str, parent: str | None = None
) -> Body:
    me = _admin(actor, org)
    if parent is not None and not Body.objects.filter(pk=parent, org_id=org).exists():
        raise Invalid("the parent body is not a body of this organization", field="parent")
    body_id = new_id("b")
    append_event(
        org=org,
        kind="body.created",
        subject=body_id,
        data={"name": name, "parent": parent, "level": level},
        actor=me,
        body=parent,
    )
    return queries.body(body_id)


@write_action(lock=ON_BODY)
def do_move_body(actor: Actor, body: str, parent: str | None) -> Body:
    """Move `body` (with the bodies below it) under `parent`, or to the top (None)."""
    found = queries.body(body)
    org = found.org_id
    me = _admin(actor, org)
    if parent is not None:
        if not Body.objects.filter(pk=parent, org_id=org).exists():
            raise Invalid("the new parent is not a body of this organization", field="parent")
        if parent == found.id or parent in descendants(actor, org, found.id):
            raise Invalid("a body cannot move under itself or a body below it", field="parent")
    if parent == found.parent_id:
        raise Conflict("the body is already there")
    append_event(
        org=org, kind="body.moved", subject=found.id, data={"parent": parent}, actor=me, body=parent
    )
    return queries.body(found.id)


@write_action(lock=ON_ORG)
def do_rename_entity(actor: Actor, org: str, entity: str, new: str) -> None:
    me = _admin(actor, org)
    found: Any = (
        Member.objects.filter(pk=entity, org_id=org).first()
        or Body.objects.filter(pk=entity, org_id=org).first()
        or Organization.objects.filter(pk=entity).first()
    )
    if found is None or (isinstance(found, Organization) and found.pk != org):
        raise NotFound("entity")
    append_event(
        org=org,
        kind="entity.renamed",
        subject=entity,
        data={"old": found.name, "new": new},
        actor=me,
        body=None,
    )


@write_action(lock=ON_ORG)
def do_add_member(
    actor: Actor,
    org: str,
    name: str,
    body: str,
    *,
    delegation: str | None = None,
    username: str | None = None,
) -> Member:
    """A member joins `body`; with `username`, that account acts as the new member."""
    me = _admin(actor, org)
    if not Body.objects.filter(pk=body, org_id=org).exists():
        raise Invalid("the body is not a body of this organization", field="body")
    user = None
    if username is not None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise Invalid(f"no account is called {username!r}", field="username")
        if Login.objects.filter(user=user, org_id=org).exists():
            raise Conflict(f"{username} already acts as a member of this organization")
    member_id = new_id("m")
    data: dict[str, Any] = {"name": name}
    if delegation:
        data["delegation"] = delegation
    append_event(org=org, kind="member.joined", subject=member_id, data=data, actor=me, body=body)
    if user is not None:
        Login.objects.create(user=user, member_id=member_id, org_id=org)
    return queries.member(member_id)


@write_action(lock=ON_ORG)
def do_remove_member(actor: Actor, org: str, member: str, reason: str | None = None) -> None:
    me = _admin(actor, org)
    found = queries.member(member, org)
    if found.left:
        raise Conflict("the member has already left")
    append_event(
        org=org,
        kind="member.left",
        subject=member,
        data={"reason": reason} if reason else {},
        actor=me,
        body=None,
    )


def _role_change(actor: Actor, body: str, member: str, role: str, kind: str) -> None:
    found_body = queries.body(body)
    me = _admin(actor, found_body.org_id)
    if role not in ROLES:
        raise Invalid(f"role must be one of {', '.join(ROLES)}", field="role")
    found = queries.member(member, found_body.org_id)
    has = Role.objects.filter(member=found, body=found_body, role=role).exists()
    if kind == "role.assigned" and (has or found.left):
        raise Conflict("the member already has this role" if has else "the member has left")
    if kind == "role.revoked" and not has:
        raise Conflict("the member does not have this role")
    append_event(
        org=found_body.org_id,
        kind=kind,
        subject=member,
        data={"member": member, "role": role},
        actor=me,
        body=body,
    )


@write_action(lock=ON_BODY)
def do_assign_role(actor: Actor, body: str, member: str, role: str) -> None:
    _role_change(actor, body, member, role, "role.assigned")


@write_action(lock=ON_BODY)
def do_revoke_role(actor: Actor, body: str, member: str, role: str) -> None:
    _role_change(actor, body, member, role, "role.revoked")


@write_action(lock=ON_BODY)
def do_change_settings(actor: Actor, body: str, values: dict[str, Any]) -> None:
    """Change a body's rules: its leader or an administrator."""
    found = queries.body(body)
    org = found.org_id
    require_login(actor)
    require(
        may_change_settings(actor, org, body),
        "only the body's leader or an administrator may change its settings",
    )
    checked = check_settings(values, METHOD_NAMES)
    if not checked:
        raise Invalid("name at least one setting to change", field="settings")
    append_event(
        org=org,
        kind="body.settings_changed",
        subject=body,
        data={"settings": checked},
        actor=actor.member_id(org),
        body=body,
    )
