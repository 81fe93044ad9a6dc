"""The world the permission matrix and the hidden-or-missing walk run against: every endpoint's
target in the right state.

Questions live in the cell (`leader`, `deputy`, `member`, `member2` are its members); the
committee above decided a question and directed both cells. `closed=True` makes every question
closed to outsiders.

The other organization's deputy also sits in the committee, the way a forum seats a delegate
(their own member id joins, with no login here): a member of two organizations, whose roles in
one must never open the other's questions. Readers of another body or organization each have a
`Home`, their own body's questions, to act on with ids they may not see. The other body reads
open questions for members only, so its home questions are hidden from outsiders too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from polemica.events import parse_event
from polemica.web.accounts.models import User
from polemica.web.base.ids import new_id, now_text
from polemica.web.centralism import actions as centralism
from polemica.web.orgs import actions as org_actions
from polemica.web.orgs.access import Actor
from polemica.web.process import actions as process
from polemica.web.process.files import store_upload
from polemica.web.record.log import import_event
from polemica.web.record.models import EventRow
from polemica.web.votes import actions as votes
from tests.web.conftest import Org, build_org


@dataclass
class Home:
    """A reader's own body (in `org`, below `above`) and its questions: `q` in discussion with
    the position `c` and the fact `f`, `vq` in voting, `dq` decided by `dd` (adopting `dc`)."""

    org: str
    body: str
    above: str
    member: str  # the member id of the body's leader, who built it
    q: str
    c: str
    f: str
    vq: str
    dq: str
    dc: str
    dd: str


@dataclass
class World:
    org: Org
    other_org: Org
    closed: bool
    q: str  # in discussion
    c: str  # by member, credited by the leader
    f: str  # placed by member, citing an uploaded file
    sha: str
    vq: str  # in voting, ballots by member, deputy, leader
    vp: str
    tq: str  # the committee's, decided
    td: str
    d: str  # directive to both cells
    fb: str  # feedback from the cell to the committee
    ln: str  # a line from the cell to the committee
    q_seq: int  # seq of q's question.opened
    word: str  # a word only q's title holds
    homes: dict[str, Home]  # by organization id

    @property
    def titles(self) -> dict[str, str]:
        """Question id → title, of the questions the world is about."""
        return {self.q: f"The {self.word} question", self.vq: "Vote on dues", self.tq: "Campaign"}


# Readers of the hidden-or-missing walk: none of them may read a closed question of the cell.
READERS = ("anonymous", "other_org", "other_body", "two_orgs", "other_admin")


def reader(w: World, name: str) -> User | None:
    """The account of a reader (`READERS`) or of a role of the matrix; None: anonymous."""
    accounts = {
        "anonymous": None,
        "other_org": w.other_org.users["leader"],
        "two_orgs": w.other_org.users["deputy"],
        "other_admin": w.other_org.users["admin"],
        "other_body": w.org.users["other_member"],
    }
    return accounts[name] if name in accounts else w.org.users[name]


def home_of(w: World, name: str) -> Home:
    """Where a reader acts: their own body; anonymous readers try the other organization's."""
    return w.homes[w.org.id if name == "other_body" else w.other_org.id]


def seat_delegate(org: str, body: str, member: str, name: str, delegation: str) -> None:
    """Seat a member of another organization in `body` as a forum seats a delegate: their own
    member id joins (an imported event, as the simulator writes it); no login here."""
    raw = {
        "v": 1,
        "seq": 1,
        "id": new_id("ev"),
        "at": now_text(),
        "org": org,
        "body": body,
        "actor": None,
        "kind": "member.joined",
        "subject": member,
        "data": {"name": name, "delegation": delegation},
    }
    with transaction.atomic():
        import_event(parse_event(raw))


def _voted(
    leader: Actor, body: str, title: str, line: str, *, decide: bool
) -> tuple[str, str, str | None]:
    """A question of `body` carried to voting on the leader's position (and decided): the
    question, the position and the decision."""
    q = process.do_open_question(leader, body, title, "Shall we?")
    p = process.do_post_contribution(leader, q.id, "position", line)
    process.do_move_phase(leader, q.id, "verification")
    process.do_move_phase(leader, q.id, "voting")
    votes.do_cast_ballot(leader, q.id, {"choice": p.id})
    d = votes.do_record_decision(leader, q.id, line).id if decide else None
    return q.id, p.id, d


def build_home(org: Org, body: str, above: str, role: str) -> Home:
    leader = org.actor(role)
    q = process.do_open_question(leader, body, f"Home matters of {body}", "What now?")
    c = process.do_post_contribution(leader, q.id, "position", "We meet weekly.")
    f = process.do_place_fact(leader, q.id, "The hall is free.", [{"title": "Booking"}])
    vq, _, _ = _voted(leader, body, f"Home vote of {body}", "Yes.", decide=False)
    dq, dc, dd = _voted(leader, body, f"Home decision of {body}", "Agreed.", decide=True)
    assert dd is not None
    return Home(org.id, body, above, org.members[role], q.id, c.id, f.id, vq, dq, dc, dd)


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
    ln = centralism.do_propose_line(member, org.cell, org.top, "Slow down.")
    centralism.do_give_credit(leader, org.members["member"], c.id)
    q_seq = EventRow.objects.get(org=org.id, kind="question.opened", subject=q.id).seq
    homes = {
        org.id: build_home(org, org.other, org.top, "other_member"),
        other.id: build_home(other, other.cell, other.top, "leader"),
    }
    seat_delegate(org.id, org.top, other.members["deputy"], "Deputy", other.id)
    # The other body's open questions are for the organization's members only.
    org_actions.do_change_settings(org.actor("admin"), org.other, {"read": "members"})
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
        ln.id,
        q_seq,
        word,
        homes,
    )
