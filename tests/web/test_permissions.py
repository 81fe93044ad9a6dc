"""The permission matrix: every endpoint × role × question state, with no unexpected allow.

A case is allowed when the API answers 2xx (for reads that always answer, when the question
shows up). Everything else must be a refusal: 401, 403 or 404 — or 400/409 when the person may
act but the process refuses (never a 5xx). Closed questions answer outsiders exactly like a
missing question (tests/web/test_hidden.py walks every endpoint and page for that).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from polemica.web.accounts.auth import issue_token
from tests.web.matrix_world import World, build, reader

# "two_orgs": the other organization's deputy, seated in the committee the way a forum seats a
# delegate, with no login here (tests/web/matrix_world.py).
ROLES = (
    "anonymous",
    "nonmember",
    "other_member",
    "two_orgs",
    "member",
    "deputy",
    "leader",
    "other_admin",
    "admin",
)
CELL = frozenset({"member", "deputy", "leader"})
LEADS = frozenset({"deputy", "leader"})
ORG_MEMBERS = CELL | {"other_member"}
SIGNED_IN = frozenset(ROLES) - {"anonymous"}


@dataclass(frozen=True)
class Case:
    name: str
    method: str
    path: Callable[[World], str]
    body: Callable[[World], Any] = lambda w: None
    # Who is allowed, for an open and for a closed question.
    open: frozenset[str] = frozenset()
    closed: frozenset[str] | None = None  # None: same as open
    # For reads that answer 200 to all: is the question visible in the answer?
    shows: Callable[[World, Any], bool] | None = None

    def allowed(self, closed: bool) -> frozenset[str]:
        return self.closed if closed and self.closed is not None else self.open


def _readers(closed_set: frozenset[str]) -> dict[str, frozenset[str]]:
    return {"open": frozenset(ROLES), "closed": closed_set}


CLOSED_READERS = CELL | {"admin"}
ALL = frozenset(ROLES)

CASES = [
    # Reads
    Case("question", "GET", lambda w: f"/questions/{w.q}", open=ALL, closed=CLOSED_READERS),
    Case(
        "body questions",
        "GET",
        lambda w: f"/bodies/{w.org.cell}/questions",
        open=ALL,
        closed=CLOSED_READERS,
        shows=lambda w, r: any(x["id"] == w.q for x in r),
    ),
    Case(
        "search",
        "GET",
        lambda w: f"/search?q={w.word}",
        open=ALL,
        closed=CLOSED_READERS,
        shows=lambda w, r: any(x["id"] == w.q for x in r),
    ),
    Case(
        "body counts",
        "GET",
        lambda w: f"/bodies/{w.org.cell}",
        open=ALL,
        closed=CLOSED_READERS,
        shows=lambda w, r: sum(r["questions_by_phase"].values()) == 2,
    ),
    Case(
        "log",
        "GET",
        lambda w: f"/orgs/{w.org.id}/log?limit=1000",
        open=ORG_MEMBERS | {"admin"},
        closed=CLOSED_READERS,
        shows=lambda w, r: any(e["subject"] == w.q for e in r),
    ),
    Case(
        "receipt",
        "GET",
        lambda w: f"/orgs/{w.org.id}/events/{w.q_seq}/receipt",
        open=ORG_MEMBERS | {"admin"},
        closed=CLOSED_READERS,
    ),
    Case("my ballot", "GET", lambda w: f"/questions/{w.vq}/ballots/mine", open=CELL),
    Case(
        "directive",
        "GET",
        lambda w: f"/directives/{w.d}",
        open=ALL,
        closed=ORG_MEMBERS | {"admin"},
    ),
    Case("inbox", "GET", lambda w: f"/bodies/{w.org.cell}/inbox", open=CELL | {"admin"}),
    Case("members", "GET", lambda w: f"/orgs/{w.org.id}/members", open=ORG_MEMBERS | {"admin"}),
    Case("export", "GET", lambda w: f"/orgs/{w.org.id}/export", open=frozenset({"admin"})),
    Case("orgs", "GET", lambda w: "/orgs", open=ALL),
    Case("org", "GET", lambda w: f"/orgs/{w.org.id}", open=ALL),
    Case("checkpoint", "GET", lambda w: f"/orgs/{w.org.id}/checkpoint", open=ALL),
    Case("me", "GET", lambda w: "/me", open=ALL),
    Case(
        "file",
        "GET",
        lambda w: f"/files/{w.sha}",
        open=ALL,
        closed=CLOSED_READERS,
    ),
    # Writes on the question
    Case(
        "contribute",
        "POST",
        lambda w: f"/questions/{w.q}/contributions",
        lambda w: {"type": "support", "text": "Agreed.", "target": w.c},
        open=CELL,
    ),
    Case(
        "revise",
        "POST",
        lambda w: f"/contributions/{w.c}/revise",
        lambda w: {"text": "Let us act now."},
        open=frozenset({"member"}),
    ),
    Case(
        "redact",
        "POST",
        lambda w: f"/contributions/{w.c}/redact",
        lambda w: {"reason": "Duplicate."},
        open=LEADS | {"member"},
    ),
    Case(
        "place fact",
        "POST",
        lambda w: f"/questions/{w.q}/facts",
        lambda w: {"claim": "Rent is due.", "sources": [{"title": "Letter"}]},
        open=CELL,
    ),
    Case(
        "review fact",
        "POST",
        lambda w: f"/facts/{w.f}/reviews",
        lambda w: {"verdict": "authentic", "reasoning": "Seen it."},
        open=LEADS,
    ),
    Case(
        "move phase",
        "POST",
        lambda w: f"/questions/{w.q}/phase",
        lambda w: {"phase": "verification"},
        open=LEADS,
    ),
    Case(
        "back phase",
        "POST",
        lambda w: f"/questions/{w.q}/backing",
        lambda w: {"phase": "verification"},
        open=CELL,
    ),
    Case(
        "close",
        "POST",
        lambda w: f"/questions/{w.q}/close",
        lambda w: {"reason": "Names."},
        open=frozenset({"leader"}),
        closed=frozenset(),
    ),
    Case(
        "vote",
        "POST",
        lambda w: f"/questions/{w.vq}/ballots",
        lambda w: {"ballot": {"choice": w.vp}},
        open=CELL,
    ),
    Case(
        "decide",
        "POST",
        lambda w: f"/questions/{w.vq}/decision",
        lambda w: {"text": "Done."},
        open=LEADS,
    ),
    Case(
        "credit",
        "POST",
        lambda w: "/credits",
        lambda w: {"member": w.org.members["member2"], "for": w.c},
        open=LEADS,
    ),
    # Writes on the body and democratic centralism
    Case(
        "open question",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/questions",
        lambda w: {"title": "New", "text": "?"},
        open=CELL,
    ),
    Case(
        "open closed question",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/questions",
        lambda w: {"title": "New", "text": "?", "visibility": "closed", "reason": "Private."},
        open=frozenset({"leader"}),
    ),
    Case(
        "issue directive",
        "POST",
        lambda w: f"/decisions/{w.td}/directives",
        lambda w: {"to": [w.org.cell]},
        open=frozenset(),
    ),
    Case(
        "apply directive",
        "POST",
        lambda w: f"/directives/{w.d}/applications",
        lambda w: {"body": w.org.cell, "text": "We start Monday."},
        open=LEADS,
    ),
    Case(
        "send feedback",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/feedback",
        lambda w: {"to": w.org.top, "regarding": w.d, "kind": "proposal", "text": "Slower."},
        open=CELL,
    ),
    Case(
        "answer feedback",
        "POST",
        lambda w: f"/feedback/{w.fb}/answer",
        lambda w: {"text": "Noted."},
        open=frozenset(),
    ),
    Case(
        "propose line",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/lines",
        lambda w: {"to": w.org.top, "text": "Repairs first."},
        open=CELL,
    ),
    Case(
        "settings",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/settings",
        lambda w: {"settings": {"quorum": 0.5}},
        open=frozenset({"leader", "admin"}),
    ),
    # Administration
    Case(
        "erase",
        "POST",
        lambda w: f"/orgs/{w.org.id}/erasures",
        lambda w: {"member": w.org.members["member2"], "reason": "Request 4."},
        open=frozenset({"admin"}),
    ),
    Case(
        "create body",
        "POST",
        lambda w: f"/orgs/{w.org.id}/bodies",
        lambda w: {"name": "East Cell", "level": "cell", "parent": w.org.top},
        open=frozenset({"admin"}),
    ),
    Case(
        "add member",
        "POST",
        lambda w: f"/orgs/{w.org.id}/members",
        lambda w: {"name": "Newcomer", "body": w.org.cell},
        open=frozenset({"admin"}),
    ),
    Case(
        "remove member",
        "POST",
        lambda w: f"/orgs/{w.org.id}/members/{w.org.members['member2']}/leave",
        lambda w: {"reason": "Moved."},
        open=frozenset({"admin"}),
    ),
    Case(
        "rename",
        "POST",
        lambda w: f"/orgs/{w.org.id}/rename",
        lambda w: {"entity": w.org.cell, "new": "North-East Cell"},
        open=frozenset({"admin"}),
    ),
    Case(
        "assign role",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/roles",
        lambda w: {"member": w.org.members["member2"], "role": "deputy"},
        open=frozenset({"admin"}),
    ),
    Case(
        "revoke role",
        "POST",
        lambda w: f"/bodies/{w.org.cell}/roles/revoke",
        lambda w: {"member": w.org.members["deputy"], "role": "deputy"},
        open=frozenset({"admin"}),
    ),
    Case("found org", "POST", lambda w: "/orgs", lambda w: {"name": "New Org"}, open=SIGNED_IN),
]


@pytest.fixture(scope="module")
def worlds(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[bool, World]]:
    with django_db_blocker.unblock():
        built = {False: build(False), True: build(True)}
    yield built
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _call(client: Client, w: World, case: Case, role: str) -> Any:
    user = reader(w, role)
    headers = {"Authorization": f"Bearer {issue_token(user, 't')}"} if user else {}
    path = "/api" + case.path(w)
    if case.method == "GET":
        return client.get(path, headers=headers)
    body = json.dumps(case.body(w) or {})
    return client.post(path, data=body, content_type="application/json", headers=headers)


@pytest.mark.parametrize("closed", [False, True], ids=["open", "closed"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_matrix(
    worlds: dict[bool, World], db: None, client: Client, case: Case, role: str, closed: bool
) -> None:
    w = worlds[closed]
    response = _call(client, w, case, role)
    status = response.status_code
    assert status < 500, response.content
    expected = role in case.allowed(closed)
    shown = case.shows is not None and status == 200
    allowed = case.shows(w, response.json()) if shown else 200 <= status < 300
    assert allowed == expected, (case.name, role, closed, status, response.content[:300])
    if not allowed and not shown:
        assert status in (400, 401, 403, 404, 409), status
