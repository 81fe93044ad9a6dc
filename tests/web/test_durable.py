"""Appends commit without waiting for the disk under the log's lock, and are on disk before the
action returns; nothing published (checkpoints, receipts, exports, the log) covers an event that
is not on disk yet (record/durable.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.test import Client
from django.test.utils import CaptureQueriesContext

from polemica.web.accounts.auth import issue_token
from polemica.web.base.errors import Invalid
from polemica.web.process import actions as process
from polemica.web.record import api as record_api
from polemica.web.record import durable, export, ledger
from polemica.web.record.models import EventRow, LogHead
from polemica.web.ui import live
from polemica.web.ui.views import record as record_page
from tests.web.conftest import Org, build_org


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _sql(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries]


@pytest.mark.django_db(transaction=True)
def test_an_action_commits_without_waiting_and_waits_for_the_disk_before_returning() -> None:
    org = build_org()
    member = org.actor("member")
    q = process.do_open_question(member, org.cell, "Rents", "Too high?")
    with CaptureQueriesContext(connection) as ctx:
        process.do_post_contribution(member, q.id, "remark", "Freeze them.")
    sql = _sql(ctx)
    if not _postgres():
        assert not any(durable.NO_FLUSH in s or durable.BARRIER in s for s in sql)
        return
    # The setting goes with the append's writes, the barrier comes last: after the commit.
    assert sum(durable.NO_FLUSH in s for s in sql) == 1
    assert sql[-1] == durable.BARRIER
    assert not any(durable.BARRIER in s for s in sql[:-1])
    # An action that appends nothing commits as usual and waits for nothing.
    with CaptureQueriesContext(connection) as ctx, pytest.raises(Invalid):
        process.do_post_contribution(member, q.id, "remark", "   ")
    assert not any(durable.NO_FLUSH in s or durable.BARRIER in s for s in _sql(ctx))


@pytest.mark.django_db(transaction=True)
def test_inside_a_callers_transaction_the_commit_is_the_callers_and_stays_synchronous() -> None:
    org = build_org()
    member = org.actor("member")
    q = process.do_open_question(member, org.cell, "Rents", "Too high?")
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        process.do_post_contribution(member, q.id, "remark", "One.")
        process.do_post_contribution(member, q.id, "remark", "Two.")
    assert not any(durable.NO_FLUSH in s or durable.BARRIER in s for s in _sql(ctx))


@pytest.mark.django_db(transaction=True)
def test_the_barrier_flushes_what_was_committed_without_waiting() -> None:
    if not _postgres():
        pytest.skip("the write-ahead log is PostgreSQL's")
    org = build_org()
    member = org.actor("member")
    q = process.do_open_question(member, org.cell, "Rents", "Too high?")
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute(durable.NO_FLUSH)
        process.do_post_contribution(member, q.id, "remark", "Not on disk yet.")
    with connection.cursor() as cur:
        cur.execute("SELECT pg_current_wal_insert_lsn()")
        committed = cur.fetchone()[0]
    durable.ensure_durable()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_current_wal_flush_lsn() >= %s::pg_lsn", [committed])
        assert cur.fetchone()[0] is True
        # With nothing left to flush it writes nothing.
        cur.execute("SELECT pg_current_wal_flush_lsn() >= pg_current_wal_insert_lsn()")
        if cur.fetchone()[0]:
            cur.execute("SELECT pg_current_wal_insert_lsn()")
            before = cur.fetchone()[0]
            durable.ensure_durable()
            cur.execute("SELECT pg_current_wal_insert_lsn() = %s::pg_lsn", [before])
            assert cur.fetchone()[0] is True


class _Spy:
    """Stands for `ensure_durable`: counts calls and, at the first, lets another member append
    (a concurrent writer whose event is not on disk when the flush is asked for)."""

    def __init__(self, org: Org, question: str) -> None:
        self.calls = 0
        self._org, self._question = org, question

    def __call__(self) -> None:
        self.calls += 1
        if self.calls == 1:
            process.do_post_contribution(
                self._org.actor("member2"), self._question, "remark", "Just arrived."
            )


def _size(org: Org) -> int:
    return LogHead.objects.get(org=org.id).size


def _spy(monkeypatch: pytest.MonkeyPatch, org: Org, module: Any) -> tuple[_Spy, int]:
    q = process.do_open_question(org.actor("member"), org.cell, "Rents", "Too high?")
    spy = _Spy(org, q.id)
    monkeypatch.setattr(module, "ensure_durable", spy)
    return spy, _size(org)


def test_a_checkpoint_signs_only_what_it_read_before_the_flush(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy, size = _spy(monkeypatch, org, ledger)
    cp = ledger.checkpoint(org.id)
    assert spy.calls == 1 and cp.size == size and _size(org) == size + 1
    # A receipt is under such a checkpoint.
    doc = ledger.receipt(org.id, size + 1)
    assert spy.calls == 2 and doc["tree_size"] == size + 1


def test_an_export_signs_only_what_it_read_before_the_flush(
    org: Org, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    spy, size = _spy(monkeypatch, org, export)
    done = export.export_log(org.id, tmp_path / "out")
    assert spy.calls == 1 and done.events == size and _size(org) == size + 1


def test_the_apis_log_and_export_give_only_what_is_on_disk(
    org: Org, monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    spy, size = _spy(monkeypatch, org, record_api)
    admin = {"Authorization": f"Bearer {issue_token(org.users['admin'], 't')}"}
    r = client.get(f"/api/orgs/{org.id}/export", headers=admin)
    lines = b"".join(r.streaming_content).splitlines()  # type: ignore[attr-defined]
    assert spy.calls == 1 and len(lines) == size and _size(org) == size + 1
    member = {"Authorization": f"Bearer {issue_token(org.users['member'], 't')}"}
    r = client.get(f"/api/orgs/{org.id}/log?limit=1000", headers=member)
    assert r.status_code == 200 and spy.calls == 2
    assert [e["seq"] for e in r.json()] == list(range(1, size + 2))
    r = client.get(f"/api/orgs/{org.id}/checkpoint")
    assert r.status_code == 200 and r.json()["size"] == size + 1


def test_the_log_page_shows_only_what_is_on_disk(
    org: Org, monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    spy, size = _spy(monkeypatch, org, record_page)
    client.force_login(org.users["member"])
    r = client.get(f"/orgs/{org.id}/record/")
    assert r.status_code == 200 and spy.calls == 1 and _size(org) == size + 1
    shown = [e.seq for e in r.context["events"]]
    assert max(shown) == size


@pytest.mark.django_db(transaction=True)
def test_an_appended_event_is_announced_once_it_is_written() -> None:
    org = build_org()
    seen: list[tuple[str, int, bool]] = []

    def receiver(sender: type[EventRow], instance: EventRow, created: bool, **kw: Any) -> None:
        # The row is in the database when the signal comes (the live pages read it).
        stored = EventRow.objects.filter(org=instance.org, seq=instance.seq).exists()
        seen.append((instance.org, instance.seq, created and stored))

    q = process.do_open_question(org.actor("member"), org.cell, "Rents", "Too high?")
    listen = None
    if _postgres():
        params = connection.get_connection_params()
        keep = {"dbname", "user", "password", "host", "port"}
        listen = psycopg.connect(**{k: v for k, v in params.items() if k in keep}, autocommit=True)
        listen.execute(f"LISTEN {live.CHANNEL}")
    post_save.connect(receiver, sender=EventRow)
    try:
        c = process.do_post_contribution(org.actor("member"), q.id, "remark", "Heard?")
    finally:
        post_save.disconnect(receiver, sender=EventRow)
    assert seen == [(org.id, c.seq, True)]
    if listen is not None:
        with listen:
            notes = [n.payload for n in listen.notifies(timeout=5, stop_after=1)]
        assert notes == [org.id]
    assert json.loads(EventRow.objects.get(org=org.id, seq=c.seq).leaf)["seq"] == c.seq
