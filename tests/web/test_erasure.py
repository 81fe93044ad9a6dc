"""Erasing a member: they can no longer act, and every personal field of theirs is blank where
it shows (API, pages, log, exports), a fact's sources included; it survives export and replay.
An export written before sources were personal still verifies and replays."""

from __future__ import annotations

import json
from html import escape as html_escape
from pathlib import Path
from typing import Any

from django.db import transaction
from django.test import Client

from polemica.ledger.verify import verify_log
from polemica.web.accounts.models import Login, User
from polemica.web.orgs.access import Actor
from polemica.web.orgs.models import Member, Role
from polemica.web.process import actions as process
from polemica.web.process.models import Fact
from polemica.web.record.dump import dump, state_models
from polemica.web.record.export import export_log
from polemica.web.record.models import EventRow
from polemica.web.record.projections import _erase_member
from polemica.web.record.replay import replay_path
from tests.web import scenario
from tests.web.conftest import Api, Org

GOLDEN_V1 = Path(__file__).parent / "golden" / "export-v1"
SOURCE = {"title": "Door-to-door survey by Anna Example", "uri": "https://example.org/anna"}
ERASED = "you were erased from this organization's record and can no longer act in it"


def _empty_state() -> None:
    with transaction.atomic():
        for model in reversed(state_models()):
            model._default_manager.all().delete()


def _erase(api: Api, who: str) -> Any:
    member = api.org.members[who]
    r = api.post("admin", f"/orgs/{api.org.id}/erasures", {"member": member, "reason": "GDPR 17"})
    assert r.status_code == 200, r.content
    return r.json()


def _actions(s: scenario.Scenario, org: Org) -> list[tuple[str, dict[str, Any]]]:
    q = s.question
    return [
        (f"/questions/{q}/contributions", {"type": "reservation", "text": "Still against."}),
        (f"/questions/{q}/ballots", {"ballot": {"choice": s.positions[0]}}),
        (f"/questions/{q}/facts", {"claim": "More.", "sources": [{"title": "x"}]}),
        (f"/bodies/{org.cell}/questions", {"title": "A new one", "text": "Why not?"}),
        (f"/bodies/{org.cell}/lines", {"to": org.top, "text": "A line."}),
        (f"/facts/{s.fact}/reviews", {"verdict": "forged", "reasoning": "No."}),
    ]


def test_an_erased_member_can_no_longer_act(api: Api) -> None:
    org = api.org
    s = scenario.full(org)
    # Before: the member acts (a reservation after the decision).
    first, body = _actions(s, org)[0]
    assert api.post("member", first, body).status_code == 201
    _erase(api, "member")
    for path, body in _actions(s, org):
        r = api.post("member", path, body)
        assert r.status_code == 403, (path, r.content)
        assert r.json()["error"] == ERASED, path
    # A new token (signing in again) is no way back: the login no longer acts as them.
    token = api.client.post(
        "/api/tokens", {"username": "member", "password": "pw-member"}, "application/json"
    ).json()["token"]
    me = api.client.get("/api/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert org.id not in me["members"]
    r = api.client.post(
        f"/api{first}",
        {"type": "remark", "text": "x"},
        "application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 403 and r.json()["error"] == ERASED
    # The page offers them nothing, and a form posted anyway is refused saying why.
    page = Client()
    page.force_login(User.objects.get(username="member"))
    html = page.get(f"/q/{s.question}/").content.decode()
    assert f'action="/q/{s.question}/contribute"' not in html
    r = page.post(f"/q/{s.question}/contribute", {"type": "remark", "text": "x"})
    assert html_escape(ERASED) in page.get(r["Location"]).content.decode()
    # In the record's state: no name, left, no role; others are untouched.
    m = Member.objects.get(pk=org.members["member"])
    assert (m.name, m.left, m.erased) == ("", True, True)
    assert not Role.objects.filter(member=m).exists()
    assert api.post("member2", first, {"type": "reservation", "text": "Fine."}).status_code == 201


def test_erasure_blanks_the_sources_of_their_facts_everywhere(api: Api, tmp_path: Path) -> None:
    org = api.org
    s = scenario.full(org)
    q = api.post("leader", f"/bodies/{org.cell}/questions", {"title": "Strike?", "text": "Now?"})
    s.question = q.json()["id"]
    placed = api.post(
        "member", f"/questions/{s.question}/facts", {"claim": "Rents rose.", "sources": [SOURCE]}
    )
    assert placed.status_code == 201
    fact = placed.json()["id"]
    _erase(api, "member")
    shown = [
        api.get("leader", f"/questions/{s.question}").content,
        api.get("leader", f"/orgs/{org.id}/log?limit=1000").content,
        api.get("admin", f"/orgs/{org.id}/export").getvalue(),
        Client().get(f"/q/{s.question}/").content,
    ]
    for text in shown:
        assert SOURCE["title"].encode() not in text and SOURCE["uri"].encode() not in text
    question = api.get("leader", f"/questions/{s.question}").json()
    (facts,) = [f for f in question["facts"] if f["id"] == fact]
    assert facts["claim"] == "" and facts["sources"] == []
    # The ledger export: the leaf holds a commitment, the opening is gone; it verifies.
    before = dump()
    out = tmp_path / "export"
    export_log(org.id, out)
    for name in ("leaves.jsonl", "openings.jsonl", "events.jsonl"):
        assert SOURCE["title"] not in (out / name).read_text(encoding="utf-8"), name
    result = verify_log(out)
    assert result.ok, result.failure
    row = EventRow.objects.get(org=org.id, subject=fact)
    assert row.data["sources"] == [] and row.data["claim"] == ""
    # Replayed from the export: the same state, so the member still cannot act (their login,
    # which is not in the record, comes back as a restore brings it back).
    _empty_state()
    replay_path(out)
    assert dump() == before
    Login.objects.create(user=org.users["member"], member_id=org.members["member"], org_id=org.id)
    r = api.post(
        "member", f"/questions/{s.question}/contributions", {"type": "remark", "text": "x"}
    )
    assert r.status_code == 403 and r.json()["error"] == ERASED


def test_an_export_written_before_sources_were_personal_verifies_and_replays(
    db: None, tmp_path: Path
) -> None:
    """tests/web/golden/export-v1 was exported by the code before this change: its facts' sources
    are plain in the leaves, one fact's placer was erased. It still verifies, replays hash for
    hash, and the erased member's fact shows no sources."""
    result = verify_log(GOLDEN_V1)
    assert result.ok, result.failure
    assert result.erased_events == 8
    assert "Tenant survey of Anna Example" in (GOLDEN_V1 / "leaves.jsonl").read_text()
    replayed = replay_path(GOLDEN_V1)
    (org,) = replayed.orgs
    # Both facts were placed by the member erased before the export.
    assert sorted(Fact.objects.values_list("claim", flat=True)) == ["", ""]
    assert all(f.sources == [] for f in Fact.objects.all())
    erased = Member.objects.get(org_id=org, erased=True)
    assert erased.left and not Role.objects.filter(member=erased).exists()
    # Exported again: leaf for leaf the same, so the same signed root.
    again = tmp_path / "again"
    export_log(org, again)
    assert verify_log(again).root == result.root
    assert (again / "leaves.jsonl").read_bytes() == (GOLDEN_V1 / "leaves.jsonl").read_bytes()
    # A fact placed now commits its sources: the new leaf holds no title.
    leader = Member.objects.get(org_id=org, roles__role="leader", roles__body__parent=None)
    q = process.do_open_question(
        Actor(user_id=1, members={org: leader.pk}),
        leader.roles.get(role="leader").body_id,
        "More facts",
        "",
    )
    new = process.do_place_fact(Actor(user_id=1, members={org: leader.pk}), q.id, "c", [SOURCE])
    leaf = json.loads(EventRow.objects.get(org=org, subject=new.id).leaf)
    assert set(leaf["data"]["sources"]) == {"commit"}
    assert verify_log(export_log(org, tmp_path / "third").path).ok


def test_a_delegate_erased_from_a_forum_is_not_erased_at_home(api: Api) -> None:
    """Erasure in a forum ends the delegate's roles there; only their own organization's
    erasure erases the person."""
    org = api.org
    member = Member.objects.get(pk=org.members["member2"])
    _erase_member(member.pk, "org-forum-elsewhere")
    member.refresh_from_db()
    assert (member.name, member.erased, member.left) == ("", False, False)
    assert Role.objects.filter(member=member).exists()
