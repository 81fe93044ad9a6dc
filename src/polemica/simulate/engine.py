"""The simulation: a day-by-day agent model that streams events in the §5 format.

One `random.Random` drives everything, lists are walked in creation order and nothing depends on
the clock or on hashing, so a seed gives the same bytes on every run. Events are buffered for one
simulated day and handed out; the state kept between days is bounded by the organization's size.
"""

from __future__ import annotations

import heapq
import math
import random
from bisect import bisect
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np

from polemica.events.model import Event
from polemica.simulate import tally
from polemica.simulate.model import Body, Directive, Member, Org, Position, Question
from polemica.simulate.params import Params
from polemica.simulate.text import (
    EXPULSION_REASONS,
    LEAVE_REASONS,
    PRIVACY_REDACTION,
    REDACTION_REASONS,
    SOURCE_TITLES,
    Writer,
    cap,
)
from polemica.simulate.topics import FIRST_NAMES, LAST_NAMES, PLACES, REGIONS, TOPICS

START = datetime(2025, 1, 6, tzinfo=UTC)
DAY = 86_400
CELL_SIZE = 8
CELLS_PER_REGION = 6
CC_EXTRA = 3
TOP_BODIES = 12  # at most this many bodies directly under a central committee
CONGRESS_SEATS = 150
COMMITTEE_LEVELS = (("r", "Regional"), ("a", "Area"), ("z", "Zone"))
BASE_LEAVING = 0.004  # share of members who leave in a month for ordinary reasons
VERDICTS: tuple[tuple[str, float], ...] = (
    ("authentic", 0.6),
    ("unverified", 0.15),
    ("disputed", 0.2),
    ("forged", 0.05),
)
CELL_METHODS: tuple[tuple[str, float], ...] = (
    ("majority", 0.5),
    ("consensus", 0.25),
    ("approval", 0.25),
)
COMMITTEE_METHODS: tuple[tuple[str, float], ...] = (
    ("schulze", 0.4),
    ("majority", 0.35),
    ("approval", 0.25),
)
FORUM_METHODS: tuple[tuple[str, float], ...] = (("consensus", 0.5), ("majority", 0.5))

Task = tuple[Callable[..., None], tuple[Any, ...]]
# One event as the engine hands it out: seq, at, org, body, actor, kind, subject, data.
Row = tuple[int, str, str, str | None, str | None, str, str, dict[str, Any]]
_HOURS = tuple(f"{h:02d}:" for h in range(24))
_MINSEC = tuple(f"{s // 60:02d}:{s % 60:02d}Z" for s in range(3600))


def _weighted(r: float, table: tuple[tuple[str, float], ...]) -> str:
    for name, w in table:
        if r < w:
            return name
        r -= w
    return table[-1][0]


class Simulation:
    """Run with `events()`; `orgs` gives one Params per organization (two or more: a forum)."""

    def __init__(
        self,
        orgs: list[tuple[str, str, Params]],
        *,
        seed: int,
        members: int,
        months: float,
        forum: Params | None = None,
        start: datetime = START,
    ) -> None:
        if not orgs:
            raise ValueError("a simulation needs at least one organization")
        if members < 4 * len(orgs):
            raise ValueError("members must be at least 4 per organization")
        if months <= 0:
            raise ValueError("months must be positive")
        self.rng = random.Random(seed)
        # Normal draws come in blocks from numpy (much cheaper per draw than random.gauss).
        self._gen = np.random.Generator(np.random.PCG64(seed))
        self._normals: list[float] = []
        self.r = self.rng.random
        self.w = Writer(self.rng)
        self.spec = orgs
        self.n_members = members
        self.days = max(1, round(months * 30.44))
        self.start = start
        self.forum_params = forum if forum is not None else orgs[0][2]
        self.orgs: list[Org] = []
        self.forum: Body | None = None
        self.forum_org: Org | None = None
        self.agenda: list[list[Task]] = [[] for _ in range(self.days + 1)]
        self.active: list[Question] = []
        self.heap: list[tuple[int, int, Body]] = []
        self.buf: list[Row] = []
        self.seq = 0
        self.t = 0
        self.step = 60
        self.counters: dict[str, int] = {}
        self._day = -1
        self._prefix = ""
        self.day = 0
        self._tie = 0
        self._ballots = 0
        self._contribs = 0

    # ------------------------------------------------------------------ output

    def _due(self, day: int) -> str:
        return (self.start + timedelta(days=day)).strftime("%Y-%m-%dT00:00:00Z")

    def emit(
        self,
        kind: str,
        org: str,
        body: str | None,
        actor: str | None,
        subject: str,
        data: dict[str, Any],
    ) -> None:
        self.seq = seq = self.seq + 1
        self.t = t = self.t + 1 + int(self.r() * self.step)
        d, sec = divmod(t, DAY)
        if d != self._day:
            self._day = d
            self._prefix = (self.start + timedelta(days=d)).strftime("%Y-%m-%dT")
        h, sec = divmod(sec, 3600)
        # A plain tuple (see `Row`): the cheapest shape on the way to a file.
        self.buf.append(
            (seq, self._prefix + _HOURS[h] + _MINSEC[sec], org, body, actor, kind, subject, data)
        )

    def _normal(self) -> float:
        if not self._normals:
            self._normals = self._gen.standard_normal(4096).tolist()
        return self._normals.pop()

    def new_id(self, prefix: str) -> str:
        n = self.counters.get(prefix, 0) + 1
        self.counters[prefix] = n
        return prefix + "-" + str(n)

    def events(self, progress: Callable[[int], None] | None = None) -> Iterator[Event]:
        """All events as `Event` objects, streamed day by day."""
        for seq, at, org, body, actor, kind, subject, data in self.tuples(progress):
            yield Event(seq, "e-" + str(seq), at, org, body, actor, kind, subject, data)

    def rows(self, progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
        """All events as envelope dicts (the JSON object of each event), streamed day by day."""
        for seq, at, org, body, actor, kind, subject, data in self.tuples(progress):
            yield {
                "v": 1,
                "seq": seq,
                "id": "e-" + str(seq),
                "at": at,
                "org": org,
                "body": body,
                "actor": actor,
                "kind": kind,
                "subject": subject,
                "data": data,
            }

    def tuples(self, progress: Callable[[int], None] | None = None) -> Iterator[Row]:
        """All events as `Row` tuples, streamed day by day; `progress(days_done)` per day.

        The event id is `e-<seq>` and the format version 1; `fastjson.row_line` writes a row.
        """
        self._setup()
        yield from self._flush()
        for day in range(self.days):
            self.day = day
            self.t = max(self.t, day * DAY + 7 * 3600)
            self._run_day(day)
            produced = len(self.buf)
            self.step = max(2, min(600, 40_000 // max(1, produced)))
            yield from self._flush()
            if progress is not None:
                progress(day + 1)

    def _flush(self) -> list[Row]:
        out, self.buf = self.buf, []
        return out

    def schedule(self, day: int, fn: Callable[..., None], *args: Any) -> None:
        day = max(day, self.day)
        if day < self.days:
            self.agenda[day].append((fn, args))

    # ------------------------------------------------------------------ set-up

    def _setup(self) -> None:
        per = self.n_members // len(self.spec)
        extra = self.n_members - per * len(self.spec)
        for i, (oid, name, params) in enumerate(self.spec):
            org = Org(oid, name, params)
            self.orgs.append(org)
            self._setup_org(org, per + (1 if i < extra else 0))
        if len(self.orgs) > 1:
            self._setup_forum()

    def _name(self) -> str:
        return self.w.pick(FIRST_NAMES) + " " + self.w.pick(LAST_NAMES)

    def _new_member(self, org: Org, tenure: float) -> Member:
        p = org.params
        key = org.id + "-m"
        n = self.counters[key] = self.counters.get(key, 0) + 1
        m = Member(f"{key}{n}", self._name(), org)
        r = self.r
        grown = (0.3 + 0.65 * p.understanding_growth) * (1.0 - math.exp(-tenure / 30.0))
        m.exp = min(1.0, max(0.02, 0.05 + grown + self.rng.gauss(0.0, 0.08)))
        m.conviction = r()
        m.eloquence = 0.2 + 0.8 * r()
        m.loyalty = r()
        nf = round(p.faction_count)
        if nf >= 2:
            m.faction = int(r() * nf)
        org.members.append(m)
        return m

    def _body(
        self, org: Org, ident: str, name: str, level: str, parent: Body | None, rate: float
    ) -> Body:
        b = Body(ident, name, level, org, parent, rate)
        if parent is not None:
            parent.children.append(b)
        table = CELL_METHODS if level == "cell" else COMMITTEE_METHODS
        if level == "forum":
            table = FORUM_METHODS
        b.method = "schulze" if level == "congress" else _weighted(self.r(), table)
        org.bodies.append(b)
        return b

    def _emit_body(self, b: Body) -> None:
        self.emit(
            "body.created",
            b.org.id,
            None,
            None,
            b.id,
            {"name": b.name, "parent": b.parent.id if b.parent else None, "level": b.level},
        )

    def _join(self, m: Member, b: Body, delegation: str | None = None) -> None:
        b.members.append(m)
        b.dirty = True
        m.bodies.append(b)
        data: dict[str, Any] = {"name": m.name}
        if delegation is not None:
            data["delegation"] = delegation
        self.emit("member.joined", b.org.id, b.id, None, m.id, data)

    def _assign(self, b: Body, m: Member, role: str, actor: Member | None) -> None:
        if role == "leader":
            b.leader = m
        else:
            b.deputy = m
        b.dirty = True
        m.roles.append((b, role))
        if b.org.cc is b and role == "leader":
            b.org.top = m
        self.emit(
            "role.assigned",
            b.org.id,
            b.id,
            actor.id if actor else None,
            m.id,
            {"member": m.id, "role": role},
        )

    def _revoke(self, b: Body, m: Member, role: str, actor: Member | None) -> None:
        if role == "leader" and b.leader is m:
            b.leader = None
            if b.org.cc is b:
                b.org.top = None
        elif role == "deputy" and b.deputy is m:
            b.deputy = None
        b.dirty = True
        m.roles = [(x, y) for x, y in m.roles if not (x is b and y == role)]
        self.emit(
            "role.revoked",
            b.org.id,
            b.id,
            actor.id if actor else None,
            m.id,
            {"member": m.id, "role": role},
        )

    @staticmethod
    def _standing(m: Member) -> float:
        return m.exp + 0.5 * m.eloquence

    def _lead(self, b: Body, actor: Member | None = None) -> None:
        ranked = sorted((m for m in b.members if m.active), key=self._standing, reverse=True)
        if ranked:
            self._assign(b, ranked[0], "leader", actor)
        if len(ranked) > 2:
            self._assign(b, ranked[1], "deputy", actor)

    def _setup_org(self, org: Org, n: int) -> None:
        p = org.params
        self.emit("org.founded", org.id, None, None, org.id, {"name": org.name})
        n_cells = max(2, math.ceil(n / CELL_SIZE))
        # Committees above the cells, six bodies each, level upon level until at most
        # TOP_BODIES remain under the central committee: body sizes stay the same at any scale.
        counts = [n_cells, math.ceil(n_cells / CELLS_PER_REGION)]
        while counts[-1] > TOP_BODIES:
            counts.append(math.ceil(counts[-1] / CELLS_PER_REGION))
        congress = self._body(
            org, f"{org.id}-congress", "Congress", "congress", None, p.question_rate * 0.25
        )
        cc = self._body(
            org, f"{org.id}-cc", "Central Committee", "committee", congress, p.question_rate * 1.5
        )
        org.congress, org.cc = congress, cc
        levels: list[list[Body]] = []
        above = [cc]
        for depth in range(len(counts) - 1, 0, -1):
            prefix, kind = COMMITTEE_LEVELS[min(depth, len(COMMITTEE_LEVELS)) - 1]
            level = []
            for i in range(counts[depth]):
                label = REGIONS[i % len(REGIONS)] + (
                    f" {i // len(REGIONS) + 1}" if i >= len(REGIONS) else ""
                )
                level.append(
                    self._body(
                        org,
                        f"{org.id}-{prefix}{i + 1}",
                        f"{label} {kind} Committee",
                        "committee",
                        above[i % len(above)],
                        p.question_rate,
                    )
                )
            levels.insert(0, level)
            above = level
        cells = []
        for j in range(n_cells):
            place = PLACES[j % len(PLACES)] + (
                f" {j // len(PLACES) + 1}" if j >= len(PLACES) else ""
            )
            cell = self._body(
                org,
                f"{org.id}-c{j + 1}",
                place + " Cell",
                "cell",
                above[j % len(above)],
                p.question_rate,
            )
            cell.place = place + " Cell"
            cells.append(cell)
        people = [self._new_member(org, self.r() * 120.0) for _ in range(n)]
        for j, cell in enumerate(cells):
            # Some cells carry the name of a founding member, which a rewriting regime erases.
            if self.r() < 0.1 and j < len(people):
                cell.honoree = people[j]
                cell.name = people[j].name + " Cell"
        for b in org.bodies:
            self._emit_body(b)
        for i, m in enumerate(people):
            m.cell = cells[i % n_cells]
            self._join(m, m.cell)
        for cell in cells:
            self._lead(cell)
        for level in levels:
            for committee in level:
                for child in committee.children:
                    if child.leader is not None:
                        self._join(child.leader, committee)
                self._lead(committee)
        seated = [c.leader for c in levels[-1] if c.leader is not None]
        taken = {m.id for m in seated}
        others = sorted((m for m in people if m.id not in taken), key=self._standing, reverse=True)
        for m in seated + others[:CC_EXTRA]:
            m.cc = True
            self._join(m, cc)
        self._lead(cc)
        # The congress: the central committee and the leaders of the lowest level that is
        # small enough to meet (the cells, in all but large organizations).
        delegates = next((lv for lv in [cells, *levels] if len(lv) <= CONGRESS_SEATS), levels[-1])
        for m in list(cc.members) + [
            c.leader for c in delegates if c.leader is not None and not c.leader.cc
        ]:
            self._join(m, congress)
        if org.top is not None:
            self._assign(congress, org.top, "leader", None)
        org.cells = cells
        for b in org.bodies:
            self._tie += 1
            heapq.heappush(self.heap, (self._next_question(b, 0), self._tie, b))

    def _setup_forum(self) -> None:
        fid = "forum"
        org = Org(fid, "Forum of the Federation", self.forum_params)
        self.forum_org = org
        self.emit("org.founded", fid, None, None, fid, {"name": org.name})
        forum = self._body(
            org, "forum-assembly", "Forum Assembly", "forum", None, self.forum_params.question_rate
        )
        self.forum = forum
        self._emit_body(forum)
        for member_org in self.orgs:
            cc = member_org.cc
            assert cc is not None
            delegates = sorted(
                (m for m in cc.members if m.active), key=self._standing, reverse=True
            )[:3]
            for m in delegates:
                self._join(m, forum, delegation=member_org.id)
        lead = self.orgs[0].top
        if lead is not None:
            self._assign(forum, lead, "leader", None)
        self._tie += 1
        heapq.heappush(self.heap, (self._next_question(forum, 0), self._tie, forum))

    def _next_question(self, b: Body, day: int) -> int:
        rate = max(1e-6, b.rate) / 30.0
        return day + 1 + int(self.rng.expovariate(rate))

    # ------------------------------------------------------------------ a day

    def _run_day(self, day: int) -> None:
        for org in self.orgs:
            self._membership(org)
        heap = self.heap
        while heap and heap[0][0] <= day:
            _, tie, b = heapq.heappop(heap)
            if any(m.active for m in b.members):
                self._open(b, day)
            heapq.heappush(heap, (self._next_question(b, day), tie, b))
        still: list[Question] = []
        for q in self.active:
            self._discuss(q, day)
            if q.phase == "discussion":
                still.append(q)
        self.active = still
        tasks = self.agenda[day]
        i = 0
        while i < len(tasks):  # tasks may schedule more for the same day
            fn, args = tasks[i]
            fn(*args)
            i += 1
        self.agenda[day] = []
        if day % 30 == 29:
            for org in self.orgs:
                self._monthly(org)
            if self.forum is not None:
                self._leadership(self.forum, self.forum_params)

    def _poisson(self, lam: float) -> int:
        if lam <= 0:
            return 0
        if lam > 30:
            return max(0, round(self.rng.gauss(lam, math.sqrt(lam))))
        limit = math.exp(-lam)
        k, prod = 0, self.r()
        while prod > limit:
            k += 1
            prod *= self.r()
        return k

    def _membership(self, org: Org) -> None:
        p = org.params
        n = len(org.members)
        cells = org.cells
        for _ in range(self._poisson(p.growth * n / 30.0)):
            m = self._new_member(org, 0.0)
            m.cell = cells[int(self.r() * len(cells))]
            self._join(m, m.cell)
        for _ in range(self._poisson(BASE_LEAVING * n / 30.0)):
            m = org.members[int(self.r() * n)]
            if m.active:
                self._leave(m, self.w.pick(LEAVE_REASONS), m)

    def _leave(self, m: Member, reason: str, actor: Member | None) -> None:
        for b, role in list(m.roles):
            self._revoke(b, m, role, actor if actor is not m else None)
        m.active = False
        for b in m.bodies:
            b.dirty = True
        body = m.cell.id if m.cell else None
        self.emit(
            "member.left", m.org.id, body, actor.id if actor else None, m.id, {"reason": reason}
        )
        if self.r() < m.org.params.rewriting:
            self._erase(m)

    def _erase(self, m: Member) -> None:
        """Redact a departed or disgraced member's recent words and take their name off a cell."""
        for cid, b in m.recent:
            actor = b.leader.id if b.leader else None
            self.emit(
                "contribution.redacted",
                b.org.id,
                b.id,
                actor,
                cid,
                {"reason": self.w.pick(REDACTION_REASONS)},
            )
        m.recent = []
        cell = m.cell
        if cell is not None and cell.honoree is m and cell.name != cell.place:
            self.emit(
                "entity.renamed",
                cell.org.id,
                cell.id,
                cell.leader.id if cell.leader else None,
                cell.id,
                {"old": cell.name, "new": cell.place},
            )
            cell.name = cell.place

    def _monthly(self, org: Org) -> None:
        p = org.params
        gain = 0.02 * p.understanding_growth
        for m in org.members:
            if m.active and m.exp < 1.0:
                m.exp = min(1.0, m.exp + gain)
        for b in org.bodies:
            self._leadership(b, p)
        # Rewriting history: the words of those who criticised the leadership disappear.
        for _ in range(self._poisson(4.0 * p.rewriting)):
            if org.critics:
                self._erase(org.critics[int(self.r() * len(org.critics))])
        if org.members and self.r() < 0.1:
            # An ordinary change of name (marriage, transition), in every regime.
            m = org.members[int(self.r() * len(org.members))]
            if m.active:
                new = m.name.split(" ")[0] + " " + self.w.pick(LAST_NAMES)
                if new != m.name:
                    cell = m.cell.id if m.cell else None
                    self.emit(
                        "entity.renamed", org.id, cell, m.id, m.id, {"old": m.name, "new": new}
                    )
                    m.name = new
        # Rare ordinary requests to remove personal data, in every regime.
        if org.members and self.r() < 0.2:
            m = org.members[int(self.r() * len(org.members))]
            if m.recent:
                cid, b = m.recent[-1]
                self.emit(
                    "contribution.redacted",
                    b.org.id,
                    b.id,
                    m.id,
                    cid,
                    {"reason": PRIVACY_REDACTION},
                )
                m.recent.pop()

    def _leadership(self, b: Body, p: Params) -> None:
        acc = p.leadership_acceptance
        leader = b.leader
        if leader is not None and not leader.active:
            leader = b.leader = None
        members = [m for m in b.members if m.active]
        if not members:
            return
        if leader is not None:
            if self.r() < (1.0 - acc) * 0.7:
                critic = members[int(self.r() * len(members))]
                self._revoke(b, leader, "leader", critic)
                if b.deputy is not None and b.deputy.active and self.r() < 1.0 - acc:
                    self._revoke(b, b.deputy, "deputy", critic)
            elif self.r() < 0.02:
                # An ordinary election that hands the leadership to someone else.
                others = [m for m in members if m is not leader]
                if others:
                    new = max(others, key=self._standing)
                    self._revoke(b, leader, "leader", None)
                    if b.deputy is new:
                        self._revoke(b, new, "deputy", None)
                    self._assign(b, new, "leader", None)
        elif self.r() < acc * 0.8 + 0.02:
            ranked = sorted(members, key=self._standing, reverse=True)
            new = ranked[0]
            if b.deputy is new:
                self._revoke(b, new, "deputy", None)
            self._assign(b, new, "leader", None)

    # ------------------------------------------------------------------ speakers and minds

    def _speaker(self, b: Body, p: Params, exclude: Member | None = None) -> Member | None:
        if b.dirty:
            b.members = [m for m in b.members if m.active]
            b.pool = [m for m in b.members if m is not b.leader]
            total = 0.0
            cum = []
            for m in b.pool:
                total += m.eloquence * (0.3 + m.exp)
                cum.append(total)
            b.cum = cum
            b.dirty = False
        leader = b.leader
        n = len(b.pool) + (1 if leader is not None else 0)
        if n == 0:
            return None
        if leader is not None and leader is not exclude:
            share = 1.0 / n + (0.6 - 1.0 / n) * p.leader_weight**1.5 if n > 1 else 1.0
            if self.r() < share:
                return leader
        if not b.pool:
            return leader if leader is not exclude else None
        for _ in range(3):
            m = b.pool[bisect(b.cum, self.r() * b.cum[-1])]
            if m is not exclude:
                return m
        return None

    def _is_leader(self, a: Member, b: Body) -> bool:
        return a is b.leader or a is a.org.top

    def _utility(
        self, m: Member, pos: Position, q: Question, author: Member | None = None
    ) -> float:
        nz = pos.noise.get(m.id)
        if nz is None:
            nz = 0.8 * self._normal()
            pos.noise[m.id] = nz
        a = author if author is not None else pos.author
        u = pos.merit * (0.4 + 0.6 * m.exp) + nz
        if a is m:
            return u + 2.0
        p = q.params
        if a.org is m.org:
            if a is q.body.leader or a is a.org.top:
                u += 1.6 * p.leader_weight * (1.0 - p.authority_sense) * m.loyalty
                u -= 1.2 * (1.0 - p.leadership_acceptance)
            if a.cc:
                u += 1.6 * p.committee_weight * m.loyalty
        elif self.orgs and a.org is self.orgs[0]:
            u += 1.6 * p.leading_org_weight * m.loyalty
        if p.faction_strength > 0.0 and m.faction >= 0 and a.faction >= 0:
            u += 1.5 * p.faction_strength * (1.0 if a.faction == m.faction else -1.0)
        return u

    def _shield(self, a: Member, q: Question) -> float:
        """How freely members object to `a`'s lines (1: as to anyone)."""
        p = q.params
        s = 1.0
        if self._is_leader(a, q.body):
            s *= p.authority_sense * (1.0 + 1.5 * (1.0 - p.leadership_acceptance))
        if a.cc:
            s *= 1.0 - p.committee_weight
        if self.forum is not None and q.body is self.forum and a.org is self.orgs[0]:
            s *= 1.0 - p.leading_org_weight
        return s

    # ------------------------------------------------------------------ questions

    def _open(self, b: Body, day: int) -> None:
        p = b.org.params
        r = self.r
        topic = TOPICS[int(r() * len(TOPICS))]
        ks = list(range(len(topic.proposals)))
        self.rng.shuffle(ks)
        qid = self.new_id("q")
        q = Question(qid, b, topic, day, p)
        below = self._below(b)
        if below and r() < p.upward_lines:
            child = below[int(r() * len(below))]
            lead = child.leader
            if lead is not None and lead.active and b in lead.bodies:
                k = ks.pop()
                self.emit(
                    "line.proposed",
                    child.org.id,
                    child.id,
                    lead.id,
                    self.new_id("ln"),
                    {"to": b.id, "text": self.w.line(topic, k, child.name)},
                )
                q.planned.append((day, lead, k))
        if b.leader is not None and r() < 0.3 + 0.6 * p.leader_weight:
            opener: Member | None = b.leader
        else:
            opener = self._speaker(b, p)
        if opener is None:
            return
        q.closed = r() > p.openness
        data: dict[str, Any] = {
            "title": self.w.pick(topic.titles),
            "text": topic.text,
            "visibility": "closed" if q.closed else "open",
        }
        if q.closed:
            data["reason"] = self.w.close_reason(r() < p.close_reasons)
        self.emit("question.opened", b.org.id, b.id, opener.id, qid, data)
        q.disc_end = day + 3 + int(r() * 8)
        self._plan_positions(q, b, p, ks, day, opener)
        if r() < p.facts:
            self.schedule(day + 1 + int(r() * 3), self._place_fact, q)
        self.active.append(q)

    def _plan_positions(
        self, q: Question, b: Body, p: Params, ks: list[int], day: int, opener: Member
    ) -> None:
        r = self.r
        authors = [a for _, a, _ in q.planned]
        leader = b.leader
        if leader is not None and ks and r() < (0.35 + 0.6 * p.leader_weight):
            q.planned.append((day + (0 if r() < 0.7 else 1), leader, ks.pop()))
            authors.append(leader)
        want = min(5, self._poisson(5.0 * (1.0 - p.leader_weight) ** 2))
        for _ in range(want):
            m = self._speaker(b, p, exclude=leader)
            if m is not None and m not in authors and ks:
                q.planned.append((day + int(r() * 3), m, ks.pop()))
                authors.append(m)
        if p.faction_strength > 0.3 and round(p.faction_count) >= 2:
            # Each faction wants its own line on the table.
            for f in range(round(p.faction_count)):
                if ks and not any(a.faction == f for a in authors) and r() < p.faction_strength:
                    members = [m for m in b.members if m.active and m.faction == f]
                    if members:
                        m = max(members, key=self._standing)
                        q.planned.append((day + int(r() * 2), m, ks.pop()))
                        authors.append(m)
        if not q.planned and ks:
            q.planned.append((day, opener, ks.pop()))

    def _post(
        self,
        q: Question,
        author: Member,
        type_: str,
        text: str,
        target: str | None = None,
        cites: list[str] | None = None,
    ) -> str:
        self._contribs += 1
        cid = "c-" + str(self._contribs)
        data: dict[str, Any] = {"question": q.id, "type": type_, "text": text}
        if target is not None:
            data["target"] = target
        if cites:
            data["cites"] = cites
        self.emit("contribution.posted", q.org.id, q.body.id, author.id, cid, data)
        recent = author.recent
        recent.append((cid, q.body))
        if len(recent) > 4:
            del recent[0]
        return cid

    def _discuss(self, q: Question, day: int) -> None:
        if q.phase != "discussion":
            return
        if q.planned:
            keep = []
            for when, author, k in q.planned:
                if when > day:
                    keep.append((when, author, k))
                elif author.active:
                    text = self.w.position(q.topic, k)
                    cid = self._post(q, author, "position", text)
                    merit = self._normal() + 0.4 * (author.exp - 0.5)
                    q.positions.append(Position(cid, author, k, text, merit))
            q.planned = keep
        if q.positions:
            b = q.body
            # Interest fades as a discussion drags on past its planned end.
            lam = q.params.activity * 0.6 * math.sqrt(max(1, len(b.members))) / (1 + q.stale)
            for _ in range(self._poisson(lam)):
                self._contribute(q)
        if day >= q.disc_end:
            self._end_discussion(q, day)

    def _contribute(self, q: Question) -> None:
        b = q.body
        p = q.params
        r = self.r
        s = self._speaker(b, p)
        if s is None:
            return
        pend = q.pending
        if pend:
            for i, item in enumerate(pend):
                if item[2] is s:
                    rate = p.leader_answers if s is b.leader else p.responsiveness
                    if r() < rate:
                        del pend[i]
                        self._reply(q, item, s)
                        return
                    break
            if r() < p.responsiveness * 0.5:
                for i, item in enumerate(pend):
                    if item[1] is not s and item[2] is not s:
                        del pend[i]
                        self._reply(q, item, s)
                        return
        x = r()
        if x < 0.08 and q.facts:
            cites = [fid for fid, _ in q.facts]
            self._post(q, s, "reading", self.w.reading(q.topic), cites=cites)
            return
        if x < 0.11:
            if s.exp > 0.5 and r() < 0.5:
                self._post(q, s, "self_criticism", self.w.self_criticism())
            else:
                self._post(q, s, "criticism", self.w.criticism())
            return
        others = [pos for pos in q.positions if pos.author is not s]
        if not others:
            return
        pos = others[int(r() * len(others))]
        u = self._utility(s, pos, q)
        if u >= 0.0:
            self._agree(q, s, pos)
            return
        if r() < p.criticism * self._shield(pos.author, q) * (0.35 + 0.65 * s.exp):
            name = pos.author.name
            if r() < 0.75:
                cid = self._post(q, s, "objection", self.w.objection(q.topic, name), pos.id)
                pend.append((cid, s, pos.author, True))
            else:
                cid = self._post(q, s, "question", self.w.ask(q.topic, name), pos.id)
                pend.append((cid, s, pos.author, False))
            pos.score -= 1
            pos.objectors.append(s)
            if self._is_leader(pos.author, b):
                critics = q.org.critics
                critics.append(s)
                if len(critics) > 64:
                    del critics[0]
        elif r() < 0.6 * s.loyalty:
            # Assent without conviction: the silent majority's "agreed".
            pos.score += 1
            self._post(q, s, "support", self.w.plain(), pos.id)

    def _agree(self, q: Question, s: Member, pos: Position) -> None:
        p = q.params
        r = self.r
        pos.score += 1
        if r() < p.praise:
            self._post(q, s, "support", self._praise(q, pos), pos.id)
        elif r() < 0.15 * (0.3 + s.exp):
            q.amenders.setdefault(pos.id, []).append(s)
            text = self.w.amendment(q.topic, pos.author.name)
            self._post(q, s, "amendment", text, pos.id)
            if pos.author.active and r() < 0.25:
                # The author takes the amendment into the position's text.
                pos.text = pos.text + " Amended: " + text.split(": ", 1)[-1]
                self.emit(
                    "contribution.revised",
                    q.org.id,
                    q.body.id,
                    pos.author.id,
                    pos.id,
                    {"text": pos.text},
                )
        elif r() < 0.3 + 0.7 * s.exp:
            self._post(q, s, "support", self.w.support(q.topic, pos.author.name, pos.text), pos.id)
        else:
            self._post(q, s, "support", self.w.plain(), pos.id)

    def _praise(self, q: Question, pos: Position) -> str:
        p = q.params
        person = max(0.0, p.leader_weight - 0.6) / 0.4
        committee = p.committee_weight
        leading = p.leading_org_weight if self.forum is not None else 0.0
        total = person + committee + leading
        if total < 0.2:
            # Ordinary appreciation: of the author, or of the body's own leader by name.
            lead = q.body.leader
            if lead is not None and self.r() < 0.5:
                return self.w.praise_mild(lead.name)
            return self.w.appreciation(pos.author.name)
        x = self.r() * total
        if x < person:
            top = q.org.top or q.body.leader
            if top is not None:
                return self.w.praise_person(top.name)
            return self.w.appreciation(pos.author.name)
        if x < person + committee:
            return self.w.praise_body("Central Committee")
        return self.w.praise_body(self.orgs[0].name)

    def _reply(self, q: Question, item: tuple[Any, ...], s: Member) -> None:
        cid, author, _, is_objection = item
        if is_objection and self.r() < q.params.branding:
            self._post(q, s, "answer", self.w.hostile(author.name), cid)
        else:
            self._post(q, s, "answer", self.w.answer(q.topic, author.name), cid)

    def _place_fact(self, q: Question) -> None:
        if q.phase != "discussion":
            return
        placer = self._speaker(q.body, q.params)
        if placer is None:
            return
        fid = self.new_id("f")
        sources: list[dict[str, str]] = [
            {
                "title": self.w.pick(SOURCE_TITLES) + f" {2024 + int(self.r() * 2)}",
                "sha256": f"{self.rng.getrandbits(256):064x}",
            }
        ]
        if self.r() < 0.4:
            sources.append(
                {"title": "Published report", "uri": f"https://example.org/reports/{fid}"}
            )
        self.emit(
            "fact.placed",
            q.org.id,
            q.body.id,
            placer.id,
            fid,
            {"question": q.id, "claim": self.w.fact(q.topic), "sources": sources},
        )
        q.facts.append((fid, placer))
        self.schedule(self.day + 1 + int(self.r() * 3), self._review, q, fid, placer, 0)

    def _review(self, q: Question, fid: str, placer: Member, round_: int) -> None:
        reviewer = self._speaker(q.body, q.params, exclude=placer)
        if reviewer is None:
            return
        verdict = _weighted(self.r(), VERDICTS)
        self.emit(
            "fact.reviewed",
            q.org.id,
            q.body.id,
            reviewer.id,
            self.new_id("r"),
            {"fact": fid, "verdict": verdict, "reasoning": self.w.review(verdict)},
        )
        if round_ == 0 and verdict != "authentic" and self.r() < 0.4:
            self.schedule(self.day + 2 + int(self.r() * 5), self._review, q, fid, placer, 1)

    def _below(self, b: Body) -> list[Body]:
        """The bodies a decision of `b` is sent down to (a forum's: its organizations' CCs)."""
        if b is self.forum:
            return [o.cc for o in self.orgs if o.cc is not None]
        return b.children

    def _mover(self, b: Body) -> Member | None:
        for m in (b.leader, b.deputy):
            if m is not None and m.active:
                return m
        return None

    def _phase(self, q: Question, phase: str, actor: Member | None) -> None:
        q.phase = phase
        self.emit(
            "question.phase_changed",
            q.org.id,
            q.body.id,
            actor.id if actor else None,
            q.id,
            {"question": q.id, "phase": phase},
        )

    def _end_discussion(self, q: Question, day: int) -> None:
        b = q.body
        p = q.params
        r = self.r
        mover = self._mover(b)
        chance = p.decisiveness if mover is not None else p.decisiveness * 0.15
        if q.positions and r() < 0.03:
            self._phase(q, "abandoned", mover)  # overtaken by events
            return
        if not q.positions or r() >= chance:
            if day >= q.max_day:
                self._phase(q, "abandoned", mover)
            else:
                q.disc_end = day + 3 + int(r() * 6)
                q.stale += 1
            return
        leader = b.leader if b.leader is not None and b.leader is mover else None
        if leader is not None:
            if r() < p.formalism:
                own = [pos for pos in q.positions if pos.author is leader]
                base = own[0] if own else max(q.positions, key=lambda x: x.score)
                text = self.w.leader_synthesis(q.topic, base.k)
                sid = self._post(q, leader, "synthesis", text)
                q.synthesis = (sid, leader, text, base)
                q.method = "synthesis_ratified"
            elif r() >= p.credit_fairness:
                theirs = [pos for pos in q.positions if pos.author is not leader]
                if theirs:
                    best = max(theirs, key=lambda x: x.score)
                    text = self.w.restated(best.text)
                    sid = self._post(q, leader, "synthesis", text)
                    q.synthesis = (sid, leader, text, best)
                    q.method = "synthesis_ratified"
            elif r() < 0.3 and len(q.positions) > 1:
                best = max(q.positions, key=lambda x: x.score)
                amenders = q.amenders.get(best.id)
                text = self.w.synthesis(
                    q.topic, best.k, best.author.name, amenders[0].name if amenders else None
                )
                self._post(q, leader, "synthesis", text, cites=[best.id])
        if q.facts:
            self._phase(q, "verification", mover)
            self.schedule(day + 1 + int(r() * 2), self._open_vote, q)
        else:
            self._open_vote(q)

    def _open_vote(self, q: Question) -> None:
        self._phase(q, "voting", self._mover(q.body))
        self.schedule(self.day + 1 + int(self.r() * 2), self._vote, q)

    # ------------------------------------------------------------------ voting and deciding

    def _follow(self, q: Question, m: Member) -> float:
        p = q.params
        f = 1.2 * p.leader_weight * (1.0 - p.authority_sense) * m.loyalty
        if q.method == "synthesis_ratified":
            f += p.formalism
        if m.cc and q.body is m.org.cc:
            f += p.committee_weight * 0.5
        return f

    def _cast(self, q: Question, m: Member, ballot: dict[str, Any]) -> None:
        self._ballots += 1
        self.emit(
            "vote.cast",
            q.org.id,
            q.body.id,
            m.id,
            "b-" + str(self._ballots),
            {"question": q.id, "ballot": ballot},
        )

    def _vote(self, q: Question) -> None:
        b = q.body
        r = self.r
        voters = [m for m in b.members if m.active and r() < 0.88]
        if not voters or not q.positions:
            self._phase(q, "abandoned", self._mover(b))
            return
        leader = b.leader
        lead_pos = next(
            (pos for pos in q.positions if leader is not None and pos.author is leader), None
        )
        method = q.method
        if method in ("synthesis_ratified", "consensus"):
            if method == "synthesis_ratified" and q.synthesis is not None:
                sid, who, _, base = q.synthesis
                subject = sid
            else:
                base = max(q.positions, key=lambda x: x.score)
                subject, who = base.id, base.author
            stances = []
            against = []
            for m in voters:
                if r() < self._follow(q, m):
                    st = "agree"
                else:
                    u = self._utility(m, base, q, who)
                    st = "agree" if u > 0.1 else "disagree" if u < -0.4 else "pass"
                stances.append(st)
                if st == "disagree":
                    against.append(m)
                self._cast(q, m, {"stance": st, "statement": subject})
            # A synthesis is ratified by a simple majority; consensus allows only a few blocks.
            block = 1.0 if method == "synthesis_ratified" else 0.15
            passed, result = tally.stance(subject, stances, block)
            if not passed:
                q.method = "majority"
                q.synthesis = None
                self._phase(q, "discussion", self._mover(b))
                q.disc_end = self.day + 2 + int(r() * 4)
                self.active.append(q)
                return
            unanimous = result["agree"] == len(stances)
            self._decide(q, subject, who, base, result, unanimous, against)
            return
        options = [pos.id for pos in q.positions]
        by_id = {pos.id: pos for pos in q.positions}
        prefs: list[tuple[Member, list[str]]] = []
        for m in voters:
            if lead_pos is not None and r() < self._follow(q, m):
                order = [lead_pos.id] + [o for o in options if o != lead_pos.id]
            else:
                ranked = sorted((-self._utility(m, pos, q), i) for i, pos in enumerate(q.positions))
                order = [q.positions[i].id for _, i in ranked]
            prefs.append((m, order))
        if method == "schulze":
            for m, order in prefs:
                self._cast(q, m, {"ranking": [[o] for o in order]})
            winner, result = tally.schulze(options, [[[o] for o in order] for _, order in prefs])
            unanimous = all(order[0] == winner for _, order in prefs)
        elif method == "approval":
            approvals = []
            for m, order in prefs:
                liked = [o for o in order if self._utility(m, by_id[o], q) > 0.0] or order[:1]
                if lead_pos is not None and order[0] == lead_pos.id and lead_pos.id not in liked:
                    liked.insert(0, lead_pos.id)
                approvals.append(liked)
                self._cast(q, m, {"approve": liked})
            winner, result = tally.approval(options, approvals)
            unanimous = winner is not None and all(winner in a for a in approvals)
        else:
            firsts = [order[0] for _, order in prefs]
            for (m, _), o in zip(prefs, firsts, strict=True):
                self._cast(q, m, {"choice": o})
            winner, result = tally.choice(options, firsts)
            if winner is None and len(options) > 1:
                counts = result["votes"]
                top2 = sorted(options, key=lambda o: -counts[o])[:2]
                second = [next(o for o in order if o in top2) for _, order in prefs]
                for (m, _), o in zip(prefs, second, strict=True):
                    self._cast(q, m, {"choice": o})
                winner, result2 = tally.choice(top2, second)
                if winner is None:
                    winner = (
                        top2[0]
                        if result2["votes"][top2[0]] >= result2["votes"][top2[1]]
                        else top2[1]
                    )
                result = {"first_round": result, "runoff": result2}
                firsts = second
            unanimous = winner is not None and all(o == winner for o in firsts)
        if winner is None:
            self._phase(q, "abandoned", self._mover(b))
            return
        against = [m for m, order in prefs if order[0] != winner]
        pos = by_id[winner]
        self._decide(q, winner, pos.author, pos, result, unanimous, against)

    def _decide(
        self,
        q: Question,
        adopted: str,
        author: Member,
        pos: Position,
        result: Any,
        unanimous: bool,
        against: list[Member],
    ) -> None:
        b = q.body
        p = q.params
        r = self.r
        mover = self._mover(b)
        if q.synthesis is not None and adopted == q.synthesis[0]:
            text = q.synthesis[2]
            credits = [author]
        else:
            text = self.w.decision(q.topic, pos.k)
            credits = [author] + [m for m in q.amenders.get(pos.id, []) if m is not author]
        seen: list[Member] = []
        for m in credits:
            if m not in seen:
                seen.append(m)
        did = self.new_id("d")
        considered = [x.id for x in q.positions]
        if q.synthesis is not None:
            considered.append(q.synthesis[0])
        self.emit(
            "decision.taken",
            q.org.id,
            b.id,
            mover.id if mover else None,
            did,
            {
                "question": q.id,
                "method": q.method,
                "adopted": [adopted],
                "text": text,
                "tally": result,
                "credits": [m.id for m in seen],
                "considered": considered,
                "unanswered": [item[0] for item in q.pending],
                "unanimous": unanimous,
            },
        )
        for m in seen:
            self.emit(
                "credit.given",
                q.org.id,
                b.id,
                mover.id if mover else None,
                self.new_id("cr"),
                {"member": m.id, "for": did},
            )
        self._phase(q, "decided", mover)
        dissenters: list[Member] = []
        for m in against + pos.objectors:
            if m.active and m not in dissenters:
                dissenters.append(m)
        for m in dissenters:
            if r() < 0.3 * (1.0 - p.branding):
                self._post(q, m, "reservation", self.w.reservation(q.topic), adopted)
        challengers = list(pos.objectors)
        for other in q.positions:
            if self._is_leader(other.author, b):
                challengers.extend(other.objectors)
        for m in challengers:
            if m.active and m not in dissenters:
                dissenters.append(m)
        for m in dissenters:
            weight = 1.0 if m in challengers else 0.45
            if r() < p.dissent_penalty * weight * weight * weight:
                self.schedule(self.day + 5 + int(r() * 50), self._penalize, m)
        if mover is not None and self._below(b):
            self._direct(q, did, text, mover)
        if not q.reopened and r() < 0.05 * p.criticism * p.authority_sense:
            # New facts or arguments bring the question back (unity – struggle – unity).
            self.schedule(self.day + 15 + int(r() * 30), self._reopen, q)

    def _reopen(self, q: Question) -> None:
        b = q.body
        who = self._mover(b) or self._speaker(b, q.params)
        if who is None:
            return
        q.reopened = True
        self._phase(q, "reopened", who)
        q.phase = "discussion"  # the reopened question is discussed again
        q.synthesis = None
        q.method = b.method
        q.stale = 0
        q.disc_end = self.day + 4 + int(self.r() * 6)
        q.max_day = self.day + 60
        self.active.append(q)
        self.schedule(self.day + 1, self._place_fact, q)

    def _penalize(self, m: Member) -> None:
        if not m.active:
            return
        if m.roles:
            for b, role in list(m.roles):
                above = b.parent.leader if b.parent is not None else b.leader
                self._revoke(b, m, role, above if above is not m else None)
            if self.r() < m.org.params.rewriting:
                self._erase(m)
        else:
            cell = m.cell
            actor = cell.leader if cell is not None and cell.leader is not m else None
            self._leave(m, self.w.pick(EXPULSION_REASONS), actor)

    # ------------------------------------------------------------------ directives

    def _direct(self, q: Question, did: str, text: str, mover: Member) -> None:
        b = q.body
        targets = [c for c in self._below(b) if any(m.active for m in c.members)]
        if not targets:
            return
        ident = self.new_id("dir")
        self.emit(
            "directive.issued",
            q.org.id,
            b.id,
            mover.id,
            ident,
            {"decision": did, "to": [c.id for c in targets], "due": self._due(self.day + 28)},
        )
        d = Directive(ident, b, q.topic, text)
        r = self.r
        for child in targets:
            cp = child.org.params
            self.schedule(self.day + 2 + int(r() * 20), self._apply, d, child)
            chance = cp.feedback
            if b is b.org.cc or b is b.org.congress:
                chance *= 1.0 - b.org.params.committee_weight
            if b is self.forum:
                chance *= 1.0 - b.org.params.leading_org_weight * 0.8
            if r() < chance:
                self.schedule(self.day + 3 + int(r() * 25), self._feedback, d, child)

    def _apply(self, d: Directive, child: Body) -> None:
        who = self._mover(child) or self._speaker(child, child.org.params)
        if who is None:
            return
        cp = child.org.params
        if self.r() < cp.application_originality:
            text = self.w.application(d.question_topic, child.name, who.name)
        elif self.r() < 0.85:
            text = d.text
        else:
            text = "Applied: " + d.text
        self.emit(
            "directive.applied",
            child.org.id,
            child.id,
            who.id,
            self.new_id("app"),
            {"directive": d.id, "text": text},
        )

    def _feedback(self, d: Directive, child: Body) -> None:
        sender = self._speaker(child, child.org.params)
        if sender is None:
            return
        kind = ("critique", "objection", "proposal")[int(self.r() * 3)]
        fid = self.new_id("fb")
        self.emit(
            "feedback.sent",
            child.org.id,
            child.id,
            sender.id,
            fid,
            {
                "to": d.body.id,
                "regarding": d.id,
                "kind": kind,
                "text": self.w.feedback(d.question_topic, kind, child.name),
            },
        )
        if self.r() < d.body.org.params.feedback_answering:
            self.schedule(self.day + 2 + int(self.r() * 12), self._answer_feedback, d, fid)

    def _answer_feedback(self, d: Directive, fid: str) -> None:
        who = self._mover(d.body)
        if who is None:
            return
        self.emit(
            "feedback.answered",
            d.body.org.id,
            d.body.id,
            who.id,
            fid,
            {"feedback": fid, "text": cap(self.w.feedback_answer(d.question_topic))},
        )
