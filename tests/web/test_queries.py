"""List and detail endpoints use a constant number of queries, however much they return."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from polemica.web.centralism import actions as centralism
from polemica.web.process import actions as process
from tests.web import scenario
from tests.web.conftest import Api


def _count(api: Api, role: str, path: str) -> int:
    api.headers(role)  # the token exists before counting
    with CaptureQueriesContext(connection) as ctx:
        r = api.get(role, path)
    assert r.status_code == 200, r.content
    return len(ctx.captured_queries)


def _grow(api: Api, s: scenario.Scenario, n: int) -> None:
    """More of everything the reads return: contributions, revisions, facts, reviews,
    questions, feedback, members."""
    org = api.org
    member, leader, deputy = org.actor("member"), org.actor("leader"), org.actor("deputy")
    top = org.actor("top_leader")
    for i in range(n):
        q = process.do_open_question(member, org.cell, f"Question {i}", "More?")
        c = process.do_post_contribution(member, q.id, "position", f"Position {i}")
        process.do_revise_contribution(member, c.id, f"Position {i}, revised")
        process.do_post_contribution(deputy, q.id, "objection", f"Objection {i}", target=c.id)
        f = process.do_place_fact(member, q.id, f"Fact {i}", [{"title": f"Source {i}"}])
        process.do_review_fact(deputy, f.id, "unverified", "Not yet seen.")
        process.do_review_fact(leader, f.id, "authentic", "Seen it.")
        centralism.do_send_feedback(member, org.cell, org.top, s.directive, "proposal", f"P{i}")
        centralism.do_propose_line(member, org.cell, org.top, f"Line {i}")
    del top


def test_reads_use_a_constant_number_of_queries(api: Api) -> None:
    s = scenario.full(api.org)
    org = api.org
    paths = {
        "question": f"/questions/{s.question}",
        "body questions": f"/bodies/{org.cell}/questions",
        "body": f"/bodies/{org.cell}",
        "org": f"/orgs/{org.id}",
        "members": f"/orgs/{org.id}/members",
        "log": f"/orgs/{org.id}/log?limit=1000",
        "directive": f"/directives/{s.directive}",
        "inbox": f"/bodies/{org.top}/inbox",
        "search": "/search?q=Question",
    }
    roles = {"inbox": "top_leader"}
    before = {k: _count(api, roles.get(k, "member"), p) for k, p in paths.items()}
    _grow(api, s, 6)
    # The question itself grows too.
    member, deputy = org.actor("member"), org.actor("deputy")
    process.do_move_phase(org.actor("leader"), s.question, "reopened", cites=[s.fact])
    for i in range(8):
        c = process.do_post_contribution(member, s.question, "question", f"Why {i}?")
        process.do_post_contribution(deputy, s.question, "answer", f"Because {i}.", target=c.id)
    after = {k: _count(api, roles.get(k, "member"), p) for k, p in paths.items()}
    assert after == before
    assert before["question"] <= 14
