"""The locking rule holds by construction: every action declares the organization it locks,
takes the lock before it reads, and nothing appends to a log its action did not lock."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

import polemica.web
from polemica.web.centralism import actions as centralism
from polemica.web.orgs import actions as orgs
from polemica.web.process import actions as process
from polemica.web.record.log import LockOn, append_event
from polemica.web.votes import actions as votes
from tests.web.conftest import Org


def _actions() -> list[tuple[str, object]]:
    found = []
    for info in pkgutil.walk_packages(polemica.web.__path__, "polemica.web."):
        if not info.name.endswith(".actions"):
            continue
        module = importlib.import_module(info.name)
        found += [
            (f"{info.name}.{name}", getattr(module, name))
            for name in dir(module)
            if name.startswith("do_") and getattr(module, name).__module__ == info.name
        ]
    return found


def test_every_action_declares_the_organization_it_locks() -> None:
    actions = _actions()
    assert len(actions) >= 25
    undeclared = [name for name, fn in actions if not isinstance(getattr(fn, "lock", None), LockOn)]
    assert undeclared == []


def _before_the_lock(ctx: CaptureQueriesContext) -> list[str]:
    sqls = [q["sql"] for q in ctx.captured_queries]
    at = next(i for i, s in enumerate(sqls) if 'FROM "record_loghead"' in s)
    return [s for s in sqls[:at] if not s.startswith(("SAVEPOINT", "BEGIN"))]


def test_actions_read_nothing_but_the_organization_before_the_lock(org: Org) -> None:
    leader, member, admin = org.actor("leader"), org.actor("member"), org.actor("admin")
    q = process.do_open_question(leader, org.cell, "Dues", "Raise them?")
    p = process.do_post_contribution(leader, q.id, "position", "Raise by 1%.")
    calls = [
        lambda: process.do_post_contribution(member, q.id, "remark", "Fine."),
        lambda: process.do_revise_contribution(leader, p.id, "Raise by 2%."),
        lambda: process.do_move_phase(leader, q.id, "verification"),
        lambda: process.do_move_phase(leader, q.id, "voting"),
        lambda: votes.do_cast_ballot(member, q.id, {"choice": p.id}),
        lambda: votes.do_record_decision(leader, q.id, "Adopted."),
        lambda: centralism.do_give_credit(leader, org.members["member"], p.id),
        lambda: orgs.do_assign_role(admin, org.other, org.members["member"], "observer"),
    ]
    for call in calls:
        with CaptureQueriesContext(connection) as ctx:
            call()
        before = _before_the_lock(ctx)
        # At most the one lookup of the organization: one column of one row, by id.
        assert len(before) <= 1, before
        for sql in before:
            assert sql.split(" FROM ")[0].count(",") == 0, sql


def test_nothing_appends_to_a_log_its_action_did_not_lock(org: Org) -> None:
    with (
        pytest.raises(RuntimeError, match="must be locked before the action reads"),
        transaction.atomic(),
    ):
        append_event(
            org=org.id, kind="line.proposed", subject="ln-x", data={}, actor=None, body=None
        )
