"""Appending to an organization's log: the single place events enter the platform.

`append_event` (actions) and `replay_event` (replay of an export) both end in `_commit`, which
projects the event into the state tables, stores it and adds its leaf to the Merkle tree, inside
the caller's transaction and under a lock on the log head, so `seq` never has gaps or repeats.

The locking rule (docs/platform.md, "The locking rule"): an action takes its organization's log
lock BEFORE it reads anything its checks depend on, and holds it to its commit. `write_action`
does it by construction: its `LockOn` names the argument that identifies the organization, the
lock is taken when the transaction begins, and `append_event` refuses to append to a log its
action did not lock that way. So no two actions of one organization check the same state at
once: a decision counts exactly the ballots before it, and a once-only act happens once.

Every other append to the organization waits while the lock is held, so the locked section is
kept short: its writes go to the database in one round trip (`base.prepared.batched`), and an
action's commit does not wait for the disk under the lock (`record.durable`: the action waits
for it after the commit, before it returns).
"""

from __future__ import annotations

import functools
import inspect
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, NamedTuple, ParamSpec, TypeVar

from django.db import OperationalError, connection, transaction
from django.db.models import Model
from django.db.models.signals import post_save

from polemica.events import Event, EventFormatError, parse_event
from polemica.ledger import MerkleTree, leaf_hash
from polemica.ledger.store import NodeKey
from polemica.web.accounts.idempotency import committed_mark
from polemica.web.base.errors import Invalid
from polemica.web.base.ids import new_id, now_text
from polemica.web.base.prepared import (
    Insert,
    Prepared,
    ReadAhead,
    batched,
    forget_ahead,
    one_round_trip,
    reads_ahead,
    write,
)
from polemica.web.orgs.access import Actor
from polemica.web.record.durable import commit_without_flush, flush_after_commit
from polemica.web.record.ledger import Openings, leaf_parts
from polemica.web.record.models import EventRow, LedgerNode, LogHead, Opening
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

# On PostgreSQL the lock and the tree's right edge come in one round trip: the second statement
# runs once the first holds the lock (each statement of a multi-statement query takes its own
# snapshot), so it reads the nodes of the locked size. It returns rows only when this process's
# tree is not at that size (another process appended last); otherwise the tree is used as is.
_H, _N = LogHead._meta.db_table, LedgerNode._meta.db_table
_LOCK_WITH_EDGE = (
    f'SELECT size, root FROM "{_H}" WHERE org = %s FOR UPDATE;\n'
    f'SELECT n.level, n."index", n.digest FROM "{_H}" h'
    " CROSS JOIN generate_series(0, 62) AS g(level)"
    f' JOIN "{_N}" n ON n.org = h.org AND n.level = g.level AND n."index" = (h.size >> g.level) - 1'
    " WHERE h.org = %s AND h.size <> %s AND ((h.size >> g.level) & 1) = 1"
)


# The head's move, the event row and the openings are written on every append: as plain SQL,
# not compiled by the ORM each time (base.prepared), and sent in one round trip with the
# projection's and the tree's inserts (base.prepared.batched).
_MOVE_HEAD = f"UPDATE {_H} SET size = %s, root = %s WHERE org = %s"
_events = Insert(EventRow)
_EVENT_FIELDS = [f for f in EventRow._meta.concrete_fields if not f.primary_key]
_openings = Insert(Opening)


class _Head(NamedTuple):
    """The locked head; `edge`: right-edge nodes read with the lock (else empty)."""

    org: str
    size: int
    root: str
    edge: dict[NodeKey, bytes]


Ahead = Sequence[tuple[Prepared, tuple[Any, ...]]]


def _read_head(org: str, ahead: Ahead = ()) -> tuple[_Head, ReadAhead] | None:
    """The locked head; on PostgreSQL with the tree's right edge when this process's copy is
    behind, and the rows of `ahead` read right after the lock, all in one round trip."""
    if not one_round_trip():
        found = _head.first(org)
        return None if found is None else (_Head(org, found[0], found[1], {}), {})
    cached = _trees.get(org)
    sql = _LOCK_WITH_EDGE
    params: list[Any] = [org, org, -1 if cached is None else cached.size]
    for query, args in ahead:
        more, more_params = query.statement(*args)
        sql, params = f"{sql};\n{more}", [*params, *more_params]
    read: ReadAhead = {}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        row = cur.fetchone()
        cur.nextset()
        edge = {(lv, ix): bytes(digest) for lv, ix, digest in cur.fetchall()}
        for query, args in ahead:
            cur.nextset()
            read[(query, args)] = query.convert(cur.fetchall())
    return None if row is None else (_Head(org, row[0], row[1], edge), read)


def _lock_head(org: str, ahead: Ahead = ()) -> tuple[_Head, ReadAhead]:
    """The org's log head, locked until the transaction ends (FOR UPDATE on PostgreSQL;
    SQLite write transactions are serialized by BEGIN IMMEDIATE), and the rows read ahead."""
    if not connection.in_atomic_block:
        raise RuntimeError("appending to the log needs a transaction")
    found = _read_head(org, ahead)
    if found is None:
        LogHead.objects.bulk_create([LogHead(org=org, size=0)], ignore_conflicts=True)
        found = _read_head(org, ahead)
        if found is None:
            raise RuntimeError(f"the log head of {org} could not be created")
    return found


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
    held = _held.get()
    head = None if held is None else held.get(org)
    if head is None:
        head = _lock_head(org)[0]
        if head.size:
            # Only a new organization's first events may be appended without the gate: there
            # was nothing in its log an action could have read.
            raise RuntimeError(
                f"{kind}: the log of {org} must be locked before the action reads "
                "(decorate the action with write_action(lock=LockOn(...)))"
            )
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
        # The request's field: what the action put in the event's data came from it.
        field = exc.field.removeprefix("data.") if exc.field else exc.field
        raise Invalid(exc.reason, field=field) from None
    forget_ahead()
    moved = _commit(event, head, known=known)
    if held is not None:
        held[org] = moved
    return event


def replay_event(event: Event, leaf: bytes | None = None, openings: Openings | None = None) -> None:
    """Add an event read from an export; its seq must be the next one of its org's log.

    With `leaf` and `openings` (from a ledger export) the leaf is kept exactly as it was, so the
    rebuilt log has the same hashes; without, the event is committed afresh (an import).
    """
    head = _lock_head(event.org)[0]
    if event.seq != head.size + 1:
        raise ReplayError(event, f"expected seq {head.size + 1} in the log of {event.org}")
    _commit(event, head, leaf, openings)


def import_event(event: Event) -> Event:
    """Add an event from elsewhere (an importer, the simulator) as the next one of its org's log:
    its seq is renumbered (a file may interleave several organizations), the rest is kept."""
    head = _lock_head(event.org)[0]
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


def _tree(
    org: str, size: int, root: str, edge: Mapping[NodeKey, bytes] | None = None
) -> MerkleTree:
    """The org's tree at `size`: the one this process used last if it still has exactly that
    size and root (the head is locked, so they cannot move), else built from its right edge
    (`edge` when given, else read from the node table)."""
    t = _trees.get(org)
    if t is None or t.size != size or (size and t.root().hex() != root):
        t = MerkleTree(DatabaseNodeStore(org, size, known=edge))
        _trees[org] = t
    return t


def _commit(
    event: Event,
    head: _Head,
    leaf: bytes | None = None,
    openings: Openings | None = None,
    known: Iterable[Known] = (),
) -> _Head:
    """Project, store and hash `event` on top of `head`; returns the head after it."""
    if leaf is None:
        leaf, openings = leaf_parts(event)
    # Before anything is queued: a tree built from the node table reads it here, not after
    # sending the projection's writes on their own.
    t = _tree(event.org, head.size, head.root, head.edge)
    with batched():
        commit_without_flush()
        with known_rows(known):
            question = apply_event(event)
        try:
            t.append(leaf)
        except Exception:
            _trees.pop(event.org, None)
            raise
        write(_MOVE_HEAD, [t.size, t.root().hex(), event.org])
        mark = committed_mark()
        if mark is not None:  # the request's idempotency key: recorded with its events
            write(*mark)
        row = EventRow(
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
        _events.row(**{f.attname: getattr(row, f.attname) for f in _EVENT_FIELDS})
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
        # The event row is written without the ORM, so its post_save (the live pages' NOTIFY,
        # ui/live.py) is sent here; on PostgreSQL the first statement its receivers run carries
        # the writes above, in one round trip. The row has no `pk`.
        post_save.send(
            sender=EventRow,
            instance=row,
            created=True,
            update_fields=None,
            raw=False,
            using=connection.alias,
        )
    return _Head(event.org, t.size, t.root().hex(), {})


def _locked(exc: OperationalError) -> bool:
    text = str(exc).lower()
    return "database is locked" in text or "deadlock detected" in text or "busy" in text


# The log heads the running action locked (org → head), for as long as its transaction runs.
_held: ContextVar[dict[str, _Head] | None] = ContextVar("polemica_held_heads", default=None)


@dataclass(frozen=True)
class LockOn:
    """Which organization's log an action locks before it reads: the one `org_of` finds for the
    action's argument named `param` (None when there is no such thing: the action then fails
    its own lookup, and appends nothing).

    An organization of a question, body, directive… never changes, so finding it before the
    lock is safe; every other read of the action comes after the lock."""

    param: str
    org_of: Callable[[Any], str | None]
    # Rows the action will read by these prepared queries, given the argument: read with the
    # lock, in its round trip, instead of one round trip each while holding it.
    ahead: Callable[[Any], Ahead] | None = None


def _org_param(
    lock: LockOn, fn: Callable[..., Any]
) -> Callable[[tuple[Any, ...], dict[str, Any]], Any]:
    """How to pick `lock.param` out of a call's arguments; checked when the action is defined."""
    params = list(inspect.signature(fn).parameters.values())
    names = [p.name for p in params]
    if lock.param not in names:
        raise TypeError(f"{fn.__name__} has no argument {lock.param!r} to lock on")
    at = names.index(lock.param)
    default = params[at].default
    default = None if default is inspect.Parameter.empty else default

    def pick(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        return args[at] if at < len(args) else kwargs.get(lock.param, default)

    return pick


@contextmanager
def _gate(lock: LockOn, target: Any, actor: object) -> Iterator[None]:
    """Lock the log head of `target`'s organization at the start of the action's transaction
    (once per transaction), reading ahead what the action will read first."""
    org = None if target is None else lock.org_of(target)
    held = _held.get()
    token = None
    if held is None:
        held = {}
        token = _held.set(held)
    before = dict(held)
    read: ReadAhead = {}
    try:
        if isinstance(actor, Actor):
            # Rights read before the lock (by the request, an earlier action) are read again.
            actor.forget()
        if org is not None and org not in held:
            ahead = [*(lock.ahead(target) if lock.ahead else ()), *_rights_ahead(actor, org)]
            held[org], read = _lock_head(org, ahead)
        with reads_ahead(read):
            yield
    except BaseException:
        # The action's savepoint is rolled back: so are its appends.
        held.clear()
        held.update(before)
        raise
    finally:
        if token is not None:
            _held.reset(token)


def _rights_ahead(actor: object, org: str) -> Ahead:
    return actor.ahead(org) if isinstance(actor, Actor) else ()


def write_action(*, lock: LockOn) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Run an action in one transaction that first locks its organization's log (`lock`), and
    retry when the database was momentarily locked.

    When the transaction appended to a log on PostgreSQL, its commit does not wait for the disk,
    and the action returns only once the commit is flushed (`record.durable`)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        pick = _org_param(lock, fn)

        @functools.wraps(fn)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            delay = 0.02
            for attempt in range(12):
                try:
                    with (
                        one_writer(),
                        flush_after_commit(),
                        transaction.atomic(),
                        _gate(lock, pick(args, kwargs), args[0] if args else None),
                    ):
                        return fn(*args, **kwargs)
                except OperationalError as exc:
                    if not _locked(exc) or attempt == 11 or connection.in_atomic_block:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 1.0)
            raise AssertionError("unreachable")

        run.lock = lock  # type: ignore[attr-defined]
        return run

    return decorate


def same_org(org: str) -> str:
    """`LockOn.org_of` for an argument that is the organization's id itself."""
    return org


class OrgOf:
    """`LockOn.org_of` for an argument that is the id of a `model` row: its `field` (a path to
    the organization's id), compiled once per thread (base.prepared); None when no such row."""

    def __init__(self, model: type[Model], field: str = "org_id") -> None:
        self._query = Prepared(
            lambda pk: model._default_manager.filter(pk=pk).values_list(field, flat=True)[:1]
        )

    def __call__(self, pk: Any) -> str | None:
        if not isinstance(pk, str):
            return None
        row = self._query.first(pk)
        return None if row is None else str(row[0])


def first_org(*finders: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    """`LockOn.org_of` for an argument that may name one of several kinds of rows."""

    def find(pk: Any) -> str | None:
        for finder in finders:
            org = finder(pk)
            if org is not None:
                return org
        return None

    return find
