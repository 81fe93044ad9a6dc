"""The body signals computed for all bodies at once equal each signal's own per-scope function."""

from __future__ import annotations

import math

import pytest

from polemica.analysis.bodies import BATCHED, body_signals
from polemica.analysis.frame import raw_from_events
from polemica.analysis.scopes import iter_scopes
from polemica.analysis.signals import SIGNALS, Signal
from polemica.analysis.tables import build_tables
from polemica.analysis.window import parse_window
from polemica.events import Event
from polemica.simulate import REGIMES, simulate
from tests.analysis import scenarios
from tests.analysis.builder import body_with


def _same(batch: Signal, own: Signal) -> bool:
    if batch.value is None or own.value is None:
        return batch == own
    # Sums over groups may add in another order: equal to the last bits, not bit for bit.
    close = math.isclose(batch.value, own.value, rel_tol=1e-12, abs_tol=1e-15)
    return close and (batch.n, batch.evidence, batch.reason) == (own.n, own.evidence, own.reason)


def _check(events: list[Event]) -> int:
    raw = raw_from_events(events)
    last = max(e.at for e in events)
    t = build_tables(raw, parse_window("all", last))
    scopes = [s for s in iter_scopes(t, ("body",))]
    batched = body_signals(t, scopes)
    assert set(batched) == {s.id for s in scopes}
    computed = 0
    for s in scopes:
        assert set(batched[s.id]) == set(BATCHED)
        for name in BATCHED:
            got, want = batched[s.id][name], SIGNALS[name].fn(s)
            assert _same(got, want), (s.id, name, got, want)
            computed += got.value is not None
    return computed


@pytest.mark.parametrize("regime", REGIMES)
def test_batched_body_signals_equal_the_per_scope_definitions(regime: str) -> None:
    events = list(simulate(regime, seed=5, members=80, months=4.0, orgs=2))
    assert _check(events) > 0


def test_batched_body_signals_on_hand_built_scenarios() -> None:
    for build in (
        scenarios.healthy_strong_leader,
        scenarios.cult_of_person,
        scenarios.committee_cult,
        scenarios.ultra_democracy,
        scenarios.formal_democracy,
    ):
        _check(build().w.events)


@pytest.mark.parametrize("leader", [None, "lead"])
def test_batched_body_signals_on_an_untyped_source(leader: str | None) -> None:
    o = body_with(["a", "c"], leader=leader)
    o.question("q1", actor="a")
    o.post("m1", leader or "a", "remark", "Shall we meet on Friday?")
    o.post("m2", "c", "remark", "Friday is fine for me, great idea.", target="m1")
    o.post("m3", "a", "remark", "Good, Friday then.", target="m2")
    assert _check(o.w.events) > 0
