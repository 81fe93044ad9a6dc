"""Fixtures of the platform tests: an organization with a person in every role.

Every test under tests/web is marked `db`, because `python3 dev.py test` reruns exactly the
`-m db` tests on PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from polemica.web.accounts.auth import actor_for, issue_token
from polemica.web.accounts.models import User
from polemica.web.orgs import actions as org_actions
from polemica.web.orgs.access import Actor

HERE = Path(__file__).parent


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.db)


@dataclass
class Org:
    """An organization: committee `top` above cells `cell` and `other`; people by role."""

    id: str
    top: str
    cell: str
    other: str
    users: dict[str, User] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)

    def actor(self, role: str) -> Actor:
        if role == "anonymous":
            return Actor()
        return actor_for(self.users[role])


def make_user(name: str) -> User:
    return User.objects.create_user(username=name, password=f"pw-{name}")


def build_org(prefix: str = "") -> Org:
    """admin (not a member), leader/deputy/member/observer of `cell`, a member of `other`,
    the leader of `top`, a signed-in person in no organization."""
    admin = make_user(f"{prefix}admin")
    org = org_actions.do_found_org(actor_for(admin), f"{prefix}Federation of Tenants")
    a = actor_for(admin)
    top = org_actions.do_create_body(a, org.id, "Central Committee", "committee")
    cell = org_actions.do_create_body(a, org.id, "North Cell", "cell", parent=top.id)
    other = org_actions.do_create_body(a, org.id, "South Cell", "cell", parent=top.id)
    world = Org(org.id, top.id, cell.id, other.id)
    world.users["admin"] = admin
    people = {
        "leader": (cell.id, "leader"),
        "deputy": (cell.id, "deputy"),
        "member": (cell.id, "member"),
        "member2": (cell.id, "member"),
        "observer": (cell.id, "observer"),
        "other_member": (other.id, "leader"),
        "top_leader": (top.id, "leader"),
    }
    for role, (body, grant) in people.items():
        user = make_user(f"{prefix}{role}")
        m = org_actions.do_add_member(a, org.id, role.title(), body, username=user.username)
        if grant != "member":
            org_actions.do_assign_role(a, body, m.id, grant)
            if grant == "observer":
                org_actions.do_revoke_role(a, body, m.id, "member")
        world.users[role] = user
        world.members[role] = m.id
    world.users["nonmember"] = make_user(f"{prefix}nonmember")
    return world


@pytest.fixture
def org(db: None) -> Org:
    return build_org()


@pytest.fixture
def two_orgs(db: None) -> tuple[Org, Org]:
    return build_org(), build_org("x-")


class Api:
    """Calls the JSON API as a person of an `Org`, with a bearer token."""

    def __init__(self, client: Client, org: Org) -> None:
        self.client = client
        self.org = org
        self._tokens: dict[str, str] = {}

    def headers(self, role: str) -> dict[str, str]:
        if role == "anonymous":
            return {}
        if role not in self._tokens:
            self._tokens[role] = issue_token(self.org.users[role], "tests")
        return {"Authorization": f"Bearer {self._tokens[role]}"}

    def get(self, role: str, path: str) -> Any:
        return self.client.get(f"/api{path}", headers=self.headers(role))

    def post(self, role: str, path: str, body: Any = None) -> Any:
        return self.client.post(
            f"/api{path}",
            data=json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers(role),
        )


@pytest.fixture
def api(client: Client, org: Org) -> Api:
    return Api(client, org)
