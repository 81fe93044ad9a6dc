"""The simulated world's state: members, bodies, organizations, questions, directives.

Plain classes with `__slots__`: the simulator touches these millions of times. Only what is
still in play is kept (a decided question is dropped once its directive ran out), so memory
stays bounded by the organization's size, not by the length of the run.
"""

from __future__ import annotations

from polemica.simulate.params import Params
from polemica.simulate.topics import Topic


class Member:
    __slots__ = (
        "active",
        "bodies",
        "cc",
        "cell",
        "conviction",
        "eloquence",
        "exp",
        "faction",
        "id",
        "loyalty",
        "name",
        "org",
        "recent",
        "roles",
    )

    def __init__(self, ident: str, name: str, org: Org) -> None:
        self.id = ident
        self.name = name
        self.org = org
        self.active = True
        self.cell: Body | None = None
        self.bodies: list[Body] = []
        self.roles: list[tuple[Body, str]] = []
        self.cc = False
        self.exp = 0.1
        self.conviction = 0.5
        self.eloquence = 0.5
        self.loyalty = 0.5
        self.faction = -1
        self.recent: list[tuple[str, Body]] = []


class Body:
    __slots__ = (
        "children",
        "cum",
        "deputy",
        "dirty",
        "honoree",
        "id",
        "leader",
        "level",
        "members",
        "method",
        "name",
        "org",
        "parent",
        "place",
        "pool",
        "rate",
    )

    def __init__(
        self, ident: str, name: str, level: str, org: Org, parent: Body | None, rate: float
    ) -> None:
        self.id = ident
        self.name = name
        self.level = level
        self.org = org
        self.parent = parent
        self.children: list[Body] = []
        self.members: list[Member] = []
        self.leader: Member | None = None
        self.deputy: Member | None = None
        self.method = "majority"
        self.rate = rate
        self.honoree: Member | None = None
        self.place = name
        # Speaker choice: members other than the leader and their cumulative weights.
        self.pool: list[Member] = []
        self.cum: list[float] = []
        self.dirty = True


class Org:
    __slots__ = (
        "bodies",
        "cc",
        "cells",
        "congress",
        "critics",
        "id",
        "members",
        "name",
        "params",
        "top",
    )

    def __init__(self, ident: str, name: str, params: Params) -> None:
        self.id = ident
        self.name = name
        self.params = params
        self.bodies: list[Body] = []
        self.cells: list[Body] = []
        self.critics: list[Member] = []  # recent objectors to a leader's line
        self.members: list[Member] = []
        self.cc: Body | None = None
        self.congress: Body | None = None
        self.top: Member | None = None


class Position:
    __slots__ = ("author", "id", "k", "merit", "noise", "objectors", "score", "text")

    def __init__(self, ident: str, author: Member, k: int, text: str, merit: float) -> None:
        self.id = ident
        self.author = author
        self.k = k
        self.text = text
        self.merit = merit
        self.noise: dict[str, float] = {}
        self.score = 0
        self.objectors: list[Member] = []


class Question:
    __slots__ = (
        "amenders",
        "body",
        "closed",
        "disc_end",
        "facts",
        "id",
        "max_day",
        "method",
        "opened",
        "org",
        "params",
        "pending",
        "phase",
        "planned",
        "positions",
        "reopened",
        "stale",
        "synthesis",
        "topic",
    )

    def __init__(self, ident: str, body: Body, topic: Topic, opened: int, params: Params) -> None:
        self.id = ident
        self.body = body
        self.org = body.org
        self.topic = topic
        self.opened = opened
        self.params = params
        self.disc_end = opened
        self.max_day = opened + 90
        self.closed = False
        self.method = body.method
        self.positions: list[Position] = []
        self.planned: list[tuple[int, Member, int]] = []
        # Objections and questions awaiting a reply: (id, author, addressee, is an objection).
        self.pending: list[tuple[str, Member, Member, bool]] = []
        self.facts: list[tuple[str, Member]] = []
        self.amenders: dict[str, list[Member]] = {}
        # (contribution id, author, text, the position it stands for)
        self.synthesis: tuple[str, Member, str, Position] | None = None
        self.stale = 0
        self.phase = "discussion"
        self.reopened = False


class Directive:
    __slots__ = ("body", "id", "question_topic", "text")

    def __init__(self, ident: str, body: Body, topic: Topic, text: str) -> None:
        self.id = ident
        self.body = body
        self.question_topic = topic
        self.text = text
