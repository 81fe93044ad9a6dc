"""The demonstration federation: the simulator's events imported through the projection, a
finale of events so every phase and role is present (`demo_finale`), and a demo account for
every role, linked to the members who play it (`demo_cast`).

The whole load is one transaction, so a failure leaves nothing behind. Loading again finds the
federation there, writes nothing (the accounts exist, the finale is in the log) and answers the
same logins: the same state gives the same picks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from polemica.simulate.demo import DEMO_MEMBERS, DEMO_MONTHS, DEMO_ORGS, demo_federation
from polemica.web.accounts.models import Login, OrgAdmin, User
from polemica.web.orgs.models import Organization
from polemica.web.record.demo_cast import (
    PASSWORD,
    ROLES,
    forum_cast,
    is_forum,
    member_cast,
)
from polemica.web.record.demo_finale import finale_done, write_finale
from polemica.web.record.replay import import_events
from polemica.web.record.writers import one_writer

__all__ = ["PASSWORD", "ROLES", "DemoLogin", "demo_logins", "load_demo"]


@dataclass(frozen=True)
class DemoLogin:
    """A demo account: its role in `org`, the body it plays it in (none for an administrator)
    and the member it acts as (none for an administrator); `note` says what else to know."""

    username: str
    role: str
    org: str
    body: str = ""
    body_name: str = ""
    member: str = ""
    note: str = ""


@cache
def _demo_password_hash() -> str:
    # Hashing is deliberately slow (about a second here); the demo accounts share one hash.
    return make_password(PASSWORD)


def _import_unless_loaded(
    seed: int, members: int, months: float, progress: Callable[[int], None] | None
) -> None:
    here = sorted(Organization.objects.filter(id__in=DEMO_ORGS).values_list("id", flat=True))
    if not here:
        import_events(demo_federation(seed, members=members, months=months), progress)
    elif len(here) < len(DEMO_ORGS):
        missing = sorted(set(DEMO_ORGS) - set(here))
        raise ValueError(
            f"this database holds the demonstration's {', '.join(here)} but not "
            f"{', '.join(missing)}; load the demonstration into a fresh database"
        )


def _write_finales() -> None:
    """Each member organization's finale, unless its log has it already."""
    for org in sorted(DEMO_ORGS):
        if is_forum(org) or finale_done(org):
            continue
        cast = member_cast(org)
        if cast is not None:
            write_finale(cast)


def _member_logins(org: str) -> list[DemoLogin]:
    cast = member_cast(org)
    out = [DemoLogin(f"{org}-admin", "admin", org)]
    if cast is None:
        return out
    upper, cell = cast.upper, cast.cell
    below = f"above {cell.name} ({cell.id})"
    out.append(DemoLogin(f"{org}-leader", "leader", org, upper.id, upper.name, cast.leader, below))
    for role, member in (("deputy", cast.deputy), ("member", cast.member)):
        out.append(DemoLogin(f"{org}-{role}", role, org, cell.id, cell.name, member))
    if cast.observer is not None:
        out.append(DemoLogin(f"{org}-observer", "observer", org, cell.id, cell.name, cast.observer))
    return out


def _forum_logins(org: str, taken: set[str]) -> list[DemoLogin]:
    out = [DemoLogin(f"{org}-admin", "admin", org)]
    cast = forum_cast(org, taken)
    if cast is not None:
        body, note = cast.body, f"represents {cast.represents}"
        out.append(
            DemoLogin(f"{org}-delegate", "delegate", org, body.id, body.name, cast.delegate, note)
        )
    return out


def demo_logins() -> list[DemoLogin]:
    """Every demo login, member organizations first (by id), then the forums."""
    forums = [org for org in sorted(DEMO_ORGS) if is_forum(org)]
    out: list[DemoLogin] = []
    for org in sorted(DEMO_ORGS):
        if org not in forums:
            out.extend(_member_logins(org))
    taken = {x.member for x in out if x.member}
    for org in forums:
        out.extend(_forum_logins(org, taken))
    return out


def _ensure_account(login: DemoLogin) -> None:
    """Create what is missing of the account; an existing account keeps its password, and is
    moved to the member who now plays the role only if that changed."""
    user = User.objects.filter(username=login.username).first()
    if user is None:
        user = User.objects.create(username=login.username, password=_demo_password_hash())
    if login.role == "admin":
        OrgAdmin.objects.get_or_create(user=user, org_id=login.org)
        return
    link = Login.objects.filter(user=user, org_id=login.org).first()
    if link is None:
        Login.objects.create(user=user, org_id=login.org, member_id=login.member)
    elif link.member_id != login.member:
        link.member_id = login.member
        link.save(update_fields=["member"])


def load_demo(
    seed: int = 1,
    progress: Callable[[int], None] | None = None,
    *,
    members: int = DEMO_MEMBERS,
    months: float = DEMO_MONTHS,
) -> list[DemoLogin]:
    """Load the federation unless it is here already, make sure every demo account exists, and
    return the demo logins; all in one transaction. `members`/`months` make it smaller."""
    with one_writer(), transaction.atomic():
        _import_unless_loaded(seed, members, months, progress)
        _write_finales()
        logins = demo_logins()
        for login in logins:
            _ensure_account(login)
    return logins
