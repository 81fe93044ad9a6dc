"""Centralism: does criticism flow up and get answered; do lower bodies apply, not parrot?"""

from __future__ import annotations

import statistics

import polars as pl

from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import GROUP_ONLY, Signal, ids, missing, share
from polemica.analysis.text import containment, shingles

PARROT_MAX_NOVELTY = 0.2
"""An application whose novelty is at most this (≥ 80% of it copied) is a parrot-like one."""


def _feedback(s: Scope) -> pl.DataFrame:
    # A body answers what is sent *to* it; an organization or a member: what was sent from it.
    return s.feedback_in if s.kind in ("body", "forum") else s.feedback_out


def feedback_answer_rate(s: Scope) -> Signal:
    fb = _feedback(s)
    if fb.height == 0:
        return missing("no feedback was sent in the window")
    left = fb.filter(pl.col("answered_at").is_null())
    return Signal(share(fb.height - left.height, fb.height), fb.height, ids(left))


def feedback_answer_days(s: Scope) -> Signal:
    fb = _feedback(s).filter(pl.col("answered_at").is_not_null())
    if fb.height == 0:
        return missing("no feedback was answered in the window")
    days = [(a - b).total_seconds() / 86400 for a, b in fb.select("answered_at", "at").iter_rows()]
    return Signal(float(statistics.median(days)), fb.height, ids(fb))


def feedback_per_directive(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    if s.directives.height == 0:
        return missing("no directives were issued in the window")
    issued = set(s.directives["dirid"])
    fb = s.tables.feedback.filter(pl.col("regarding").is_in(list(issued)))
    return Signal(fb.height / s.directives.height, s.directives.height, ids(fb))


def _novelty(s: Scope) -> pl.DataFrame | None:
    apps = s.applications.filter(
        pl.col("text").is_not_null() & pl.col("decision_text").is_not_null()
    )
    if apps.height == 0:
        return None
    cache = s.tables.cache.setdefault("novelty", {})
    assert isinstance(cache, dict)
    values = []
    for aid, a, d in apps.select("id", "text", "decision_text").iter_rows():
        if aid not in cache:
            cache[aid] = 1.0 - containment(shingles(a), shingles(d))
        values.append(cache[aid])
    return apps.with_columns(pl.Series("novelty", values, dtype=pl.Float64))


def application_novelty(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    apps = _novelty(s)
    if apps is None:
        return missing("no directive was applied (or its decision has no text) in the window")
    return Signal(float(apps["novelty"].mean()), apps.height, ids(apps.sort("novelty")))  # type: ignore[arg-type]


def parroting_share(s: Scope) -> Signal:
    if s.kind == "member":
        return missing(GROUP_ONLY)
    apps = _novelty(s)
    if apps is None:
        return missing("no directive was applied (or its decision has no text) in the window")
    parrots = apps.filter(pl.col("novelty") <= PARROT_MAX_NOVELTY)
    return Signal(share(parrots.height, apps.height), apps.height, ids(parrots))
