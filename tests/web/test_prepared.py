"""Prepared queries: compiled once per thread, they answer exactly what the ORM answers."""

from __future__ import annotations

import threading

import pytest

from polemica.web.base.prepared import Prepared
from polemica.web.orgs.models import BodySettings, Member
from polemica.web.process.models import Question
from polemica.web.record.models import EventRow
from tests.web.conftest import Org


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


def test_queries_the_plan_cannot_bind_are_refused(db: None) -> None:
    wrapped = Prepared(
        lambda word: Question.objects.filter(title__icontains=word).values_list("id", flat=True)
    )
    with pytest.raises(TypeError, match="unchanged"):
        wrapped.rows("rent")
    models = Prepared(lambda pk: Question.objects.filter(pk=pk))
    with pytest.raises(TypeError, match="values_list"):
        models.rows("q-1")
