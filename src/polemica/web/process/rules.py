"""The rules of the process: phases, which contributions each phase takes, what answers what."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from polemica.web.base.errors import Invalid

# Phase moves a person may ask for (a decision, not a move, makes a question `decided`).
MOVES: dict[str, tuple[str, ...]] = {
    "discussion": ("verification", "abandoned"),
    "verification": ("voting", "discussion", "abandoned"),
    "voting": ("abandoned",),
    "decided": ("reopened",),
    "reopened": ("verification", "abandoned"),
    "abandoned": ("reopened",),
}

_ARGUING = frozenset(
    {
        "position",
        "support",
        "objection",
        "question",
        "answer",
        "amendment",
        "synthesis",
        "reading",
        "criticism",
        "self_criticism",
        "remark",
    }
)
# Verification freezes the texts: no new positions or amendments, no revisions.
_VERIFYING = _ARGUING - {"position", "amendment"}
ALLOWED_TYPES: dict[str, frozenset[str]] = {
    "discussion": _ARGUING,
    "reopened": _ARGUING,
    "verification": _VERIFYING,
    "voting": frozenset({"support", "answer", "remark", "criticism", "self_criticism"}),
    "decided": frozenset({"reservation", "criticism", "self_criticism", "remark"}),
    "abandoned": frozenset(),
}
REVISABLE_PHASES = frozenset({"discussion", "reopened"})
# Types that must name the contribution they respond to, and what that target may be.
TARGET_TYPES: dict[str, frozenset[str] | None] = {
    "answer": frozenset({"objection", "question"}),
    "amendment": frozenset({"position", "synthesis"}),
    "objection": None,
    "support": None,
}
# An objection or question is answered by one of these from someone other than its author.
ANSWERING = frozenset({"answer", "objection", "amendment"})
CHALLENGES = frozenset({"objection", "question"})
OPTIONS = frozenset({"position", "synthesis", "reading"})


@dataclass(frozen=True)
class Node:
    """What the rules need to know of a contribution."""

    id: str
    type: str
    author: str | None
    target: str | None
    redacted: bool


def check_move(current: str, wanted: str) -> None:
    if wanted not in MOVES.get(current, ()):
        allowed = ", ".join(MOVES.get(current, ())) or "nothing"
        raise Invalid(f"a question in {current} can move to {allowed}, not {wanted}", field="phase")


def check_type(phase: str, type_: str) -> None:
    if type_ not in ALLOWED_TYPES[phase]:
        allowed = ", ".join(sorted(ALLOWED_TYPES[phase])) or "no contributions"
        raise Invalid(f"in {phase} a question takes {allowed}; not {type_}", field="type")


def unanswered(nodes: Iterable[Node]) -> list[str]:
    """Objections and questions nobody but their author has answered, objected to or amended."""
    items = [n for n in nodes if not n.redacted]
    by_id = {n.id: n for n in items}
    answered: set[str] = set()
    for n in items:
        if n.type in ANSWERING and n.target in by_id:
            target = by_id[n.target]
            if n.author is None or n.author != target.author:
                answered.add(target.id)
    return [n.id for n in items if n.type in CHALLENGES and n.id not in answered]


def unanswered_objections(nodes: Iterable[Node]) -> list[str]:
    nodes = list(nodes)
    types = {n.id: n.type for n in nodes}
    return [i for i in unanswered(nodes) if types[i] == "objection"]
