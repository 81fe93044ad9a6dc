"""Effectiveness: does the body decide, in reasonable time, under a real leadership?"""

from __future__ import annotations

import statistics
from datetime import datetime

import polars as pl

from polemica.analysis.scopes import Interval, Scope
from polemica.analysis.signals.base import GROUP_ONLY, Signal, ids, missing, share


def decision_yield(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if s.questions.height == 0:
        return missing("no questions were opened in the window")
    if not s.tables.decisions.height and s.tables.phases.height == 0:
        return missing("the source records no decisions")
    undecided = s.questions.filter(~pl.col("decided"))
    done = s.questions.height - undecided.height
    return Signal(share(done, s.questions.height), s.questions.height, ids(undecided))


def median_days_to_decision(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    ds = s.decisions.filter(pl.col("opened_at").is_not_null())
    if ds.height == 0:
        return missing("no decisions in the window")
    days = [(a - b).total_seconds() / 86400 for a, b in ds.select("at", "opened_at").iter_rows()]
    return Signal(float(statistics.median(days)), ds.height, ids(ds))


def _leader_spans(s: Scope) -> tuple[dict[str, datetime], dict[str, list[Interval]]]:
    """Each body's creation time and its leaders' intervals, indexed once for every scope."""
    t = s.tables
    hit = t.cache.get("leader_spans")
    if isinstance(hit, tuple):
        return hit
    created: dict[str, datetime] = {}
    for b, at in zip(t.bodies["bid"], t.bodies["at"], strict=True):
        if b is not None:
            created.setdefault(str(b), at)
    spans: dict[str, list[Interval]] = {}
    for iv in s.intervals:
        if iv.role == "leader":
            spans.setdefault(iv.body, []).append(iv)
    t.cache["leader_spans"] = (created, spans)
    return created, spans


def _leaderless(s: Scope, body: str) -> tuple[float, float]:
    """(days without a leader, days observed) for one body inside the window."""
    t = s.tables
    created, leaders = _leader_spans(s)
    lo: datetime = max([x for x in (t.window.start, t.first, created.get(body)) if x])
    hi: datetime = min([x for x in (t.window.end, t.last) if x])
    if hi <= lo:
        return 0.0, 0.0
    spans = sorted((max(iv.start, lo), min(iv.end or hi, hi)) for iv in leaders.get(body, []))
    covered, cursor = 0.0, lo
    for a, b in spans:
        a = max(a, cursor)
        if b > a:
            covered += (b - a).total_seconds()
            cursor = b
    total = (hi - lo).total_seconds()
    return (total - covered) / 86400, total / 86400


def _leaderless_all(s: Scope) -> tuple[float, float] | None:
    if s.kind == "member":
        return None
    pairs = [_leaderless(s, b) for b in s.bodies]
    pairs = [p for p in pairs if p[1] > 0]
    if not pairs:
        return None
    return sum(p[0] for p in pairs) / len(pairs), sum(p[1] for p in pairs) / len(pairs)


def leaderless_days(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    res = _leaderless_all(s)
    if res is None:
        return missing("the scope spans no time in the window")
    return Signal(res[0], len(s.bodies), ())


def leaderless_share(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    res = _leaderless_all(s)
    if res is None or res[1] == 0:
        return missing("the scope spans no time in the window")
    return Signal(res[0] / res[1], len(s.bodies), ())
