"""Small measurements over simulated events, computed from the events alone (no ground truth).

The tests use them to check that each regime shows the behaviour it must; they are deliberately
simple and independent of `polemica.analysis`.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from polemica.events import Event
from polemica.simulate.text import BOILERPLATE_CLOSE_REASONS, HOSTILE_LABELS, PRAISE_MARKERS


@dataclass
class Contribution:
    id: str
    actor: str
    body: str
    question: str
    type: str
    text: str
    target: str | None
    cites: list[str]
    by_leader: bool
    by_cc: bool


@dataclass
class World:
    events: list[Event]
    contribs: dict[str, Contribution] = field(default_factory=dict)
    decisions: list[Event] = field(default_factory=list)
    questions: dict[str, Event] = field(default_factory=dict)
    phases: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    leaderless_body_days: int = 0
    body_days: int = 0
    names: dict[str, str] = field(default_factory=dict)
    cc_members: set[str] = field(default_factory=set)
    role_lost: dict[str, str] = field(default_factory=dict)  # member -> first at
    left: dict[str, str] = field(default_factory=dict)


def load(events: Iterable[Event]) -> World:
    evs = list(events)
    w = World(evs)
    leaders: dict[str, str | None] = {}
    since: dict[str, str] = {}
    for e in evs:
        d: Any = e.data
        if e.kind == "member.joined":
            w.names[e.subject] = d["name"]
            if e.body and e.body.endswith("-cc"):
                w.cc_members.add(e.subject)
        elif e.kind == "role.assigned" and d["role"] == "leader":
            leaders[e.body or ""] = d["member"]
        elif e.kind == "role.revoked":
            if d["role"] == "leader" and leaders.get(e.body or "") == d["member"]:
                leaders[e.body or ""] = None
                since[e.body or ""] = e.at
            w.role_lost.setdefault(d["member"], e.at)
        elif e.kind == "member.left":
            w.left.setdefault(e.subject, e.at)
        elif e.kind == "question.opened":
            w.questions[e.subject] = e
        elif e.kind == "question.phase_changed":
            w.phases[d["question"]].append(d["phase"])
        elif e.kind == "contribution.posted":
            body = e.body or ""
            w.contribs[e.subject] = Contribution(
                e.subject,
                e.actor or "",
                body,
                d["question"],
                d["type"],
                d["text"],
                d.get("target"),
                list(d.get("cites", [])),
                leaders.get(body) == e.actor,
                e.actor in w.cc_members,
            )
        elif e.kind == "decision.taken":
            w.decisions.append(e)
    return w


def objections_to(w: World, positions: list[Contribution]) -> float:
    """Share of these positions that drew an objection or question from another member."""
    ids = {p.id for p in positions}
    hit = {
        c.target
        for c in w.contribs.values()
        if c.type in ("objection", "question")
        and c.target in ids
        and c.actor != w.contribs[c.target].actor
    }
    return len(hit) / max(1, len(ids))


def leader_positions(w: World) -> list[Contribution]:
    return [c for c in w.contribs.values() if c.type == "position" and c.by_leader]


def member_positions(w: World) -> list[Contribution]:
    return [
        c for c in w.contribs.values() if c.type == "position" and not c.by_leader and not c.by_cc
    ]


def cc_positions(w: World) -> list[Contribution]:
    return [c for c in w.contribs.values() if c.type == "position" and c.by_cc]


def objection_answer_rate(w: World) -> float:
    objs = [c for c in w.contribs.values() if c.type in ("objection", "question")]
    answered = {
        c.target
        for c in w.contribs.values()
        if c.type in ("answer", "objection", "amendment")
        and c.target is not None
        and c.target in w.contribs
        and w.contribs[c.target].actor != c.actor
    }
    return sum(1 for o in objs if o.id in answered) / max(1, len(objs))


def replies_to_objections(w: World) -> list[Contribution]:
    kinds = {c.id for c in w.contribs.values() if c.type == "objection"}
    return [c for c in w.contribs.values() if c.type == "answer" and c.target in kinds]


def hostile(text: str) -> bool:
    low = text.lower()
    return any(label.split(" ", 1)[1] in low for label in HOSTILE_LABELS)


def praise(text: str) -> bool:
    low = text.lower()
    return any(marker in low for marker in PRAISE_MARKERS)


def praise_targets(w: World) -> Counter[str]:
    """Who the praising texts name (a member's name or a body such as the Central Committee)."""
    out: Counter[str] = Counter()
    names = sorted(set(w.names.values()), key=len, reverse=True)
    for c in w.contribs.values():
        if not praise(c.text):
            continue
        if "Central Committee" in c.text:
            out["Central Committee"] += 1
            continue
        for name in names:
            if name in c.text:
                out[name] += 1
                break
    return out


def decision_yield(w: World) -> float:
    decided = {d.data["question"] for d in w.decisions}
    return len(decided) / max(1, len(w.questions))


def closed_share(w: World) -> tuple[float, float]:
    """(closed questions / questions, closed with a boilerplate reason / closed)."""
    closed = [q for q in w.questions.values() if q.data["visibility"] == "closed"]
    bare = [q for q in closed if q.data["reason"] in BOILERPLATE_CLOSE_REASONS]
    return len(closed) / max(1, len(w.questions)), len(bare) / max(1, len(closed))


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio()


def applications(w: World) -> list[tuple[str, str]]:
    """(decision text, application text) for every application of a directive."""
    decision_text = {d.subject: d.data["text"] for d in w.decisions}
    directive_decision = {
        e.subject: e.data["decision"] for e in w.events if e.kind == "directive.issued"
    }
    out = []
    for e in w.events:
        if e.kind == "directive.applied":
            dec = directive_decision.get(e.data["directive"])
            if dec in decision_text:
                out.append((decision_text[dec], e.data["text"]))
    return out


def votes_by_question(w: World) -> dict[str, dict[str, str]]:
    """question → member → first choice (choice ballots, first ranked, or approved first)."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for e in w.events:
        if e.kind != "vote.cast":
            continue
        b = e.data["ballot"]
        first = b.get("choice") or (b["ranking"][0][0] if "ranking" in b else None)
        if first is None and b.get("approve"):
            first = b["approve"][0]
        if first is not None:
            out[e.data["question"]][e.actor or ""] = first
    return out


def leavers_and_losers(w: World) -> set[str]:
    return set(w.role_lost) | set(w.left)


def _day(at: str) -> int:
    y, m, d = int(at[:4]), int(at[5:7]), int(at[8:10])
    from datetime import date

    return date(y, m, d).toordinal()


def leaderless_share(w: World) -> float:
    """Share of body-days (from a body's creation to the last event) without a leader."""
    created: dict[str, int] = {}
    leader: dict[str, str | None] = {}
    since: dict[str, int] = {}
    without = 0
    end = _day(w.events[-1].at)
    for e in w.events:
        day = _day(e.at)
        if e.kind == "body.created":
            created[e.subject] = day
            leader[e.subject] = None
            since[e.subject] = day
        elif e.kind == "role.assigned" and e.data["role"] == "leader":
            body = e.body or ""
            if leader.get(body) is None:
                without += day - since[body]
            leader[body] = e.data["member"]
        elif e.kind == "role.revoked" and e.data["role"] == "leader":
            body = e.body or ""
            if leader.get(body) == e.data["member"]:
                leader[body] = None
                since[body] = day
    for body, who in leader.items():
        if who is None:
            without += end - since[body]
    total = sum(end - day for day in created.values())
    return without / max(1, total)


def shingles(text: str, n: int = 3) -> set[tuple[str, ...]]:
    words = [w.strip(".,:;—'\"?!").lower() for w in text.split()]
    words = [w for w in words if w]
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def containment(part: str, whole: str) -> float:
    a = shingles(part)
    return len(a & shingles(whole)) / max(1, len(a))


def unacknowledged_reuse(w: World) -> float:
    """Decisions whose text contains most of an earlier position by someone not credited."""
    hits = 0
    by_question: dict[str, list[Contribution]] = defaultdict(list)
    for c in w.contribs.values():
        if c.type == "position":
            by_question[c.question].append(c)
    for d in w.decisions:
        credited = set(d.data["credits"]) | {d.actor}
        for c in by_question[d.data["question"]]:
            if (
                c.actor not in credited
                and c.id not in d.data["adopted"]
                and containment(c.text, d.data["text"]) >= 0.6
            ):
                hits += 1
                break
    return hits / max(1, len(w.decisions))


def leaders_at_decisions(w: World) -> float:
    """Share of credits that went to the deciding body's leader of the day."""
    leaders: dict[str, str | None] = {}
    to_leader = total = 0
    for e in w.events:
        if e.kind == "role.assigned" and e.data["role"] == "leader":
            leaders[e.body or ""] = e.data["member"]
        elif e.kind == "role.revoked" and e.data["role"] == "leader":
            if leaders.get(e.body or "") == e.data["member"]:
                leaders[e.body or ""] = None
        elif e.kind == "credit.given":
            total += 1
            to_leader += leaders.get(e.body or "") == e.data["member"]
    return to_leader / max(1, total)


def pair_agreement(w: World, min_common: int = 4) -> list[tuple[float, float, float]]:
    """For voter pairs in one body: (overall, first-half, second-half) agreement of first choices."""
    votes = votes_by_question(w)
    body_of = {q: e.body for q, e in w.questions.items()}
    per_body: dict[str, list[str]] = defaultdict(list)
    for q in votes:
        per_body[body_of.get(q) or ""].append(q)
    out = []
    for qs in per_body.values():
        voters = sorted({m for q in qs for m in votes[q]})
        for i, a in enumerate(voters):
            for b in voters[i + 1 :]:
                common = [q for q in qs if a in votes[q] and b in votes[q]]
                if len(common) < min_common:
                    continue
                same = [votes[q][a] == votes[q][b] for q in common]
                half = len(same) // 2
                out.append(
                    (
                        sum(same) / len(same),
                        sum(same[:half]) / max(1, half),
                        sum(same[half:]) / max(1, len(same) - half),
                    )
                )
    return out


def dissenter_fate(w: World, days: int = 90) -> tuple[float, float]:
    """(share of objectors, share of other contributors) who lost a role or left within `days`."""
    first_objection: dict[str, str] = {}
    contributors: set[str] = set()
    for c in w.contribs.values():
        contributors.add(c.actor)
    for e in w.events:
        if e.kind == "contribution.posted" and e.data["type"] == "objection":
            first_objection.setdefault(e.actor or "", e.at)
    fate = {**w.left}
    for m, at in w.role_lost.items():
        if m not in fate or at < fate[m]:
            fate[m] = at
    hit = sum(
        1
        for m, at in first_objection.items()
        if m in fate and fate[m] >= at and _day(fate[m]) - _day(at) <= days
    )
    others = contributors - set(first_objection)
    hit_others = sum(1 for m in others if m in fate)
    return hit / max(1, len(first_objection)), hit_others / max(1, len(others))
