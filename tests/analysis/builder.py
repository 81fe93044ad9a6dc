"""A small builder of organizations whose right diagnosis is known, for the analysis tests."""

from __future__ import annotations

from typing import Any

from polemica.analysis import Report, analyze_frame
from polemica.analysis.frame import raw_from_events
from polemica.analysis.signals import Signal
from polemica.analysis.syndromes import Syndrome
from polemica.events.world import WorldBuilder


class Org:
    """One organization, built event by event (an hour apart unless `hours` says otherwise)."""

    def __init__(self, org: str = "org-1", hours: float = 1.0) -> None:
        self.w = WorldBuilder(org)
        self.hours = hours
        self.w.add("org.founded", org, {"name": "Test org"}, hours=hours)
        self._report: Report | None = None

    def add(self, kind: str, subject: str, data: dict[str, Any], **kw: Any) -> str:
        self._report = None
        kw.setdefault("hours", self.hours)
        return self.w.add(kind, subject, data, **kw).id

    def body(self, bid: str, parent: str | None = None, level: str = "committee") -> None:
        self.add("body.created", bid, {"name": bid.title(), "parent": parent, "level": level})

    def member(
        self, m: str, body: str = "b", role: str | None = "member", delegation: str | None = None
    ) -> None:
        data: dict[str, Any] = {"name": m.title()}
        if delegation:
            data["delegation"] = delegation
        self.add("member.joined", m, data, body=body)
        if role:
            self.role(m, role, body)

    def role(self, m: str, role: str, body: str = "b", revoke: bool = False) -> str:
        kind = "role.revoked" if revoke else "role.assigned"
        return self.add(kind, m, {"member": m, "role": role}, body=body)

    def leave(self, m: str, body: str = "b") -> str:
        return self.add("member.left", m, {}, body=body)

    def question(
        self,
        q: str,
        body: str = "b",
        actor: str | None = None,
        closed: bool = False,
        reason: str | None = None,
    ) -> str:
        data: dict[str, Any] = {
            "title": q,
            "text": f"What about {q}?",
            "visibility": "closed" if closed else "open",
        }
        if reason:
            data["reason"] = reason
        if closed and not reason:
            # The format requires a reason for a closed question; an imported log may not have one.
            data["reason"] = " "
        return self.add("question.opened", q, data, actor=actor, body=body)

    def post(
        self,
        cid: str,
        actor: str,
        type_: str,
        text: str = "",
        target: str | None = None,
        q: str = "q1",
        body: str = "b",
    ) -> str:
        data: dict[str, Any] = {
            "question": q,
            "type": type_,
            "text": text or f"{type_} number {cid} about the matter at hand",
        }
        if target:
            data["target"] = target
        return self.add("contribution.posted", cid, data, actor=actor, body=body)

    def vote(self, vid: str, actor: str, choice: str, q: str = "q1", body: str = "b") -> str:
        return self.add(
            "vote.cast", vid, {"question": q, "ballot": {"choice": choice}}, actor=actor, body=body
        )

    def decide(
        self,
        did: str,
        q: str = "q1",
        adopted: list[str] | None = None,
        unanimous: bool = False,
        credits: list[str] | None = None,
        text: str = "The body decides.",
        body: str = "b",
        actor: str | None = None,
    ) -> str:
        data = {
            "question": q,
            "method": "majority",
            "adopted": adopted or [],
            "text": text,
            "tally": {},
            "credits": credits or [],
            "considered": [],
            "unanswered": [],
            "unanimous": unanimous,
        }
        return self.add("decision.taken", did, data, actor=actor, body=body)

    def report(self, window: str = "all") -> Report:
        if self._report is None or window != "all":
            rep = analyze_frame(raw_from_events(self.w.events), window=window)
            if window != "all":
                return rep
            self._report = rep
        return self._report

    def sig(self, scope: str, sid: str, name: str, window: str = "all") -> Signal:
        for s in self.report(window).scopes:
            if s.scope == scope and s.id == sid:
                return s.signals[name]
        raise KeyError(f"no {scope} {sid}")

    def syn(self, scope: str, sid: str, name: str) -> Syndrome:
        for s in self.report().scopes:
            if s.scope == scope and s.id == sid:
                return s.syndromes[name]
        raise KeyError(f"no {scope} {sid}")


def body_with(members: list[str], leader: str | None = "lead") -> Org:
    """An organization with body `b`, its leader and members."""
    o = Org()
    o.body("b")
    if leader:
        o.member(leader, role="leader")
    for m in members:
        o.member(m)
    return o
