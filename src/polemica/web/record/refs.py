"""Helpers projectors share: look a referenced row up or fail naming the event.

An action has usually just read, in the same transaction, the rows its event refers to (the
question it checked access to, the acting member). It names them to `append_event(known=…)`,
and `ref` and `exists` answer from them instead of reading them again: the projection runs under
the log's write lock, and each repeated read cost about 0.4 ms of it (measured on a post). Replay
and imports name nothing, so every reference of theirs is read and checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from types import MappingProxyType
from typing import Any, TypeVar

from django.db import models

from polemica.events import Event, parse_time
from polemica.web.record.projection import ReplayError

M = TypeVar("M", bound=models.Model)

# A row read in the current transaction (an instance), or a row only known to exist (a
# (model, pk) pair, e.g. the member behind a login); keyed by (model, pk).
Known = models.Model | tuple[type[models.Model], Any]
_NONE: Mapping[tuple[type[models.Model], Any], models.Model | None] = MappingProxyType({})
_known: ContextVar[Mapping[tuple[type[models.Model], Any], models.Model | None]] = ContextVar(
    "polemica_known_rows", default=_NONE
)


@contextmanager
def known(rows: Iterable[Known]) -> Iterator[None]:
    """Let `ref` and `exists` answer from `rows` while the block runs (one event's projection).

    Only rows read in the caller's transaction, after its log lock (record.log.write_action), may
    be named: no other action of the organization can have changed them since.
    """
    found: dict[tuple[type[models.Model], Any], models.Model | None] = {}
    for row in rows:
        if isinstance(row, tuple):
            found.setdefault((row[0], row[1]), None)
        else:
            found[(type(row), row.pk)] = row
    token = _known.set(found)
    try:
        yield
    finally:
        _known.reset(token)


def ref(model: type[M], pk: Any, event: Event, what: str) -> M:
    found = ref_across(model, pk, event, what)
    if found is None:
        raise ReplayError(event, f"refers to the unknown {what} {pk!r}")
    return found


def ref_across(model: type[M], pk: Any, event: Event, what: str) -> M | None:
    """A reference that may cross organizations (a forum's directive to an organization's
    body, an application of the forum's directive): the row, or None while it is not here.

    Organizations are restored one at a time, in any order, so a row of another organization
    may come later; `record.pending` lists such references until they resolve, and a restore
    fails naming the event when one never does. References within an organization use `ref`.
    """
    if pk is None:
        raise ReplayError(event, f"names no {what}")
    row = _known.get().get((model, pk))
    if isinstance(row, model):
        return row
    return model._default_manager.filter(pk=pk).first()


def exists(model: type[models.Model], pk: Any) -> bool:
    """Whether a row of `model` with this primary key exists."""
    if (model, pk) in _known.get():
        return True
    return model._default_manager.filter(pk=pk).exists()


def when(event: Event) -> datetime:
    return parse_time(event.at)
