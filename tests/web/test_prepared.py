"""Prepared queries: compiled once per thread, they answer exactly what the ORM answers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from polemica.web.accounts.models import Login
from polemica.web.base.prepared import Insert, Prepared
from polemica.web.orgs.access import _roles
from polemica.web.orgs.models import BodySettings, Member, Role
from polemica.web.process import actions as process
from polemica.web.process.models import Contribution, Question
from polemica.web.record.models import EventRow, LedgerNode
from tests.web.conftest import Org
from tests.web.matrix_world import seat_delegate


def test_prepared_rows_equal_the_orms_with_converted_values(org: Org) -> None:
    BodySettings.objects.create(body_id=org.cell, values={"read": "members", "quorum": 0.5})
    settings = Prepared(
        lambda body: BodySettings.objects.filter(body_id=body).values_list("values", flat=True)
    )
    assert settings.rows(org.cell) == [({"read": "members", "quorum": 0.5},)]
    assert settings.first(org.top) is None
    members = Prepared(
        lambda org_id, name: Member.objects.filter(org_id=org_id, name=name).values_list(
            "id", "left", "joined_at"
        ),
        arity=2,
    )
    for name in ("Member", "Leader"):
        orm = list(
            Member.objects.filter(org_id=org.id, name=name).values_list("id", "left", "joined_at")
        )
        assert members.rows(org.id, name) == orm
        found = members.first(org.id, name)
        assert found is not None and found[1] is False and found[2].tzinfo is not None
    # Each call binds its own arguments: nothing of the first call's stays.
    assert members.rows(org.id, "Nobody") == []
    latest = Prepared(
        lambda o: EventRow.objects.filter(org=o).order_by("-seq").values_list("seq", "kind")[:1]
    )
    assert latest.rows(org.id) == list(
        EventRow.objects.filter(org=org.id).order_by("-seq").values_list("seq", "kind")[:1]
    )


def test_each_thread_compiles_its_own_plan(org: Org) -> None:
    # SQLite test databases in memory are not shared with other threads, so the other thread
    # only compiles; the plan it keeps must not be the caller's.
    names = Prepared(lambda pk: Member.objects.filter(pk=pk).values_list("name", flat=True))
    assert names.first(org.members["leader"]) == ("Leader",)
    seen: list[object] = []

    def other() -> None:
        seen.append(names._local.__dict__.get("plans"))

    t = threading.Thread(target=other)
    t.start()
    t.join()
    assert seen == [None]


def test_roles_are_read_within_one_organization_by_one_compiled_query(
    two_orgs: tuple[Org, Org],
) -> None:
    """A delegate's member id holds roles in two organizations' bodies; each organization's
    roles are its own, and the lookup is compiled once however many organizations it asks."""
    org, other = two_orgs
    seat_delegate(org.id, org.top, other.members["deputy"], "Deputy", other.id)
    delegate = other.actor("deputy")
    assert delegate.roles(other.id) == {other.cell: frozenset({"member", "deputy"})}
    assert delegate.roles(org.id) == {}  # no login here: seated, but not acting here
    # With a login here the seat counts, and only here.
    Login.objects.create(
        user=other.users["deputy"], member_id=other.members["deputy"], org_id=org.id
    )
    both = other.actor("deputy")
    assert both.roles(org.id) == {org.top: frozenset({"member"})}
    assert both.roles(other.id) == {other.cell: frozenset({"member", "deputy"})}
    plan = _roles._plan()
    with CaptureQueriesContext(connection) as ctx:
        other.actor("deputy").roles(org.id)
        other.actor("deputy").roles(other.id)
    assert _roles._plan() is plan
    asked = [q["sql"] for q in ctx.captured_queries if Role._meta.db_table in q["sql"]]
    assert len(asked) == 2 and org.id in asked[0] and other.id in asked[1]


def test_queries_the_plan_cannot_bind_are_refused(db: None) -> None:
    wrapped = Prepared(
        lambda word: Question.objects.filter(title__icontains=word).values_list("id", flat=True)
    )
    with pytest.raises(TypeError, match="unchanged"):
        wrapped.rows("rent")
    models = Prepared(lambda pk: Question.objects.filter(pk=pk))
    with pytest.raises(TypeError, match="values_list"):
        models.rows("q-1")


def test_inserted_rows_read_back_as_the_orm_writes_them(org: Org) -> None:
    q = process.do_open_question(org.actor("member"), org.cell, "Rents", "Too high?")
    at = datetime(2026, 11, 29, 1, 2, 3, 456000, tzinfo=UTC)
    common = {
        "question_id": q.id,
        "author_id": org.members["member"],
        "type": "remark",
        "text": "ü — «quoted» %s %% '; --",
        "target": None,
        "cites": ["f-1", "f-2"],
        "redacted": None,
        "posted_at": at,
        "seq": 9999,
    }
    Insert(Contribution).row(id="c-raw", **common)
    Contribution.objects.create(id="c-orm", **common)
    fields = [f.attname for f in Contribution._meta.concrete_fields if f.attname != "id"]
    raw = Contribution.objects.filter(pk="c-raw").values_list(*fields).get()
    orm = Contribution.objects.filter(pk="c-orm").values_list(*fields).get()
    assert raw == orm
    nodes = Insert(LedgerNode)
    nodes.rows([{"org": "o-x", "level": 0, "index": i, "digest": bytes([i]) * 32} for i in (0, 1)])
    stored = LedgerNode.objects.filter(org="o-x").order_by("index").values_list("index", "digest")
    assert [(i, bytes(d)) for i, d in stored] == [(0, b"\0" * 32), (1, b"\1" * 32)]
    with pytest.raises(TypeError, match="no field question"):
        Insert(Contribution).row(id="c-bad", question=q.id)


def _node(org: str, i: int) -> dict[str, object]:
    return {"org": org, "level": 0, "index": i, "digest": bytes([i]) * 32}


def test_batched_writes_go_in_one_round_trip_and_in_order(org: Org) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from polemica.web.base.prepared import batched, write

    nodes = Insert(LedgerNode)
    text = "ü — «quoted» '; --"
    with CaptureQueriesContext(connection) as ctx, batched():
        nodes.rows([_node("o-b", 0), _node("o-b", 1)])
        write("UPDATE record_ledgernode SET level = %s WHERE org = %s AND level = 0", [5, "o-b"])
        nodes.row(**_node("o-b", 2))
        assert ctx.captured_queries == []  # queued
        # Any other statement carries the queue (or sends it first): it sees what was written
        # before it, and its caller reads its own result.
        assert LedgerNode.objects.filter(org="o-b").count() == 3
        sent = [q["sql"] for q in ctx.captured_queries]
        Insert(Contribution).row(
            id="c-batched",
            question_id=process.do_open_question(org.actor("member"), org.cell, "T", "B").id,
            author_id=org.members["member"],
            type="remark",
            text=text,
            posted_at=datetime(2026, 11, 29, tzinfo=UTC),
            seq=1,
        )
        nodes.row(**_node("o-b", 3))
    levels = LedgerNode.objects.filter(org="o-b").order_by("index").values_list("level", flat=True)
    assert list(levels) == [5, 5, 0, 0]
    assert Contribution.objects.get(pk="c-batched").text == text
    one_trip = connection.vendor == "postgresql"
    # On PostgreSQL the three writes went with the count, in one round trip; on SQLite before it.
    assert len(sent) == (1 if one_trip else 4)
    assert (sent[0].count("INSERT INTO") == 2 and "COUNT(*)" in sent[0]) is one_trip
    last = ctx.captured_queries[-1]["sql"]
    assert (last.count("INSERT INTO") == 2) is one_trip


def test_a_batched_write_that_fails_raises_and_a_failing_block_sends_nothing(org: Org) -> None:
    from django.db import IntegrityError, connection, transaction
    from django.test.utils import CaptureQueriesContext

    from polemica.web.base.prepared import batched

    nodes = Insert(LedgerNode)
    nodes.row(**_node("o-f", 0))
    with pytest.raises(IntegrityError), transaction.atomic(), batched():
        nodes.row(**_node("o-f", 1))
        nodes.row(**_node("o-f", 0))  # the same node again
    assert LedgerNode.objects.filter(org="o-f").count() == 1
    with pytest.raises(RuntimeError), batched():
        nodes.row(**_node("o-f", 2))
        raise RuntimeError("the append failed")
    assert LedgerNode.objects.filter(org="o-f").count() == 1
    # A nested block shares the outer queue and sends it when it ends.
    with CaptureQueriesContext(connection) as ctx, batched():
        nodes.row(**_node("o-f", 3))
        with batched():
            nodes.row(**_node("o-f", 4))
        assert len(ctx.captured_queries) == (1 if connection.vendor == "postgresql" else 2)
    assert LedgerNode.objects.filter(org="o-f").count() == 3
