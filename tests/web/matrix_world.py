"""The world the permission matrix runs against: every endpoint's target in the right state.

Questions live in the cell (`leader`, `deputy`, `member`, `member2` are its members); the
committee above decided a question and directed both cells. `closed=True` makes every question
closed to outsiders.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile

from polemica.web.centralism import actions as centralism
from polemica.web.process import actions as process
from polemica.web.process.files import store_upload
from polemica.web.record.models import EventRow
from polemica.web.votes import actions as votes
from tests.web.conftest import Org, build_org


@dataclass
class World:
    org: Org
    other_org: Org
    closed: bool
    q: str  # in discussion
    c: str  # by member
    f: str  # placed by member, citing an uploaded file
    sha: str
    vq: str  # in voting, ballots by member, deputy, leader
    vp: str
    tq: str  # the committee's, decided
    td: str
    d: str  # directive to both cells
    fb: str  # feedback from the cell to the committee
    q_seq: int  # seq of q's question.opened
    word: str  # a word only q's title holds


def build(closed: bool) -> World:
    org = build_org("c-" if closed else "o-")
    other = build_org("xc-" if closed else "xo-")
    vis = {"visibility": "closed", "reason": "Names tenants."} if closed else {}
    leader, deputy, member = org.actor("leader"), org.actor("deputy"), org.actor("member")
    word = "zebrafinch" + ("closed" if closed else "open")
    q = process.do_open_question(leader, org.cell, f"The {word} question", "Text.", **vis)
    c = process.do_post_contribution(member, q.id, "position", "Let us act.")
    upload = SimpleUploadedFile("lease.pdf", f"%PDF- lease {word}".encode(), "application/pdf")
    sha = store_upload(member, upload).sha256
    f = process.do_place_fact(
        member, q.id, "The lease ends in May.", [{"title": "Lease", "sha256": sha}]
    )
    vq = process.do_open_question(leader, org.cell, "Vote on dues", "Raise dues?", **vis)
    vp = process.do_post_contribution(leader, vq.id, "position", "Raise by 1%.")
    process.do_move_phase(leader, vq.id, "verification")
    process.do_move_phase(leader, vq.id, "voting")
    for who in (member, deputy, leader):
        votes.do_cast_ballot(who, vq.id, {"choice": vp.id})
    top = org.actor("top_leader")
    tq = process.do_open_question(top, org.top, "Campaign", "Join?", **vis)
    tp = process.do_post_contribution(top, tq.id, "position", "Join.")
    process.do_move_phase(top, tq.id, "verification")
    process.do_move_phase(top, tq.id, "voting")
    votes.do_cast_ballot(top, tq.id, {"choice": tp.id})
    td = votes.do_record_decision(top, tq.id, "We join.")
    d = centralism.do_issue_directive(top, td.id, [org.cell, org.other])
    fb = centralism.do_send_feedback(member, org.cell, org.top, d.id, "critique", "Too fast.")
    q_seq = EventRow.objects.get(org=org.id, kind="question.opened", subject=q.id).seq
    return World(
        org,
        other,
        closed,
        q.id,
        c.id,
        f.id,
        sha,
        vq.id,
        vp.id,
        tq.id,
        td.id,
        d.id,
        fb.id,
        q_seq,
        word,
    )
