"""Read queries the ORM compiles once per server thread instead of once per request.

Turning a queryset into SQL costs about 0.3 ms of CPU, running a lookup by key on SQLite 0.03 ms
(measured). The queries every request makes (the question and its reader's rights, the page's
version, the log head) are therefore written with the ORM, compiled once with placeholder
arguments, and afterwards only run with the real ones: same SQL, same value conversions (JSON,
booleans, dates), no compiling.

Only `values_list` queries whose arguments are compared to text columns (ids) are supported; a
query whose compiled parameters do not contain every placeholder is refused when first compiled.

Writes can be batched (`batched`): inside the block, `Insert` and `write` queue their statements
and PostgreSQL receives them as one multi-statement round trip (Django's psycopg cursors bind
parameters on the client, so one `execute` may hold several statements). The log's append uses
it: every round trip made while the log head is locked delays every other writer of the
organization.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Model, QuerySet
from django.db.models.fields import AutoFieldMixin
from django.db.models.query import FlatValuesListIterable, ValuesListIterable


@dataclass(frozen=True)
class _Plan:
    sql: str
    params: tuple[Any, ...]
    # (position in params, argument index)
    slots: tuple[tuple[int, int], ...]
    # (column, converter functions, expression) of the columns that need converting
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


def _mark(i: int) -> str:
    return f"\x00polemica-argument-{i}\x00"


class Prepared:
    """`build(*arguments)` returns a `values_list` queryset; `rows(*arguments)` runs it."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], arity: int = 1) -> None:
        self._build = build
        self._arity = arity
        # Per thread and database vendor: converters belong to the thread's connection.
        self._local = threading.local()

    def _plan(self) -> _Plan:
        plans: dict[str, _Plan] = self._local.__dict__.setdefault("plans", {})
        plan = plans.get(connection.vendor)
        if plan is not None:
            return plan
        marks = [_mark(i) for i in range(self._arity)]
        qs = self._build(*marks)
        if qs._iterable_class not in (ValuesListIterable, FlatValuesListIterable):
            raise TypeError("a prepared query must be a values_list query")
        compiler = qs.query.get_compiler(connection=connection)
        sql, params = compiler.as_sql()
        slots = tuple(
            (pos, marks.index(p))
            for pos, p in enumerate(params)
            if isinstance(p, str) and p in marks
        )
        if {arg for _, arg in slots} != set(range(self._arity)):
            raise TypeError("every argument of a prepared query must reach its SQL unchanged")
        found = compiler.get_converters([col for col, _, _ in compiler.select])
        converters = tuple((i, tuple(fns), expr) for i, (fns, expr) in sorted(found.items()))
        plan = _Plan(sql, tuple(params), slots, converters)
        plans[connection.vendor] = plan
        return plan

    def statement(self, *arguments: Any) -> tuple[str, list[Any]]:
        """The SQL and parameters that `rows(*arguments)` runs."""
        plan = self._plan()
        params = list(plan.params)
        for pos, arg in plan.slots:
            params[pos] = arguments[arg]
        return plan.sql, params

    def rows(self, *arguments: Any) -> list[tuple[Any, ...]]:
        ahead = _ahead.get()
        if ahead is not None:
            found = ahead.get((self, arguments))
            if found is not None:
                return found
        sql, params = self.statement(*arguments)
        with connection.cursor() as cur:
            cur.execute(sql, params)
            return self.convert(cur.fetchall())

    def convert(self, rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
        """Rows as the database driver returned them, converted as the ORM would."""
        plan = self._plan()
        if not plan.converters:
            return [tuple(r) for r in rows]
        out = []
        for r in rows:
            row = list(r)
            for i, fns, expr in plan.converters:
                value = row[i]
                for fn in fns:
                    value = fn(value, expr, connection)
                row[i] = value
            out.append(tuple(row))
        return out

    def first(self, *arguments: Any) -> tuple[Any, ...] | None:
        found = self.rows(*arguments)
        return found[0] if found else None


# Rows read ahead in the round trip that took an action's log lock (record.log), answered by
# `Prepared.rows` instead of the database until the action writes: (query, arguments) → rows.
ReadAhead = dict[tuple[Prepared, tuple[Any, ...]], list[tuple[Any, ...]]]
_ahead: ContextVar[ReadAhead | None] = ContextVar("polemica_read_ahead", default=None)


@contextmanager
def reads_ahead(rows: ReadAhead) -> Iterator[None]:
    """Let `Prepared.rows` answer from `rows` while the block runs (or until `forget_ahead`)."""
    token = _ahead.set(rows)
    try:
        yield
    finally:
        _ahead.reset(token)


def forget_ahead() -> None:
    """The action is writing: rows read ahead may no longer be what the database holds."""
    ahead = _ahead.get()
    if ahead:
        ahead.clear()


class Insert:
    """Inserts rows of `model` without the ORM's per-call compiling (0.3 ms a statement).

    Rows are given by attribute name (`question_id`, not `question`).
    Values go through each field's own `get_db_prep_save`, as in `Model.save`, so JSON, dates
    and binary data are stored exactly as the ORM stores them; fields not given take their
    default. No signals are sent: use it only for models nothing listens to.
    """

    def __init__(self, model: type[Model]) -> None:
        self._fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
        self._table = model._meta.db_table
        self._names = {f.attname for f in self._fields}

    def rows(self, rows: Sequence[Mapping[str, Any]]) -> None:
        if not rows:
            return
        for row in rows:
            unknown = set(row) - self._names
            if unknown:
                raise TypeError(f"{self._table} has no field {sorted(unknown)[0]}")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in self._fields)
        one = "(" + ", ".join(["%s"] * len(self._fields)) + ")"
        sql = f"INSERT INTO {quote(self._table)} ({columns}) VALUES " + ", ".join([one] * len(rows))
        params: list[Any] = []
        for row in rows:
            for f in self._fields:
                value = row[f.attname] if f.attname in row else f.get_default()
                params.append(f.get_db_prep_save(value, connection))
        write(sql, params)

    def row(self, **values: Any) -> None:
        self.rows([values])


# The statements queued by the innermost `batched` block of this thread (None: none is open).
_queue: ContextVar[list[tuple[str, list[Any]]] | None] = ContextVar(
    "polemica_write_queue", default=None
)


def write(sql: str, params: Sequence[Any]) -> None:
    """Run a write statement (no result), or queue it when a `batched` block is open.

    Its placeholders must be `%s` (no literal `%`): queued statements are joined into one."""
    queue = _queue.get()
    if queue is None:
        with connection.cursor() as cur:
            cur.execute(sql, list(params))
    else:
        queue.append((sql, list(params)))


def one_round_trip() -> bool:
    """Whether one `execute` may hold several statements: on PostgreSQL with Django's default
    client-side binding. Server-side binding (an OPTIONS choice) sends each statement through
    the extended protocol, which takes one at a time; SQLite's `execute` also takes one."""
    return connection.vendor == "postgresql" and not connection.settings_dict.get(
        "OPTIONS", {}
    ).get("server_side_binding")


def flush() -> None:
    """Send what the open `batched` block queued, in order (one round trip on PostgreSQL)."""
    queue = _queue.get()
    if not queue:
        return
    items = list(queue)
    queue.clear()
    with connection.cursor() as cur:
        if len(items) > 1 and one_round_trip():
            cur.execute(";\n".join(sql for sql, _ in items), [p for _, ps in items for p in ps])
        else:
            for sql, params in items:
                cur.execute(sql, params)


def _flush_first(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    # Any other statement run inside the block (a projector reading or saving through the ORM,
    # a signal's receiver) carries what was queued before it, in front of it, so statements run
    # in the order they were written; the caller then reads its own statement's result.
    queue = _queue.get()
    if not queue:
        return execute(sql, params, many, context)
    if many or not isinstance(params, list | tuple) or not one_round_trip():
        flush()
        return execute(sql, params, many, context)
    items = [*queue, (sql, list(params))]
    queue.clear()
    out = execute(
        ";\n".join(q for q, _ in items), [p for _, ps in items for p in ps], many, context
    )
    cursor = context["cursor"]
    while cursor.nextset():
        pass
    return out


@contextmanager
def batched() -> Iterator[None]:
    """Queue the block's `Insert`s and `write`s; send them with the next other statement or
    when the block ends, whichever comes first.

    On PostgreSQL the queue goes in front of the next statement, in the same round trip (its
    caller still reads its own result; Django's query log shows the whole text); on SQLite, or
    before a statement without parameters or an `executemany`, the queue is sent first. Either
    way the database runs the same statements in the same order as without the block; only the
    round trips are fewer. A failing queued statement raises where it is sent. When the block
    raises, what is still queued is dropped: the caller's transaction is failing. A nested
    block shares the outer block's queue, and sends it when it ends too.
    """
    if _queue.get() is not None:
        yield
        flush()
        return
    token = _queue.set([])
    try:
        with connection.execute_wrapper(_flush_first):
            yield
            flush()
    finally:
        _queue.reset(token)
