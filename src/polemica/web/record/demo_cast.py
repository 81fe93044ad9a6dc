"""Who plays which role in the demonstration: picked from the loaded state, always the same way.

Every pick reads rows in a fixed order and chooses by sorted ids, so the same federation gives
the same people on SQLite and PostgreSQL (an unordered query answers in storage order, which
differs between them). Nothing here writes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from polemica.web.orgs.models import Body, Member, Role
from polemica.web.votes.models import Decision

FORUM_LEVEL = "forum"
# Every demo account is named `<organization>-<role>` and signs in with this password.
ROLES = ("admin", "leader", "deputy", "member", "observer", "delegate")
PASSWORD = "demo"


@dataclass(frozen=True)
class Place:
    """A body: its id and name."""

    id: str
    name: str


@dataclass(frozen=True)
class MemberCast:
    """A member organization's walk-through: the leader of `upper`, a body with bodies below
    it, and a deputy, a plain member and an observer of `cell`, one of those bodies."""

    org: str
    upper: Place
    cell: Place
    leader: str
    deputy: str
    member: str
    observer: str | None


@dataclass(frozen=True)
class ForumCast:
    """A forum: a delegate (a plain member of the forum's body) and whom they represent."""

    org: str
    body: Place
    delegate: str
    represents: str


# body id → member id → that member's roles in the body
Roles = dict[str, dict[str, frozenset[str]]]
Fits = Callable[[frozenset[str]], bool]


def _roles(org: str) -> Roles:
    rows = (
        Role.objects.filter(body__org_id=org, member__left=False)
        .order_by("body_id", "member_id", "role")
        .values_list("body_id", "member_id", "role")
    )
    found: dict[str, dict[str, set[str]]] = {}
    for body, member, role in rows:
        found.setdefault(body, {}).setdefault(member, set()).add(role)
    return {b: {m: frozenset(r) for m, r in people.items()} for b, people in found.items()}


def _first(people: dict[str, frozenset[str]], fits: Fits, skip: Iterable[str | None]) -> str | None:
    """The smallest member id (not in `skip`) whose roles in the body fit."""
    skipped = set(skip)
    return next((m for m in sorted(people) if fits(people[m]) and m not in skipped), None)


def _leads(roles: frozenset[str]) -> bool:
    return "leader" in roles


def _deputy(roles: frozenset[str]) -> bool:
    return "deputy" in roles


def _plain_member(roles: frozenset[str]) -> bool:
    return roles == {"member"}


def _only_observes(roles: frozenset[str]) -> bool:
    return roles == {"observer"}


def member_cast(org: str) -> MemberCast | None:
    """The first body (by id) that has a leader above it, a deputy and a plain member; bodies
    without bodies below them come first, and among those the ones whose upper body has a
    decision to issue a directive from."""
    rows = Body.objects.filter(org_id=org).order_by("id").values_list("id", "parent_id", "name")
    bodies = [(b, p) for b, p, _ in rows]
    names = {b: name for b, _, name in rows}
    parents = {p for _, p in bodies if p is not None}
    deciding = set(
        Decision.objects.filter(question__org_id=org).values_list("question__body_id", flat=True)
    )
    roles = _roles(org)
    cells = sorted(
        ((b, p) for b, p in bodies if p is not None),
        key=lambda bp: (bp[0] in parents, bp[1] not in deciding, bp[0]),
    )
    for cell, upper in cells:
        assert upper is not None
        people = roles.get(cell, {})
        leader = _first(roles.get(upper, {}), _leads, ())
        deputy = _first(people, _deputy, [leader])
        member = _first(people, _plain_member, [leader, deputy])
        if leader and deputy and member:
            observer = _first(people, _only_observes, [leader, deputy, member])
            return MemberCast(
                org,
                Place(upper, names[upper]),
                Place(cell, names[cell]),
                leader,
                deputy,
                member,
                observer,
            )
    return None


def is_forum(org: str) -> bool:
    return Body.objects.filter(org_id=org, level=FORUM_LEVEL).exists()


def forum_cast(org: str, taken: set[str]) -> ForumCast | None:
    """The forum's first body (by id) and its first plain member (by id) who represents an
    organization and plays no other demo role (`taken`)."""
    body = Body.objects.filter(org_id=org, level=FORUM_LEVEL).order_by("id").first()
    if body is None:
        return None
    people = _roles(org).get(body.id, {})
    delegations = dict(
        Member.objects.filter(id__in=list(people), delegation__isnull=False).values_list(
            "id", "delegation"
        )
    )
    delegates = {m: r for m, r in people.items() if m in delegations}
    delegate = _first(delegates, _plain_member, taken)
    if delegate is None:
        return None
    return ForumCast(org, Place(body.id, body.name), delegate, str(delegations[delegate]))
