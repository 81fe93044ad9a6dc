"""The one access path: who the person is, and what they may read or do in a body.

Every app's access module and every query that lists things goes through these functions, so a
rule lives in one place. Hidden things answer `NotFound`, exactly like missing ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from polemica.web.base.errors import Forbidden, NotAuthenticated
from polemica.web.base.prepared import Prepared
from polemica.web.orgs.models import Body, BodySettings, Role
from polemica.web.orgs.rules import effective

# Every request that reads or writes in a body asks these (base.prepared: compiled once).
# Roles are always read within one organization: a forum delegate's member id holds roles in
# the bodies of two organizations, and what it may do in one must not follow from the other.
_roles = Prepared(
    lambda member, org: Role.objects.filter(
        member_id=member, body__org_id=org, member__left=False
    ).values_list("body_id", "role"),
    arity=2,
)
_settings = Prepared(
    lambda body: BodySettings.objects.filter(body_id=body).values_list("values", flat=True)
)

ERASED = "you were erased from this organization's record and can no longer act in it"
PARTICIPATING = frozenset({"leader", "deputy", "member"})
LEADING = frozenset({"leader", "deputy"})


@dataclass
class Actor:
    """The person behind a request: account, the member id per organization, admin rights.

    Roles and body trees are loaded once per organization and kept for the request.
    """

    user_id: int | None = None
    username: str = ""
    members: dict[str, str] = field(default_factory=dict)
    admin_orgs: frozenset[str] = frozenset()
    # Organizations whose member this account acted as was erased (it acts there no more).
    erased_in: frozenset[str] = frozenset()
    _roles: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict, repr=False)
    _parents: dict[str, dict[str, str | None]] = field(default_factory=dict, repr=False)
    _settings: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None

    def member_id(self, org: str) -> str | None:
        return self.members.get(org)

    def is_admin(self, org: str) -> bool:
        return org in self.admin_orgs

    def roles(self, org: str) -> dict[str, frozenset[str]]:
        """Body id → this person's roles there (one query per organization and request)."""
        if org not in self._roles:
            member = self.members.get(org)
            found: dict[str, set[str]] = {}
            if member is not None:
                for body, role in _roles.rows(member, org):
                    found.setdefault(body, set()).add(role)
            self._roles[org] = {b: frozenset(r) for b, r in found.items()}
        return self._roles[org]

    def parents(self, org: str) -> dict[str, str | None]:
        """Body id → parent id for the whole organization (one query)."""
        if org not in self._parents:
            rows = Body.objects.filter(org_id=org).values_list("id", "parent_id")
            self._parents[org] = dict(rows)
        return self._parents[org]

    def ahead(self, org: str) -> list[tuple[Prepared, tuple[Any, ...]]]:
        """The prepared reads `roles(org)` makes, to be read ahead (record.log's lock)."""
        member = self.members.get(org)
        return [] if member is None else [(_roles, (member, org))]

    def forget(self) -> None:
        """Drop the roles, bodies and settings read so far: an action reads them again once it
        holds its organization's log lock (record.log.write_action)."""
        self._roles.clear()
        self._parents.clear()
        self._settings.clear()

    def settings_of(self, body: str) -> dict[str, Any]:
        if body not in self._settings:
            row = _settings.first(body)
            self._settings[body] = effective(row[0] if row else None)
        return self._settings[body]


ANONYMOUS = Actor()


def ancestors(actor: Actor, org: str, body: str) -> list[str]:
    """The body and every body above it, nearest first."""
    parents = actor.parents(org)
    chain: list[str] = []
    current: str | None = body
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def descendants(actor: Actor, org: str, body: str) -> set[str]:
    """Every body strictly below `body`."""
    parents = actor.parents(org)
    below: set[str] = set()
    for candidate in parents:
        chain = ancestors(actor, org, candidate)
        if body in chain[1:]:
            below.add(candidate)
    return below


def roles_in(actor: Actor, org: str, body: str) -> frozenset[str]:
    return actor.roles(org).get(body, frozenset())


def is_member(actor: Actor, org: str) -> bool:
    return actor.member_id(org) is not None


def participates(actor: Actor, org: str, body: str) -> bool:
    """A voting member of the body (leader, deputy or member; observers only read)."""
    return bool(roles_in(actor, org, body) & PARTICIPATING)


def leads(actor: Actor, org: str, body: str) -> bool:
    return bool(roles_in(actor, org, body) & LEADING)


def is_leader(actor: Actor, org: str, body: str) -> bool:
    return "leader" in roles_in(actor, org, body)


def may_change_settings(actor: Actor, org: str, body: str) -> bool:
    """A body's rules are changed by its leader or an administrator of the organization."""
    return actor.is_admin(org) or is_leader(actor, org, body)


def in_body_or_above(actor: Actor, org: str, body: str) -> bool:
    """Holds any role (observer included) in the body or a body above it."""
    mine = actor.roles(org)
    return any(b in mine for b in ancestors(actor, org, body))


def can_read_closed(actor: Actor, org: str, body: str) -> bool:
    return actor.is_admin(org) or in_body_or_above(actor, org, body)


def can_read_open(actor: Actor, org: str, body: str) -> bool:
    # Members and administrators first: they read whatever the setting says, without its query.
    if is_member(actor, org) or actor.is_admin(org):
        return True
    return bool(actor.settings_of(body)["read"] == "anyone")


def can_read_question(actor: Actor, org: str, body: str, visibility: str) -> bool:
    if visibility == "closed":
        return can_read_closed(actor, org, body)
    return can_read_open(actor, org, body)


def closed_readable_bodies(actor: Actor, org: str) -> set[str]:
    """The bodies of `org` whose closed questions this member reads: where they hold a role,
    and every body below those (what `can_read_closed` allows, for a whole organization)."""
    found: set[str] = set()
    for body in actor.roles(org):
        found.add(body)
        found |= descendants(actor, org, body)
    return found


def readable_questions(actor: Actor) -> Q:
    """A filter on Question selecting exactly what `can_read_question` allows (lists, counts).

    Each organization is asked on its own, as `can_read_question` asks it: roles in one
    organization never open questions of another."""
    members_only = BodySettings.objects.filter(values__read="members").values("body_id")
    open_ok = Q(visibility="open") & (
        ~Q(body_id__in=members_only) | Q(org_id__in=sorted({*actor.members, *actor.admin_orgs}))
    )
    closed_ok = Q(visibility="closed", org_id__in=sorted(actor.admin_orgs))
    for org in sorted(actor.members):
        bodies = closed_readable_bodies(actor, org)
        if bodies:
            closed_ok |= Q(visibility="closed", org_id=org, body_id__in=sorted(bodies))
    return open_ok | closed_ok


def require_login(actor: Actor) -> None:
    if not actor.authenticated:
        raise NotAuthenticated("sign in (or send an API token) to do this")


def require(allowed: bool, reason: str) -> None:
    if not allowed:
        raise Forbidden(reason)


def acting_member(actor: Actor, org: str) -> str:
    """The member id this person acts as in `org`; refuses people who are not members."""
    require_login(actor)
    if org in actor.erased_in:
        raise Forbidden(ERASED)
    member = actor.member_id(org)
    if member is None:
        raise Forbidden("you are not a member of this organization")
    return member
