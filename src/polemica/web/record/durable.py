"""Durability of appends without holding the log's lock through the write-ahead log's flush.

An organization's appends are serialized by the lock on its log head, held until the transaction
ends. On PostgreSQL a synchronous COMMIT returns (and releases the lock) only once its commit
record is flushed to disk, so every append to an organization also waited for every earlier
append's flush. Instead, an action's transaction (`record.log.write_action`) commits with
`synchronous_commit = off` once it appends (`commit_without_flush`): COMMIT returns
at once and the next writer proceeds. Then, before the action returns to its caller (before the
client is told anything), `ensure_durable` waits until the write-ahead log is flushed past that
commit; concurrent waits share one flush (PostgreSQL's group commit).

What is kept: an acknowledged event is on disk. The log is a prefix after any crash: the write-
ahead log is sequential and appends to one log commit in seq order, so a crash can only lose a
tail of events whose actions had not yet returned (their seqs are then given again, gap-free).

What changes: other readers can see an event before it is on disk. Nothing that an outsider may
keep and later hold against the log may be built from such an event: signed checkpoints,
receipts (inclusion proofs) and exports call `ensure_durable` after reading the log's head and
before publishing anything covering it (`record.ledger`, `record.export`, `record.api`).

`ensure_durable` is one statement: when the flushed position already reaches the last inserted
one it does nothing else, otherwise it emits a transactional logical message (a WAL record with
a transaction id), whose synchronous commit flushes the log up to and past every commit visible
so far. (`SELECT txid_current()` is not enough: a transaction that wrote no WAL record commits
without flushing, whatever `synchronous_commit` says.) Inside a transaction the message makes
that transaction's own commit the flush. On SQLite both are no-ops: its commits are not
deferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection

from polemica.web.base.prepared import write

BARRIER = (
    "SELECT CASE WHEN pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn() THEN NULL"
    " ELSE pg_logical_emit_message(true, 'polemica.durable', '') END"
)
NO_FLUSH = "SET LOCAL synchronous_commit TO off"


@dataclass
class _Deferred:
    asked: bool = False


# Set while an action's outermost transaction runs on PostgreSQL (see `flush_after_commit`).
_deferred: ContextVar[_Deferred | None] = ContextVar("polemica_deferred_flush", default=None)


def ensure_durable() -> None:
    """Return once every transaction committed so far is flushed to disk (PostgreSQL).

    Inside a transaction, the flush happens at its commit (which then cannot skip it)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cur:
        cur.execute(BARRIER)


@contextmanager
def flush_after_commit() -> Iterator[None]:
    """Around an action's transaction: let `commit_without_flush` defer its commit's flush,
    and wait for that flush (`ensure_durable`) after the block, i.e. after the commit.

    Only the outermost transaction is concerned: inside a caller's transaction the commit is
    the caller's, which stays synchronous. When the block raises nothing was committed."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    state = _Deferred()
    token = _deferred.set(state)
    try:
        yield
    finally:
        _deferred.reset(token)
    if state.asked:
        ensure_durable()


def commit_without_flush() -> None:
    """Called by an append: inside `flush_after_commit`, the transaction will commit without
    waiting for its flush. Elsewhere (replay, imports, a caller's own transaction) the commit
    stays synchronous. The setting goes out with the append's batch of writes (no round trip
    of its own)."""
    state = _deferred.get()
    if state is None or state.asked or not connection.in_atomic_block:
        return
    state.asked = True
    write(NO_FLUSH, [])
