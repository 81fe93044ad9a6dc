"""Hostile text through every field: nothing runs, nothing breaks the Content Security Policy."""

from __future__ import annotations

from typing import Any

from polemica.web.accounts.auth import actor_for
from polemica.web.accounts.models import User
from polemica.web.centralism import actions as centralism
from polemica.web.orgs import actions as org_actions
from polemica.web.process import actions as process
from polemica.web.process.rules import unanswered
from polemica.web.votes import actions as votes

PAYLOADS = [
    "<script>window.__xss=1;alert('script')</script>",
    "<img src=x onerror=\"window.__xss=1;alert('img')\">",
    '"><svg onload="window.__xss=1;alert(\'svg\')">',
    "</textarea><script>window.__xss=1</script>",
    "[click me](javascript:window.__xss=1)",
    '<a href="javascript:alert(1)">link</a>',
    "<iframe src=\"javascript:alert('frame')\"></iframe>",
    '<style>body{display:none}</style><div style="background:red">styled</div>',
    "' onmouseover='alert(1)' x='",
    "{{ 7*7 }} {% now 'Y' %}",
]


def _hostile_world() -> dict[str, str]:
    """Every field the pages show, filled with payloads through the platform's actions."""
    n = len(PAYLOADS)

    def p(i: int) -> str:
        return f"{PAYLOADS[i % n]} #{i}"

    admin = User.objects.create_user(username="admin", password="pw-admin")
    org = org_actions.do_found_org(actor_for(admin), p(0))
    a = actor_for(admin)
    top = org_actions.do_create_body(a, org.id, p(1), "committee")
    cell = org_actions.do_create_body(a, org.id, p(2), "cell", parent=top.id)
    users = {}
    for i, (name, body, role) in enumerate(
        [("lead", top.id, "leader"), ("cell", cell.id, "leader"), ("mem", cell.id, "member")]
    ):
        user = User.objects.create_user(username=name, password=f"pw-{name}")
        m = org_actions.do_add_member(a, org.id, p(3 + i), body, username=name)
        if role != "member":
            org_actions.do_assign_role(a, body, m.id, role)
        users[name] = actor_for(user)
    lead, cl, mem = users["lead"], users["cell"], users["mem"]
    # A question in the cell carried through every phase, every field hostile.
    q = process.do_open_question(cl, cell.id, p(6), p(7))
    pos = process.do_post_contribution(cl, q.id, "position", p(8))
    pos2 = process.do_post_contribution(mem, q.id, "position", p(9))
    obj = process.do_post_contribution(mem, q.id, "objection", p(10), target=pos.id)
    process.do_post_contribution(cl, q.id, "answer", p(11), target=obj.id)
    process.do_post_contribution(mem, q.id, "amendment", p(12), target=pos.id)
    process.do_post_contribution(mem, q.id, "question", p(13), target=pos2.id)
    fact = process.do_place_fact(
        mem, q.id, p(14), [{"title": p(15), "uri": "javascript:window.__xss=1"}]
    )
    process.do_review_fact(cl, fact.id, "disputed", p(16))
    process.do_post_contribution(mem, q.id, "reading", p(17), cites=[fact.id])
    process.do_revise_contribution(cl, pos.id, p(18))
    process.do_move_phase(cl, q.id, "verification")
    left = unanswered(process.queries.nodes(q.id))
    process.do_move_phase(cl, q.id, "voting", left_unanswered=left)
    votes.do_cast_ballot(mem, q.id, {"choice": pos.id})
    votes.do_record_decision(cl, q.id, p(19))
    process.do_post_contribution(mem, q.id, "reservation", p(20))
    # The committee decides and directs the cell, which applies, criticises and is answered.
    tq = process.do_open_question(lead, top.id, p(21), p(22))
    tp = process.do_post_contribution(lead, tq.id, "position", p(23))
    process.do_move_phase(lead, tq.id, "verification")
    process.do_move_phase(lead, tq.id, "voting")
    votes.do_cast_ballot(lead, tq.id, {"choice": tp.id})
    td = votes.do_record_decision(lead, tq.id, p(24))
    directive = centralism.do_issue_directive(lead, td.id, [cell.id])
    centralism.do_apply_directive(cl, directive.id, cell.id, p(25))
    fb = centralism.do_send_feedback(mem, cell.id, top.id, directive.id, "critique", p(26))
    centralism.do_answer_feedback(lead, fb.id, p(27))
    centralism.do_send_feedback(mem, cell.id, top.id, directive.id, "objection", p(28))
    centralism.do_propose_line(mem, cell.id, top.id, p(29))
    closed = process.do_open_question(cl, cell.id, p(30), p(31))
    process.do_close_question(cl, closed.id, p(32))
    return {"org": org.id, "top": top.id, "cell": cell.id, "q": q.id, "tq": tq.id,
            "closed": closed.id, "directive": directive.id}  # fmt: skip


def _pages(ids: dict[str, str], signed_in: bool) -> list[str]:
    """The pages to visit; anonymous visitors get the public ones (the rest answer 403/404)."""
    public = [
        "/",
        f"/orgs/{ids['org']}/",
        f"/orgs/{ids['org']}/federation/",
        f"/bodies/{ids['top']}/",
        f"/bodies/{ids['cell']}/",
        f"/q/{ids['q']}/",
        f"/q/{ids['tq']}/",
        f"/directives/{ids['directive']}/",
        "/receipts/check/",
    ]
    members = [
        f"/q/{ids['closed']}/",
        f"/orgs/{ids['org']}/record/",
        f"/orgs/{ids['org']}/record/5/",
        "/accounts/profile/",
    ]
    return public + (members if signed_in else [])


def test_hostile_text_in_every_field_stays_inert(transactional_db: None, web: Any) -> None:
    ids = _hostile_world()
    for user in ("mem", "admin", None):
        w = web()
        if user:
            w.sign_in(user)
        for path in _pages(ids, user is not None):
            response = w.page.goto(w.base + path)
            assert response.status == 200, path
            w.page.mouse.move(200, 300)
            w.page.mouse.move(600, 500)
            w.assert_clean()
        # Through the forms too: a contribution and a fact typed into the browser.
    w = web()
    w.sign_in("mem")
    q = process.do_open_question(
        actor_for(User.objects.get(username="mem")), ids["cell"], "Forms", "x"
    )
    w.go(f"/q/{q.id}/")
    for i, payload in enumerate(PAYLOADS):
        w.page.fill("#c-text", payload)
        w.page.locator("#contribute button[type=submit]").click()
        w.page.wait_for_selector(".msg.success")
        assert w.page.locator(".argmap .node").count() == i + 1
    w.page.locator("#place-fact summary").click()
    w.page.fill("#fact-claim", PAYLOADS[1])
    w.page.fill("#src-title-1", PAYLOADS[0])
    w.page.locator("#place-fact button[type=submit]").click()
    w.page.wait_for_selector(".msg.success")
    w.page.mouse.move(300, 300)
    assert PAYLOADS[0] in w.page.locator("#facts").inner_text()
    w.assert_clean()
