"""The question page is cached per version of the log: never stale, never shared beyond access."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from polemica.web.process import actions as process
from polemica.web.votes import actions as votes
from tests.web.conftest import Api


def _read(api: Api, role: str, question: str) -> dict:  # type: ignore[type-arg]
    r = api.get(role, f"/questions/{question}")
    assert r.status_code == 200, r.content
    return r.json()  # type: ignore[no-any-return]


def test_every_change_shows_on_the_next_read(api: Api) -> None:
    org = api.org
    leader, member = org.actor("leader"), org.actor("member")
    q = process.do_open_question(leader, org.cell, "Rent strike?", "Do we strike?")
    assert _read(api, "member", q.id)["contributions"] == []
    p = process.do_post_contribution(leader, q.id, "position", "Strike in January.")
    first = _read(api, "member", q.id)
    assert [c["text"] for c in first["contributions"]] == ["Strike in January."]
    obj = process.do_post_contribution(member, q.id, "objection", "Evictions.", target=p.id)
    assert _read(api, "member", q.id)["unanswered"] == [obj.id]
    process.do_revise_contribution(leader, p.id, "Strike in February.")
    texts = {c["id"]: c["text"] for c in _read(api, "member", q.id)["contributions"]}
    assert texts[p.id] == "Strike in February."
    process.do_redact_contribution(member, obj.id, "Posted in anger.")
    gone = {c["id"]: c for c in _read(api, "member", q.id)["contributions"]}[obj.id]
    assert gone["text"] == "" and gone["redacted"] == "Posted in anger."
    fact = process.do_place_fact(member, q.id, "Rents rose 14%.", [{"title": "Register"}])
    assert [f["claim"] for f in _read(api, "member", q.id)["facts"]] == ["Rents rose 14%."]
    process.do_review_fact(org.actor("deputy"), fact.id, "authentic", "Checked.")
    assert _read(api, "member", q.id)["facts"][0]["verdict"] == "authentic"
    process.do_move_phase(leader, q.id, "verification")
    assert _read(api, "member", q.id)["question"]["phase"] == "verification"
    # A second read of an unchanged question gives the same page.
    assert _read(api, "member", q.id) == _read(api, "member", q.id)


def test_each_reader_sees_only_their_own_ballot(api: Api) -> None:
    org = api.org
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Which date?", "Pick one.")
    p1 = process.do_post_contribution(leader, q.id, "position", "January.")
    p2 = process.do_post_contribution(leader, q.id, "position", "March.")
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    votes.do_cast_ballot(org.actor("member"), q.id, {"choice": p1.id})
    mine = _read(api, "member", q.id)
    assert mine["my_ballot"]["ballot"] == {"choice": p1.id}
    assert mine["ballots"] == 1
    assert _read(api, "member2", q.id)["my_ballot"] is None
    assert _read(api, "observer", q.id)["my_ballot"] is None
    votes.do_cast_ballot(org.actor("member2"), q.id, {"choice": p2.id})
    theirs = _read(api, "member2", q.id)
    assert theirs["my_ballot"]["ballot"] == {"choice": p2.id}
    assert theirs["ballots"] == 2
    assert _read(api, "member", q.id)["my_ballot"]["ballot"] == {"choice": p1.id}


def test_a_cached_page_is_not_served_once_the_question_is_closed(api: Api) -> None:
    org = api.org
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Open for now", "Text.")
    process.do_post_contribution(leader, q.id, "position", "Visible while open.")
    assert _read(api, "other_member", q.id)["question"]["title"] == "Open for now"
    process.do_close_question(leader, q.id, "Names of tenants at risk.")
    r = api.get("other_member", f"/questions/{q.id}")
    assert r.status_code == 404
    assert b"Visible while open" not in r.content and b"Open for now" not in r.content
    assert _read(api, "member", q.id)["question"]["visibility"] == "closed"


def test_a_cached_read_asks_the_database_only_for_access_version_and_ballot(api: Api) -> None:
    org = api.org
    leader = org.actor("leader")
    q = process.do_open_question(leader, org.cell, "Many voices", "Text.")
    for i in range(30):
        process.do_post_contribution(leader, q.id, "remark", f"Remark {i}.")
    api.headers("member")
    _read(api, "member", q.id)  # builds the page
    # Activity elsewhere in the organization leaves the page valid.
    other = process.do_open_question(leader, org.cell, "Elsewhere", "Text.")
    process.do_post_contribution(leader, other.id, "remark", "Not about the first question.")
    with CaptureQueriesContext(connection) as ctx:
        _read(api, "member", q.id)
    # Token, person's logins and admin rights, the question, its access, the log's root, the
    # reader's ballot: nothing that grows with the question.
    assert len(ctx.captured_queries) <= 8, [x["sql"] for x in ctx.captured_queries]
    assert not any("process_contribution" in x["sql"] for x in ctx.captured_queries)


def test_a_posted_contribution_reads_back_as_it_was_answered(api: Api) -> None:
    org = api.org
    q = process.do_open_question(org.actor("leader"), org.cell, "Answers", "Text.")
    p = api.post("leader", f"/questions/{q.id}/contributions", {"type": "position", "text": "A."})
    assert p.status_code == 201, p.content
    f = process.do_place_fact(org.actor("member"), q.id, "A fact.", [{"title": "Source"}])
    body = {"type": "reading", "text": "It reads so.", "target": p.json()["id"], "cites": [f.id]}
    r = api.post("member", f"/questions/{q.id}/contributions", body)
    assert r.status_code == 201, r.content
    stored = {c["id"]: c for c in _read(api, "member", q.id)["contributions"]}
    assert stored[p.json()["id"]] == p.json()
    assert stored[r.json()["id"]] == r.json()


def test_concurrent_readers_of_a_changed_question_wait_for_one_build() -> None:
    import threading
    import time

    from polemica.web.process.views_data import _cached

    builds: list[int] = []
    start = threading.Barrier(10)
    got: list[bytes] = []

    def build() -> bytes:
        builds.append(1)
        time.sleep(0.2)  # a big question takes a while to build
        return b'{"built":1}'

    def reader() -> None:
        start.wait()
        got.append(_cached("question-detail:test-herd:1", build))

    threads = [threading.Thread(target=reader) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(builds) == 1
    assert got == [b'{"built":1}'] * 10
