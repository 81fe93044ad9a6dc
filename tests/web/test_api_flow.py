"""The whole process through the JSON API, as scripts would drive it."""

from __future__ import annotations

import json

from polemica.ledger.keys import Verifier
from polemica.ledger.receipt import verify_receipt
from tests.web.conftest import Api


def test_a_question_from_opening_to_directive_through_the_api(api: Api) -> None:
    org = api.org
    r = api.post(
        "leader", f"/bodies/{org.cell}/questions", {"title": "Rent strike", "text": "Now?"}
    )
    assert r.status_code == 201, r.content
    q = r.json()["id"]
    p1 = api.post("leader", f"/questions/{q}/contributions", {"type": "position", "text": "Yes."})
    p2 = api.post("member", f"/questions/{q}/contributions", {"type": "position", "text": "No."})
    assert p1.status_code == p2.status_code == 201
    p1, p2 = p1.json()["id"], p2.json()["id"]
    obj = api.post(
        "member2",
        f"/questions/{q}/contributions",
        {"type": "objection", "text": "Too early.", "target": p1},
    ).json()["id"]
    refused = api.post("leader", f"/questions/{q}/phase", {"phase": "verification"})
    assert refused.status_code == 200
    blocked = api.post("leader", f"/questions/{q}/phase", {"phase": "voting"})
    assert blocked.status_code == 400
    assert obj in blocked.json()["error"] and blocked.json()["field"] == "left_unanswered"
    moved = api.post(
        "leader", f"/questions/{q}/phase", {"phase": "voting", "left_unanswered": [obj]}
    )
    assert moved.json()["phase"] == "voting"
    first = api.post("member", f"/questions/{q}/ballots", {"ballot": {"choice": p2}})
    assert first.status_code == 201
    second = api.post("member", f"/questions/{q}/ballots", {"ballot": {"choice": p1}})
    receipt = second.json()["receipt"]
    checked = verify_receipt(receipt, Verifier.parse(receipt["verifier"]))
    assert checked.kind == "vote.cast" and checked.seq == second.json()["seq"]
    api.post("leader", f"/questions/{q}/ballots", {"ballot": {"choice": p1}})
    mine = api.get("member", f"/questions/{q}/ballots/mine").json()
    assert mine["ballot"] == {"choice": p1} and mine["current"]
    decided = api.post("deputy", f"/questions/{q}/decision", {"text": "We strike."})
    assert decided.status_code == 201, decided.content
    d = decided.json()
    assert d["adopted"] == [p1] and d["unanswered"] == [obj]
    assert d["tally"]["scores"] == {p1: 2, p2: 0} and d["tally"]["ids"]["winners"] == [p1]
    detail = api.get("member", f"/questions/{q}").json()
    assert detail["question"]["phase"] == "decided" and detail["ballots"] == 2
    assert [x["phase"] for x in detail["phases"]] == ["verification", "voting", "decided"]
    # Decisions in the cell direct nothing down (no body below); the committee's would.
    no_below = api.post("leader", f"/decisions/{d['id']}/directives", {"to": [org.other]})
    assert no_below.status_code == 400
    log = api.get("member", f"/orgs/{org.id}/log?limit=1000").json()
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    cp = api.get("anonymous", f"/orgs/{org.id}/checkpoint").json()
    assert cp["size"] == len(log)


def test_errors_are_json_with_a_message(api: Api) -> None:
    r = api.get("member", "/questions/q-nothing")
    assert r.status_code == 404 and r.json() == {"error": "question not found", "field": None}
    r = api.client.post(
        f"/api/bodies/{api.org.cell}/questions",
        data="{not json",
        content_type="application/json",
        headers=api.headers("member"),
    )
    assert 400 <= r.status_code < 500 and "error" in r.json()
    r = api.client.get("/api/me", headers={"Authorization": "Bearer nonsense"})
    assert r.status_code == 401 and "token" in r.json()["error"]


def test_tokens_come_from_username_and_password(api: Api) -> None:
    r = api.post("anonymous", "/tokens", {"username": "member", "password": "pw-member"})
    assert r.status_code == 201
    token = r.json()["token"]
    me = api.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == "member" and api.org.id in me["members"]
    bad = api.post("anonymous", "/tokens", {"username": "member", "password": "wrong"})
    assert bad.status_code == 401
    assert json.loads(bad.content)["error"] == "the username or password is wrong"
