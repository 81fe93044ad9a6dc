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


def state(question: str) -> tuple[int, str]:
    """The question's latest event and its phase-changing event count (changes → news)."""
    rows = EventRow.objects.filter(question=question)
    last = rows.order_by("-seq").values_list("seq", flat=True).first() or 0
    phase = rows.filter(kind="question.phase_changed").count()
    phase += rows.filter(kind="decision.taken").count()
    return last, str(phase)


def _message(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


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


def events(org: str, question: str, seconds: float | None = None) -> Iterator[str]:
    """The stream: `hello` with the current state, then `contribution` or `phase` on change."""
    deadline = time.monotonic() + (stream_seconds() if seconds is None else seconds)
    last, phase = state(question)
    yield "retry: 2000\n\n" + _message("hello", {"seq": last})
    for _ in _waiter(org):
        now_last, now_phase = state(question)
        if now_phase != phase:
            yield _message("phase", {"seq": now_last})
        elif now_last != last:
            yield _message("contribution", {"seq": now_last})
        last, phase = now_last, now_phase
        if time.monotonic() >= deadline:
            return
        yield ": keep-alive\n\n"
