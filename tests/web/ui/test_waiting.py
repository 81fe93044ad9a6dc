"""What waits for me: directives to apply, feedback to answer, objections to my positions,
votes waiting for my ballot; and the e-mail digest (`polemica digest`)."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client

from polemica.web.centralism import actions as centralism
from polemica.web.process import actions as process
from polemica.web.ui.digest import send_digests
from polemica.web.ui.models import Digest
from polemica.web.votes import actions as votes
from tests.web.conftest import Org
from tests.web.scenario import top_decision
from tests.web.ui.conftest import signed_in


def _section(page: str, anchor: str) -> str:
    found = re.search(rf'<section[^>]*id="{anchor}">(.*?)</section>', page, re.S)
    assert found, anchor
    return found.group(1)


def _setup(org: Org) -> dict[str, str]:
    leader, member, member2 = org.actor("leader"), org.actor("member"), org.actor("member2")
    top = org.actor("top_leader")
    tdec = top_decision(org, "Rent campaign", "Every cell joins.")
    d = centralism.do_issue_directive(top, tdec, [org.cell, org.other], "2027-01-31")
    centralism.do_send_feedback(
        member, org.cell, org.top, d.id, "critique", "Block 4 needs a translator."
    )
    q = process.do_open_question(leader, org.cell, "Meeting day", "Which day?")
    mine = process.do_post_contribution(member, q.id, "position", "Tuesday evenings.")
    process.do_post_contribution(member2, q.id, "objection", "Tuesday clashes with nights.",
                                 target=mine.id)  # fmt: skip
    answered = process.do_post_contribution(
        member2, q.id, "objection", "Tuesdays are far off.", target=mine.id
    )
    process.do_post_contribution(member, q.id, "answer", "Not at all.", target=answered.id)
    v = process.do_open_question(leader, org.cell, "Treasurer", "Who keeps the fund?")
    p = process.do_post_contribution(leader, v.id, "position", "Ana keeps it.")
    process.do_move_phase(leader, v.id, "verification")
    process.do_move_phase(leader, v.id, "voting")
    votes.do_cast_ballot(leader, v.id, {"choice": p.id})
    closed = process.do_open_question(
        leader, org.cell, "Tenant list", "names", visibility="closed", reason="privacy"
    )
    return {"directive": d.id, "question": q.id, "vote": v.id, "closed": closed.id}


def test_each_person_sees_what_waits_for_them(org: Org) -> None:
    ids = _setup(org)
    # The cell's leader: the directive to apply; the vote already has their ballot.
    page = signed_in(org, "leader").get("/accounts/waiting/").content.decode()
    assert "Rent campaign" in _section(page, "directives") and "due 2027-01-31" in page
    assert "Treasurer" not in _section(page, "votes")
    # The directive's page links to its decision's tally.
    d_page = signed_in(org, "leader").get(f"/directives/{ids['directive']}/").content.decode()
    assert re.search(r'href="/q/[^"/]+/tally/"', d_page)
    # The committee's leader: the feedback to answer, linked to the directive.
    top = signed_in(org, "top_leader").get("/accounts/waiting/").content.decode()
    fb = _section(top, "feedback")
    assert "Block 4 needs a translator." in fb and f"/directives/{ids['directive']}/" in fb
    # The member: the unanswered objection to their position (not the answered one), the vote.
    mine = signed_in(org, "member").get("/accounts/waiting/").content.decode()
    obj = _section(mine, "objections")
    assert "Tuesday clashes with nights." in obj and "Tuesdays are far off." not in obj
    assert "Treasurer" in _section(mine, "votes") and "1 of 4 have voted" in mine
    assert "none" in _section(mine, "directives")  # members do not apply directives
    assert "3 things wait for you." not in mine and "2 things wait for you." in mine
    # An observer votes nowhere; an anonymous visitor is sent to sign in.
    observer = signed_in(org, "observer").get("/accounts/waiting/").content.decode()
    assert "Nothing waits for you now." in observer
    r = Client().get("/accounts/waiting/")
    assert r.status_code == 302 and "/accounts/login/" in r["Location"]
    # Every page links to it.
    assert 'href="/accounts/waiting/"' in mine


def test_the_digest_is_sent_to_those_who_asked_only(org: Org) -> None:
    _setup(org)
    member = signed_in(org, "member")
    bad = member.post("/accounts/waiting/digest", {"digest": "on", "email": "not an address"},
                      follow=True)  # fmt: skip
    assert "give an e-mail address" in bad.content.decode()
    assert not Digest.objects.filter(enabled=True).exists()
    ok = member.post("/accounts/waiting/digest", {"digest": "on", "email": "m@example.org"})
    assert ok.status_code == 303
    assert Digest.objects.get(user=org.users["member"]).enabled
    assert "checked" in member.get("/accounts/waiting/").content.decode().split('id="digest"')[1]
    assert send_digests("https://polemica.example") == 1
    [message] = mail.outbox
    assert message.to == ["m@example.org"] and "2 things wait for you" in message.subject
    assert "Tuesday clashes with nights." in message.body and "Treasurer" in message.body
    assert "https://polemica.example/q/" in message.body and "&#" not in message.body
    # In German, and off again: nothing more is sent.
    mail.outbox.clear()
    assert send_digests("https://polemica.example", language="de") == 1
    assert "Einwände gegen Ihre Positionen" in mail.outbox[0].body
    member.post("/accounts/waiting/digest", {"email": "m@example.org"})
    assert not Digest.objects.get(user=org.users["member"]).enabled
    assert send_digests("https://polemica.example") == 1 - 1


def test_nothing_closed_to_the_reader_waits_for_them(org: Org) -> None:
    _setup(org)
    leader = org.actor("leader")
    closed = process.do_open_question(
        leader, org.cell, "Eviction list", "names", visibility="closed", reason="privacy"
    )
    p = process.do_post_contribution(org.actor("member"), closed.id, "position", "Keep it.")
    process.do_post_contribution(leader, closed.id, "objection", "Publish it.", target=p.id)
    process.do_move_phase(leader, closed.id, "verification")
    # The south cell's leader: the directive (addressed to their cell too), nothing of the
    # north cell's closed question; the north member sees the objection in it.
    page = signed_in(org, "other_member").get("/accounts/waiting/").content.decode()
    assert "Eviction list" not in page and "Meeting day" not in page
    assert "Rent campaign" in _section(page, "directives")
    mine = signed_in(org, "member").get("/accounts/waiting/").content.decode()
    assert "Publish it." in _section(mine, "objections")
