"""Appending to an organization's log: the single place events enter the platform.

`append_event` (actions) and `replay_event` (replay of an export) both end in `_commit`, which
projects the event into the state tables, stores it and adds its leaf to the Merkle tree, inside
the caller's transaction and under a lock on the log head, so `seq` never has gaps or repeats.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Iterable
from typing import Any, ParamSpec, TypeVar

from django.db import OperationalError, connection, transaction

from polemica.events import Event, EventFormatError, parse_event
from polemica.ledger import MerkleTree, leaf_hash
from polemica.web.base.errors import Invalid
from polemica.web.base.ids import new_id, now_text
from polemica.web.base.prepared import Insert, Prepared
from polemica.web.record.ledger import Openings, leaf_parts
from polemica.web.record.models import EventRow, LogHead, Opening
from polemica.web.record.projection import ReplayError, apply_event
from polemica.web.record.refs import Known
from polemica.web.record.refs import known as known_rows
from polemica.web.record.store import DatabaseNodeStore
from polemica.web.record.writers import one_writer

P = ParamSpec("P")
R = TypeVar("R")


# Every append asks it (base.prepared: compiled once per thread).
_head = Prepared(
    lambda org: LogHead.objects.select_for_update().filter(org=org).values_list("size", "root")
)


# The head's move and the openings are written on every append: as plain SQL, not compiled by
# the ORM each time (base.prepared). The event row stays an ORM insert: the live pages listen to
# its post_save (ui/live.py).
_MOVE_HEAD = f"UPDATE {LogHead._meta.db_table} SET size = %s, root = %s WHERE org = %s"
_openings = Insert(Opening)


def _lock_head(org: str) -> LogHead:
    """The org's log head, locked until the transaction ends (FOR UPDATE on PostgreSQL;
    SQLite write transactions are serialized by BEGIN IMMEDIATE)."""
    if not connection.in_atomic_block:
        raise RuntimeError("appending to the log needs a transaction")
    found = _head.first(org)
    if found is None:
        LogHead.objects.bulk_create([LogHead(org=org, size=0)], ignore_conflicts=True)
        found = _head.first(org)
        if found is None:
            raise RuntimeError(f"the log head of {org} could not be created")
    return LogHead(org=org, size=found[0], root=found[1])


def append_event(
    *,
    org: str,
    kind: str,
    subject: str,
    data: dict[str, Any],
    actor: str | None,
    body: str | None,
    known: Iterable[Known] = (),
) -> Event:
    """Append one new event to `org`'s log and project it; returns the stored event.

    `known`: rows the caller read in this transaction that the event refers to (record.refs),
    so the projection need not read them again.
    """
    head = _lock_head(org)
    seq = head.size + 1
    raw = {
        "v": 1,
        "seq": seq,
        "id": new_id("ev"),
        "at": now_text(),
        "org": org,
        "body": body,
        "actor": actor,
        "kind": kind,
        "subject": subject,
        "data": data,
    }
    try:
        event = parse_event(raw)
    except EventFormatError as exc:
        raise Invalid(exc.reason, field=exc.field) from None
    _commit(event, head, known=known)
    return event


def replay_event(event: Event, leaf: bytes | None = None, openings: Openings | None = None) -> None:
    """Add an event read from an export; its seq must be the next one of its org's log.

    With `leaf` and `openings` (from a ledger export) the leaf is kept exactly as it was, so the
    rebuilt log has the same hashes; without, the event is committed afresh (an import).
    """
    head = _lock_head(event.org)
    if event.seq != head.size + 1:
        raise ReplayError(event, f"expected seq {head.size + 1} in the log of {event.org}")
    _commit(event, head, leaf, openings)


def import_event(event: Event) -> Event:
    """Add an event from elsewhere (an importer, the simulator) as the next one of its org's log:
    its seq is renumbered (a file may interleave several organizations), the rest is kept."""
    head = _lock_head(event.org)
    renumbered = Event(
        head.size + 1,
        event.id,
        event.at,
        event.org,
        event.body,
        event.actor,
        event.kind,
        event.subject,
        event.data,
        event.v,
        event.extra,
    )
    _commit(renumbered, head)
    return renumbered


# One tree per organization for the whole process, not per thread: only the holder of the
# org's head lock uses it, and with sixteen server threads a per-thread tree was almost always
# behind the log, so nearly every append read its right edge back from the node table under the
# lock. The tree stores through `connection`, i.e. the calling thread's own connection.
_trees: dict[str, MerkleTree] = {}


def _tree(org: str, size: int, root: str) -> MerkleTree:
    """The org's tree at `size`: the one this process used last if it still has exactly that
    size and root (the head is locked, so they cannot move), else read from the node table."""
    t = _trees.get(org)
    if t is None or t.size != size or (size and t.root().hex() != root):
        t = MerkleTree(DatabaseNodeStore(org, size))
        _trees[org] = t
    return t


def _commit(
    event: Event,
    head: LogHead,
    leaf: bytes | None = None,
    openings: Openings | None = None,
    known: Iterable[Known] = (),
) -> None:
    with known_rows(known):
        question = apply_event(event)
    if leaf is None:
        leaf, openings = leaf_parts(event)
    t = _tree(event.org, head.size, head.root)
    try:
        t.append(leaf)
    except Exception:
        _trees.pop(event.org, None)
        raise
    with connection.cursor() as cur:
        cur.execute(_MOVE_HEAD, [t.size, t.root().hex(), event.org])
    EventRow.objects.create(
        org=event.org,
        seq=event.seq,
        event_id=event.id,
        at=event.at,
        body=event.body,
        actor=event.actor,
        kind=event.kind,
        subject=event.subject,
        data=dict(event.data),
        extra=dict(event.extra),
        question=question,
        leaf=leaf.decode("utf-8"),
        leaf_hash=leaf_hash(leaf).hex(),
    )
    if openings:
        _openings.rows(
            [
                {
                    "org": event.org,
                    "seq": event.seq,
                    "field": f,
                    "salt": o.salt.hex(),
                    "value": o.value,
                }
                for f, o in openings.items()
            ]
        )


def _locked(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "deadlock detected" in text or "busy" in text


def write_action(fn: Callable[P, R]) -> Callable[P, R]:
    """Run an action in one transaction, retrying when the database was momentarily locked."""

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        delay = 0.02
        for attempt in range(12):
            try:
                with one_writer(), transaction.atomic():
                    return fn(*args, **kwargs)
            except OperationalError as exc:
                if not _locked(exc) or attempt == 11 or connection.in_atomic_block:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        raise AssertionError("unreachable")

    return run
