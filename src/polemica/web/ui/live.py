"""Live updates: a server-sent event stream telling a page that its question changed.

On PostgreSQL every appended event sends NOTIFY (delivered when its transaction commits) and
the stream LISTENs on its own connection; on SQLite the stream polls the log. Either way the
stream ends after `POLEMICA_LIVE_SECONDS` and the browser's EventSource reconnects, so no
server thread is held forever.
"""

from __future__ import annotations

import json
import os
import select
import time
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models.signals import post_save

from polemica.web.record.models import EventRow

CHANNEL = "polemica_log"
POLL = 1.0
_CONNECT_KEYS = {"dbname", "user", "password", "host", "port", "sslmode", "options"}


def stream_seconds() -> float:
    return float(os.environ.get("POLEMICA_LIVE_SECONDS", "25"))


def _notify(sender: type[EventRow], instance: EventRow, created: bool, **kw: Any) -> None:
    if created and connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("SELECT pg_notify(%s, %s)", [CHANNEL, instance.org])


def connect_notify() -> None:
    post_save.connect(_notify, sender=EventRow, dispatch_uid="polemica-ui-notify")


PHASE_KINDS = ("question.phase_changed", "decision.taken")


def latest(question: str) -> int:
    """The sequence number of the question's latest event (0 when it has none)."""
    rows = EventRow.objects.filter(question=question)
    return rows.order_by("-seq").values_list("seq", flat=True).first() or 0


def news(question: str, after: int) -> tuple[int, bool] | None:
    """What the question's log holds after `after`: its newest seq and whether its phase moved
    (a phase change or the decision), or None when nothing is new."""
    kinds = list(
        EventRow.objects.filter(question=question, seq__gt=after).values_list("seq", "kind")
    )
    if not kinds:
        return None
    return max(seq for seq, _ in kinds), any(kind in PHASE_KINDS for _, kind in kinds)


def parse_after(value: str | None) -> int | None:
    """A resume point (Last-Event-ID or `?after=`): a non-negative integer, or absent.

    Raises ValueError with a sentence for anything else."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    if not text.isdigit() or len(text) > 12:
        raise ValueError("The last event id must be a sequence number (a whole number).")
    return int(text)


def _message(event: str, seq: int, data: dict[str, Any]) -> str:
    """One server-sent event; its `id:` is the log's sequence number, so the browser's
    reconnection sends it back as Last-Event-ID and the stream resumes after it."""
    return f"event: {event}\nid: {seq}\ndata: {json.dumps(data)}\n\n"


def _waiter(org: str) -> Iterator[None]:
    """Yields whenever the org's log may have grown (NOTIFY on PostgreSQL, a poll on SQLite)."""
    if connection.vendor != "postgresql":
        while True:
            time.sleep(POLL)
            yield None
    import psycopg

    given = connection.get_connection_params()
    params = {k: v for k, v in given.items() if k in _CONNECT_KEYS}
    with psycopg.connect(**params, autocommit=True) as listen:
        listen.execute(f"LISTEN {CHANNEL}")
        while True:
            ready, _, _ = select.select([listen.fileno()], [], [], POLL * 5)
            if ready:
                for _note in listen.notifies(timeout=0):
                    pass
            yield None


def events(
    org: str, question: str, after: int | None = None, seconds: float | None = None
) -> Iterator[str]:
    """The stream. Without a resume point: `hello` with the question's latest seq. With one
    (the Last-Event-ID header of a reconnection, or the seq the page was drawn at): whatever
    was appended after it is reported at once, so nothing posted while the browser was
    reconnecting is lost. Then `contribution` or `phase` on each change, each carrying its
    seq as the event id."""
    deadline = time.monotonic() + (stream_seconds() if seconds is None else seconds)
    last = latest(question) if after is None else after
    new = None if after is None else news(question, after)
    if new is None:
        first = _message("hello", last, {"seq": last})
    else:
        last, moved = new
        first = _message("phase" if moved else "contribution", last, {"seq": last})
    yield "retry: 2000\n\n" + first
    for _ in _waiter(org):
        new = news(question, last)
        if new is not None:
            last, moved = new
            yield _message("phase" if moved else "contribution", last, {"seq": last})
        if time.monotonic() >= deadline:
            return
        yield ": keep-alive\n\n"
