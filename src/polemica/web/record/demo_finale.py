"""What the demonstration adds to the simulated federation: an observer in the walk-through's
cell, and a question in every phase the simulation left without one.

These are events like the simulator's, imported the same way, with ids and times derived from
the organization and its log (not drawn at random, not the clock's), so every load of the same
federation writes the same ones on either database. The simulator never makes observers, and a
run ends with few questions still open, which is why they are added here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from polemica.events import Event, format_time, parse_event, parse_time
from polemica.web.process.models import Contribution, Question
from polemica.web.record.demo_cast import MemberCast
from polemica.web.record.log import import_event
from polemica.web.record.models import EventRow

OBSERVER_NAME = "Ida Lindgren"
POSITION = "We try it for three months first."
# phase → (title, text) of the question opened to show it, and the moves that get it there
QUESTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "discussion": ("Evening meetings or weekend meetings?", "Which suits the shifts better?", ()),
    "verification": (
        "A shared strike fund",
        "Should the cells pool a strike fund?",
        ("verification",),
    ),
    "voting": (
        "A monthly newsletter",
        "Do we print a monthly newsletter?",
        ("verification", "voting"),
    ),
    "abandoned": (
        "A second meeting room",
        "Do we rent a second room for our meetings?",
        ("abandoned",),
    ),
}


def observer_id(org: str) -> str:
    return f"{org}-observer"


def _event_id(org: str, n: int) -> str:
    return f"e-demo-{org}-{n}"


def finale_done(org: str) -> bool:
    """Whether the organization's finale is in its log (it is written whole or not at all)."""
    return EventRow.objects.filter(event_id=_event_id(org, 1)).exists()


class _Log:
    """Appends the finale's events one minute apart after the organization's last event."""

    def __init__(self, org: str) -> None:
        self.org = org
        last = EventRow.objects.filter(org=org).order_by("-seq").values_list("at", flat=True)
        self.at = parse_time(str(last.first() or "2025-01-01T00:00:00Z"))
        self.n = 0

    def add(
        self, kind: str, body: str | None, actor: str | None, subject: str, **data: Any
    ) -> None:
        self.n += 1
        self.at += timedelta(minutes=1)
        raw = {
            "v": 1,
            "seq": 1,  # renumbered by the import
            "id": _event_id(self.org, self.n),
            "at": format_time(self.at),
            "org": self.org,
            "body": body,
            "actor": actor,
            "kind": kind,
            "subject": subject,
            "data": data,
        }
        event: Event = parse_event(raw)
        import_event(event)


def write_finale(cast: MemberCast) -> None:
    """Add the observer and the missing phases to `cast.cell` (call inside a transaction)."""
    org, cell = cast.org, cast.cell.id
    log = _Log(org)
    present = set(Question.objects.filter(org_id=org).values_list("phase", flat=True))
    log.add("member.joined", None, None, observer_id(org), name=OBSERVER_NAME)
    log.add("role.assigned", cell, None, observer_id(org), member=observer_id(org), role="observer")
    for phase, (title, text, moves) in QUESTIONS.items():
        if phase in present:
            continue
        question = f"q-demo-{org}-{phase}"
        log.add(
            "question.opened",
            cell,
            cast.member,
            question,
            title=title,
            text=text,
            visibility="open",
        )
        log.add(
            "contribution.posted",
            cell,
            cast.member,
            f"c-demo-{org}-{phase}",
            question=question,
            type="position",
            text=POSITION,
        )
        for move in moves:
            log.add(
                "question.phase_changed", cell, cast.deputy, question, question=question, phase=move
            )
    if "reopened" not in present:
        _reopen(log, cast)


def _reopen(log: _Log, cast: MemberCast) -> None:
    """Reopen the cell's first decided question (by id), citing its first contribution."""
    decided = (
        Question.objects.filter(body_id=cast.cell.id, phase="decided")
        .order_by("id")
        .values_list("id", flat=True)
    )
    for question in decided:
        cite = (
            Contribution.objects.filter(question_id=question)
            .order_by("id")
            .values_list("id", flat=True)
            .first()
        )
        if cite is not None:
            log.add(
                "question.phase_changed",
                cast.cell.id,
                cast.deputy,
                question,
                question=question,
                phase="reopened",
                cites=[cite],
            )
            return
