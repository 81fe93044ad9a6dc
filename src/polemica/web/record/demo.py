"""The demonstration federation: the simulator's events loaded through the projection, then
topped up by actions so every phase is present, and demo accounts linked to real members."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from polemica.simulate.demo import demo_federation
from polemica.web.accounts.auth import actor_for
from polemica.web.accounts.models import Login, OrgAdmin, User
from polemica.web.orgs.models import Organization, Role
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution, Question
from polemica.web.record.replay import import_events

PASSWORD = "demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    org: str
    role: str
    body: str
    member: str


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (about a second here); the demo accounts share one hash.
    return make_password(PASSWORD)


def _account(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, password=_demo_password_hash())
    return user


def _link(username: str, org: str, member: str) -> User:
    user = _account(username)
    Login.objects.get_or_create(user=user, org_id=org, defaults={"member_id": member})
    return user


def _logins_for(org: Organization) -> list[DemoLogin]:
    """The organization's administrator, and the leader, a deputy or member and an observer of
    the first cell that has a leader."""
    out = []
    admin = _account(f"{org.id}-admin")
    OrgAdmin.objects.get_or_create(user=admin, org=org)
    out.append(DemoLogin(admin.username, org.id, "admin", "", ""))
    leaders = Role.objects.filter(body__org=org, role="leader", member__left=False)
    lead = leaders.order_by("body__level", "body_id").select_related("body").first()
    if lead is None:
        return out
    body = lead.body
    taken = {lead.member_id}
    picks = [("leader", lead.member_id)]
    for role in ("deputy", "member", "observer"):
        row = (
            Role.objects.filter(body=body, role=role, member__left=False)
            .exclude(member_id__in=taken)
            .exclude(member__logins__isnull=False)
            .order_by("member_id")
            .first()
        )
        if row is not None:
            picks.append((role, row.member_id))
            taken.add(row.member_id)
    for role, member in picks:
        if Login.objects.filter(member_id=member, org=org).exists():
            user = Login.objects.get(member_id=member, org=org).user
        else:
            user = _link(f"{org.id}-{role}", org.id, member)
        out.append(DemoLogin(user.username, org.id, role, body.name, member))
    return out


def _every_phase(logins: list[DemoLogin]) -> None:
    """Top up with actions so the demonstration shows a question in every phase."""
    present = set(Question.objects.values_list("phase", flat=True))
    leader = next((x for x in logins if x.role == "leader"), None)
    if leader is None:
        return
    who = actor_for(User.objects.get(username=leader.username))
    body = Role.objects.filter(member_id=leader.member, role="leader").values_list(
        "body_id", flat=True
    )[0]

    def fresh(title: str, text: str) -> str:
        q = process.do_open_question(who, body, title, text)
        process.do_post_contribution(who, q.id, "position", "We try it for three months first.")
        return q.id

    if "discussion" not in present:
        fresh("Evening meetings or weekend meetings?", "Which suits the shifts better?")
    if "verification" not in present:
        q = fresh("A shared strike fund", "Should the cells pool a strike fund?")
        process.do_move_phase(who, q, "verification")
    if "voting" not in present:
        q = fresh("A monthly newsletter", "Do we print a monthly newsletter?")
        process.do_move_phase(who, q, "verification")
        process.do_move_phase(who, q, "voting")
    if "reopened" not in present:
        decided = Question.objects.filter(body_id=body, phase="decided").first()
        cite = Contribution.objects.filter(question=decided).values_list("id", flat=True).first()
        if decided is not None and cite is not None:
            process.do_move_phase(who, decided.id, "reopened", cites=[cite])


def load_demo(seed: int = 1, progress: Callable[[int], None] | None = None) -> list[DemoLogin]:
    """Load the federation unless it is already there; return the demo logins."""
    if not Organization.objects.exists():
        with transaction.atomic():
            import_events(demo_federation(seed), progress)
    logins: list[DemoLogin] = []
    for org in Organization.objects.order_by("id"):
        logins.extend(_logins_for(org))
    _every_phase(logins)
    return logins
