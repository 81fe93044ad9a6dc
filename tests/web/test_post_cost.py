"""What a post costs inside the write transaction: rows the action read are not read again."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from polemica.events import Event
from polemica.web.orgs.models import Member
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution, Question
from polemica.web.record.projection import ReplayError
from polemica.web.record.refs import exists, known, ref
from tests.web.conftest import Org


def _selects(ctx: CaptureQueriesContext, table: str) -> int:
    return sum(
        1
        for q in ctx.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and f'FROM "{table}"' in q["sql"]
    )


def test_a_post_reads_its_question_once_and_not_its_author(org: Org) -> None:
    member = org.actor("member")
    q = process.do_open_question(member, org.cell, "Rents", "Too high?")
    with CaptureQueriesContext(connection) as ctx:
        c = process.do_post_contribution(member, q.id, "position", "Freeze them.")
    # Its organization (which never changes) before the log lock, the row once under it.
    assert _selects(ctx, Question._meta.db_table) == 2
    reads = [x["sql"] for x in ctx.captured_queries if 'FROM "process_question"' in x["sql"]]
    assert reads[0].split("FROM")[0].count(",") == 0
    assert _selects(ctx, Member._meta.db_table) == 0
    # The row the projection wrote is the one the action answered with.
    stored = Contribution.objects.get(pk=c.id)
    assert (stored.question_id, stored.author_id, stored.seq) == (
        q.id,
        org.members["member"],
        c.seq,
    )


def _event(subject: str = "q-x") -> Event:
    return Event(1, "ev-1", "2026-11-29T00:00:00Z", "org", None, None, "x", subject, {})


def test_known_rows_answer_only_inside_their_block(org: Org) -> None:
    q = process.do_open_question(org.actor("member"), org.cell, "Rents", "Too high?")
    ev = _event()
    with known([q, (Member, "m-nobody")]):
        assert ref(Question, q.pk, ev, "question") is q
        assert exists(Member, "m-nobody")
        # Known to exist is not an instance: ref still reads, and still refuses what is missing.
        with pytest.raises(ReplayError):
            ref(Member, "m-nobody", ev, "member")
    fresh = ref(Question, q.pk, ev, "question")
    assert fresh is not q and fresh.pk == q.pk
    assert not exists(Member, "m-nobody")
    with pytest.raises(ReplayError):
        ref(Question, "q-missing", ev, "question")


def test_server_threads_share_the_log_tree(org: Org) -> None:
    from polemica.web.record import log
    from polemica.web.record.models import LogHead

    process.do_open_question(org.actor("member"), org.cell, "Rents", "Too high?")
    head = LogHead.objects.get(org=org.id)
    mine = log._tree(org.id, head.size, head.root)
    assert mine.size == head.size
    seen: list[object] = []
    # Another server thread appending next finds the tree as this one left it (no node reads).
    t = threading.Thread(target=lambda: seen.append(log._tree(org.id, head.size, head.root)))
    t.start()
    t.join()
    assert seen == [mine]
    # A tree that is behind the log is not reused.
    assert log._tree(org.id, head.size - 1, "") is not mine


def _round_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL of every call that reaches the database driver (one round trip on PostgreSQL),
    as opposed to the statements Django logs."""
    from django.db.backends.utils import CursorWrapper

    sent: list[str] = []
    execute = CursorWrapper._execute

    def spy(self: CursorWrapper, sql: str, params: Any, *rest: Any) -> Any:
        sent.append(sql)
        return execute(self, sql, params, *rest)

    monkeypatch.setattr(CursorWrapper, "_execute", spy)
    return sent


@pytest.mark.parametrize("stale", [False, True])
def test_a_post_makes_few_round_trips_while_it_holds_the_log_lock(
    org: Org, stale: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each round trip under the lock delays every other writer of the organization: on
    PostgreSQL what the action reads (its question, the member's roles) comes with the lock,
    and the writes and the live pages' notification go in one more (the COMMIT follows). A
    tree another process moved costs none more there: its right edge comes with the lock.
    SQLite runs one statement per `execute`, in process."""
    from polemica.web.record import log

    member = org.actor("member")
    q = process.do_open_question(member, org.cell, "Rents", "Too high?")
    if stale:
        log._trees.pop(org.id, None)
    sent = _round_trips(monkeypatch)
    process.do_post_contribution(member, q.id, "position", "Freeze them.")
    at = max(i for i, s in enumerate(sent) if 'FROM "record_loghead"' in s)
    locked = [s for s in sent[at + 1 :] if "SAVEPOINT" not in s]
    if connection.vendor == "postgresql":
        assert len(locked) == 1, locked
        assert locked[0].count("INSERT INTO") == 4 and locked[0].count("UPDATE") == 1
        assert "pg_notify" in locked[0]
        assert "ledgernode" in sent[at]  # the edge's statement, with the lock
        assert 'FROM "process_question"' in sent[at] and 'FROM "orgs_role"' in sent[at]
    else:
        # question, roles; contribution, nodes, head, event, openings (and the edge of a
        # rebuilt tree)
        assert len(locked) == 7 + stale, locked
        assert 'FROM "process_question"' in locked[0] and 'FROM "orgs_role"' in locked[1]
