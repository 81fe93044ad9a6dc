"""Events → state. Each app registers one `apply_<kind>` function per kind it projects.

Actions and replay both go through `apply_event`, so the state tables are by construction a
projection of the log. A projector returns the id of the question the event belongs to (or None),
which the log keeps so events of closed questions can be withheld from outsiders.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from polemica.events import Event

Projector = Callable[[Event], str | None]

_PROJECTORS: dict[str, Projector] = {}
_RESOLVERS: dict[str, list[Callable[[Event], None]]] = {}
_APPS = ("orgs", "process", "votes", "centralism", "record")
_loaded = False


class ReplayError(ValueError):
    """An event the state cannot take (it refers to something that does not exist…)."""

    def __init__(self, event: Event, reason: str) -> None:
        super().__init__(f"event {event.seq} ({event.kind} {event.subject}): {reason}")


def projects(kind: str) -> Callable[[Projector], Projector]:
    def register(fn: Projector) -> Projector:
        if kind in _PROJECTORS:
            raise RuntimeError(f"two projectors for {kind}")
        _PROJECTORS[kind] = fn
        return fn

    return register


def resolves(kind: str) -> Callable[[Callable[[Event], None]], Callable[[Event], None]]:
    """Register a function run after `kind`'s projector: it completes rows that another
    organization's events made before this event's organization was restored (a feedback sent to
    a body restored only now learns the body's organization)."""

    def register(fn: Callable[[Event], None]) -> Callable[[Event], None]:
        _RESOLVERS.setdefault(kind, []).append(fn)
        return fn

    return register


def _load() -> None:
    global _loaded
    if not _loaded:
        for app in _APPS:
            importlib.import_module(f"polemica.web.{app}.projections")
        _loaded = True


def apply_event(event: Event) -> str | None:
    """Write what `event` changes into the state tables; unknown kinds change nothing."""
    _load()
    fn = _PROJECTORS.get(event.kind)
    question = fn(event) if fn else None
    for resolve in _RESOLVERS.get(event.kind, ()):
        resolve(event)
    return question


def projected_kinds() -> list[str]:
    _load()
    return sorted(_PROJECTORS)
