"""A small canonical world: one organization, every kind of event, all ids known.

Tests of every package and the demonstration start from it; run
`python -m polemica.events.world OUT.jsonl` to write it as a file.
"""

from __future__ import annotations

import hashlib
import sys
from datetime import UTC, datetime, timedelta
from typing import Any

from polemica.events.canonical import format_time
from polemica.events.model import Event
from polemica.events.validate import parse_event

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


class WorldBuilder:
    """Appends events with consecutive seq numbers and times an hour apart."""

    def __init__(self, org: str = "org-1") -> None:
        self.org = org
        self.events: list[Event] = []

    def add(
        self,
        kind: str,
        subject: str,
        data: dict[str, Any],
        *,
        actor: str | None = None,
        body: str | None = None,
        hours: float = 1.0,
    ) -> Event:
        seq = len(self.events) + 1
        at = START + timedelta(hours=hours * seq)
        event = parse_event(
            {
                "v": 1,
                "seq": seq,
                "id": f"ev-{seq}",
                "at": format_time(at),
                "org": self.org,
                "body": body,
                "actor": actor,
                "kind": kind,
                "subject": subject,
                "data": data,
            }
        )
        self.events.append(event)
        return event


def small_world() -> list[Event]:
    """Congress → central committee → two cells; one question carried to a directive."""
    w = WorldBuilder()
    w.add("org.founded", "org-1", {"name": "Workers' Cooperative Federation"})
    w.add("body.created", "congress", {"name": "Congress", "parent": None, "level": "congress"})
    w.add(
        "body.created",
        "cc",
        {"name": "Central Committee", "parent": "congress", "level": "committee"},
    )
    w.add("body.created", "cell-north", {"name": "North Cell", "parent": "cc", "level": "cell"})
    w.add("body.created", "cell-south", {"name": "South Cell", "parent": "cc", "level": "cell"})
    people = {
        "m-ana": ("Ana Reyes", "cc"),
        "m-ben": ("Ben Okafor", "cc"),
        "m-chen": ("Chen Wei", "cc"),
        "m-dora": ("Dora Kovač", "cell-north"),
        "m-emil": ("Emil Sørensen", "cell-south"),
    }
    for member, (name, body) in people.items():
        w.add("member.joined", member, {"name": name}, body=body)
    w.add("role.assigned", "m-ana", {"member": "m-ana", "role": "leader"}, body="cc", actor="m-ana")
    w.add("role.assigned", "m-ben", {"member": "m-ben", "role": "deputy"}, body="cc", actor="m-ana")
    w.add(
        "role.assigned", "m-chen", {"member": "m-chen", "role": "member"}, body="cc", actor="m-ana"
    )
    w.add("role.assigned", "m-dora", {"member": "m-dora", "role": "leader"}, body="cell-north")
    w.add("role.assigned", "m-emil", {"member": "m-emil", "role": "leader"}, body="cell-south")
    q = "q-1"
    w.add(
        "question.opened",
        q,
        {
            "title": "Shorter working week",
            "text": "Should the federation campaign for a 32-hour week this year?",
            "visibility": "open",
        },
        actor="m-ana",
        body="cc",
    )

    def post(cid: str, actor: str, type_: str, text: str, **extra: Any) -> None:
        w.add(
            "contribution.posted",
            cid,
            {"question": q, "type": type_, "text": text, **extra},
            actor=actor,
            body="cc",
        )

    post(
        "c-1",
        "m-ana",
        "position",
        "We campaign for 32 hours with no loss of pay, starting in the spring.",
    )
    post(
        "c-2",
        "m-chen",
        "position",
        "We first survey the cells on hours actually worked, then decide.",
    )
    post(
        "c-3",
        "m-ben",
        "objection",
        "A spring start leaves the cells no time to prepare.",
        target="c-1",
    )
    post(
        "c-4",
        "m-ana",
        "answer",
        "The cells already asked for it; preparation can run in parallel.",
        target="c-3",
    )
    post(
        "c-5",
        "m-chen",
        "question",
        "What do the cells' own reports say about overtime?",
        target="c-1",
    )
    w.add(
        "fact.placed",
        "f-1",
        {
            "question": q,
            "claim": "Cell reports show 41 hours worked on average in 2025.",
            "sources": [
                {"title": "Cell reports 2025", "sha256": "ab" * 32},
                {"title": "Federation survey", "uri": "https://example.org/survey"},
            ],
        },
        actor="m-chen",
        body="cc",
    )
    w.add(
        "fact.reviewed",
        "r-1",
        {"fact": "f-1", "verdict": "authentic", "reasoning": "Matches the filed reports."},
        actor="m-ben",
        body="cc",
    )
    post(
        "c-6",
        "m-chen",
        "reading",
        "The overtime shows the need is real, so the survey can be short.",
        cites=["f-1"],
    )
    post(
        "c-7",
        "m-ben",
        "amendment",
        "We campaign for 32 hours with no loss of pay, starting in the autumn.",
        target="c-1",
    )
    w.add(
        "contribution.revised",
        "c-1",
        {"text": "We campaign for 32 hours with no loss of pay, starting in the autumn."},
        actor="m-ana",
        body="cc",
    )
    post(
        "c-8",
        "m-ana",
        "synthesis",
        "Campaign for 32 hours from the autumn; a short survey first.",
        target="c-1",
    )
    w.add(
        "question.phase_changed",
        q,
        {"question": q, "phase": "verification"},
        actor="m-ana",
        body="cc",
    )
    w.add("question.phase_changed", q, {"question": q, "phase": "voting"}, actor="m-ana", body="cc")
    w.add(
        "vote.cast", "b-1", {"question": q, "ballot": {"choice": "c-1"}}, actor="m-ana", body="cc"
    )
    w.add(
        "vote.cast", "b-2", {"question": q, "ballot": {"choice": "c-1"}}, actor="m-ben", body="cc"
    )
    w.add(
        "vote.cast", "b-3", {"question": q, "ballot": {"choice": "c-2"}}, actor="m-chen", body="cc"
    )
    w.add(
        "decision.taken",
        "d-1",
        {
            "question": q,
            "method": "majority",
            "adopted": ["c-1"],
            "text": "Campaign for 32 hours with no loss of pay from the autumn, after a short survey.",
            "tally": {"c-1": 2, "c-2": 1},
            "credits": ["m-ana", "m-ben", "m-chen"],
            "considered": ["c-1", "c-2", "c-3", "c-5", "c-6", "c-7"],
            "unanswered": ["c-5"],
            "unanimous": False,
        },
        actor="m-ana",
        body="cc",
    )
    w.add(
        "question.phase_changed", q, {"question": q, "phase": "decided"}, actor="m-ana", body="cc"
    )
    post(
        "c-9", "m-chen", "reservation", "I still think the survey should come before any campaign."
    )
    w.add("credit.given", "cr-1", {"member": "m-chen", "for": "c-6"}, actor="m-ana", body="cc")
    w.add(
        "directive.issued",
        "dir-1",
        {"decision": "d-1", "to": ["cell-north", "cell-south"], "due": "2026-03-01T00:00:00Z"},
        actor="m-ana",
        body="cc",
    )
    w.add(
        "directive.applied",
        "app-1",
        {
            "directive": "dir-1",
            "text": "North Cell starts with the two night-shift sites, where overtime is worst.",
        },
        actor="m-dora",
        body="cell-north",
    )
    w.add(
        "directive.applied",
        "app-2",
        {
            "directive": "dir-1",
            "text": "South Cell joins the campaign after the harvest season ends.",
        },
        actor="m-emil",
        body="cell-south",
    )
    w.add(
        "feedback.sent",
        "fb-1",
        {
            "to": "cc",
            "regarding": "dir-1",
            "kind": "critique",
            "text": "The autumn start clashes with our harvest; allow a later start.",
        },
        actor="m-emil",
        body="cell-south",
    )
    w.add(
        "feedback.answered",
        "fb-1",
        {"feedback": "fb-1", "text": "Agreed: South Cell may start in November."},
        actor="m-ana",
        body="cc",
    )
    w.add(
        "line.proposed",
        "ln-1",
        {"to": "cc", "text": "Add a demand for paid travel time between sites."},
        actor="m-dora",
        body="cell-north",
    )
    w.add(
        "question.opened",
        "q-2",
        {
            "title": "Budget review",
            "text": "Review of the confidential budget.",
            "visibility": "closed",
            "reason": "Contains salaries of named staff.",
        },
        actor="m-ana",
        body="cc",
    )
    w.add(
        "contribution.redacted",
        "c-5",
        {"reason": "Posted twice by mistake."},
        actor="m-ana",
        body="cc",
    )
    # The platform's own kinds: a body setting, a member backing a phase move, a closure.
    w.add("body.settings_changed", "cc", {"settings": {"quorum": 0.5}}, actor="m-ana", body="cc")
    w.add(
        "question.opened",
        "q-3",
        {"title": "Newsletter", "text": "Do we print a newsletter?", "visibility": "open"},
        actor="m-chen",
        body="cc",
    )
    w.add(
        "phase.backed",
        "q-3",
        {"question": "q-3", "phase": "verification"},
        actor="m-chen",
        body="cc",
    )
    w.add(
        "question.closed",
        "q-3",
        {"reason": "It names a printer in dispute with the federation."},
        actor="m-ana",
        body="cc",
    )
    _secret_vote(w)
    w.add(
        "entity.renamed",
        "cell-south",
        {"old": "South Cell", "new": "South Harbour Cell"},
        actor="m-ana",
        body="cc",
    )
    w.add(
        "role.revoked",
        "m-emil",
        {"member": "m-emil", "role": "leader"},
        body="cell-south",
        actor="m-ana",
    )
    # The committee declines the line sent up from the North Cell, and the congress takes the
    # South Cell directly under it.
    w.add(
        "line.answered",
        "ln-1",
        {
            "line": "ln-1",
            "outcome": "declined",
            "text": "Travel time is in the wage demand already.",
        },
        actor="m-ana",
        body="cc",
    )
    w.add("body.moved", "cell-south", {"parent": "congress"}, body="congress")
    left = w.add("member.left", "m-emil", {"reason": "Moved abroad."}, body="cell-south")
    # Emil asks that his reason for leaving be erased; a log built from this file erases it.
    w.add(
        "record.erased",
        left.id,
        {"event": left.id, "seq": left.seq, "fields": ["reason"], "reason": "asked by the member"},
        body="cell-south",
    )
    return w.events


def _secret_vote(w: WorldBuilder) -> None:
    """A secret ballot: who voted is named, the choices are published with the decision under
    tracking numbers (the seals here are stand-ins: the voters' openings are not in the world)."""
    w.add(
        "question.opened",
        "q-4",
        {"title": "Treasurer", "text": "Who keeps the strike fund?", "visibility": "open"}
        | {"secret": True},
        actor="m-ben",
        body="cc",
    )
    for cid, who, text in (("c-10", "m-ana", "Ben keeps it."), ("c-11", "m-chen", "Ana keeps it.")):
        w.add(
            "contribution.posted",
            cid,
            {"question": "q-4", "type": "position", "text": text},
            actor=who,
            body="cc",
        )
    w.add("question.phase_changed", "q-4", {"question": "q-4", "phase": "voting"}, body="cc")
    for n, who in enumerate(("m-ana", "m-ben", "m-chen")):
        seal = hashlib.sha256(f"world seal {n}".encode()).hexdigest()
        w.add("vote.sealed", f"s-{n + 1}", {"question": "q-4", "seal": seal}, actor=who, body="cc")
    published = [
        {"tracking": "3b1f", "ballot": {"choice": "c-10"}},
        {"tracking": "8e02", "ballot": {"choice": "c-11"}},
        {"tracking": "c47a", "ballot": {"choice": "c-10"}},
    ]
    w.add(
        "decision.taken",
        "d-2",
        {
            "question": "q-4",
            "method": "majority",
            "adopted": ["c-10"],
            "text": "Ben keeps the strike fund.",
            "tally": {"c-10": 2, "c-11": 1},
            "credits": ["m-ana"],
            "considered": ["c-10", "c-11"],
            "unanswered": [],
            "unanimous": False,
            "ballots": published,
        },
        actor="m-ana",
        body="cc",
    )


def main(argv: list[str]) -> None:
    from polemica.events.jsonl import write_jsonl

    if len(argv) != 1:
        sys.exit("usage: python -m polemica.events.world OUT.jsonl")
    print(f"wrote {write_jsonl(argv[0], small_world())} events to {argv[0]}")


if __name__ == "__main__":
    main(sys.argv[1:])
