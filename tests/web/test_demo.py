"""`polemica demo`: the same federation and logins on SQLite and PostgreSQL, every printed login
able to do what its role says, loading again changes nothing, and a failure leaves nothing.

The full demonstration is loaded once per database (about ten seconds here); the other tests load
a small one (`members`/`months`). The full one is compared with a golden file, so both databases
are held to the same organizations, bodies, members, questions and logins. Regenerate it after an
intended change with `POLEMICA_UPDATE_GOLDEN=1 .venv/bin/pytest tests/web/test_demo.py`.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from polemica.cli.web_cmd import show_logins
from polemica.simulate.demo import DEMO_ORGS
from polemica.web.accounts.models import Login, OrgAdmin, User
from polemica.web.centralism.models import Application, Directive, Feedback, Line
from polemica.web.orgs.models import Body, Member, Organization
from polemica.web.process.models import Question
from polemica.web.record import demo, demo_finale
from polemica.web.record import log as record_log
from polemica.web.record.demo import PASSWORD, DemoLogin, load_demo
from polemica.web.record.dump import dump
from polemica.web.record.models import LogHead
from polemica.web.votes.models import Decision

GOLDEN = Path(__file__).parent / "golden" / "demo.json"
SMALL: dict[str, Any] = {"members": 18, "months": 0.25}
MEMBER_ROLES = ["admin", "leader", "deputy", "member", "observer"]
PHASES = {"discussion", "verification", "voting", "decided", "reopened", "abandoned"}


def fingerprint(logins: list[DemoLogin]) -> dict[str, Any]:
    """What must be the same whichever database loaded the demonstration."""
    found = {
        "organizations": Organization.objects.order_by("id").values_list("id", "name"),
        "bodies": Body.objects.order_by("id").values_list("id", "org", "parent", "level", "name"),
        "members": Member.objects.order_by("id").values_list(
            "id", "org", "name", "delegation", "left"
        ),
        "questions": Question.objects.order_by("id").values_list("id", "body", "title", "phase"),
    }
    out: dict[str, Any] = {k: [list(row) for row in rows] for k, rows in found.items()}
    out["logins"] = [dataclasses.asdict(x) for x in logins]
    return out


def golden_text(found: dict[str, Any]) -> str:
    """One row a line, so a change shows as a readable diff."""
    parts = []
    for key, rows in found.items():
        lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in rows)
        parts.append(f" {json.dumps(key)}: [\n{lines}\n ]")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def snapshot() -> dict[str, Any]:
    """Every state table and every account row: what "nothing changed" is checked against."""
    return {
        "state": dump(),
        "users": sorted(User.objects.values_list("username", "password")),
        "logins": sorted(Login.objects.values_list("user__username", "org_id", "member_id")),
        "admins": sorted(OrgAdmin.objects.values_list("user__username", "org_id")),
    }


def printed(logins: list[DemoLogin], capsys: pytest.CaptureFixture[str]) -> str:
    capsys.readouterr()
    show_logins(logins, PASSWORD)
    return capsys.readouterr().out


class Api:
    """The JSON API as each demo login, signed in with the printed password."""

    def __init__(self, logins: list[DemoLogin]) -> None:
        self.client = Client()
        self.tokens = {x.username: self.sign_in(x.username) for x in logins}

    def sign_in(self, username: str) -> str:
        answer = self.call("", "POST", "/tokens", {"username": username, "password": PASSWORD})
        assert answer.status_code == 201, (username, answer.content)
        return str(answer.json()["token"])

    def call(self, username: str, method: str, path: str, body: Any = None) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[username]}"} if username else {}
        if method == "GET":
            return self.client.get(f"/api{path}", headers=headers)
        return self.client.post(
            f"/api{path}", data=json.dumps(body), content_type="application/json", headers=headers
        )

    def post(self, username: str, path: str, body: Any, status: int) -> Any:
        answer = self.call(username, "POST", path, body)
        assert answer.status_code == status, (username, path, answer.content)
        return answer.json()


def check_member_org(api: Api, org: str, by_role: dict[str, DemoLogin]) -> str:
    """Each login of a member organization does what its role says, through the API; returns
    the question the member opened."""
    admin, leader, deputy = by_role["admin"], by_role["leader"], by_role["deputy"]
    member, observer = by_role["member"], by_role["observer"]
    cell = member.body
    assert (
        deputy.body == observer.body == cell and leader.body == Body.objects.get(pk=cell).parent_id
    )
    made = api.post(
        admin.username, f"/orgs/{org}/bodies", {"name": "Night Shift Cell", "level": "cell"}, 201
    )
    assert Body.objects.get(pk=made["id"]).org_id == org
    q = api.post(member.username, f"/bodies/{cell}/questions", {"title": "Who takes minutes?"}, 201)
    position = {"type": "position", "text": "Each of us in turn, by the alphabet."}
    api.post(member.username, f"/questions/{q['id']}/contributions", position, 201)
    assert api.call(observer.username, "GET", f"/questions/{q['id']}").status_code == 200
    api.post(observer.username, f"/questions/{q['id']}/contributions", position, 403)
    moved = api.post(deputy.username, f"/questions/{q['id']}/phase", {"phase": "verification"}, 200)
    assert moved["phase"] == "verification"
    decision = Decision.objects.filter(question__body_id=leader.body).order_by("id").first()
    assert decision is not None, f"{leader.body} has no decision to issue a directive from"
    directive = api.post(
        leader.username, f"/decisions/{decision.id}/directives", {"to": [cell]}, 201
    )
    applied = {"body": cell, "text": "We apply it from the next meeting on."}
    api.post(deputy.username, f"/directives/{directive['id']}/applications", applied, 201)
    return str(q["id"])


def signed_in(login: DemoLogin) -> Client:
    client = Client()
    assert client.login(username=login.username, password=PASSWORD), login.username
    return client


def check_pages(by_role: dict[str, DemoLogin], question: str) -> None:
    """The walk-through of docs/web.md, on the pages: the leader issues a directive to the
    cell from a decision's page, the deputy applies it, the member sends feedback up; the
    observer gets no form to contribute where the member does."""
    leader, deputy, member = by_role["leader"], by_role["deputy"], by_role["member"]
    cell = member.body
    decision = Decision.objects.filter(question__body_id=leader.body).order_by("id").first()
    assert decision is not None
    page = f"/q/{decision.question_id}/"
    boss = signed_in(leader)
    assert f'name="to" value="{cell}"' in boss.get(page).content.decode()
    issued = boss.post(f"{page}d/{decision.id}/directive", {"to": [cell]})
    assert issued.url.startswith("/directives/"), issued
    directive = Directive.objects.get(pk=issued.url.strip("/").split("/")[-1])
    assert directive.to == [cell]
    applied = {"body": cell, "text": "The cell takes it up at its next meeting."}
    signed_in(deputy).post(f"/directives/{directive.id}/apply", applied)
    assert Application.objects.filter(directive=directive, body_id=cell).exists()
    feedback = {"from_body": cell, "kind": "proposal", "text": "Give us a month more."}
    signed_in(member).post(f"/directives/{directive.id}/feedback", feedback)
    assert Feedback.objects.filter(regarding=directive.id, from_body_id=cell).exists()
    form = 'id="contribute"'
    assert form in signed_in(member).get(f"/q/{question}/").content.decode()
    assert form not in signed_in(by_role["observer"]).get(f"/q/{question}/").content.decode()
    # The line inbox: the member sends a line up to the leader's body, the leader adopts it.
    proposer = signed_in(member)
    proposer.post(f"/bodies/{cell}/line", {"to": leader.body, "text": "Pool the strike funds."})
    line = Line.objects.get(from_body_id=cell, text="Pool the strike funds.")
    inbox = boss.get(f"/bodies/{leader.body}/").content.decode()
    assert f'name="line" value="{line.id}"' in inbox
    adopted = {"line": line.id, "outcome": "adopted", "title": "Pooled strike funds"}
    boss.post(f"/bodies/{leader.body}/lines/answer", adopted)
    assert Line.objects.get(pk=line.id).outcome == "adopted"
    assert "Pooled strike funds" in boss.get(f"/bodies/{leader.body}/").content.decode()
    assert "adopted" in proposer.get("/accounts/profile/").content.decode()
    # The administrator runs the organization from its administration page.
    admin = signed_in(by_role["admin"])
    org = Body.objects.get(pk=cell).org_id
    assert admin.get(f"/orgs/{org}/admin/").status_code == 200
    assert boss.get(f"/orgs/{org}/admin/").status_code == 404


def check_delegate(api: Api, delegate: DemoLogin) -> None:
    represents = Member.objects.get(pk=delegate.member).delegation
    assert represents in DEMO_ORGS and delegate.note == f"represents {represents}"
    q = api.post(
        delegate.username, f"/bodies/{delegate.body}/questions", {"title": "A joint campaign"}, 201
    )
    text = {"type": "position", "text": "We coordinate the three unions' May campaigns."}
    api.post(delegate.username, f"/questions/{q['id']}/contributions", text, 201)


def test_the_full_demo_is_the_same_on_every_database_and_every_login_acts(db: None) -> None:
    logins = load_demo()
    found = json.loads(json.dumps(fingerprint(logins)))
    if os.environ.get("POLEMICA_UPDATE_GOLDEN"):
        GOLDEN.write_text(golden_text(found), "utf-8")
    assert found == json.loads(GOLDEN.read_text("utf-8")), "the demo differs from the golden file"
    api = Api(logins)
    for org in sorted(DEMO_ORGS):
        mine = {x.role: x for x in logins if x.org == org}
        if org == "forum":
            assert sorted(mine) == ["admin", "delegate"]
            check_delegate(api, mine["delegate"])
            continue
        assert sorted(mine) == sorted(MEMBER_ROLES)
        assert {q[3] for q in found["questions"] if q[1].startswith(f"{org}-")} == PHASES
        check_pages(mine, check_member_org(api, org, mine))


def test_loading_again_changes_nothing_and_prints_the_same_logins(
    db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    first = load_demo(**SMALL)
    before, shown = snapshot(), printed(first, capsys)
    assert [x.username for x in first] == [
        *(f"{org}-{role}" for org in ("housing", "printers", "transport") for role in MEMBER_ROLES),
        "forum-admin",
        "forum-delegate",
    ]
    for x in first:
        line = next(line for line in shown.splitlines() if line.startswith(f"  {x.username} "))
        assert x.role in line and f" {x.org} " in line and (x.body in line or x.role == "admin")
    again = load_demo(**SMALL)
    assert again == first
    assert snapshot() == before
    assert printed(again, capsys) == shown


def _fail_on_call(monkeypatch: pytest.MonkeyPatch, where: Any, name: str, call: int) -> None:
    real: Callable[..., Any] = getattr(where, name)
    calls = [0]

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == call:
            raise RuntimeError("injected failure")
        return real(*args, **kwargs)

    monkeypatch.setattr(where, name, failing)


@pytest.mark.parametrize(
    ("where", "name", "call"),
    [
        (record_log, "_commit", 50),  # in the middle of the import (of 111 events)
        (demo, "write_finale", 2),  # the second organization's finale
        (demo, "_ensure_account", 9),  # among the accounts
    ],
    ids=["import", "finale", "accounts"],
)
def test_a_failure_in_the_middle_leaves_the_database_as_it_was(
    db: None, monkeypatch: pytest.MonkeyPatch, where: Any, name: str, call: int
) -> None:
    before = snapshot()
    with monkeypatch.context() as patch:
        _fail_on_call(patch, where, name, call)
        with pytest.raises(RuntimeError, match="injected failure"):
            load_demo(**SMALL)
    assert snapshot() == before
    assert not LogHead.objects.exists() and not User.objects.exists()
    logins = load_demo(**SMALL)
    assert len(logins) == 17 and Login.objects.count() == 13


def test_a_database_with_part_of_the_demo_is_refused(db: None) -> None:
    load_demo(**SMALL)
    Organization.objects.filter(pk="printers").delete()
    LogHead.objects.filter(org="printers").delete()
    before = snapshot()
    with pytest.raises(ValueError, match="not printers; load the demonstration into a fresh"):
        load_demo(**SMALL)
    assert snapshot() == before


def test_the_finale_is_written_once_and_names_itself(db: None) -> None:
    load_demo(**SMALL)
    for org in ("housing", "printers", "transport"):
        assert demo_finale.finale_done(org)
        observer = Member.objects.get(pk=demo_finale.observer_id(org))
        assert observer.org_id == org and not observer.roles.exclude(role="observer").exists()
