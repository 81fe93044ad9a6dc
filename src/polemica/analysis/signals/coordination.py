"""Linguistic coordination as an authority signal: who adopts whose function-word style."""

from __future__ import annotations

import polars as pl

from polemica.analysis.coordination import aggregate, scores
from polemica.analysis.scopes import Scope
from polemica.analysis.signals.base import Signal, ids, in_set, missing


def _signal(s: Scope, towards_leader: bool) -> Signal:
    if not s.leadership:
        return missing("the scope had no leader in the window")
    # A member's replies are in `contrib`, the replies to them in `inbound`.
    rows = s.inbound if (s.kind == "member" and towards_leader) else s.contrib
    lead = in_set("target_author" if towards_leader else "actor", s.leadership)
    other = ~in_set("actor" if towards_leader else "target_author", s.leadership)
    r = (
        rows.filter(lead & other & pl.col("m1").is_not_null())
        .select("id", "seq", "actor", "target_author", "m1", "m2")
        .rename({"actor": "speaker", "target_author": "target"})
    )
    summary = aggregate(scores(r))
    if summary.agg3 is None:
        return missing(
            "too few replies between the leader and the others to score any marker "
            "(a marker needs 3 replied-to uses)",
            r.height,
        )
    return Signal(summary.agg3, summary.count_agg3, ids(r))


def coordination_to_leader(s: Scope) -> Signal:
    return _signal(s, True)


def coordination_from_leader(s: Scope) -> Signal:
    return _signal(s, False)
